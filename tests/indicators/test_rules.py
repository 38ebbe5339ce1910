"""Due dates on hand-worked calendars: the same rules serve the indicators and the due pages."""

from datetime import date

import pytest

from casework.models import Child
from casework.timescales import DEFAULT_PARAMETERS, annotate_due_dates

from .builders import (
    child,
    cp_plan,
    cp_visit,
    pathway_review,
    period_of_care,
    placement,
    review,
    statutory_visit,
)

pytestmark = pytest.mark.django_db


def due(record_child: Child, on: date) -> dict:
    row = annotate_due_dates(Child.objects.filter(pk=record_child.pk), on, DEFAULT_PARAMETERS).get()
    return {
        "visit": row.statutory_visit_due,
        "review": row.review_due,
        "cp_visit": row.cp_visit_due,
        "pathway": row.pathway_review_due,
    }


# --- Statutory visits ------------------------------------------------------------------


def test_the_first_visit_is_due_a_week_after_the_placement_starts():
    looked_after = child()
    placement(period_of_care(looked_after, date(2024, 3, 4)), date(2024, 3, 4))
    assert due(looked_after, date(2024, 3, 31))["visit"] == date(2024, 3, 11)


def test_after_a_visit_the_next_is_due_six_weeks_later():
    looked_after = child()
    placement(period_of_care(looked_after, date(2024, 3, 4)), date(2024, 3, 4))
    statutory_visit(looked_after, date(2024, 3, 8))
    assert due(looked_after, date(2024, 3, 31))["visit"] == date(2024, 4, 19)  # 8 March + 42 days


def test_a_long_term_placement_after_its_first_year_is_visited_every_three_months():
    looked_after = child()
    placement(period_of_care(looked_after, date(2023, 1, 10)), date(2023, 1, 10), long_term=True)
    statutory_visit(looked_after, date(2024, 2, 1))  # after the 10 Jan 2024 anniversary
    assert due(looked_after, date(2024, 2, 29))["visit"] == date(2024, 5, 1)


def test_a_long_term_placement_is_still_six_weekly_for_a_visit_inside_its_first_year():
    looked_after = child()
    placement(period_of_care(looked_after, date(2023, 1, 10)), date(2023, 1, 10), long_term=True)
    statutory_visit(looked_after, date(2024, 1, 9))  # the day before the anniversary
    assert due(looked_after, date(2024, 1, 31))["visit"] == date(2024, 2, 20)


def test_a_placement_not_agreed_as_long_term_stays_six_weekly_after_a_year():
    looked_after = child()
    placement(period_of_care(looked_after, date(2023, 1, 10)), date(2023, 1, 10), long_term=False)
    statutory_visit(looked_after, date(2024, 2, 1))
    assert due(looked_after, date(2024, 2, 29))["visit"] == date(2024, 3, 14)


def test_visits_before_a_new_placement_do_not_count_for_it():
    looked_after = child()
    period = period_of_care(looked_after, date(2024, 1, 2))
    placement(period, date(2024, 1, 2), date(2024, 3, 1))
    placement(period, date(2024, 3, 1), carer="C2")
    statutory_visit(looked_after, date(2024, 2, 20))
    assert due(looked_after, date(2024, 3, 31))["visit"] == date(2024, 3, 8)


def test_a_child_whose_care_ended_on_the_date_has_no_visit_due():
    looked_after = child()
    placement(period_of_care(looked_after, date(2024, 1, 2), date(2024, 3, 31)), date(2024, 1, 2), date(2024, 3, 31))
    assert due(looked_after, date(2024, 3, 31))["visit"] is None


# --- Looked-after reviews --------------------------------------------------------------


def test_the_first_review_is_due_within_twenty_working_days_skipping_bank_holidays():
    looked_after = child()
    period_of_care(looked_after, date(2024, 4, 29))
    # From Monday 29 April 2024, 20 working days, not counting 6 May and 27 May: 29 May.
    assert due(looked_after, date(2024, 5, 31))["review"] == date(2024, 5, 29)


def test_the_second_review_is_due_three_months_after_the_first():
    looked_after = child()
    period_of_care(looked_after, date(2024, 4, 29))
    review(looked_after, date(2024, 5, 20))
    assert due(looked_after, date(2024, 6, 30))["review"] == date(2024, 8, 20)


def test_later_reviews_are_six_monthly():
    looked_after = child()
    period_of_care(looked_after, date(2024, 4, 29))
    review(looked_after, date(2024, 5, 20))
    review(looked_after, date(2024, 8, 31))
    assert due(looked_after, date(2024, 9, 30))["review"] == date(2025, 2, 28)  # 31 Aug + 6 months, clamped


