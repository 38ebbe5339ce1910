"""A child's story at the front door: contacts, decisions, referral and assessment."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from core.periods import anniversary, is_working_day
from workforce.models import TeamType

from .. import codes
from ..models import (
    Assessment,
    Contact,
    Referral,
)
from .constants import (
    ASSESSMENT_OUTCOMES,
    ASSESSMENT_OUTCOMES_AFTER_A_PLAN,
    CARE,
    CIN,
    CLOSED,
    CONTACT_SOURCES,
    CP,
    LEAVING_CARE,
    OPEN,
    PRIMARY_NEEDS,
    REASONS_FOR_CLOSURE,
    UNBORN_OUTCOMES,
)
from .needs import CLOSED_AFTER_ASSESSMENT, assessment_factors
from .tools import settled


class FrontDoorStory:
    """A child's story at the front door: contacts, decisions, referral and assessment.

    A part of ``Story``, which holds its state.
    """

    # --- Front door ---------------------------------------------------------------------

    def front_door(self, day: date) -> None:
        """Contacts until one becomes a referral; after a case closes the child may come back."""
        g = self.g
        rng = g.rng
        came_back = False
        while day < g.today:
            if self.is_born(day) and self.age(day) >= 18:
                return
            source = g.choose(CONTACT_SOURCES)
            contact, decision, decided_on = self.contact(day, source, came_back=came_back)
            if decision is None:
                return
            if decision == codes.ContactDecision.REFERRAL:
                referral = g.writer.reserve(Referral)
                closed = self.follow(*self.assessment(decided_on, referral))
                self.add(
                    Referral,
                    pk=referral,
                    received_on=decided_on,
                    contact_id=contact,
                    source_of_referral=source,
                    closed_on=closed,
                    primary_need=settled(PRIMARY_NEEDS, referral),
                    reason_for_closure=(self.closed_after_assessment or settled(REASONS_FOR_CLOSURE, referral))
                    if closed
                    else "",
                )
                if closed is None or self.forced or self.leaving_care:
                    return
                # Half the families come back, most of them within a year of the referral
                # (FD 8 counts a referral with another in the twelve months before it).
                if rng.random() >= 0.5:
                    return
                came_back = True
                gap = rng.randrange(30, 365) if rng.random() < 0.62 else rng.randrange(365, 365 * 4)
                day = max(closed + timedelta(days=rng.randrange(7, 30)), decided_on + timedelta(days=gap))
            else:
                if rng.random() >= 0.33:
                    return
                day = day + timedelta(days=14 + int(rng.expovariate(1 / 300)))

    def contact(self, day: date, source: str, came_back: bool = False):
        """A contact received on ``day``: (pk, decision or None if not yet decided, decision date)."""
        g = self.g
        rng = g.rng
        working = is_working_day(day)
        hour = rng.randrange(8, 18) if working and rng.random() < 0.85 else rng.randrange(0, 24)
        received = g.moment(day, hour, rng.randrange(60))
        if self.forced.get("decision"):
            decision = self.forced["decision"]
        else:
            roll = rng.random()
            referral_share = 0.75 if came_back else 0.2
            if roll < referral_share:
                decision = codes.ContactDecision.REFERRAL
            elif roll < referral_share + (1 - referral_share) * 0.27:
                decision = codes.ContactDecision.EARLY_HELP
            elif roll < referral_share + (1 - referral_share) * 0.6:
                decision = codes.ContactDecision.INFORMATION_AND_ADVICE
            else:
                decision = codes.ContactDecision.NO_FURTHER_ACTION
        decided = self.decision_time(day, received, urgent=decision == codes.ContactDecision.REFERRAL)
        if decided >= g.cutoff:
            decision, decided = None, None
        pk = self.add(
            Contact,
            received_at=received,
            source_of_contact=source,
            decision=decision or "",
            decided_at=decided,
        )
        return pk, decision, decided.date() if decided else None

    def decision_time(self, day: date, received: datetime, urgent: bool = False) -> datetime:
        """Most contacts are decided the same or the next working day (FD 3)."""
        g = self.g
        rng = g.rng
        late = 0.09 * g.pressure(day) * (0.6 if urgent else 1)
        if rng.random() < late:
            when = g.wd(day, rng.randrange(2, 7))
            return g.moment(when, rng.randrange(9, 18), rng.randrange(60))
        if is_working_day(day) and received.hour < 16 and rng.random() < 0.6:
            return received + timedelta(minutes=rng.randrange(30, 60 * 5))
        when = g.wd(day, 1)
        return g.moment(when, rng.randrange(9, 18), rng.randrange(60))

    def contacts_while_open(self) -> None:
        """Police notifications, school concerns and the like about a child already open:
        passed to the allocated worker, never a new referral."""
        g = self.g
        rng = g.rng
        for start, end, _ in self.open_windows:
            start = max(start, g.casework_start)
            until = min(end or g.today, g.today, anniversary(self.dob, 18))
            if until <= start:
                continue
            for _ in range(g.poisson((until - start).days / 365 * 2.2)):
                day = start + timedelta(days=int(rng.random() * (until - start).days))
                if not self.is_born(day) and rng.random() < 0.7:
                    continue
                received = g.moment(day, rng.randrange(0, 24), rng.randrange(60))
                decided = self.decision_time(day, received)
                decision = codes.ContactDecision.INFORMATION_AND_ADVICE if rng.random() < 0.6 else "NFA"
                if decided >= g.cutoff:
                    decision, decided = "", None
                self.add(
                    Contact,
                    received_at=received,
                    source_of_contact=g.choose(CONTACT_SOURCES),
                    decision=decision,
                    decided_at=decided,
                )

    # --- Assessment and child protection enquiries ----------------------------------------

    def follow(self, state: str, at: date | None) -> date | None:
        """Play the case on from a stage; the date it closed, or None if open today."""
        while True:
            if state == CLOSED:
                return at
            if state == OPEN:
                return None
            if state == CP:
                state, at = self.cp_plan(at)
            elif state == CIN:
                state, at = self.cin_plan(at)
            elif state == CARE:
                state, at = self.care(at, route=self.route)
            elif state == LEAVING_CARE:
                state, at = self.leave_care(at)

    def seen_on(self, day: date) -> date | None:
        """The day the child was seen, if it has come and the child had been born by then."""
        if day > self.g.today or not self.is_born(day):
            return None
        return day

    def assessment(self, referral_on: date, referral: int) -> tuple[str, date | None]:
        g = self.g
        rng = g.rng
        # A case closed on the assessment's completion: the census's reason (RC8 no further action, RC9
        # early help; DfE rule 8873Q wants one of them where "21", no factors, closes the only assessment).
        self.closed_after_assessment = ""
        start = g.wd(referral_on, g.choice((0, 0, 0, 0, 1, 1, 2, 3)))
        if start > g.today:
            return OPEN, None
        pressure = g.pressure(start)
        seen = g.wd(start, rng.randrange(0, 11) if rng.random() > 0.1 * pressure else rng.randrange(11, 26))
        roll = rng.random()
        if self.forced:
            working_days = rng.randrange(10, 40)
        elif roll < 0.1 * pressure:
            working_days = rng.randrange(46, 90)
        elif roll < 0.1 * pressure + 0.2:
            working_days = rng.randrange(36, 46)
        else:
            working_days = rng.randrange(8, 36)
        authorised = g.wd(start, working_days)
        unborn = not self.is_born(start)
        if unborn:
            outcomes = UNBORN_OUTCOMES
        else:
            outcomes = ASSESSMENT_OUTCOMES_AFTER_A_PLAN if self.cp_plans else ASSESSMENT_OUTCOMES
        outcome = self.forced.get("assessment") or g.choose(outcomes)
        if outcome == "lac" and (unborn or not self.is_born(authorised)):
            outcome = "cin"
        if outcome == "strategy":
            discussion_on = g.wd(start, g.choice((0, 0, 1, 2, 3, 5)))
            if discussion_on > g.today:
                self.write_assessment(referral, start, seen, None, "")
                self.segment(TeamType.ASSESSMENT, start, None)
                return OPEN, None
            state, at, completed = self.section47(discussion_on)
            authorised = max(authorised, completed or authorised)
            if state == CLOSED and at is not None:
                # The case closes once the assessment is done (DfE rules 8565, 8867).
                at = max(at, authorised)
        elif outcome == "cin":
            state, at = CIN, authorised + timedelta(days=rng.randrange(0, 6))
        elif outcome == "lac":
            self.route = "s20" if self.age(authorised) >= 10 else "emergency"
            state, at = CARE, authorised
        else:
            state, at = CLOSED, authorised
            self.closed_after_assessment = CLOSED_AFTER_ASSESSMENT.get(outcome, "")
        if authorised > g.today:
            self.write_assessment(referral, start, seen, None, "")
        else:
            self.write_assessment(referral, start, seen, authorised, outcome)
        if at is not None and at > g.today:
            state, at = OPEN, None
        gap = 0 if rng.random() < 0.7 else rng.randrange(1, 4)
        self.segment(TeamType.ASSESSMENT, start + timedelta(days=gap), at if state != OPEN else None)
        return state, at

    def write_assessment(self, referral: int, start: date, seen: date, authorised: date | None, outcome: str):
        factors = assessment_factors(self.pk, start, outcome, not self.is_born(start)) if authorised else []
        self.add(
            Assessment,
            referral_id=referral,
            started_on=start,
            child_seen_on=self.seen_on(seen),
            authorised_on=authorised,
            outcome=outcome,
            factors=factors,
        )
