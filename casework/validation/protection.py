"""Child protection and child in need."""

from datetime import date

from django.db.models import Q

from .. import codes
from .base import (
    _child,
    _codes,
    _end_not_before_start,
    _Errors,
    _linked_after,
    _name,
    _no_overlap,
    _not_after,
    _not_before,
    _not_future,
    _records_outside,
    _same_child,
    _unlinked_predecessor,
    long_date,
)


def strategy_discussion_errors(discussion) -> None:
    errors = _Errors()
    _not_future(errors, discussion, {"held_on": "date of the strategy discussion"})
    if discussion.pk:
        from ..models import Section47Enquiry

        _linked_after(
            errors,
            "held_on",
            Section47Enquiry.objects.filter(strategy_discussion_id=discussion.pk),
            "started_on",
            discussion.held_on,
            "A section 47 enquiry from this discussion started on {date}, before this date.",
        )
    errors.raise_if_any()


def section47_errors(enquiry) -> None:
    errors = _Errors()
    _codes(errors, enquiry)
    _not_future(
        errors,
        enquiry,
        {"started_on": "start date", "child_seen_on": "date the child was seen", "completed_on": "completion date"},
    )
    _not_before(
        errors,
        enquiry,
        "child_seen_on",
        enquiry.started_on,
        "The date the child was seen cannot be before the enquiry started ({date}).",
    )
    _end_not_before_start(
        errors, enquiry, "started_on", "completed_on", "The enquiry cannot be completed before it started ({date})."
    )
    if enquiry.outcome and not enquiry.completed_on and not errors.has("completed_on"):
        errors.add("completed_on", "Enter the date the enquiry was completed to record its outcome.")
    if not enquiry.strategy_discussion_id:
        from ..models import StrategyDiscussion

        _unlinked_predecessor(
            errors,
            enquiry,
            "strategy_discussion",
            StrategyDiscussion.objects.filter(held_on__lte=enquiry.started_on) if enquiry.started_on else None,
            "held_on",
            type(enquiry).objects.all(),
            "strategy_discussion",
            "{name} had a strategy discussion on {date}: choose it as the discussion that started this "
            "enquiry, or record the discussion that did.",
        )
    if enquiry.strategy_discussion_id and _same_child(errors, enquiry, "strategy_discussion", "strategy discussion"):
        _not_before(
            errors,
            enquiry,
            "started_on",
            enquiry.strategy_discussion.held_on,
            "The enquiry cannot start before the strategy discussion that started it ({date}).",
        )
    if enquiry.pk:
        from ..models import ChildProtectionConference

        _linked_after(
            errors,
            "started_on",
            ChildProtectionConference.objects.filter(section47_id=enquiry.pk),
            "held_on",
            enquiry.started_on,
            "The conference that followed this enquiry was held on {date}, before this start date.",
        )
    errors.raise_if_any()


_INITIAL_OUTCOMES = {codes.ConferenceOutcome.PLAN, codes.ConferenceOutcome.NO_PLAN}
_REVIEW_OUTCOMES = {codes.ConferenceOutcome.PLAN_CONTINUES, codes.ConferenceOutcome.PLAN_ENDS}


