"""``layered``: a queryset's annotations computed once, in a materialised CTE, with the same rows."""

import re
from datetime import date

import pytest
from django.db import connection
from django.db.models import Case, Count, DateField, Exists, F, Max, OuterRef, Q, Subquery, Value, When

from casework import timescales as rules
from casework.models import Child, StatutoryVisit
from core.layering import can_layer, layered, layered_annotations, names_read
from core.sql import AddDays
from indicators.calculators.base import as_rows

from .builders import child, period_of_care, placement, statutory_visit

pytestmark = pytest.mark.django_db

VISITS_TABLE = StatutoryVisit._meta.db_table


def with_last_visit(children):
    visits = StatutoryVisit.objects.filter(child=OuterRef("pk")).order_by("-visited_on").values("visited_on")[:1]
    return children.annotate(last_visit=Subquery(visits, output_field=DateField()))


def test_an_annotation_referred_to_twice_is_computed_once():
    ada = child(first_name="Ada")
    child(first_name="Ben")
    statutory_visit(ada, date(2024, 3, 4))
    statutory_visit(ada, date(2024, 5, 6))
    children = layered(with_last_visit(Child.objects.all())).annotate(
        due=AddDays("last_visit", 42), day_after=AddDays("last_visit", 43)
    )
    sql = str(children.query)
    assert sql.count(VISITS_TABLE) == 1
    # Computed in a materialised CTE, and read from it as a column: selected, and by due and day_after.
    cte = re.match(r'WITH RECURSIVE "(layer_\d+)" AS MATERIALIZED \(', sql).group(1)
    assert sql.count(f'"{cte}"."last_visit"') == 3
    rows = {row["first_name"]: row for row in children.values("first_name", "last_visit", "due", "day_after")}
    # Ada's last visit is 6 May 2024: due 42 days later, 17 June; Ben has none.
    assert rows["Ada"]["last_visit"] == date(2024, 5, 6)
    assert rows["Ada"]["due"] == date(2024, 6, 17)
    assert rows["Ada"]["day_after"] == date(2024, 6, 18)
    assert rows["Ben"] == {"first_name": "Ben", "last_visit": None, "due": None, "day_after": None}


def test_without_layering_the_subquery_is_written_out_at_each_reference():
    """What ``layered`` is for: the same query unlayered repeats the visits subquery."""
    children = with_last_visit(Child.objects.all()).annotate(
        due=AddDays("last_visit", 42), day_after=AddDays("last_visit", 43)
    )
    assert str(children.query).count(VISITS_TABLE) == 3


def test_the_filters_before_layering_still_apply():
    ada = child(date(2010, 1, 1), first_name="Ada")
    child(date(2020, 1, 1), first_name="Ben")
    statutory_visit(ada, date(2024, 5, 6))
    children = layered(with_last_visit(Child.objects.filter(date_of_birth__lt=date(2015, 1, 1))))
    assert list(children.values_list("first_name", "last_visit")) == [("Ada", date(2024, 5, 6))]


def test_a_layered_queryset_inside_another_query_keeps_its_rows():
    """Used as a subquery its aliases are renamed: the CTE's columns follow."""
    ada, ben = child(first_name="Ada"), child(first_name="Ben")
    statutory_visit(ada, date(2024, 5, 6))
    statutory_visit(ben, date(2023, 1, 2))
    recent = layered(with_last_visit(Child.objects.all())).filter(last_visit__gte=date(2024, 1, 1))
    assert list(Child.objects.filter(pk__in=recent.values("pk")).values_list("first_name", flat=True)) == ["Ada"]
    # Counted and aggregated, the query wraps the CTE's statement.
    assert recent.count() == 1
    assert layered(with_last_visit(Child.objects.all())).aggregate(latest=Max("last_visit"), children=Count("pk")) == {
        "latest": date(2024, 5, 6),
        "children": 2,
    }


