"""Date arithmetic as database expressions, the same on PostgreSQL and SQLite.

The indicator rules run in the database, row by row inside one query, so "plus 6
weeks", "12 calendar months before" and "within 15 working days" must be expressions.
Calendar months clamp to the month's end (31 January plus one month is 28 or 29
February; 29 February 2024 minus 12 months is 28 February 2023), as
``core.periods.add_months`` does in Python.
"""

from datetime import date

from django.db.models import DateField, F, Func, IntegerField, OuterRef, Subquery, Value
from django.db.models.expressions import Combinable
from django.db.models.lookups import Exact, LessThan

from .models import CalendarDay


def _expression(value):
    if isinstance(value, str):
        return F(value)
    if isinstance(value, date):
        return Value(value, output_field=DateField())
    if isinstance(value, int):
        return Value(value, output_field=IntegerField())
    return value


class AddDays(Func):
    """date + n days (n an int or an integer expression)."""

    output_field = DateField()
    arity = 2

    def __init__(self, day, days, **extra):
        super().__init__(_expression(day), _expression(days), **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        day_sql, day_params = compiler.compile(self.source_expressions[0])
        days_sql, days_params = compiler.compile(self.source_expressions[1])
        return f"(({day_sql})::date + ({days_sql})::integer)", (*day_params, *days_params)

    def as_sqlite(self, compiler, connection, **extra_context):
        day_sql, day_params = compiler.compile(self.source_expressions[0])
        days_sql, days_params = compiler.compile(self.source_expressions[1])
        return f"date({day_sql}, printf('%%+d days', {days_sql}))", (*day_params, *days_params)


class AddMonths(Func):
    """The same day n calendar months later (n may be negative), clamped to the month's end."""

    output_field = DateField()
    arity = 2

    def __init__(self, day, months, **extra):
        super().__init__(_expression(day), _expression(months), **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        day_sql, day_params = compiler.compile(self.source_expressions[0])
        months_sql, months_params = compiler.compile(self.source_expressions[1])
        return f"(({day_sql})::date + make_interval(months => ({months_sql})::integer))::date", (
            *day_params,
            *months_params,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        day_sql, day_params = compiler.compile(self.source_expressions[0])
        months_sql, months_params = compiler.compile(self.source_expressions[1])
        shifted = f"date({day_sql}, printf('%%+d months', {months_sql}))"
        # SQLite rolls 31 Jan + 1 month over to 3 March; clamp to the last day of the
        # target month when the day of the month changed.
        clamped = f"date({day_sql}, 'start of month', printf('%%+d months', ({months_sql}) + 1), '-1 day')"
        sql = f"(CASE WHEN strftime('%%d', {shifted}) = strftime('%%d', {day_sql}) THEN {shifted} ELSE {clamped} END)"
        params = (*day_params, *months_params, *day_params, *day_params, *months_params, *day_params, *months_params)
        return sql, params


def anniversary(day, years: int) -> Combinable:
    """As ``periods.anniversary``: 29 February's anniversary in a common year is 1 March."""
    from django.db.models import Case, When
    from django.db.models.functions import ExtractDay

    shifted = AddMonths(day, 12 * years)
    return Case(
        When(Exact(ExtractDay(shifted), ExtractDay(_expression(day))), then=shifted),
        default=AddDays(shifted, 1),
        output_field=DateField(),
    )


def last_day_within(day, months) -> Combinable:
    """As ``periods.last_day_within``: the last date D whose look-back window [D - N months, D]
    still reaches ``day``. For a month end (the next day is a 1st), the end of the month N
    months later; otherwise ``day`` + N months, clamped."""
    from django.db.models import Case, When
    from django.db.models.functions import ExtractDay

    next_day = AddDays(day, 1)
    return Case(
        When(Exact(ExtractDay(next_day), 1), then=AddDays(AddMonths(next_day, months), -1)),
        default=AddMonths(day, months),
        output_field=DateField(),
    )


class DaysBetween(Func):
    """Whole days from ``earlier`` to ``later`` (later - earlier), as an integer."""

    output_field = IntegerField()
    arity = 2

    def __init__(self, later, earlier, **extra):
        super().__init__(_expression(later), _expression(earlier), **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        later_sql, later_params = compiler.compile(self.source_expressions[0])
        earlier_sql, earlier_params = compiler.compile(self.source_expressions[1])
        return f"(({later_sql})::date - ({earlier_sql})::date)", (*later_params, *earlier_params)

    def as_sqlite(self, compiler, connection, **extra_context):
        later_sql, later_params = compiler.compile(self.source_expressions[0])
        earlier_sql, earlier_params = compiler.compile(self.source_expressions[1])
        return f"CAST(julianday({later_sql}) - julianday({earlier_sql}) AS INTEGER)", (*later_params, *earlier_params)


def local_date(moment: str | Combinable) -> Combinable:
    """The Europe/London calendar date of a datetime, for comparing with dates."""
    from django.db.models.functions import TruncDate

    return TruncDate(_expression(moment))


def _outer(day, depth: int = 1) -> Combinable:
    """A field name means the outer query's field (``depth`` subqueries out); dates are
    constants; expressions are used as given (write the OuterRef inside them yourself)."""
    if isinstance(day, str):
        reference = day
        for _ in range(depth):
            reference = OuterRef(reference)
        return reference
    return _expression(day)


def _calendar(day, column: str, depth: int = 1) -> Subquery:
    return Subquery(CalendarDay.objects.filter(date=_outer(day, depth)).values(column)[:1], output_field=IntegerField())


def working_days_through(day) -> Subquery:
    """Working days on or before ``day``."""
    return _calendar(day, "working_days_through")


def working_days_before(day) -> Subquery:
    """Working days strictly before ``day``."""
    return _calendar(day, "working_days_before")


def add_working_days(day, days: int) -> Subquery:
    """The date ``days`` working days after ``day`` (``day`` itself not counted).

    ``day`` is a field name of the query this is annotated on, or a constant date.
    """
    start = _calendar(day, "working_days_through", depth=2)
    return Subquery(
        # One working day has each count: no ordering, so the lookup uses the count's index.
        CalendarDay.objects.filter(is_working_day=True, working_days_through=start + days)
        .order_by()
        .values("date")[:1],
        output_field=DateField(),
    )


def within_working_days(start, event, days: int) -> LessThan:
    """True when ``event`` is on or before the date ``days`` working days after ``start``.

    Elapsed working days are counted as the DfE counts them, ``start`` not counted: an
    event on the start date is 0 working days, one on the next working day is 1, and one
    on the Saturday after a Thursday start is already past a 1-working-day deadline.
    Usable in ``filter()`` and, wrapped in ``Case``/``ExpressionWrapper``, in ``annotate()``.
    """
    return LessThan(working_days_before(event), working_days_through(start) + days)
