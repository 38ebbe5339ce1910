"""What a calculator is, and the helpers every calculator uses.

A calculator turns a month into *rows*: one queryset, evaluated in the database, with
one row per record in the indicator's denominator (or per record counted, for a
count). Every row carries the same columns (``COLUMNS``): which record, which child,
the team and worker it is attributed to, its numerator and denominator contribution,
the reference date, and a short ``detail`` code with a ``detail_date`` that explain why
the record is in or out of the numerator. The service stores these rows as the
drill-down and aggregates them per scope, so a figure and its list cannot disagree.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import ClassVar

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateField,
    DecimalField,
    Expression,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast

from casework.models import Allocation, Child
from core.layering import layered, names_read
from core.periods import add_months, financial_year_start, month_end
from workforce.selectors import open_on

from ..definition import Entry
from ..models import IndicatorStatus

# The row columns, in the order the service stores them. Prefixed so that they never
# clash with a model's own field names (a record's child_id, a snapshot's numerator).
COLUMNS = (
    "row_record",
    "row_child",
    "row_allocation",
    "row_team",
    "row_worker",
    "row_numerator",
    "row_denominator",
    "row_reference_date",
    "row_detail_date",
    "row_detail",
)

RATIO = "ratio"  # value = numerator sum / denominator sum (x100 for a percentage)
COUNT = "count"  # value = numerator sum
MAXIMUM = "max"  # value = the largest numerator


@dataclass(frozen=True)
class Month:
    first: date

    @property
    def last(self) -> date:
        return month_end(self.first)

    @property
    def next_first(self) -> date:
        return self.last + timedelta(days=1)

    @property
    def financial_year_start(self) -> date:
        return financial_year_start(self.first)

    @property
    def twelve_months_start(self) -> date:
        """First day of the rolling 12 months ending at month end."""
        return add_months(self.next_first, -12)


@dataclass(frozen=True)
class Context:
    """What a calculator may use: the month, its parameters, and which sources count."""

    month: Month
    parameters: dict = field(default_factory=dict)
    # For reconciliation with a statutory return: only records from these sources.
    sources: frozenset[str] | None = None

    def records(self, model) -> QuerySet:
        """The model's records that count. Children themselves are never narrowed by source: a
        child entered in the product and later found in a return is the same child, and the
        return's records about them count towards the return's figures."""
        queryset = model.objects.all()
        has_source = any(f.name == "source" for f in model._meta.get_fields())
        if self.sources is not None and model is not Child and has_source:
            queryset = queryset.filter(source__in=self.sources)
        return queryset


class Calculator:
    """One indicator's rule. Subclasses set the attributes and implement ``rows``."""

    code: ClassVar[str]
    record_type: ClassVar[str]
    aggregation: ClassVar[str] = RATIO
    # Goes up when the rule in code changes; the indicator's definition version follows.
    rule_version: ClassVar[int] = 1
    default_parameters: ClassVar[dict] = {}
    # The catalogue's definition of the indicator (``definition()``), declared beside its rule.
    title: ClassVar[str]
    unit: ClassVar[str]
    polarity: ClassVar[str]
    window: ClassVar[str]
    description: ClassVar[str]
    status: ClassVar[str] = IndicatorStatus.LIVE
    team_figures: ClassVar[bool] = True  # a figure for each team
    worker_figures: ClassVar[bool] = True  # a figure for each worker

    @classmethod
    def definition(cls) -> Entry:
        return Entry(
            code=cls.code,
            title=cls.title,
            unit=cls.unit,
            polarity=cls.polarity,
            window=cls.window,
            description=cls.description,
            status=cls.status,
            teams=cls.team_figures,
            workers=cls.worker_figures,
            parameters=dict(cls.default_parameters),
        )

    def rows(self, context: Context) -> QuerySet:
        raise NotImplementedError

    def parameters(self, stored: dict | None) -> dict:
        return {**self.default_parameters, **(stored or {})}


# --- Building rows --------------------------------------------------------------------


def allocation_on(day, child: str = "child_id") -> Subquery:
    """The id of the child's allocation open on ``day`` (a date, or a field name of the outer
    query for a flow's event date); its team and worker are the row's (``ROW_SCOPE_SQL``)."""
    if isinstance(day, str):
        on = OuterRef(day)
        current = Allocation.objects.filter(child=OuterRef(child), started_on__lte=on).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=on)
        )
    else:
        current = Allocation.objects.filter(open_on(day), child=OuterRef(child))
    # The latest started; of two started the same day, the one recorded later (docs/INDICATOR_CHOICES.md).
    current = current.order_by("-started_on", "-pk")
    return Subquery(current.values("pk")[:1], output_field=IntegerField())