def test_reviews_from_an_earlier_period_of_care_do_not_count():
    looked_after = child()
    period_of_care(looked_after, date(2023, 1, 2), date(2023, 6, 1))
    review(looked_after, date(2023, 1, 20))
    period_of_care(looked_after, date(2024, 4, 29))
    assert due(looked_after, date(2024, 5, 31))["review"] == date(2024, 5, 29)


# --- CP visits --------------------------------------------------------------------------


def test_a_new_plan_is_due_its_first_visit_within_its_first_28_days():
    protected = child()
    cp_plan(protected, date(2024, 3, 1))
    assert due(protected, date(2024, 3, 31))["cp_visit"] == date(2024, 3, 28)


def test_the_next_cp_visit_is_due_within_28_days_counting_the_visit_day():
    protected = child()
    plan = cp_plan(protected, date(2024, 1, 15))
    cp_visit(plan, date(2024, 3, 10))
    cp_visit(plan, date(2024, 4, 2))  # after the date asked about: not counted
    assert due(protected, date(2024, 3, 31))["cp_visit"] == date(2024, 4, 6)


def test_visits_of_an_earlier_plan_do_not_count_for_a_new_plan():
    protected = child()
    old = cp_plan(protected, date(2023, 1, 1), date(2024, 2, 1))
    cp_visit(old, date(2024, 1, 30))
    cp_plan(protected, date(2024, 2, 20))
    assert due(protected, date(2024, 2, 29))["cp_visit"] == date(2024, 3, 18)


def test_a_plan_that_ended_on_the_date_has_no_visit_due():
    protected = child()
    cp_plan(protected, date(2024, 1, 1), date(2024, 3, 31))
    assert due(protected, date(2024, 3, 31))["cp_visit"] is None


# --- Pathway plans ----------------------------------------------------------------------


def care_leaver(born: date = date(2005, 6, 1)) -> Child:
    young_person = child(born=born)
    period_of_care(young_person, date(2020, 1, 1), date(2023, 6, 1), reason="E17")  # to the 18th birthday
    return young_person


def test_a_pathway_plan_review_is_due_six_months_after_the_last():
    young_person = care_leaver()
    pathway_review(young_person, date(2023, 8, 31))
    assert due(young_person, date(2024, 1, 31))["pathway"] == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("reviewed", "due_by"),
    [
        # The last day the review is still "in the last 6 months": [D - 6 months, D] reaches it.
        (date(2023, 9, 30), date(2024, 3, 31)),  # 31 March - 6 months = 30 September
        (date(2024, 2, 29), date(2024, 8, 31)),  # 31 August - 6 months = 29 February
        (date(2023, 8, 30), date(2024, 2, 29)),  # 29 Feb - 6 months = 29 Aug reaches it; 1 Mar's = 1 Sep not
        (date(2024, 3, 15), date(2024, 9, 15)),
    ],
)
def test_a_pathway_plan_review_stays_in_time_while_it_is_in_the_last_six_months(reviewed, due_by):
    # The due pages show the same date the indicator (CL a) counts by.
    young_person = care_leaver()
    pathway_review(young_person, reviewed)
    assert due(young_person, reviewed)["pathway"] == due_by


def test_a_care_leaver_never_reviewed_was_due_one_at_eighteen():
    assert due(care_leaver(), date(2024, 1, 31))["pathway"] == date(2023, 6, 1)


def test_a_young_person_looked_after_only_before_sixteen_is_not_a_care_leaver():
    young_person = child(born=date(2005, 6, 1))
    period_of_care(young_person, date(2019, 7, 1), date(2021, 5, 31))  # 14 to just before 16
    assert due(young_person, date(2024, 1, 31))["pathway"] is None


def test_a_young_person_looked_after_under_13_weeks_after_fourteen_is_not_a_care_leaver():
    young_person = child(born=date(2005, 6, 1))
    period_of_care(young_person, date(2023, 3, 4), date(2023, 6, 1))  # 89 days, ending at 18
    assert due(young_person, date(2024, 1, 31))["pathway"] is None


def test_thirteen_weeks_in_care_after_sixteen_makes_a_care_leaver():
    young_person = child(born=date(2005, 6, 1))
    period_of_care(young_person, date(2023, 3, 2), date(2023, 6, 1))  # exactly 91 days before 18
    assert due(young_person, date(2024, 1, 31))["pathway"] == date(2023, 6, 1)


def test_a_care_leaver_is_aged_eighteen_to_twenty_one():
    young_person = child(born=date(2002, 6, 1))
    period_of_care(young_person, date(2017, 1, 1), date(2020, 6, 1))  # 14 and a half to 18
    assert due(young_person, date(2024, 5, 31))["pathway"] is not None  # 21 the day before 22
    assert due(young_person, date(2024, 6, 1))["pathway"] is None  # 22 today


def test_a_child_with_nothing_due_has_no_dates():
    assert due(child(), date(2024, 1, 31)) == {"visit": None, "review": None, "cp_visit": None, "pathway": None}
