"""What each kind of record says on a child's chronology: its events, one per date it
carries. Events on the same day are ordered by the stage of the work they belong to (a
conference after the strategy discussion that led to it), then by time, then by the order
they were recorded, so the order is the same on every view. ``casework.records`` names each
kind's events; ``casework.chronology`` gathers them."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import models
from django.utils import timezone

from . import codes
from . import models as m
from .models import Allocation, CaseSupervision
from .validation import long_date


@dataclass(frozen=True)
class Event:
    day: date
    title: str
    record: models.Model
    stage: int
    moment: datetime | None = None
    details: list[str] = field(default_factory=list)

    @property
    def sort_key(self) -> tuple:
        time = timezone.localtime(self.moment).time() if self.moment else None
        return (self.day, self.stage, time.isoformat() if time else "", self.record.pk)

    @property
    def recorded_by(self) -> str:
        user = getattr(self.record, "recorded_by", None)
        if user is None:
            return ""
        return user.get_full_name() or user.username

    @property
    def imported_from(self) -> str:
        """'Imported: SSDA903 return, 2024 episodes row 12' for a record from a statutory return."""
        source = getattr(self.record, "source", "")
        if source not in (codes.Source.SSDA903, codes.Source.CIN_CENSUS):
            return ""
        label = codes.Source(source).label
        reference = getattr(self.record, "source_reference", "")
        return f"Imported: {label}" + (f", {reference}" if reference else "")

    @property
    def when(self) -> str:
        return long_date(self.moment) if self.moment else long_date(self.day)

    @property
    def datetime_attribute(self) -> str:
        """The moment (local time) or the day, as the ``datetime`` attribute of a ``<time>``."""
        if self.moment is None:
            return self.day.isoformat()
        return (timezone.localtime(self.moment) if timezone.is_aware(self.moment) else self.moment).isoformat()


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


# Each record type: the events it gives. Stages order same-day events.


def contact_events(contact: m.Contact) -> Iterator[Event]:
    details = [f"Source: {contact.get_source_of_contact_display()}"]
    if contact.decision:
        details.append(f"Decision: {contact.get_decision_display()}, {long_date(contact.decided_at)}")
    else:
        details.append("Decision: not yet made")
    yield Event(_day(contact.received_at), "Contact received", contact, 10, contact.received_at, details)


def referral_events(referral: m.Referral) -> Iterator[Event]:
    details = [f"Source: {referral.get_source_of_referral_display()}"]
    if referral.contact_id:
        details.append("From the contact of " + long_date(referral.contact.received_at))
    yield Event(referral.received_on, "Referral", referral, 20, details=details)
    if referral.closed_on:
        yield Event(referral.closed_on, "Case closed", referral, 95)


def assessment_events(assessment: m.Assessment) -> Iterator[Event]:
    seen = long_date(assessment.child_seen_on) if assessment.child_seen_on else "not yet"
    yield Event(assessment.started_on, "Assessment started", assessment, 30, details=[f"Child seen: {seen}"])
    if assessment.authorised_on:
        outcome = assessment.get_outcome_display() or "not recorded"
        factors = ", ".join(assessment.factors or []) or "not recorded"
        details = [f"Outcome: {outcome}", f"Factors identified: {factors}"]
        yield Event(assessment.authorised_on, "Assessment completed", assessment, 35, details=details)


def strategy_events(discussion: m.StrategyDiscussion) -> Iterator[Event]:
    yield Event(discussion.held_on, "Strategy discussion", discussion, 40)


def section47_events(enquiry: m.Section47Enquiry) -> Iterator[Event]:
    seen = long_date(enquiry.child_seen_on) if enquiry.child_seen_on else "not yet"
    yield Event(enquiry.started_on, "Section 47 enquiry started", enquiry, 45, details=[f"Child seen: {seen}"])
    if enquiry.completed_on:
        outcome = enquiry.get_outcome_display() or "not recorded"
        yield Event(enquiry.completed_on, "Section 47 enquiry completed", enquiry, 46, details=[f"Outcome: {outcome}"])


def conference_events(conference: m.ChildProtectionConference) -> Iterator[Event]:
    details = []
    if conference.outcome:
        details.append(f"Outcome: {conference.get_outcome_display()}")
    if conference.participation:
        details.append(f"Child's participation: {conference.get_participation_display()}")
    title = f"{conference.get_kind_display()} child protection conference"
    yield Event(conference.held_on, title, conference, 50, details=details)


def cp_plan_events(plan: m.ChildProtectionPlan) -> Iterator[Event]:
    details = [f"Category: {plan.get_category_display()}"]
    yield Event(plan.started_on, "Child protection plan started", plan, 55, details=details)
    if plan.ended_on:
        yield Event(plan.ended_on, "Child protection plan ended", plan, 54)


def cp_visit_events(visit: m.ChildProtectionVisit) -> Iterator[Event]:
    details = [f"Seen alone: {_yes_no(visit.seen_alone)}"]
    yield Event(visit.visited_on, "Child protection visit", visit, 60, details=details)


def cin_plan_events(plan: m.ChildInNeedPlan) -> Iterator[Event]:
    yield Event(plan.started_on, "Child in need plan started", plan, 52)
    if plan.ended_on:
        yield Event(plan.ended_on, "Child in need plan ended", plan, 51)


def cin_review_events(review: m.ChildInNeedPlanReview) -> Iterator[Event]:
    yield Event(review.reviewed_on, "Child in need plan review", review, 53)


def advocacy_events(advocacy: m.AdvocacyPeriod) -> Iterator[Event]:
    yield Event(advocacy.started_on, "Advocate started", advocacy, 62)
    if advocacy.ended_on:
        yield Event(advocacy.ended_on, "Advocacy ended", advocacy, 61)


def period_of_care_events(period: m.PeriodOfCare) -> Iterator[Event]:
    yield Event(period.started_on, "Became looked after", period, 70)
    if period.ended_on:
        reason = period.get_reason_ceased_display() or "reason not recorded"
        yield Event(period.ended_on, "Ceased to be looked after", period, 69, details=[reason])


def legal_status_events(status: m.LegalStatus) -> Iterator[Event]:
    yield Event(status.started_on, f"Legal status {status.get_code_display()}", status, 71)


def placement_events(placement: m.Placement) -> Iterator[Event]:
    details = [f"Long-term: {_yes_no(placement.is_long_term)}"]
    if placement.carer_id:
        details.append(f"Carer: {placement.carer}")
    elif placement.carer_reference:
        details.append(f"Carer or setting: {placement.carer_reference}")
    if placement.provider:
        details.append(placement.get_provider_display())
    yield Event(
        placement.started_on, f"Placement {placement.get_placement_type_display()}", placement, 72, details=details
    )
    if placement.ended_on:
        yield Event(placement.ended_on, f"Placement ended ({placement.placement_type})", placement, 68)


def statutory_visit_events(visit: m.StatutoryVisit) -> Iterator[Event]:
    yield Event(visit.visited_on, "Statutory visit", visit, 75, details=[f"Seen alone: {_yes_no(visit.seen_alone)}"])


def review_events(review: m.LookedAfterReview) -> Iterator[Event]:
    details = [review.get_participation_display()] if review.participation else []
    yield Event(review.held_on, "Looked-after review", review, 76, details=details)


def missing_events(episode: m.MissingEpisode) -> Iterator[Event]:
    went = "Went missing" if episode.kind == codes.MissingKind.MISSING else "Absent from placement"
    yield Event(_day(episode.started_at), went, episode, 80, episode.started_at)
    if episode.ended_at:
        yield Event(_day(episode.ended_at), "Returned", episode, 81, episode.ended_at)
    if episode.interview_offered_at:
        offered = episode.interview_offered_at
        yield Event(_day(offered), "Return home interview offered", episode, 82, offered)
    if episode.interview_completed_at:
        completed = episode.interview_completed_at
        yield Event(_day(completed), "Return home interview completed", episode, 83, completed)


def proceedings_events(proceedings: m.CareProceedings) -> Iterator[Event]:
    yield Event(proceedings.issued_on, "Care proceedings issued", proceedings, 66)
    if proceedings.concluded_on:
        outcome = proceedings.get_outcome_display() or "not recorded"
        yield Event(
            proceedings.concluded_on, "Care proceedings concluded", proceedings, 67, details=[f"Outcome: {outcome}"]
        )


def pre_proceedings_events(pre: m.PreProceedings) -> Iterator[Event]:
    yield Event(pre.started_on, "Pre-proceedings (PLO) started", pre, 64)
    if pre.ended_on:
        yield Event(pre.ended_on, "Pre-proceedings (PLO) ended", pre, 63)


_ADOPTION_EVENTS = [
    ("decision_on", "Decision that the child should be placed for adoption"),
    ("placement_order_on", "Placement order"),
    ("matched_on", "Matched with adopters"),
    ("moved_in_on", "Moved in with adoptive family"),
    ("adoption_order_on", "Adoption order"),
    ("ceased_on", "No longer placed for adoption"),
]


def adoption_events(adoption: m.Adoption) -> Iterator[Event]:
    for stage, (name, title) in enumerate(_ADOPTION_EVENTS):
        day = getattr(adoption, name)
        if day:
            yield Event(day, title, adoption, 85 + stage)


def pathway_events(review: m.PathwayPlanReview) -> Iterator[Event]:
    yield Event(review.reviewed_on, "Pathway plan review", review, 92)


def birthday_events(record: m.CareLeaverBirthdayRecord) -> Iterator[Event]:
    details = [record.get_activity_display(), record.get_accommodation_display()]
    if record.in_touch:
        details.append(record.get_in_touch_display())
    yield Event(record.birthday_on, f"{record.get_age_display()} birthday", record, 93, details=details)


def audit_events(audit: m.CaseAudit) -> Iterator[Event]:
    details = [
        f"Case type: {audit.get_case_type_display()}",
        f"Views and wishes standard met: {_yes_no(audit.views_and_wishes_met)}",
    ]
    if audit.auditor_id:
        details.append(f"Auditor: {audit.auditor.get_full_name() or audit.auditor.username}")
    yield Event(audit.audited_on, f"Case audit: {audit.get_grade_display()}", audit, 97, details=details)


def allocation_events(allocation: Allocation) -> Iterator[Event]:
    title = f"Allocated to {allocation.worker} ({allocation.team})"
    yield Event(allocation.started_on, title, allocation, 5)
    if allocation.ended_on:
        # Before the next allocation of the same day (a transfer), which shows above it.
        yield Event(allocation.ended_on, f"Allocation to {allocation.worker} ended", allocation, 4)


def supervision_events(supervision: CaseSupervision) -> Iterator[Event]:
    details = []
    if supervision.supervisor_id:
        details.append(f"Supervisor: {supervision.supervisor.get_full_name() or supervision.supervisor.username}")
    if supervision.notes:
        details.append(supervision.notes)
    yield Event(supervision.supervised_on, "Case supervision", supervision, 98, details=details)
