"""The rest of the day's work on the due list (``casework.due_rules``), on hand-worked dates.

Today is Friday 14 June 2024 throughout. 2024's bank holidays in England near it: Monday 6 May
and Monday 27 May. Something due today is not yet overdue.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from casework import due_rules, selectors
from casework.models import CaseSupervision, ChildInNeedPlanReview
from tests.factories import (
    AssessmentFactory,
    ChildFactory,
    ChildInNeedPlanFactory,
    ChildProtectionConferenceFactory,
    ChildProtectionPlanFactory,
    MissingEpisodeFactory,
    Section47EnquiryFactory,
    StrategyDiscussionFactory,
)

from .conftest import allocate, date_data
from .test_due import due_of, row

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
TODAY = datetime(2024, 6, 14, 12, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


def child_of(worker, name: str):
    return allocate(ChildFactory(first_name=name, last_name="Due"), worker)


@pytest.fixture
def due_page(cast, client_for):
    def get(user=None, **params):
        params.setdefault("window", "all")
        return client_for(user or cast.worker_a).get("/children/due/", params).content.decode()

    return get


def test_the_due_list_names_the_same_due_dates_as_the_rules():
    assert selectors.MORE_DUE_FIELDS == due_rules.MORE_DUE_FIELDS


# --- Assessments: working day 45 (2.4) --------------------------------------------------------------


def test_an_open_assessment_is_due_45_working_days_after_it_started_past_two_bank_holidays(cast, due_page):
    # Started Thursday 4 April: Friday 5 April is working day 1; 6 May and 27 May are not
    # working days, so day 45 is Monday 10 June (Wednesday 5 June without them).
    AssessmentFactory(child=child_of(cast.social_worker_a, "Ava"), started_on=date(2024, 4, 4))
    # Started Wednesday 10 April: four working days later, day 45 is today.
    AssessmentFactory(child=child_of(cast.social_worker_a, "Abe"), started_on=date(2024, 4, 10))
    page = due_page()
    assert due_of(page, "Ava") == {"Assessment (working day 45)": "Overdue: 10 June 2024"}
    assert due_of(page, "Abe") == {"Assessment (working day 45)": "14 June 2024"}


def test_an_authorised_assessment_is_not_due_and_the_open_one_links_to_its_correction(cast, due_page):
    child = child_of(cast.social_worker_a, "Ada")
    AssessmentFactory(child=child, started_on=date(2024, 1, 4), authorised_on=date(2024, 2, 1))
    still_open = AssessmentFactory(child=child, started_on=date(2024, 4, 4))
    page = due_page()
    assert due_of(page, "Ada") == {"Assessment (working day 45)": "Overdue: 10 June 2024"}
    assert f'href="/children/{child.pk}/record/assessment/{still_open.pk}/">Assessment' in row(page, "Ada")


# --- Initial conferences: 15 working days from the strategy discussion (CP 5) ------------------------


def test_an_initial_conference_is_due_15_working_days_after_the_strategy_discussion(cast, due_page):
    # Discussion Thursday 23 May: Friday 24 is day 1, Monday 27 May a bank holiday, so day 15
    # is Friday 14 June (today, not overdue; Thursday 13 June without the holiday).
    child = child_of(cast.social_worker_a, "Ian")
    discussion = StrategyDiscussionFactory(child=child, held_on=date(2024, 5, 23))
    Section47EnquiryFactory(child=child, strategy_discussion=discussion, started_on=date(2024, 5, 24))
    page = due_page()
    assert due_of(page, "Ian") == {"Initial child protection conference": "14 June 2024"}
    assert f'href="/children/{child.pk}/record/conference/">Initial' in row(page, "Ian")


def test_without_a_linked_discussion_the_latest_before_the_enquiry_starts_the_clock(cast, due_page):
    # Discussion Wednesday 1 May, enquiry 2 May not linked to it: day 15 is Thursday 23 May
    # (Monday 6 May is a bank holiday). An older discussion does not count.
    child = child_of(cast.social_worker_a, "Ivy")
    StrategyDiscussionFactory(child=child, held_on=date(2024, 3, 1))
    StrategyDiscussionFactory(child=child, held_on=date(2024, 5, 1))
    Section47EnquiryFactory(child=child, strategy_discussion=None, started_on=date(2024, 5, 2))
    assert due_of(due_page(), "Ivy") == {"Initial child protection conference": "Overdue: 23 May 2024"}


def test_no_initial_conference_is_due_once_held_or_when_the_enquiry_decided_against_one(cast, due_page):
    held = child_of(cast.social_worker_a, "Jon")
    Section47EnquiryFactory(child=held, started_on=date(2024, 5, 24), strategy_discussion__held_on=date(2024, 5, 23))
    ChildProtectionConferenceFactory(child=held, kind="initial", held_on=date(2024, 6, 12), outcome="no_plan")
    nothing_further = child_of(cast.social_worker_a, "Joy")
    Section47EnquiryFactory(
        child=nothing_further,
        started_on=date(2024, 5, 24),
        strategy_discussion__held_on=date(2024, 5, 23),
        outcome="nfa",
        completed_on=date(2024, 6, 3),
    )
    page = due_page()
    assert due_of(page, "Jon") == {}
    assert due_of(page, "Joy") == {}


# --- Review conferences: 3 months after the plan starts, then 6-monthly -----------------------------


def test_review_conferences_are_due_three_months_after_the_plan_then_six_monthly(cast, due_page):
    # Plan from 30 November 2023, no review yet: due 29 February 2024 (clamped to the month's end).
    first = child_of(cast.social_worker_a, "Kai")
    ChildProtectionPlanFactory(child=first, started_on=date(2023, 11, 30))
    # Reviewed on 29 February 2024: the next is due 29 August 2024.
    later = child_of(cast.social_worker_a, "Kit")
    ChildProtectionPlanFactory(child=later, started_on=date(2023, 11, 30))
    ChildProtectionConferenceFactory(child=later, kind="review", held_on=date(2024, 2, 29))
    # A review conference before this plan started (an earlier plan's) does not count.
    ChildProtectionConferenceFactory(child=first, kind="review", held_on=date(2023, 6, 1))
    page = due_page()
    assert due_of(page, "Kai")["Review child protection conference"] == "Overdue: 29 February 2024"
    assert due_of(page, "Kit")["Review child protection conference"] == "29 August 2024"


# --- Child in need plan reviews: 3-monthly ----------------------------------------------------------


def test_a_child_in_need_plan_is_reviewed_three_monthly(cast, due_page):
    # From 14 March: the first review is due today. Reviewed 31 March: due 30 June (clamped).
    ChildInNeedPlanFactory(child=child_of(cast.social_worker_a, "Lee"), started_on=date(2024, 3, 14))
    reviewed = child_of(cast.social_worker_a, "Liv")
    plan = ChildInNeedPlanFactory(child=reviewed, started_on=date(2024, 1, 10))
    ChildInNeedPlanReview.objects.create(child=reviewed, plan=plan, reviewed_on=date(2024, 3, 31))
    # An ended plan is not reviewed.
    ChildInNeedPlanFactory(
        child=child_of(cast.social_worker_a, "Lou"), started_on=date(2023, 1, 10), ended_on=date(2024, 1, 10)
    )
    page = due_page()
    assert due_of(page, "Lee") == {"Child in need plan review": "14 June 2024"}
    assert due_of(page, "Liv") == {"Child in need plan review": "30 June 2024"}
    assert due_of(page, "Lou") == {}


def test_a_worker_records_a_cin_plan_review_from_the_due_list_and_it_is_no_longer_due(cast, client_for, due_page):
    child = child_of(cast.social_worker_a, "Max")
    plan = ChildInNeedPlanFactory(child=child, started_on=date(2024, 3, 1))
    assert due_of(due_page(), "Max") == {"Child in need plan review": "Overdue: 1 June 2024"}
    form_url = f"/children/{child.pk}/record/cin-plan-review/"
    assert f'href="{form_url}">Child in need plan review' in row(due_page(), "Max")
    worker = client_for(cast.worker_a)
    response = worker.post(form_url, {"plan": plan.pk, **date_data("reviewed_on", date(2024, 6, 12))})
    assert response.status_code == 302
    assert due_of(due_page(), "Max") == {"Child in need plan review": "12 September 2024"}
    record = worker.get(f"/children/{child.pk}/").content.decode()
    assert "Child in need plan review" in record


def test_a_cin_plan_review_before_the_plan_started_is_refused_and_nothing_is_saved(cast, client_for):
    child = child_of(cast.social_worker_a, "Mia")
    plan = ChildInNeedPlanFactory(child=child, started_on=date(2024, 3, 1))
    response = client_for(cast.worker_a).post(
        f"/children/{child.pk}/record/cin-plan-review/",
        {"plan": plan.pk, **date_data("reviewed_on", date(2024, 2, 29))},
    )
    assert response.status_code == 200
    assert "The review date cannot be before the plan started (1 March 2024)." in response.content.decode()
    assert not ChildInNeedPlanReview.objects.exists()


# --- Case supervision: within the last 28 days (QA 1) ------------------------------------------------


def test_case_supervision_is_due_27_days_after_the_last_and_at_once_when_never_supervised(cast, due_page):
    never = child_of(cast.social_worker_a, "Ned")  # allocated 2 January 2024
    in_time = child_of(cast.social_worker_a, "Nia")
    CaseSupervision.objects.create(child=in_time, supervised_on=date(2024, 5, 18))  # 18 May + 27 = today
    late = child_of(cast.social_worker_a, "Noa")
    CaseSupervision.objects.create(child=late, supervised_on=date(2024, 5, 17))
    page = due_page(cast.manager_a)
    assert due_of(page, "Ned", supervision=True) == {"Case supervision": "Overdue: 2 January 2024"}
    assert due_of(page, "Nia", supervision=True) == {"Case supervision": "14 June 2024"}
    assert due_of(page, "Noa", supervision=True) == {"Case supervision": "Overdue: 13 June 2024"}
    # The manager records it; the worker sees it is due but has no form for it.
    assert f'href="/children/{never.pk}/supervision/">Case supervision' in row(page, "Ned")
    assert f'href="/children/{never.pk}/supervision/"' not in row(due_page(), "Ned")


def test_the_supervision_interval_is_the_indicators_parameter(cast, due_page):
    from tests.factories import IndicatorFactory

    IndicatorFactory(code="QA 1", parameters={"supervision_interval_days": 14})
    child = child_of(cast.social_worker_a, "Oli")
    CaseSupervision.objects.create(child=child, supervised_on=date(2024, 6, 1))  # 1 June + 13 days
    assert due_of(due_page(), "Oli", supervision=True) == {"Case supervision": "14 June 2024"}


# --- Return home interviews: 72 hours after the return (MC 7) ---------------------------------------


def episode(child, returned: datetime, **fields):
    return MissingEpisodeFactory(
        child=child, started_at=returned.replace(hour=0, minute=5), ended_at=returned, **fields
    )


def test_a_return_home_interview_is_due_72_hours_after_the_return_by_the_local_date(cast, due_page):
    # Back at 00:30 on Tuesday 11 June (23:30 on the 10th in UTC): due at 00:30 on Friday 14 June.
    on_time = child_of(cast.social_worker_a, "Pat")
    waiting = episode(on_time, datetime(2024, 6, 11, 0, 30, tzinfo=LONDON))
    # Back at 23:30 on Monday 10 June: due at 23:30 on Thursday 13 June, overdue.
    episode(child_of(cast.social_worker_a, "Pia"), datetime(2024, 6, 10, 23, 30, tzinfo=LONDON))
    page = due_page()
    assert due_of(page, "Pat") == {"Return home interview": "14 June 2024"}
    assert due_of(page, "Pia") == {"Return home interview": "Overdue: 13 June 2024"}
    assert f'href="/children/{on_time.pk}/record/missing/{waiting.pk}/">Return home interview' in row(page, "Pat")


def test_no_interview_is_due_once_done_for_an_absence_or_four_weeks_after_the_return(cast, due_page):
    returned = datetime(2024, 6, 10, 9, 0, tzinfo=LONDON)
    episode(
        child_of(cast.social_worker_a, "Quin"), returned, interview_completed_at=datetime(2024, 6, 11, tzinfo=LONDON)
    )
    episode(child_of(cast.social_worker_a, "Quoc"), returned, kind="A")
    # Back on 16 May, 29 days ago: off the list; back on 17 May, 28 days ago: still on it.
    episode(child_of(cast.social_worker_a, "Rae"), datetime(2024, 5, 16, 9, 0, tzinfo=LONDON))
    episode(child_of(cast.social_worker_a, "Rex"), datetime(2024, 5, 17, 9, 0, tzinfo=LONDON))
    page = due_page()
    assert due_of(page, "Quin") == {}
    assert due_of(page, "Quoc") == {}
    assert due_of(page, "Rae") == {}
    assert due_of(page, "Rex") == {"Return home interview": "Overdue: 20 May 2024"}
