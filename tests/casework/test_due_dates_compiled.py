"""The key facts and due dates of the pages are the rules' SQL, compiled once per database, date
and rule parameters (``selectors.compiled_annotations``), and the record page works out only the
due dates that can apply to the child: the same dates as ``casework.timescales`` gives, for every
kind of child, with today's date and the parameters as stored now.

Today is Friday 14 June 2024 throughout.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import NotSupportedError

from casework.models import Child, ChildProtectionPlan, PathwayPlanReview
from casework.selectors import DUE_FIELDS, add_due_dates, due_dates_that_apply, with_case_status, with_next_due
from casework.timescales import annotate_due_dates
from tests.factories import (
    ChildFactory,
    ChildProtectionPlanFactory,
    ChildProtectionVisitFactory,
    IndicatorFactory,
    LookedAfterReviewFactory,
    PeriodOfCareFactory,
    PlacementFactory,
    StatutoryVisitFactory,
)

from .conftest import allocate

pytestmark = pytest.mark.django_db

TODAY = date(2024, 6, 14)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime(2024, 6, 14, 12, 0, tzinfo=ZoneInfo("Europe/London")), tick=False):
        yield


def placed(name: str, start: date, **child) -> Child:
    looked_after = ChildFactory(first_name=name, **child)
    PlacementFactory(period_of_care__child=looked_after, period_of_care__started_on=start, started_on=start)
    return looked_after


def left_care(name: str, born: date, left: date) -> Child:
    leaver = ChildFactory(first_name=name, date_of_birth=born)
    PeriodOfCareFactory(child=leaver, started_on=date(2020, 1, 1), ended_on=left, reason_ceased="E17")
    return leaver


@pytest.fixture
def kinds() -> dict[str, Child]:
    """A child of each kind the due dates tell apart, by what applies to them today."""
    looked_after = placed("Looked", date(2024, 3, 4))
    StatutoryVisitFactory(child=looked_after, visited_on=date(2024, 3, 8))
    LookedAfterReviewFactory(child=looked_after, held_on=date(2024, 3, 28))
    on_plan = ChildFactory(first_name="Plan")
    ChildProtectionVisitFactory(
        plan=ChildProtectionPlanFactory(child=on_plan, started_on=date(2024, 5, 20)), visited_on=date(2024, 6, 3)
    )
    both = placed("Both", date(2024, 6, 3))
    ChildProtectionPlanFactory(child=both, started_on=date(2024, 6, 10))
    reviewed = left_care("Reviewed", date(2005, 5, 5), date(2023, 5, 5))
    PathwayPlanReview.objects.create(child=reviewed, reviewed_on=date(2024, 1, 10))
    return {
        "nothing": ChildFactory(first_name="Nothing"),
        "looked_after": looked_after,
        "on_plan": on_plan,
        "both": both,
        "care_leaver": reviewed,
        "care_leaver_never_reviewed": left_care("Unreviewed", date(2006, 2, 1), date(2024, 2, 1)),
        "of_age_never_in_care": ChildFactory(first_name="Adult", date_of_birth=date(2005, 5, 5)),
        "of_age_still_in_care": placed("Staying", date(2023, 1, 1), date_of_birth=date(2006, 1, 1)),
        "in_care_too_short": left_care("Short", date(2005, 5, 5), date(2020, 2, 1)),
    }


def rules_dates(child: Child, on: date = TODAY) -> dict:
    row = annotate_due_dates(Child.objects.filter(pk=child.pk), on).get()
    return {name: getattr(row, name) for name in DUE_FIELDS}


EXPECTED_TO_APPLY = {
    "nothing": (),
    "looked_after": ("statutory_visit_due", "review_due"),
    "on_plan": ("cp_visit_due",),
    "both": ("statutory_visit_due", "review_due", "cp_visit_due"),
    "care_leaver": ("pathway_review_due",),
    "care_leaver_never_reviewed": ("pathway_review_due",),
    "of_age_never_in_care": ("pathway_review_due",),  # for the rule to say: not a care leaver
    "of_age_still_in_care": ("statutory_visit_due", "review_due"),
    "in_care_too_short": ("pathway_review_due",),
}


def test_the_lists_show_the_dates_the_rules_give_for_every_kind_of_child(kinds):
    listed = {child.pk: child for child in with_next_due(with_case_status(Child.objects.all()))}
    for kind, child in kinds.items():
        expected = rules_dates(child)
        shown = listed[child.pk]
        assert {name: getattr(shown, name) for name in DUE_FIELDS} == expected, kind
        assert shown.next_due == min((due for due in expected.values() if due), default=None), kind
    # The fixture exercises every rule, due and not due.
    assert rules_dates(kinds["care_leaver"])["pathway_review_due"] == date(2024, 7, 10)
    assert rules_dates(kinds["care_leaver_never_reviewed"])["pathway_review_due"] == date(2024, 2, 1)
    assert rules_dates(kinds["on_plan"])["cp_visit_due"] == date(2024, 6, 30)
    assert rules_dates(kinds["of_age_never_in_care"]) == dict.fromkeys(DUE_FIELDS)
    assert rules_dates(kinds["in_care_too_short"]) == dict.fromkeys(DUE_FIELDS)


def test_the_record_page_works_out_only_what_can_apply_and_gets_the_rules_dates(kinds):
    for kind, child in kinds.items():
        with_status = with_case_status(Child.objects.all(), TODAY).get(pk=child.pk)
        assert due_dates_that_apply(with_status, TODAY) == EXPECTED_TO_APPLY[kind], kind
        add_due_dates(with_status, TODAY)
        assert {name: getattr(with_status, name) for name in DUE_FIELDS} == rules_dates(child), kind


def test_a_child_with_nothing_that_can_apply_costs_no_query(kinds, django_assert_num_queries):
    child = with_case_status(Child.objects.all(), TODAY).get(pk=kinds["nothing"].pk)
    with django_assert_num_queries(0):
        add_due_dates(child, TODAY)
    assert [getattr(child, name) for name in DUE_FIELDS] == [None] * 4


def test_a_child_turning_18_is_of_care_leaver_age_on_the_birthday_and_not_after_turning_22():
    from casework.timescales import of_care_leaver_age

    assert not of_care_leaver_age(date(2006, 6, 15), TODAY)
    assert of_care_leaver_age(date(2006, 6, 14), TODAY)
    assert of_care_leaver_age(date(2002, 6, 15), TODAY)
    assert not of_care_leaver_age(date(2002, 6, 14), TODAY)
    assert not of_care_leaver_age(None, TODAY)


def test_another_day_gives_that_days_dates(kinds):
    plan = ChildProtectionPlan.objects.get(child=kinds["on_plan"])
    ChildProtectionVisitFactory(plan=plan, visited_on=date(2024, 6, 20))
    one = Child.objects.filter(pk=kinds["on_plan"].pk)
    assert with_next_due(one, on=TODAY).get().cp_visit_due == date(2024, 6, 30)
    assert with_next_due(one, on=date(2024, 6, 21)).get().cp_visit_due == date(2024, 7, 17)
    assert rules_dates(kinds["on_plan"], date(2024, 6, 21))["cp_visit_due"] == date(2024, 7, 17)


def test_parameters_changed_in_the_admin_are_used_on_the_next_page(cast, client_for):
    child = allocate(ChildFactory(first_name="Fay"), cast.social_worker_a)
    plan = ChildProtectionPlanFactory(child=child, started_on=date(2024, 5, 20))
    ChildProtectionVisitFactory(plan=plan, visited_on=date(2024, 6, 3))
    client = client_for(cast.worker_a)
    assert "30 June 2024" in client.get(f"/children/{child.pk}/").content.decode()
    indicator = IndicatorFactory(code="CP 13")
    indicator.parameters = {"visit_interval_days": 14}
    indicator.save()
    page = client.get(f"/children/{child.pk}/").content.decode()
    assert "16 June 2024" in page and "30 June 2024" not in page
    assert "16 June 2024" in client.get("/children/due/", {"window": "all"}).content.decode()


def test_the_compiled_key_facts_cannot_be_used_inside_a_subquery(kinds):
    with pytest.raises(NotSupportedError, match="subquery"):
        list(Child.objects.filter(pk__in=with_case_status(Child.objects.all()).filter(looked_after=True).values("pk")))
    # The due dates are computed in a derived table of their own (``layered``), so the rows with
    # something due can be selected in a subquery, and are the same as read directly.
    due = with_next_due(Child.objects.all()).filter(next_due__isnull=False)
    assert set(Child.objects.filter(pk__in=due.values("pk"))) == set(due) != set()
    # Filtering on them, as the lists do, is what they are for.
    looked_after = with_case_status(Child.objects.all()).filter(looked_after=True)
    assert set(looked_after) == {kinds["looked_after"], kinds["both"], kinds["of_age_still_in_care"]}
