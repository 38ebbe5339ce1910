"""Records must make sense: one test per rule, each asserting that nothing was saved.

Dates are for a child born on 5 May 2015 unless a test says otherwise.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casework import services, validation
from casework.models import (
    Adoption,
    AdvocacyPeriod,
    Assessment,
    CareLeaverBirthdayRecord,
    CareProceedings,
    CaseAudit,
    Child,
    ChildInNeedPlan,
    ChildProtectionConference,
    ChildProtectionPlan,
    ChildProtectionVisit,
    Contact,
    FosterCarerReview,
    LegalStatus,
    LookedAfterReview,
    MissingEpisode,
    PathwayPlanReview,
    PeriodOfCare,
    Placement,
    PreProceedings,
    Referral,
    Section47Enquiry,
    StatutoryVisit,
    StrategyDiscussion,
)
from tests.factories import (
    AssessmentFactory,
    ChildFactory,
    ChildProtectionPlanFactory,
    ChildProtectionVisitFactory,
    ContactFactory,
    FosterCarerHouseholdFactory,
    PeriodOfCareFactory,
    PlacementFactory,
    ReferralFactory,
    Section47EnquiryFactory,
    StatutoryVisitFactory,
    StrategyDiscussionFactory,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def tomorrow() -> date:
    return timezone.localdate() + timedelta(days=1)


def rejected(call, **kwargs) -> dict[str, list[str]]:
    """Run a service that must refuse; return its messages by field."""
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    return error.value.message_dict


@pytest.fixture
def child() -> Child:
    return ChildFactory(first_name="Ben", date_of_birth=date(2015, 5, 5))


@pytest.fixture
def unborn() -> Child:
    return ChildFactory(first_name="Baby", date_of_birth=None, expected_date_of_birth=date(2024, 8, 1))


# --- Contacts and referrals ------------------------------------------------------------------


def test_it_rejects_a_contact_decided_before_it_was_received(child):
    errors = rejected(
        services.contact_create,
        child=child,
        received_at=at(date(2024, 3, 4), 10),
        decision="REF",
        decided_at=at(date(2024, 3, 4), 9),
        by=None,
    )
    assert errors["decided_at"] == [
        "The decision cannot be made before the contact was received (4 March 2024 at 10:00)."
    ]
    assert not Contact.objects.exists()


def test_it_rejects_a_contact_received_in_the_future(child):
    errors = rejected(services.contact_create, child=child, received_at=timezone.now() + timedelta(hours=2), by=None)
    assert errors["received_at"] == ["The date the contact was received cannot be in the future."]
    assert not Contact.objects.exists()


def test_it_rejects_a_decision_without_the_time_it_was_made(child):
    errors = rejected(services.contact_create, child=child, received_at=at(date(2024, 3, 4)), decision="NFA", by=None)
    assert errors["decided_at"] == ["Enter when the decision was made."]
    assert not Contact.objects.exists()


def test_it_rejects_a_referral_dated_before_its_contact(child):
    contact = ContactFactory(
        child=child, received_at=at(date(2024, 3, 4)), decision="REF", decided_at=at(date(2024, 3, 4))
    )
    errors = rejected(services.referral_create, child=child, contact=contact, received_on=date(2024, 3, 3), by=None)
    assert errors["received_on"] == [
        "The referral date cannot be before the contact was received (4 March 2024 at 10:00)."
    ]
    assert not Referral.objects.exists()


def test_it_rejects_a_referral_from_a_contact_not_decided_as_a_referral(child):
    contact = ContactFactory(child=child, decision="EH", decided_at=at(date(2024, 3, 4), 12))
    errors = rejected(services.referral_create, child=child, contact=contact, received_on=date(2024, 3, 5), by=None)
    assert "That contact's decision is 'Early help'" in errors["contact"][0]
    assert not Referral.objects.exists()


def test_it_rejects_a_referral_from_another_childs_contact(child):
    contact = ContactFactory(decision="REF", decided_at=at(date(2024, 3, 4), 12))
    errors = rejected(services.referral_create, child=child, contact=contact, received_on=date(2024, 3, 5), by=None)
    assert errors["contact"] == ["That contact belongs to another child's record."]
    assert not Referral.objects.exists()


def test_it_rejects_a_case_closed_before_the_referral(child):
    errors = rejected(
        services.referral_create, child=child, received_on=date(2024, 3, 5), closed_on=date(2024, 3, 4), by=None
    )
    assert errors["closed_on"] == ["The case cannot close before the referral date (5 March 2024)."]
    assert not Referral.objects.exists()


def test_a_correction_cannot_move_a_referral_after_its_assessment(child):
    referral = ReferralFactory(child=child, received_on=date(2024, 3, 5))
    AssessmentFactory(child=child, referral=referral, started_on=date(2024, 3, 6))
    errors = rejected(
        services.referral_update,
        referral=referral,
        received_on=date(2024, 3, 10),
        contact=None,
        source_of_referral="10",
        closed_on=None,
        by=None,
    )
    assert errors["received_on"] == [
        "An assessment of this referral started on 6 March 2024, before this referral date."
    ]
    assert Referral.objects.get().received_on == date(2024, 3, 5)


# --- Assessments ----------------------------------------------------------------------------


def test_it_rejects_a_child_seen_before_the_assessment_started(child):
    errors = rejected(
        services.assessment_create,
        child=child,
        started_on=date(2024, 3, 6),
        child_seen_on=date(2024, 3, 5),
        by=None,
    )
    assert errors["child_seen_on"] == [
        "The date the child was seen cannot be before the assessment started (6 March 2024)."
    ]
    assert not Assessment.objects.exists()


def test_it_rejects_an_assessment_completed_before_it_started(child):
    errors = rejected(
        services.assessment_create,
        child=child,
        started_on=date(2024, 3, 6),
        authorised_on=date(2024, 3, 1),
        by=None,
    )
    assert errors["authorised_on"] == ["The assessment cannot be completed before it started (6 March 2024)."]
    assert not Assessment.objects.exists()


def test_it_rejects_an_assessment_starting_before_its_referral(child):
    referral = ReferralFactory(child=child, received_on=date(2024, 3, 5))
    errors = rejected(services.assessment_create, child=child, referral=referral, started_on=date(2024, 3, 4), by=None)
    assert errors["started_on"] == ["The assessment cannot start before the referral (5 March 2024)."]
    assert not Assessment.objects.exists()


def test_it_rejects_seeing_an_unborn_child(unborn):
    errors = rejected(
        services.assessment_create,
        child=unborn,
        started_on=date(2024, 3, 6),
        child_seen_on=date(2024, 3, 7),
        by=None,
    )
    assert errors["child_seen_on"] == [
        "Baby is recorded as unborn: record the date of birth before the date the child was seen in an assessment."
    ]
    assert not Assessment.objects.exists()


def test_a_pre_birth_assessment_is_accepted(unborn):
    services.assessment_create(child=unborn, started_on=date(2024, 3, 6), by=None)
    assert Assessment.objects.count() == 1


def test_it_rejects_an_assessment_starting_in_the_future(child):
    errors = rejected(services.assessment_create, child=child, started_on=tomorrow(), by=None)
    assert errors["started_on"] == ["The start date cannot be in the future."]
    assert not Assessment.objects.exists()


# --- Child protection -------------------------------------------------------------------------


def test_it_rejects_an_enquiry_before_its_strategy_discussion(child):
    discussion = StrategyDiscussionFactory(child=child, held_on=date(2024, 3, 7))
    errors = rejected(
        services.section47_create, child=child, strategy_discussion=discussion, started_on=date(2024, 3, 6), by=None
    )
    assert errors["started_on"] == [
        "The enquiry cannot start before the strategy discussion that started it (7 March 2024)."
    ]
    assert not Section47Enquiry.objects.exists()


def test_it_rejects_a_child_seen_before_the_enquiry_started(child):
    errors = rejected(
        services.section47_create,
        child=child,
        started_on=date(2024, 3, 7),
        child_seen_on=date(2024, 3, 6),
        by=None,
    )
    assert errors["child_seen_on"] == [
        "The date the child was seen cannot be before the enquiry started (7 March 2024)."
    ]
    assert not Section47Enquiry.objects.exists()


def test_it_rejects_a_conference_before_its_strategy_discussion(child):
    discussion = StrategyDiscussionFactory(child=child, held_on=date(2024, 3, 7))
    enquiry = Section47EnquiryFactory(child=child, strategy_discussion=discussion, started_on=date(2024, 3, 7))
    errors = rejected(
        services.conference_create,
        child=child,
        kind="initial",
        section47=enquiry,
        held_on=date(2024, 3, 6),
        by=None,
    )
    assert errors["held_on"] == ["The conference cannot be before its strategy discussion (7 March 2024)."]
    assert not ChildProtectionConference.objects.exists()


def test_a_review_conference_needs_a_plan(child):
    errors = rejected(services.conference_create, child=child, kind="review", held_on=date(2024, 6, 1), by=None)
    assert errors["held_on"][0].startswith("A review conference is for a child on a child protection plan")
    assert not ChildProtectionConference.objects.exists()


def test_an_initial_conference_cannot_have_a_review_outcome(child):
    errors = rejected(
        services.conference_create, child=child, kind="initial", held_on=date(2024, 3, 25), outcome="continues", by=None
    )
    assert "An initial conference decides whether there will be a plan" in errors["outcome"][0]
    assert not ChildProtectionConference.objects.exists()


def test_an_unborn_child_cannot_attend_a_conference(unborn):
    errors = rejected(
        services.conference_create,
        child=unborn,
        kind="initial",
        held_on=date(2024, 3, 25),
        participation="attended",
        by=None,
    )
    assert "was not yet born" in errors["participation"][0]
    assert not ChildProtectionConference.objects.exists()


def test_it_rejects_a_plan_that_ends_before_it_starts(child):
    errors = rejected(
        services.cp_plan_create,
        child=child,
        started_on=date(2024, 3, 25),
        ended_on=date(2024, 3, 24),
        category="NEG",
        by=None,
    )
    assert errors["ended_on"] == ["A plan cannot end before it starts (25 March 2024)."]
    assert not ChildProtectionPlan.objects.exists()


def test_it_rejects_a_second_open_cp_plan(child):
    ChildProtectionPlanFactory(child=child, started_on=date(2024, 3, 25))
    errors = rejected(services.cp_plan_create, child=child, started_on=date(2024, 5, 1), category="EMO", by=None)
    assert errors["started_on"] == [
        "Ben already has an open child protection plan (from 25 March 2024). "
        "End it before recording another: a child is on one child protection plan at a time."
    ]
    assert ChildProtectionPlan.objects.count() == 1


def test_it_rejects_overlapping_cp_plans(child):
    ChildProtectionPlanFactory(child=child, started_on=date(2023, 1, 10), ended_on=date(2023, 6, 1))
    errors = rejected(
        services.cp_plan_create,
        child=child,
        started_on=date(2022, 12, 1),
        ended_on=date(2023, 2, 1),
        category="NEG",
        by=None,
    )
    assert errors["ended_on"] == [
        "This overlaps Ben's child protection plan from 10 January 2023 to 1 June 2023: "
        "a child is on one child protection plan at a time."
    ]
    assert ChildProtectionPlan.objects.count() == 1


def test_a_plan_may_start_on_the_day_the_last_one_ended(child):
    ChildProtectionPlanFactory(child=child, started_on=date(2023, 1, 10), ended_on=date(2023, 6, 1))
    services.cp_plan_create(child=child, started_on=date(2023, 6, 1), category="NEG", by=None)
    assert ChildProtectionPlan.objects.count() == 2


def test_it_rejects_a_category_not_in_the_code_list(child):
    errors = rejected(services.cp_plan_create, child=child, started_on=date(2024, 3, 25), category="XYZ", by=None)
    assert errors["category"] == ["'XYZ' is not a code in the list for category of abuse."]
    assert not ChildProtectionPlan.objects.exists()


def test_it_rejects_a_visit_before_the_plan_started(child):
    plan = ChildProtectionPlanFactory(child=child, started_on=date(2024, 3, 3))
    errors = rejected(services.cp_visit_create, child=child, plan=plan, visited_on=date(2024, 3, 2), by=None)
    assert errors["visited_on"] == ["The visit date cannot be before the plan started (3 March 2024)."]
    assert not ChildProtectionVisit.objects.exists()


def test_it_rejects_a_visit_after_the_plan_ended(child):
    plan = ChildProtectionPlanFactory(child=child, started_on=date(2024, 3, 3), ended_on=date(2024, 9, 1))
    errors = rejected(services.cp_visit_create, child=child, plan=plan, visited_on=date(2024, 9, 2), by=None)
    assert errors["visited_on"] == ["The visit date cannot be after the plan ended (1 September 2024)."]
    assert not ChildProtectionVisit.objects.exists()


def test_it_rejects_a_visit_under_another_childs_plan(child):
    plan = ChildProtectionPlanFactory(started_on=date(2024, 3, 3))
    errors = rejected(services.cp_visit_create, child=child, plan=plan, visited_on=date(2024, 3, 5), by=None)
    assert errors["plan"] == ["That plan belongs to another child's record."]
    assert not ChildProtectionVisit.objects.exists()


def test_an_unborn_child_on_a_plan_cannot_be_visited(unborn):
    plan = services.cp_plan_create(child=unborn, started_on=date(2024, 3, 3), category="NEG", by=None)
    errors = rejected(services.cp_visit_create, child=unborn, plan=plan, visited_on=date(2024, 3, 5), by=None)
    assert errors["visited_on"] == [
        "Baby is recorded as unborn: record the date of birth before the child protection visit."
    ]
    assert not ChildProtectionVisit.objects.exists()


def test_it_rejects_a_visit_before_the_child_was_born():
    baby = ChildFactory(first_name="Cara", date_of_birth=date(2024, 4, 10))
    plan = ChildProtectionPlanFactory(child=baby, started_on=date(2024, 3, 3))
    errors = rejected(services.cp_visit_create, child=baby, plan=plan, visited_on=date(2024, 4, 9), by=None)
    assert errors["visited_on"] == ["The child protection visit cannot be before Cara was born (10 April 2024)."]
    assert not ChildProtectionVisit.objects.exists()


def test_a_correction_cannot_start_a_plan_after_its_visits(child):
    plan = ChildProtectionPlanFactory(child=child, started_on=date(2024, 3, 3))
    ChildProtectionVisitFactory(plan=plan, visited_on=date(2024, 3, 10))
    errors = rejected(
        services.cp_plan_update, plan=plan, started_on=date(2024, 3, 20), ended_on=None, category="NEG", by=None
    )
    assert errors["started_on"] == [
        "A visit under this plan on 10 March 2024 would fall outside the plan. Correct the visit first."
    ]
    assert ChildProtectionPlan.objects.get().started_on == date(2024, 3, 3)


def test_it_rejects_overlapping_child_in_need_plans(child):
    services.cin_plan_create(child=child, started_on=date(2024, 1, 1), by=None)
    errors = rejected(services.cin_plan_create, child=child, started_on=date(2024, 2, 1), by=None)
    assert "already has an open child in need plan" in errors["started_on"][0]
    assert ChildInNeedPlan.objects.count() == 1


# --- Children looked after ----------------------------------------------------------------------


def test_it_rejects_a_second_open_period_of_care(child):
    PeriodOfCareFactory(child=child, started_on=date(2024, 3, 4))
    errors = rejected(services.period_of_care_create, child=child, started_on=date(2024, 6, 1), by=None)
    assert errors["started_on"][0].startswith("Ben already has an open period of care (from 4 March 2024).")
    assert PeriodOfCare.objects.count() == 1


def test_it_rejects_overlapping_periods_of_care(child):
    PeriodOfCareFactory(child=child, started_on=date(2022, 3, 4), ended_on=date(2022, 9, 1), reason_ceased="E4A")
    errors = rejected(
        services.period_of_care_create,
        child=child,
        started_on=date(2022, 8, 1),
        ended_on=date(2022, 10, 1),
        reason_ceased="E13",
        by=None,
    )
    assert errors["started_on"] == [
        "This overlaps Ben's period of care from 4 March 2022 to 1 September 2022: "
        "a child has one period of care at a time."
    ]
    assert PeriodOfCare.objects.count() == 1


def test_an_unborn_child_cannot_become_looked_after(unborn):
    errors = rejected(services.period_of_care_create, child=unborn, started_on=date(2024, 3, 4), by=None)
    assert errors["started_on"] == ["Baby is recorded as unborn: record the date of birth before the period of care."]
    assert not PeriodOfCare.objects.exists()


def test_a_period_of_care_that_ends_needs_a_reason(child):
    errors = rejected(
        services.period_of_care_create, child=child, started_on=date(2024, 3, 4), ended_on=date(2024, 4, 4), by=None
    )
    assert errors["reason_ceased"] == ["Choose the reason the child ceased to be looked after."]
    assert not PeriodOfCare.objects.exists()


def test_it_rejects_a_placement_before_its_period_of_care(child):
    period = PeriodOfCareFactory(child=child, started_on=date(2024, 3, 4))
    errors = rejected(
        services.placement_create,
        child=child,
        period_of_care=period,
        started_on=date(2024, 3, 3),
        placement_type="U6",
        by=None,
    )
    assert errors["started_on"] == ["The placement cannot start before the period of care (4 March 2024)."]
    assert not Placement.objects.exists()


def test_it_rejects_a_placement_running_past_the_end_of_care(child):
    period = PeriodOfCareFactory(
        child=child, started_on=date(2024, 3, 4), ended_on=date(2024, 5, 1), reason_ceased="E4A"
    )
    errors = rejected(
        services.placement_create,
        child=child,
        period_of_care=period,
        started_on=date(2024, 3, 4),
        ended_on=date(2024, 5, 2),
        placement_type="U6",
        by=None,
    )
    assert errors["ended_on"] == ["The placement cannot end after the period of care ended (1 May 2024)."]
    assert not Placement.objects.exists()


def test_it_rejects_two_current_placements(child):
    current = PlacementFactory(period_of_care__child=child, started_on=date(2024, 3, 4))
    errors = rejected(
        services.placement_create,
        child=child,
        period_of_care=current.period_of_care,
        started_on=date(2024, 4, 1),
        placement_type="K2",
        by=None,
    )
    assert errors["started_on"][0].startswith("Ben already has an open placement (from 4 March 2024).")
    assert Placement.objects.count() == 1


def test_it_rejects_overlapping_placements(child):
    period = PeriodOfCareFactory(child=child, started_on=date(2024, 1, 4))
    PlacementFactory(period_of_care=period, started_on=date(2024, 1, 4), ended_on=date(2024, 3, 1))
    errors = rejected(
        services.placement_create,
        child=child,
        period_of_care=period,
        started_on=date(2024, 2, 1),
        placement_type="K2",
        by=None,
    )
    assert "This overlaps Ben's placement from 4 January 2024 to 1 March 2024" in errors["started_on"][0]
    assert Placement.objects.count() == 1


def test_it_rejects_a_placement_type_not_in_the_code_list(child):
    period = PeriodOfCareFactory(child=child, started_on=date(2024, 3, 4))
    errors = rejected(
        services.placement_create,
        child=child,
        period_of_care=period,
        started_on=date(2024, 3, 4),
        placement_type="Q9",
        by=None,
    )
    assert errors["placement_type"] == ["'Q9' is not a code in the list for placement type."]
    assert not Placement.objects.exists()


def test_it_rejects_a_legal_status_outside_its_period_of_care(child):
    period = PeriodOfCareFactory(child=child, started_on=date(2024, 3, 4))
    errors = rejected(
        services.legal_status_create,
        child=child,
        period_of_care=period,
        started_on=date(2024, 3, 1),
        code="C2",
        by=None,
    )
    assert errors["started_on"] == ["The legal status cannot start before the period of care (4 March 2024)."]
    assert not LegalStatus.objects.exists()


def test_it_rejects_a_statutory_visit_to_a_child_not_looked_after(child):
    PeriodOfCareFactory(child=child, started_on=date(2024, 3, 4))
    errors = rejected(services.statutory_visit_create, child=child, visited_on=date(2024, 3, 1), by=None)
    assert errors["visited_on"] == [
        "Ben was not looked after on 1 March 2024. Statutory visits are for children in care: "
        "record the period of care first."
    ]
    assert not StatutoryVisit.objects.exists()


def test_it_rejects_a_statutory_visit_in_the_future(child):
    PeriodOfCareFactory(child=child, started_on=date(2024, 3, 4))
    errors = rejected(services.statutory_visit_create, child=child, visited_on=tomorrow(), by=None)
    assert errors["visited_on"] == ["The visit date cannot be in the future."]
    assert not StatutoryVisit.objects.exists()


def test_it_rejects_a_looked_after_review_of_a_child_not_looked_after(child):
    errors = rejected(services.looked_after_review_create, child=child, held_on=date(2024, 3, 28), by=None)
    assert "Ben was not looked after on 28 March 2024" in errors["held_on"][0]
    assert not LookedAfterReview.objects.exists()


def test_a_correction_cannot_end_care_before_a_statutory_visit(child):
    period = PeriodOfCareFactory(child=child, started_on=date(2024, 3, 4))
    StatutoryVisitFactory(child=child, visited_on=date(2024, 5, 10))
    errors = rejected(
        services.period_of_care_update,
        period=period,
        started_on=date(2024, 3, 4),
        ended_on=date(2024, 5, 1),
        reason_ceased="E4A",
        by=None,
    )
    assert errors["ended_on"] == [
        "The statutory visit of 10 May 2024 would no longer be in a period of care. Correct or remove it first."
    ]
    assert PeriodOfCare.objects.get().ended_on is None


def test_ending_care_ends_the_current_placement_the_same_day(child):
    placement = PlacementFactory(period_of_care__child=child, started_on=date(2024, 3, 4))
    services.period_of_care_update(
        period=placement.period_of_care,
        started_on=date(2024, 3, 4),
        ended_on=date(2024, 6, 1),
        reason_ceased="E4A",
        by=None,
    )
    placement.refresh_from_db()
    assert placement.ended_on == date(2024, 6, 1)


def test_a_change_of_placement_ends_the_current_one_and_starts_the_next(child):
    first = PlacementFactory(period_of_care__child=child, started_on=date(2024, 3, 4))
    second = services.placement_change(child=child, started_on=date(2024, 5, 1), placement_type="K2", by=None)
    first.refresh_from_db()
    assert first.ended_on == date(2024, 5, 1)
    assert second.period_of_care == first.period_of_care
    assert second.ended_on is None


def test_becoming_looked_after_is_all_or_nothing(child):
    errors = rejected(
        services.looked_after_start,
        child=child,
        started_on=date(2024, 3, 4),
        legal_status="C2",
        placement_type="not a code",
        by=None,
    )
    assert "placement_type" in errors
    assert not PeriodOfCare.objects.exists()
    assert not LegalStatus.objects.exists()


# --- Missing, courts, adoption ------------------------------------------------------------------


def test_it_rejects_a_return_before_the_child_went_missing(child):
    errors = rejected(
        services.missing_episode_create,
        child=child,
        started_at=at(date(2024, 5, 1), 22),
        ended_at=at(date(2024, 5, 1), 21),
        by=None,
    )
    assert errors["ended_at"] == ["The child cannot return before they went missing (1 May 2024 at 22:00)."]
    assert not MissingEpisode.objects.exists()


def test_it_rejects_a_return_home_interview_before_the_return(child):
    errors = rejected(
        services.missing_episode_create,
        child=child,
        started_at=at(date(2024, 5, 1), 22),
        ended_at=at(date(2024, 5, 2), 9),
        interview_completed_at=at(date(2024, 5, 2), 8),
        by=None,
    )
    assert errors["interview_completed_at"] == [
        "The return home interview cannot be completed before the child returned (2 May 2024 at 09:00)."
    ]
    assert not MissingEpisode.objects.exists()


def test_it_rejects_an_interview_for_a_child_who_has_not_returned(child):
    errors = rejected(
        services.missing_episode_create,
        child=child,
        started_at=at(date(2024, 5, 1), 22),
        interview_offered_at=at(date(2024, 5, 2), 8),
        by=None,
    )
    assert errors["interview_offered_at"] == [
        "Enter when the child returned before recording the return home interview."
    ]
    assert not MissingEpisode.objects.exists()


def test_it_rejects_proceedings_concluded_before_they_were_issued(child):
    errors = rejected(
        services.care_proceedings_create,
        child=child,
        issued_on=date(2024, 4, 2),
        concluded_on=date(2024, 4, 1),
        outcome="care_order",
        by=None,
    )
    assert errors["concluded_on"] == ["Proceedings cannot conclude before they were issued (2 April 2024)."]
    assert not CareProceedings.objects.exists()


def test_care_proceedings_cannot_be_issued_for_an_unborn_child(unborn):
    errors = rejected(services.care_proceedings_create, child=unborn, issued_on=date(2024, 4, 2), by=None)
    assert "recorded as unborn" in errors["issued_on"][0]
    assert not CareProceedings.objects.exists()


def test_it_rejects_overlapping_pre_proceedings(child):
    services.pre_proceedings_create(child=child, started_on=date(2024, 1, 1), ended_on=date(2024, 4, 1), by=None)
    errors = rejected(services.pre_proceedings_create, child=child, started_on=date(2024, 3, 1), by=None)
    assert "overlaps Ben's pre-proceedings from 1 January 2024 to 1 April 2024" in errors["started_on"][0]
    assert PreProceedings.objects.count() == 1


def test_it_rejects_an_adoption_order_before_the_move_to_the_adoptive_family(child):
    errors = rejected(
        services.adoption_create,
        child=child,
        moved_in_on=date(2024, 5, 1),
        adoption_order_on=date(2024, 4, 1),
        by=None,
    )
    assert errors["adoption_order_on"] == [
        "The adoption order cannot be before the move to the adoptive family (1 May 2024)."
    ]
    assert not Adoption.objects.exists()


# --- Care leavers, audits, fostering ----------------------------------------------------------------


def test_a_birthday_record_takes_its_date_from_the_date_of_birth():
    leaver = ChildFactory(date_of_birth=date(2004, 2, 29))
    record = services.birthday_record_create(child=leaver, age=18, activity="F2", accommodation="U1", by=None)
    assert record.birthday_on == date(2022, 3, 1)


def test_it_rejects_a_birthday_that_has_not_come_yet():
    young = ChildFactory(first_name="Dan", date_of_birth=timezone.localdate() - timedelta(days=365 * 17 - 30))
    errors = rejected(services.birthday_record_create, child=young, age=17, activity="F2", accommodation="U1", by=None)
    assert errors["age"][0].startswith("Dan's 17th birthday is on ")
    assert not CareLeaverBirthdayRecord.objects.exists()


def test_it_rejects_a_birthday_record_for_an_unborn_child(unborn):
    errors = rejected(services.birthday_record_create, child=unborn, age=17, activity="F2", accommodation="U1", by=None)
    assert errors["age"] == ["Baby is recorded as unborn: record the date of birth first."]
    assert not CareLeaverBirthdayRecord.objects.exists()


def test_it_rejects_a_pathway_plan_review_in_the_future(child):
    errors = rejected(services.pathway_review_create, child=child, reviewed_on=tomorrow(), by=None)
    assert errors["reviewed_on"] == ["The review date cannot be in the future."]
    assert not PathwayPlanReview.objects.exists()


def test_it_rejects_an_audit_grade_not_in_the_list(child):
    errors = rejected(
        services.case_audit_create,
        child=child,
        audited_on=date(2024, 6, 3),
        case_type="CP",
        grade="excellent",
        views_and_wishes_met=True,
        by=None,
    )
    assert errors["grade"] == ["'excellent' is not a code in the list for grade."]
    assert not CaseAudit.objects.exists()


def test_a_foster_carer_reviews_due_date_is_derived_not_typed():
    # Approved 15 January 2018: the first review is due on 15 January 2019, whenever completed.
    household = FosterCarerHouseholdFactory(approved_on=date(2018, 1, 15))
    review = services.foster_carer_review_create(household=household, completed_on=date(2019, 2, 1), by=None)
    assert review.due_on == date(2019, 1, 15)
    assert FosterCarerReview.objects.count() == 1


# --- The child --------------------------------------------------------------------------------------


def child_details(child: Child, **changes) -> dict:
    details = {
        field: getattr(child, field)
        for field in (
            "first_name",
            "last_name",
            "date_of_birth",
            "expected_date_of_birth",
            "sex",
            "ethnicity",
            "upn",
            "nhs_number",
            "is_restricted",
        )
    }
    return {**details, **changes}


def test_a_date_of_birth_cannot_move_after_the_childs_visits(child):
    PeriodOfCareFactory(child=child, started_on=date(2024, 3, 4))
    StatutoryVisitFactory(child=child, visited_on=date(2024, 3, 8))
    errors = rejected(
        services.child_update, child=child, **child_details(child, date_of_birth=date(2024, 3, 5)), by=None
    )
    assert errors["date_of_birth"] == [
        "The period of care on 4 March 2024 is before this date of birth. "
        "Check the date of birth, or correct that record first."
    ]
    assert Child.objects.get().date_of_birth == date(2015, 5, 5)


def test_a_child_with_visits_cannot_become_unborn(child):
    PeriodOfCareFactory(child=child, started_on=date(2024, 3, 4))
    errors = rejected(
        services.child_update,
        child=child,
        **child_details(child, date_of_birth=None, expected_date_of_birth=date(2024, 9, 1)),
        by=None,
    )
    assert "has been born" in errors["date_of_birth"][0]
    assert Child.objects.get().date_of_birth == date(2015, 5, 5)


def test_it_rejects_a_date_of_birth_in_the_future():
    errors = rejected(services.child_create, first_name="Eve", last_name="Stone", date_of_birth=tomorrow(), by=None)
    assert "cannot be in the future" in errors["date_of_birth"][0]
    assert not Child.objects.exists()


def test_children_recorded_here_get_the_next_authority_id():
    first = services.child_create(first_name="Eve", last_name="Stone", date_of_birth=date(2020, 1, 1), by=None)
    second = services.child_create(first_name="Fin", last_name="Stone", date_of_birth=date(2021, 1, 1), by=None)
    assert (first.la_child_id, second.la_child_id) == ("NB000001", "NB000002")


# --- The rules run on plain unsaved rows, as the imports use them ----------------------------------------


def test_the_rules_run_on_an_unsaved_row_without_a_request(child):
    period = PeriodOfCareFactory(child=child, started_on=date(2024, 3, 4))
    row = Placement(child=child, period_of_care=period, started_on=date(2024, 3, 1), placement_type="U6")
    with pytest.raises(ValidationError) as error:
        validation.placement_errors(row)
    assert "started_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        validation.check(row)
    assert not Placement.objects.exists()


# --- A conference follows its enquiry, an enquiry its strategy discussion ----------------------------


def test_an_initial_conference_must_name_the_enquiry_before_it(child):
    Section47EnquiryFactory(child=child, started_on=date(2024, 3, 7))
    errors = rejected(services.conference_create, child=child, kind="initial", held_on=date(2024, 3, 25), by=None)
    assert errors["section47"] == [
        "Ben had a section 47 enquiry from 7 March 2024: choose it as the enquiry that led to this initial "
        "conference, or record the enquiry that did."
    ]
    assert not ChildProtectionConference.objects.exists()


def test_linked_to_its_enquiry_a_conference_before_the_strategy_discussion_is_refused(child):
    # The enquiry is recorded as starting before its discussion was held (imported that way).
    discussion = StrategyDiscussionFactory(child=child, held_on=date(2024, 3, 10))
    enquiry = Section47EnquiryFactory(child=child, strategy_discussion=discussion, started_on=date(2024, 3, 7))
    errors = rejected(
        services.conference_create, child=child, kind="initial", section47=enquiry, held_on=date(2024, 3, 8), by=None
    )
    assert errors["held_on"] == ["The conference cannot be before its strategy discussion (10 March 2024)."]
    assert not ChildProtectionConference.objects.exists()


def test_an_initial_conference_needs_no_enquiry_that_ended_without_one(child):
    Section47EnquiryFactory(
        child=child,
        strategy_discussion__held_on=date(2023, 3, 7),
        started_on=date(2023, 3, 7),
        outcome="nfa",
        completed_on=date(2023, 3, 20),
    )
    services.conference_create(child=child, kind="initial", held_on=date(2024, 3, 25), by=None)
    assert ChildProtectionConference.objects.count() == 1


def test_an_initial_conference_needs_no_enquiry_that_already_led_to_one(child):
    enquiry = Section47EnquiryFactory(
        child=child, strategy_discussion__held_on=date(2023, 3, 7), started_on=date(2023, 3, 7)
    )
    services.conference_create(child=child, kind="initial", section47=enquiry, held_on=date(2023, 3, 20), by=None)
    # A year later the child moves in from another authority on a plan: a new initial conference.
    services.conference_create(child=child, kind="initial", held_on=date(2024, 3, 25), by=None)
    assert ChildProtectionConference.objects.count() == 2


def test_a_conference_before_any_enquiry_needs_no_link(child):
    Section47EnquiryFactory(child=child, started_on=date(2024, 4, 7))
    services.conference_create(child=child, kind="initial", held_on=date(2024, 3, 25), by=None)
    assert ChildProtectionConference.objects.count() == 1


def test_a_correction_of_the_conference_keeps_its_own_enquiry(child):
    enquiry = Section47EnquiryFactory(child=child, started_on=date(2024, 3, 7))
    conference = services.conference_create(
        child=child, kind="initial", section47=enquiry, held_on=date(2024, 3, 20), by=None
    )
    errors = rejected(
        services.conference_update,
        conference=conference,
        kind="initial",
        held_on=date(2024, 3, 21),
        section47=None,
        outcome="",
        participation="",
        by=None,
    )
    assert "choose it as the enquiry that led to this initial conference" in errors["section47"][0]
    conference.refresh_from_db()
    assert conference.section47 == enquiry


def test_an_enquiry_must_name_the_strategy_discussion_before_it(child):
    StrategyDiscussionFactory(child=child, held_on=date(2024, 3, 6))
    errors = rejected(services.section47_create, child=child, started_on=date(2024, 3, 7), by=None)
    assert errors["strategy_discussion"] == [
        "Ben had a strategy discussion on 6 March 2024: choose it as the discussion that started this enquiry, "
        "or record the discussion that did."
    ]
    assert not Section47Enquiry.objects.exists()


# --- Advocacy, missing, adoption, plans, dates in the future, codes -----------------------------------


def test_it_rejects_advocacy_that_ends_before_it_starts(child):
    errors = rejected(
        services.advocacy_create, child=child, started_on=date(2024, 4, 1), ended_on=date(2024, 3, 31), by=None
    )
    assert errors["ended_on"] == ["Advocacy cannot end before it starts (1 April 2024)."]
    assert not AdvocacyPeriod.objects.exists()


def test_it_rejects_advocacy_for_an_unborn_child(unborn):
    errors = rejected(services.advocacy_create, child=unborn, started_on=date(2024, 4, 1), by=None)
    assert errors["started_on"] == [
        "Baby is recorded as unborn: record the date of birth before the start of advocacy."
    ]
    assert not AdvocacyPeriod.objects.exists()


def test_it_rejects_advocacy_dated_in_the_future(child):
    errors = rejected(
        services.advocacy_create, child=child, started_on=tomorrow(), ended_on=tomorrow() + timedelta(days=1), by=None
    )
    assert errors["started_on"] == ["The start date cannot be in the future."]
    assert errors["ended_on"] == ["The end date cannot be in the future."]
    assert not AdvocacyPeriod.objects.exists()


def test_it_rejects_a_return_home_interview_completed_before_it_was_offered(child):
    errors = rejected(
        services.missing_episode_create,
        child=child,
        started_at=at(date(2024, 5, 1), 22),
        ended_at=at(date(2024, 5, 2), 9),
        interview_offered_at=at(date(2024, 5, 3), 10),
        interview_completed_at=at(date(2024, 5, 3), 9),
        by=None,
    )
    assert errors["interview_completed_at"] == [
        "The return home interview cannot be completed before it was offered (3 May 2024 at 10:00)."
    ]
    assert not MissingEpisode.objects.exists()


def test_it_rejects_an_adoption_with_no_step_dated(child):
    errors = rejected(services.adoption_create, child=child, by=None)
    assert errors["decision_on"] == [
        "Enter the date of at least one step: the decision, the placement order, the match, "
        "the move or the adoption order."
    ]
    assert not Adoption.objects.exists()


def test_it_rejects_a_period_of_care_that_ends_before_it_starts(child):
    errors = rejected(
        services.period_of_care_create,
        child=child,
        started_on=date(2024, 3, 4),
        ended_on=date(2024, 3, 3),
        reason_ceased="E4A",
        by=None,
    )
    assert errors["ended_on"] == ["A period of care cannot end before it starts (4 March 2024)."]
    assert not PeriodOfCare.objects.exists()


def test_it_rejects_a_child_in_need_plan_that_ends_before_it_starts(child):
    errors = rejected(
        services.cin_plan_create, child=child, started_on=date(2024, 3, 25), ended_on=date(2024, 3, 24), by=None
    )
    assert errors["ended_on"] == ["A plan cannot end before it starts (25 March 2024)."]
    assert not ChildInNeedPlan.objects.exists()


def test_it_rejects_a_strategy_discussion_in_the_future(child):
    errors = rejected(services.strategy_discussion_create, child=child, held_on=tomorrow(), by=None)
    assert errors["held_on"] == ["The date of the strategy discussion cannot be in the future."]
    assert not StrategyDiscussion.objects.exists()


def test_it_rejects_a_conference_in_the_future(child):
    errors = rejected(services.conference_create, child=child, kind="initial", held_on=tomorrow(), by=None)
    assert errors["held_on"] == ["The date of the conference cannot be in the future."]
    assert not ChildProtectionConference.objects.exists()


def test_it_rejects_a_legal_status_code_not_in_the_list(child):
    period = PeriodOfCareFactory(child=child, started_on=date(2024, 3, 4))
    errors = rejected(
        services.legal_status_create,
        child=child,
        period_of_care=period,
        started_on=date(2024, 3, 4),
        code="Z9",
        by=None,
    )
    assert errors["code"] == ["'Z9' is not a code in the list for legal status."]
    assert not LegalStatus.objects.exists()