def conference_errors(conference) -> None:
    from ..models import ChildProtectionPlan

    errors = _Errors()
    _codes(errors, conference)
    _not_future(errors, conference, {"held_on": "date of the conference"})
    initial = conference.kind == codes.ConferenceKind.INITIAL
    review = conference.kind == codes.ConferenceKind.REVIEW
    if conference.outcome and not errors.has("outcome"):
        if initial and conference.outcome not in _INITIAL_OUTCOMES:
            errors.add("outcome", "An initial conference decides whether there will be a plan: choose one of those.")
        if review and conference.outcome not in _REVIEW_OUTCOMES:
            errors.add(
                "outcome", "A review conference decides whether the plan continues or ends: choose one of those."
            )
    if initial and not conference.section47_id:
        from ..models import Section47Enquiry

        # An initial conference follows a section 47 enquiry: linked, it is checked against
        # the enquiry and its strategy discussion below. (With no enquiry before it, such as
        # a child moving in on a plan from another authority, it needs no link.)
        _unlinked_predecessor(
            errors,
            conference,
            "section47",
            # Enquiries that led, or may yet lead, to an initial conference.
            Section47Enquiry.objects.filter(
                Q(outcome="") | Q(outcome=codes.Section47Outcome.INITIAL_CONFERENCE), started_on__lte=conference.held_on
            )
            if conference.held_on
            else None,
            "started_on",
            type(conference).objects.filter(kind=codes.ConferenceKind.INITIAL),
            "section47",
            "{name} had a section 47 enquiry from {date}: choose it as the enquiry that led to this "
            "initial conference, or record the enquiry that did.",
        )
    if conference.section47_id and _same_child(errors, conference, "section47", "section 47 enquiry"):
        if review:
            errors.add("section47", "Only an initial conference follows a section 47 enquiry.")
        enquiry = conference.section47
        if enquiry.strategy_discussion_id:
            _not_before(
                errors,
                conference,
                "held_on",
                enquiry.strategy_discussion.held_on,
                "The conference cannot be before its strategy discussion ({date}).",
            )
        _not_before(
            errors,
            conference,
            "held_on",
            enquiry.started_on,
            "The conference cannot be before the section 47 enquiry started ({date}).",
        )
    child = _child(conference)
    if review and conference.held_on and child is not None and not errors.has("held_on"):
        on_plan = ChildProtectionPlan.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=conference.held_on),
            child=child,
            started_on__lte=conference.held_on,
        ).exists()
        if not on_plan:
            errors.add(
                "held_on",
                f"A review conference is for a child on a child protection plan: {_name(child)} had no plan "
                f"on {long_date(conference.held_on)}. Record the plan first, or choose an initial conference.",
            )
    took_part = conference.participation not in ("", codes.Participation.DID_NOT_PARTICIPATE)
    unborn_then = (
        child is not None
        and conference.held_on is not None
        and (child.date_of_birth is None or conference.held_on < child.date_of_birth)
    )
    if took_part and unborn_then and not errors.has("participation"):
        errors.add(
            "participation",
            f"{_name(child)} was not yet born at the conference: choose 'Did not participate' or leave it empty.",
        )
    errors.raise_if_any()


def cp_plan_errors(plan) -> None:
    from ..models import ChildProtectionPlan, ChildProtectionVisit

    errors = _Errors()
    _codes(errors, plan)
    _not_future(errors, plan, {"started_on": "start date", "ended_on": "end date"})
    _end_not_before_start(errors, plan, "started_on", "ended_on", "A plan cannot end before it starts ({date}).")
    if _child(plan) is not None:
        _no_overlap(
            errors,
            plan,
            ChildProtectionPlan.objects.filter(child_id=plan.child_id),
            "child protection plan",
            "a child is on one child protection plan at a time.",
        )
    if plan.pk:
        visits = ChildProtectionVisit.objects.filter(plan_id=plan.pk)
        message = "A visit under this plan on {date} would fall outside the plan. Correct the visit first."
        if plan.started_on:
            _records_outside(errors, "started_on", visits, "visited_on", plan.started_on, None, message)
        if plan.ended_on:
            _records_outside(errors, "ended_on", visits, "visited_on", date.min, plan.ended_on, message)
    errors.raise_if_any()


def cp_visit_errors(visit) -> None:
    errors = _Errors()
    _not_future(errors, visit, {"visited_on": "visit date"})
    if visit.plan_id and _same_child(errors, visit, "plan", "plan"):
        _not_before(
            errors,
            visit,
            "visited_on",
            visit.plan.started_on,
            "The visit date cannot be before the plan started ({date}).",
        )
        _not_after(
            errors, visit, "visited_on", visit.plan.ended_on, "The visit date cannot be after the plan ended ({date})."
        )
    errors.raise_if_any()


def cin_plan_errors(plan) -> None:
    from ..models import ChildInNeedPlan

    errors = _Errors()
    _not_future(errors, plan, {"started_on": "start date", "ended_on": "end date"})
    _end_not_before_start(errors, plan, "started_on", "ended_on", "A plan cannot end before it starts ({date}).")
    if _child(plan) is not None:
        _no_overlap(
            errors,
            plan,
            ChildInNeedPlan.objects.filter(child_id=plan.child_id),
            "child in need plan",
            "a child has one child in need plan at a time.",
        )
    errors.raise_if_any()


def cin_plan_review_errors(review) -> None:
    errors = _Errors()
    _not_future(errors, review, {"reviewed_on": "review date"})
    if review.plan_id and _same_child(errors, review, "plan", "plan"):
        _not_before(
            errors,
            review,
            "reviewed_on",
            review.plan.started_on,
            "The review date cannot be before the plan started ({date}).",
        )
        _not_after(
            errors,
            review,
            "reviewed_on",
            review.plan.ended_on,
            "The review date cannot be after the plan ended ({date}).",
        )
    errors.raise_if_any()


def advocacy_errors(advocacy) -> None:
    errors = _Errors()
    _not_future(errors, advocacy, {"started_on": "start date", "ended_on": "end date"})
    _end_not_before_start(errors, advocacy, "started_on", "ended_on", "Advocacy cannot end before it starts ({date}).")
    errors.raise_if_any()