# A row's team and worker, in SQL over the rows (aliased ``q``): its allocation's for a child's
# record, the row's own otherwise (workforce indicators give the worker's own team). The
# allocation open on the day is found once per row (a range lookup), and its team and worker
# read from it by primary key, rather than a range lookup for the team and another for the worker.
_ALLOCATION_TABLE = f'"{Allocation._meta.db_table}"'
ROW_TEAM_SQL = f"COALESCE(q.row_team, (SELECT a.team_id FROM {_ALLOCATION_TABLE} a WHERE a.id = q.row_allocation))"
ROW_WORKER_SQL = (
    f"COALESCE(q.row_worker, (SELECT a.worker_id FROM {_ALLOCATION_TABLE} a WHERE a.id = q.row_allocation))"
)


def _text(detail) -> Expression:
    """A detail code: an expression as text, or a plain string taken as it is (not a field name)."""
    if detail is None or isinstance(detail, str):
        return Value(detail or "", output_field=CharField())
    return Cast(detail, CharField())


def as_rows(
    queryset: QuerySet,
    *,
    in_numerator,
    reference_date,
    child: str | None = "child_id",
    attribute_on=None,
    numerator=None,
    denominator=None,
    detail=None,
    detail_date=None,
    team=None,
    worker=None,
    record: str = "pk",
) -> QuerySet:
    """Shape a queryset into the standard row columns.

    ``in_numerator`` is a Q or boolean expression; ``numerator``/``denominator`` default
    to 1-or-0 and 1. Children are attributed by their allocation on ``attribute_on`` (a
    date for a stock, a field name for a flow's event date) unless ``team``/``worker``
    are given (workforce indicators use the worker's own team). ``record`` names the field that
    identifies the record (default the row's own primary key).
    """
    # The rule's annotations are referred to by several of the row's columns: computed once, and
    # only those the row's columns read (a plain string detail is a code, not a name).
    read = names_read(
        record,
        child,
        attribute_on,
        in_numerator,
        reference_date,
        numerator,
        denominator,
        None if isinstance(detail, str) else detail,
        detail_date,
        team,
        worker,
    )
    queryset = layered(queryset, read)
    allocation = None
    if team is None and child is not None:
        allocation = allocation_on(attribute_on, child)
    counted = Case(When(in_numerator, then=Value(1)), default=Value(0), output_field=IntegerField())
    nothing = null_id()
    return (
        queryset.order_by()
        .annotate(
            row_record=F(record),
            row_child=F(child) if child else nothing,
            row_allocation=allocation if allocation is not None else nothing,
            row_team=team if team is not None else nothing,
            row_worker=worker if worker is not None else nothing,
            row_numerator=_decimal(numerator if numerator is not None else counted),
            row_denominator=_decimal(denominator if denominator is not None else Value(1)),
            row_reference_date=_date(reference_date),
            row_detail_date=_date(detail_date),
            row_detail=_text(detail),
        )
        .values(*COLUMNS)
    )


def _decimal(expression):
    if isinstance(expression, (int, float)):
        expression = Value(expression)
    return Cast(expression, DecimalField(max_digits=14, decimal_places=4))


def null_id():
    """A typed NULL: PostgreSQL will not insert an untyped parameter into a bigint column."""
    return Cast(Value(None), IntegerField())


def _date(value):
    if value is None:
        return Cast(Value(None), DateField())
    if isinstance(value, str):
        return F(value)
    if isinstance(value, date):
        return Value(value, output_field=DateField())
    return value


def test_once(queryset: QuerySet, name: str, condition) -> tuple[QuerySet, Q]:
    """The queryset with the rule's test as a column of its own (``name``), and a Q that reads it.

    A test written as a Q is written out again wherever the row reads it (its numerator, its reason):
    one that looks something up (the working-day calendar) would look it up each time. As a column
    of the rows' layer (``as_rows``) it is computed once per row. A test that is NULL (a date not
    recorded) reads as not met, as the Q would."""
    column = ExpressionWrapper(Q(condition), output_field=BooleanField())
    return queryset.annotate(**{name: column}), Q(**{name: True})


def when(condition, then, otherwise):
    """Case(When(condition, then=...), default=...) for detail codes and dates."""
    output = CharField() if isinstance(then, str) else DateField()
    then = Value(then) if isinstance(then, str) else then
    otherwise = Value(otherwise) if isinstance(otherwise, str) else otherwise
    return Case(When(condition, then=then), default=otherwise, output_field=output)


TRUE = Value(True, output_field=BooleanField())
