"""A child's story under protection or in need: section 47 enquiries, conferences, plans, advocacy, proceedings."""

from __future__ import annotations

import random
from datetime import date, timedelta

from core.periods import add_months
from workforce.models import TeamType

from .. import codes
from ..models import (
    AdvocacyPeriod,
    CareProceedings,
    ChildInNeedPlan,
    ChildInNeedPlanReview,
    ChildProtectionConference,
    ChildProtectionPlan,
    PreProceedings,
    Section47Enquiry,
    StrategyDiscussion,
)
from .constants import (
    ABUSE_CATEGORIES,
    AT_HOME_OUTCOMES,
    CARE,
    CIN,
    CLOSED,
    CONFERENCE_PARTICIPATION,
    CP,
    CP_END_AT_REVIEW,
    OPEN,
    S47_OUTCOMES,
    S47_OUTCOMES_UNBORN,
)


class ProtectionStory:
    """A child's story under protection or in need: section 47 enquiries, conferences, plans, advocacy, proceedings.

    A part of ``Story``, which holds its state.
    """

    def section47(self, discussion_on: date) -> tuple[str, date | None, date | None]:
        """Strategy discussion, enquiry and (maybe) an initial conference: (state, date, completed)."""
        g = self.g
        rng = g.rng
        discussion = self.add(StrategyDiscussion, held_on=discussion_on)
        start = discussion_on if rng.random() < 0.85 else g.wd(discussion_on, 1)
        if start > g.today:
            return OPEN, None, None
        pressure = g.pressure(start)
        seen = g.wd(start, g.choice((0, 0, 1)) if rng.random() > 0.15 * pressure else rng.randrange(2, 7))
        completed = g.wd(start, rng.randrange(5, 16))
        unborn = not self.is_born(start)
        outcomes = S47_OUTCOMES_UNBORN if unborn or self.cp_plans else S47_OUTCOMES
        outcome = self.forced.get("section47") or g.choose(outcomes)
        if completed > g.today:
            self.add(
                Section47Enquiry, strategy_discussion_id=discussion, started_on=start, child_seen_on=self.seen_on(seen)
            )
            return OPEN, None, None
        enquiry = self.add(
            Section47Enquiry,
            strategy_discussion_id=discussion,
            started_on=start,
            child_seen_on=self.seen_on(seen),
            outcome=outcome,
            completed_on=completed,
        )
        if outcome == "cin":
            return CIN, completed, completed
        if outcome == "nfa":
            return CLOSED, completed, completed
        late = rng.random() < 0.17 * pressure
        held_on = max(completed, g.wd(discussion_on, rng.randrange(16, 31) if late else rng.randrange(7, 16)))
        if held_on > g.today:
            return OPEN, None, completed
        plan = self.forced.get("plan") or rng.random() < 0.88
        self.add(
            ChildProtectionConference,
            kind=codes.ConferenceKind.INITIAL,
            held_on=held_on,
            section47_id=enquiry,
            outcome=codes.ConferenceOutcome.PLAN if plan else codes.ConferenceOutcome.NO_PLAN,
            participation=self.participation(held_on),
        )
        if plan:
            return CP, held_on, completed
        return (CIN if rng.random() < 0.6 else CLOSED), held_on, completed

    def participation(self, day: date) -> str:
        if not self.is_born(day) or self.age(day) < 4:
            return codes.Participation.DID_NOT_PARTICIPATE
        return self.g.choose(CONFERENCE_PARTICIPATION)

    # --- Plans ---------------------------------------------------------------------------

    def cp_plan(self, start: date, initial_conference: bool = False) -> tuple[str, date | None]:
        g = self.g
        rng = g.rng
        plan = g.writer.reserve(ChildProtectionPlan)
        if initial_conference:
            self.add(
                ChildProtectionConference,
                kind=codes.ConferenceKind.INITIAL,
                held_on=start,
                outcome=codes.ConferenceOutcome.PLAN,
                participation=self.participation(start),
            )
        pre_proceedings_on = None
        if not self.forced and rng.random() < 0.22:
            pre_proceedings_on = start + timedelta(days=rng.randrange(45, 330))
        due = add_months(start, 3)
        reviews = 0
        end, state = None, OPEN
        while True:
            late = rng.random() < 0.1 * g.pressure(due)
            held_on = due + timedelta(days=rng.randrange(1, 30) if late else -rng.randrange(0, 10))
            if pre_proceedings_on and pre_proceedings_on < held_on and pre_proceedings_on <= g.today:
                into_care = self.pre_proceedings(pre_proceedings_on)
                pre_proceedings_on = None
                if into_care is not None:
                    end, state = into_care, CARE
                    self.route = "ico"
                    break
            if held_on > g.today:
                break
            ends = rng.random() < CP_END_AT_REVIEW[min(reviews, len(CP_END_AT_REVIEW) - 1)]
            if self.forced or (self.survive_until and held_on < self.survive_until):
                ends = False
            self.add(
                ChildProtectionConference,
                kind=codes.ConferenceKind.REVIEW,
                held_on=held_on,
                outcome=codes.ConferenceOutcome.PLAN_ENDS if ends else codes.ConferenceOutcome.PLAN_CONTINUES,
                participation=self.participation(held_on),
            )
            if ends:
                end = held_on
                state = CIN if rng.random() < 0.55 else CLOSED
                break
            reviews += 1
            due = add_months(held_on, 6)
        self.add(ChildProtectionPlan, pk=plan, started_on=start, ended_on=end, category=g.choose(ABUSE_CATEGORIES))
        self.cp_plans.append((plan, start, end))
        self.segment(TeamType.CARE_PLANNING, start, end)
        self.open_windows.append((start, end, "CP"))
        self.advocacy(start, end, 0.92)
        return state, end

    def cin_plan(self, start: date) -> tuple[str, date | None]:
        g = self.g
        rng = g.rng
        # A child in need plan is for a child who has been born: one agreed before the birth starts on it.
        if start < self.dob:
            if self.dob > g.today:
                return OPEN, None
            start = self.dob
        roll = rng.random()
        if roll < 0.3:
            days = rng.randrange(60, 150)
        elif roll < 0.8:
            days = rng.randrange(150, 300)
        elif roll < 0.97:
            days = rng.randrange(300, 540)
        else:
            days = rng.randrange(540, 800)
        end = start + timedelta(days=days)
        if self.survive_until and end <= self.survive_until:
            # Already open when the casework starts: what is left of it.
            end = self.survive_until + timedelta(days=rng.randrange(30, 600))
        state, at = CLOSED, end
        roll = rng.random()
        if not self.forced and roll < 0.07:
            # Concerns grow: a strategy discussion while the plan is open.
            discussion_on = start + timedelta(days=rng.randrange(20, days))
            if discussion_on <= g.today:
                result, result_on, completed = self.section47(discussion_on)
                if result == CP:
                    end, state, at = result_on, CP, result_on
                elif result == OPEN:
                    end, state, at = None, OPEN, None
                elif completed and completed > end:
                    end = at = completed
        elif not self.forced and roll < 0.1 and self.age(start) >= 10:
            # Accommodated at the family's request (section 20).
            end = start + timedelta(days=rng.randrange(20, days))
            state, at = CARE, end
            self.route = "s20"
        if self.forced:
            end, state, at = None, OPEN, None
        if end is not None and end > g.today:
            end, state, at = None, OPEN, None
        plan = self.add(ChildInNeedPlan, started_on=start, ended_on=end)
        self.cin_reviews(plan, start, end)
        waits = rng.random() < 0.06 and not self.forced
        allocated_from = start + timedelta(days=rng.randrange(5, 43) if waits else 0)
        self.segment(TeamType.CARE_PLANNING, start, end, allocated_from=allocated_from)
        self.open_windows.append((start, end, "CIN"))
        self.advocacy(start, end, 0.85)
        return state, at

    def cin_reviews(self, plan: int, start: date, end: date | None) -> None:
        """Reviews about every three months (one in ten late). A generator of its own, seeded by the
        plan, so the rest of the demo draws the same numbers as before reviews were recorded."""
        g = self.g
        rng = random.Random(plan)
        last_day = min(end - timedelta(days=1) if end else g.today, g.today)
        day = start + timedelta(days=rng.randrange(70, 92))
        while day <= last_day:
            if day >= g.detail_from:
                self.add(ChildInNeedPlanReview, plan_id=plan, reviewed_on=day)
            late = rng.random() < 0.1
            day += timedelta(days=rng.randrange(93, 130) if late else rng.randrange(70, 92))

    def advocacy(self, start: date, end: date | None, share: float) -> None:
        g = self.g
        rng = g.rng
        if not self.is_born(start) or self.age(start) <= 5 or rng.random() >= share:
            return
        begins = start + timedelta(days=rng.randrange(0, 25))
        if begins > g.today or (end is not None and begins >= end):
            return
        ends = end
        if rng.random() < 0.1:
            early = begins + timedelta(days=rng.randrange(30, 200))
            if early <= g.today and (end is None or early < end):
                ends = early
        self.add(AdvocacyPeriod, started_on=begins, ended_on=ends)

    # --- Courts and care ---------------------------------------------------------------------

    def pre_proceedings(self, start: date) -> date | None:
        """PLO pre-proceedings; the date the child came into care if proceedings followed."""
        g = self.g
        rng = g.rng
        if not self.is_born(start):
            return None
        end = start + timedelta(days=rng.randrange(42, 126))
        if end > g.today:
            self.add(PreProceedings, started_on=start)
            return None
        self.add(PreProceedings, started_on=start, ended_on=end)
        if rng.random() < 0.5:
            return None  # the family made the changes: diverted from court
        if rng.random() < 0.72:
            return end  # issued, and the child came into care under an interim care order
        # Issued, the child stays at home on the plan.
        concluded = end + timedelta(days=self.proceedings_days())
        outcome = g.choose(AT_HOME_OUTCOMES)
        if concluded > g.today:
            concluded, outcome = None, ""
        self.add(CareProceedings, issued_on=end, concluded_on=concluded, outcome=outcome)
        return None

    def proceedings_days(self) -> int:
        """Most proceedings conclude within 26 weeks (LE 2); some run on for a year or more."""
        rng = self.g.rng
        return rng.randrange(70, 183) if rng.random() < 0.64 else rng.randrange(183, 420)
