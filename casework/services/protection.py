"""Child protection and child in need: strategy discussions, section 47 enquiries,
conferences, plans, visits, reviews, advocacy."""

from datetime import date

from django.contrib.auth.models import User

from ..models import (
    AdvocacyPeriod,
    Child,
    ChildInNeedPlan,
    ChildInNeedPlanReview,
    ChildProtectionConference,
    ChildProtectionPlan,
    ChildProtectionVisit,
    Section47Enquiry,
    StrategyDiscussion,
)
from .saving import MANUAL, _save, _update


def strategy_discussion_create(
    *, child: Child, held_on: date, by: User | None, source: str = MANUAL, source_reference: str = ""
) -> StrategyDiscussion:
    discussion = StrategyDiscussion(child=child, held_on=held_on, source=source, source_reference=source_reference)
    return _save(discussion, by=by)


def strategy_discussion_update(
    *, strategy_discussion: StrategyDiscussion, held_on: date, by: User | None
) -> StrategyDiscussion:
    return _update(strategy_discussion, by=by, held_on=held_on)


def section47_create(
    *,
    child: Child,
    started_on: date,
    strategy_discussion: StrategyDiscussion | None = None,
    child_seen_on: date | None = None,
    outcome: str = "",
    completed_on: date | None = None,
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> Section47Enquiry:
    enquiry = Section47Enquiry(
        child=child,
        started_on=started_on,
        strategy_discussion=strategy_discussion,
        child_seen_on=child_seen_on,
        outcome=outcome,
        completed_on=completed_on,
        source=source,
        source_reference=source_reference,
    )
    return _save(enquiry, by=by)


def section47_update(
    *,
    enquiry: Section47Enquiry,
    started_on: date,
    strategy_discussion: StrategyDiscussion | None,
    child_seen_on: date | None,
    outcome: str,
    completed_on: date | None,
    by: User | None,
) -> Section47Enquiry:
    return _update(
        enquiry,
        by=by,
        started_on=started_on,
        strategy_discussion=strategy_discussion,
        child_seen_on=child_seen_on,
        outcome=outcome,
        completed_on=completed_on,
    )


def conference_create(
    *,
    child: Child,
    kind: str,
    held_on: date,
    section47: Section47Enquiry | None = None,
    outcome: str = "",
    participation: str = "",
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> ChildProtectionConference:
    conference = ChildProtectionConference(
        child=child,
        kind=kind,
        held_on=held_on,
        section47=section47,
        outcome=outcome,
        participation=participation,
        source=source,
        source_reference=source_reference,
    )
    return _save(conference, by=by)


def conference_update(
    *,
    conference: ChildProtectionConference,
    kind: str,
    held_on: date,
    section47: Section47Enquiry | None,
    outcome: str,
    participation: str,
    by: User | None,
) -> ChildProtectionConference:
    return _update(
        conference,
        by=by,
        kind=kind,
        held_on=held_on,
        section47=section47,
        outcome=outcome,
        participation=participation,
    )


def cp_plan_create(
    *,
    child: Child,
    started_on: date,
    category: str,
    ended_on: date | None = None,
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> ChildProtectionPlan:
    plan = ChildProtectionPlan(
        child=child,
        started_on=started_on,
        ended_on=ended_on,
        category=category,
        source=source,
        source_reference=source_reference,
    )
    return _save(plan, by=by)


def cp_plan_update(
    *, plan: ChildProtectionPlan, started_on: date, ended_on: date | None, category: str, by: User | None
) -> ChildProtectionPlan:
    return _update(plan, by=by, started_on=started_on, ended_on=ended_on, category=category)


def cp_visit_create(
    *,
    child: Child,
    plan: ChildProtectionPlan,
    visited_on: date,
    seen_alone: bool = False,
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> ChildProtectionVisit:
    visit = ChildProtectionVisit(
        child=child,
        plan=plan,
        visited_on=visited_on,
        seen_alone=seen_alone,
        source=source,
        source_reference=source_reference,
    )
    return _save(visit, by=by)


def cp_visit_update(
    *, visit: ChildProtectionVisit, plan: ChildProtectionPlan, visited_on: date, seen_alone: bool, by: User | None
) -> ChildProtectionVisit:
    return _update(visit, by=by, plan=plan, visited_on=visited_on, seen_alone=seen_alone)


def cin_plan_create(
    *,
    child: Child,
    started_on: date,
    ended_on: date | None = None,
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> ChildInNeedPlan:
    plan = ChildInNeedPlan(
        child=child, started_on=started_on, ended_on=ended_on, source=source, source_reference=source_reference
    )
    return _save(plan, by=by)


def cin_plan_update(
    *, plan: ChildInNeedPlan, started_on: date, ended_on: date | None, by: User | None
) -> ChildInNeedPlan:
    return _update(plan, by=by, started_on=started_on, ended_on=ended_on)


def cin_plan_review_create(
    *,
    child: Child,
    plan: ChildInNeedPlan,
    reviewed_on: date,
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> ChildInNeedPlanReview:
    review = ChildInNeedPlanReview(
        child=child, plan=plan, reviewed_on=reviewed_on, source=source, source_reference=source_reference
    )
    return _save(review, by=by)


def cin_plan_review_update(
    *, review: ChildInNeedPlanReview, plan: ChildInNeedPlan, reviewed_on: date, by: User | None
) -> ChildInNeedPlanReview:
    return _update(review, by=by, plan=plan, reviewed_on=reviewed_on)


def advocacy_create(
    *,
    child: Child,
    started_on: date,
    ended_on: date | None = None,
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> AdvocacyPeriod:
    advocacy = AdvocacyPeriod(
        child=child, started_on=started_on, ended_on=ended_on, source=source, source_reference=source_reference
    )
    return _save(advocacy, by=by)


def advocacy_update(
    *, advocacy: AdvocacyPeriod, started_on: date, ended_on: date | None, by: User | None
) -> AdvocacyPeriod:
    return _update(advocacy, by=by, started_on=started_on, ended_on=ended_on)