@pytest.mark.parametrize(
    "wrapped",
    [
        # How figures_for_month sums a calculator's rows, and how the service copies them (a CTE in a CTE).
        "SELECT COUNT(*), COUNT(q.last_visit) FROM ({sql}) q",
        "WITH q AS MATERIALIZED ({sql}) SELECT COUNT(*), COUNT(q.last_visit) FROM q",
    ],
)
def test_a_layered_querysets_sql_inside_a_statement_keeps_its_rows(wrapped):
    ada = child(first_name="Ada")
    child(first_name="Ben")
    statutory_visit(ada, date(2024, 5, 6))
    sql, params = layered(with_last_visit(Child.objects.all())).values("pk", "last_visit").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(wrapped.format(sql=sql), params)
        assert cursor.fetchone() == (2, 1)


def test_two_layered_querysets_meet_in_one_statement():
    """Each has a CTE of its own name: the two halves of a union (as F 3's are), and one layered
    queryset filtered by another."""
    ada, ben = child(date(2010, 1, 1), first_name="Ada"), child(date(2020, 1, 1), first_name="Ben")
    child(date(2020, 2, 2), first_name="Cy")
    statutory_visit(ada, date(2024, 5, 6))
    statutory_visit(ben, date(2023, 1, 2))
    older = layered(with_last_visit(Child.objects.filter(date_of_birth__lt=date(2015, 1, 1))))
    younger = layered(with_last_visit(Child.objects.filter(date_of_birth__gte=date(2015, 1, 1))))
    both = (
        older.order_by()
        .values("first_name", "last_visit")
        .union(younger.order_by().values("first_name", "last_visit"), all=True)
    )
    names = set(re.findall(r'"(layer_\d+)" AS MATERIALIZED', str(both.query)))
    assert len(names) == 2
    assert sorted(both, key=lambda row: row["first_name"]) == [
        {"first_name": "Ada", "last_visit": date(2024, 5, 6)},
        {"first_name": "Ben", "last_visit": date(2023, 1, 2)},
        {"first_name": "Cy", "last_visit": None},
    ]
    visited = layered(with_last_visit(Child.objects.all())).filter(last_visit__isnull=False)
    visited_young = younger.filter(pk__in=visited.values("pk"))
    assert list(visited_young.values_list("first_name", "last_visit")) == [("Ben", date(2023, 1, 2))]


def test_given_the_columns_read_the_cte_holds_only_those_and_the_primary_key():
    ada = child(date(2010, 1, 1), first_name="Ada")
    statutory_visit(ada, date(2024, 5, 6))
    children = with_last_visit(Child.objects.all()).annotate(due=AddDays("last_visit", 42))
    only_due = layered(children, ["due", "date_of_birth"])
    body = str(only_due.query).split(") SELECT")[0]
    # The last visit is written out within the due date, not selected as a column of its own.
    assert 'AS "due"' in body and 'AS "last_visit"' not in body and '"first_name"' not in body
    assert list(only_due.values_list("pk", "date_of_birth", "due")) == [(ada.pk, date(2010, 1, 1), date(2024, 6, 17))]
    # A name that is neither a field nor an annotation (here a relation's rows): every column.
    everything = str(layered(children, ["due", "statutoryvisit"]).query).split(") SELECT")[0]
    assert 'AS "last_visit"' in everything and '"first_name"' in everything


def test_names_read_sees_through_expressions_but_not_into_subqueries():
    due_soon = Q(due__lte=F("deadline")) & ~Q(kind="x")
    detail = Case(When(due_soon, then=Value("soon")), default=F("last_visit"))
    assert names_read("pk", None, date(2024, 1, 1), due_soon, detail, AddDays("born", 1)) == {
        "pk",
        "due",
        "deadline",
        "kind",
        "last_visit",
        "born",
    }
    assert names_read(F("child__date_of_birth"), Q(child__isnull=False)) == {"child"}
    visits = StatutoryVisit.objects.filter(child=OuterRef("pk"))
    assert names_read("pk", Exists(visits)) is None
    assert names_read(Subquery(visits.values("visited_on")[:1])) is None


def test_what_cannot_be_layered_is_left_as_it_is():
    annotated = with_last_visit(Child.objects.all())
    grouped = Child.objects.values("sex").annotate(children=Count("pk"))
    for queryset in (
        Child.objects.all(),  # nothing to compute
        annotated[:5],
        annotated.distinct(),
        annotated.values("pk", "last_visit"),
        grouped,
        Child.objects.alias(born=F("date_of_birth")),
        annotated.union(with_last_visit(Child.objects.all())),
    ):
        assert not can_layer(queryset)
        assert layered(queryset) is queryset
    assert can_layer(annotated)


def test_lac_10s_rows_are_the_same_layered_or_not(monkeypatch):
    """The statutory visit rule through ``as_rows`` (which layers) against the same rows built
    without layering: Ada placed 1 March 2024 and visited on 5 March (next due 42 days later, 16
    April: in time at 31 March); Ben placed the same day and not visited (due 8 March: overdue)."""
    on = date(2024, 3, 31)
    ada, ben = child(first_name="Ada"), child(first_name="Ben")
    for who in (ada, ben):
        placement(period_of_care(who, date(2024, 3, 1)), date(2024, 3, 1))
    statutory_visit(ada, date(2024, 3, 5))

    def rule():
        children = rules.with_care_at(Child.objects.all(), on)
        return rules.with_statutory_visit_due(children, on, rules.parameters_for("LAC 10"))

    def rows():
        return as_rows(
            rule(),
            child="pk",
            in_numerator=Q(statutory_visit_due__gte=on),
            reference_date=on,
            attribute_on=on,
            detail_date=F("statutory_visit_due"),
        )

    def shown(queryset):
        return {row["row_child"]: (int(row["row_numerator"]), row["row_detail_date"]) for row in queryset}

    layered_rows = rows()
    monkeypatch.setattr("indicators.calculators.base.layered", lambda queryset, columns=None: queryset)
    plain_rows = rows()
    expected = {ada.pk: (1, date(2024, 4, 16)), ben.pk: (0, date(2024, 3, 8))}
    assert shown(layered_rows) == shown(plain_rows) == expected
    # The one annotation the rows read is computed once, in the CTE, and the rule's intermediate
    # ones (written out within it) not as columns of their own: the visits are read as often as
    # selecting the due date alone reads them, where the unlayered rows write it out again at each
    # reference.
    sql = str(layered_rows.query)
    read = ("statutory_visit_due",)
    for name in rule().query.annotations:
        assert sql.count(f'AS "{name}"') == (1 if name in read else 0), name
    assert sql.count(VISITS_TABLE) == str(rule().values("pk", *read).query).count(VISITS_TABLE)
    assert sql.count(VISITS_TABLE) < str(plain_rows.query).count(VISITS_TABLE)


def test_a_stage_of_annotations_is_computed_once_and_built_on_in_a_layer_of_its_own():
    """``layered_annotations``: the stage's annotations (and the fields asked for) are the CTE's columns,
    not the model's other fields; what is built on them, itself layered, reads them as columns."""
    ada = child(date(2010, 1, 1), first_name="Ada")
    child(date(2012, 1, 1), first_name="Ben")
    statutory_visit(ada, date(2024, 5, 6))

    stage = layered_annotations(with_last_visit(Child.objects.all()), ["date_of_birth"])
    built = stage.annotate(due=AddDays("last_visit", 42), day_after=AddDays("last_visit", 43))

    assert can_layer(built)
    outer = layered(built, ["due", "day_after", "date_of_birth"])
    sql = str(outer.query)
    assert sql.count(VISITS_TABLE) == 1
    # Two materialised layers; the stage selects the key, the field asked for and the annotation,
    # not the child's other fields (their name).
    assert sql.count("AS MATERIALIZED") == 2
    assert '"casework_child"."date_of_birth"' in sql
    assert '"casework_child"."first_name"' not in sql
    rows = {dob: (due, day_after) for dob, due, day_after in outer.values_list("date_of_birth", "due", "day_after")}
    # Ada's last visit is 6 May 2024: due 42 days later, 17 June; Ben has none.
    assert rows == {date(2010, 1, 1): (date(2024, 6, 17), date(2024, 6, 18)), date(2012, 1, 1): (None, None)}
