"""The casework over a child's story: allocations, visits, reviews, supervision, missing episodes and audits."""

from __future__ import annotations

import math
from datetime import date, timedelta

from core.periods import add_months, anniversary
from workforce.models import TeamType

from ..models import (
    Allocation,
    CaseAudit,
    CaseSupervision,
    ChildProtectionVisit,
    LookedAfterReview,
    MissingEpisode,
    PathwayPlanReview,
    StatutoryVisit,
)
from ..statutory.ssda903 import FIRST_CONTACT
from .constants import (
    AUDIT_GRADES,
    MISSING_HOURS,
    REALLOCATION_REASONS,
    REVIEW_PARTICIPATION,
)
from .roster import Worker
from .tools import settled


class CaseworkStory:
    """The casework over a child's story: allocations, visits, reviews, supervision, missing episodes and audits.

    A part of ``Story``, which holds its state.
    """

    # --- Allocation --------------------------------------------------------------------------

    def segment(self, team_type: str, start: date, end: date | None, allocated_from: date | None = None) -> None:
        self.segments.append([team_type, start, end, allocated_from or start])

    def allocate(self) -> None:
        """Allocations for each stage, to workers in post in a team of the stage's type, handed
        on when a worker leaves. Consecutive stages of one type stay with the same worker."""
        g = self.g
        merged: list[list] = []
        for team_type, start, end, allocated_from in self.segments:
            if end is not None and end <= start:
                continue
            if merged and merged[-1][0] == team_type and merged[-1][2] == start:
                merged[-1][2] = end
            else:
                merged.append([team_type, start, end, allocated_from])
        for index, (team_type, start, end, allocated_from) in enumerate(merged):
            start = max(allocated_from, g.detail_from)
            if start > g.today or (end is not None and end <= start):
                continue
            forced = self.demo and end is None and index == len(merged) - 1 and team_type == TeamType.CARE_PLANNING
            self.allocate_stage(team_type, start, end, g.demo_worker if forced else None)

    def allocate_stage(self, team_type: str, start: date, end: date | None, forced: Worker | None) -> None:
        g = self.g
        rng = g.rng
        day, team = start, None
        while end is None or day < end:
            worker = forced or g.roster.pick(team_type, day, end, team)
            if worker is None:
                day += timedelta(days=7)  # nobody in post: unallocated for a week
                if day > g.today:
                    return
                continue
            stop = end
            if worker.ended_on is not None and (stop is None or worker.ended_on < stop):
                stop = worker.ended_on
            if forced is None:
                # Reallocated within the team now and then (caseload balancing, long leave).
                moved = day + timedelta(days=60 + int(rng.expovariate(1 / 800)))
                if (stop is None or moved < stop) and moved <= g.today:
                    stop = moved
            g.writer.add(
                Allocation,
                child_id=self.pk,
                worker_id=worker.pk,
                team_id=worker.team_id,
                started_on=day,
                ended_on=stop,
                reason=self.allocation_reason(day, new_stage=day == start),
            )
            self.allocations.append((day, stop, worker))
            if stop is None:
                worker.open_today += 1
            if stop is None or stop == end:
                return
            day, team = stop, worker.team_id

    def allocation_reason(self, day: date, *, new_stage: bool) -> str:
        """Why the worker from ``day`` took the case (SSDA903 SW_REASON), from the allocation before: none,
        or a case taken up again after a gap, is a first contact (FCONTA, which the DfE allows only after a
        gap: rule SW10bSTG2)."""
        if not self.allocations:
            return FIRST_CONTACT
        _, stop, worker = self.allocations[-1]
        if stop is not None and stop < day and new_stage:
            return FIRST_CONTACT
        if stop is not None and stop == worker.ended_on:
            return "LEFTRL"
        if new_stage:
            return "TSPROC"
        return settled(REALLOCATION_REASONS, "allocation", self.pk, day)

    def lateness(self, day: date) -> float:
        """How late things run on ``day``: the allocated worker's habit and the month's pressure."""
        for start, end, worker in self.allocations:
            if start <= day and (end is None or day < end):
                return worker.lateness * self.g.pressure(day)
        return 1.8 * self.g.pressure(day)

    # --- Visits, reviews, supervision ------------------------------------------------------------

    def schedules(self) -> None:
        self.cp_visits()
        self.statutory_visits()
        self.looked_after_reviews()
        self.pathway_reviews()
        self.supervision()
        self.missing_episodes()
        self.audits()
        self.contacts_while_open()

    def cp_visits(self) -> None:
        g = self.g
        rng = g.rng
        for plan, start, end in self.cp_plans:
            last_day = min(end or g.today, g.today)
            if self.cp_visits_today == "overdue":
                last_day = g.today - timedelta(days=rng.randrange(29, 40))
            day = start + timedelta(days=rng.randrange(1, 11) if rng.random() > 0.1 else rng.randrange(11, 26))
            if not self.is_born(day):
                day = self.dob + timedelta(days=rng.randrange(1, 10))
            visits = []
            while day <= last_day:
                visits.append(day)
                late = rng.random() < 0.085 * self.lateness(day)
                day += timedelta(days=rng.randrange(29, 50) if late else rng.randrange(5, 21))
            if self.cp_visits_today == "recent" and (not visits or visits[-1] < g.today - timedelta(days=18)):
                visits.append(g.today - timedelta(days=rng.randrange(1, 15)))
            for day in visits:
                if day >= g.detail_from:
                    self.add(ChildProtectionVisit, plan_id=plan, visited_on=day, seen_alone=rng.random() < 0.6)

    def statutory_visits(self) -> None:
        g = self.g
        rng = g.rng
        for start, end, long_term in self.placements:
            stop = min(end or g.today, g.today)
            late = rng.random() < 0.1 * self.lateness(start)
            day = start + timedelta(days=rng.randrange(8, 22) if late else rng.randrange(0, 8))
            settled = add_months(start, 12) if long_term else None
            while day <= stop:
                if day >= g.detail_from:
                    self.add(StatutoryVisit, visited_on=day, seen_alone=self.age(day) >= 5 and rng.random() < 0.7)
                late = rng.random() < 0.2 * self.lateness(day)
                if settled and day >= settled:
                    gap = rng.randrange(92, 130) if late else rng.randrange(45, 92)
                else:
                    gap = rng.randrange(43, 80) if late else rng.randrange(20, 43)
                day += timedelta(days=gap)

    def looked_after_reviews(self) -> None:
        g = self.g
        rng = g.rng
        for _, start, end in self.periods:
            if end is not None and end < g.detail_from:
                continue
            stop = min(end or g.today, g.today)
            late = rng.random() < 0.1 * self.lateness(start)
            day = g.wd(start, rng.randrange(21, 40) if late else rng.randrange(5, 21))
            held = 0
            while day <= stop:
                participation = "PN0" if self.age(day) < 4 else g.choose(REVIEW_PARTICIPATION)
                self.add(LookedAfterReview, held_on=day, participation=participation)
                held += 1
                late = rng.random() < 0.17 * self.lateness(day)
                if held == 1:
                    gap = rng.randrange(93, 140) if late else rng.randrange(45, 92)
                else:
                    gap = rng.randrange(184, 270) if late else rng.randrange(120, 183)
                day += timedelta(days=gap)

    def pathway_reviews(self) -> None:
        g = self.g
        rng = g.rng
        if not self.leaving_care:
            return
        sixteenth = anniversary(self.dob, 16)
        in_care_at_sixteen = [start for _, start, end in self.periods if end is None or end > sixteenth]
        start = max(sixteenth, min(in_care_at_sixteen, default=self.leaving_care[0]))
        stop = min(self.leaving_care[1] or g.today, g.today)
        day = start + timedelta(days=rng.randrange(15, 90))
        while day <= stop:
            if day >= g.detail_from:
                self.add(PathwayPlanReview, reviewed_on=day)
            late = rng.random() < 0.1 * self.lateness(day)
            day += timedelta(days=rng.randrange(184, 270) if late else rng.randrange(100, 183))

    def supervision(self) -> None:
        g = self.g
        rng = g.rng
        writer = g.writer
        for start, end, worker in self.allocations:
            supervisor = g.managers.get(worker.team_id)
            stop = min(end or g.today, g.today)
            day = start + timedelta(days=rng.randrange(3, 26))
            while day < stop or (end is None and day == stop):
                writer.add(CaseSupervision, child_id=self.pk, supervised_on=day, supervisor_id=supervisor)
                late = rng.random() < 0.18 * self.lateness(day)
                day += timedelta(days=rng.randrange(29, 50) if late else rng.randrange(18, 29))

    def missing_episodes(self) -> None:
        """Some teenagers go missing, a few often; most returns are followed by an interview."""
        g = self.g
        rng = g.rng
        roll = rng.random()
        rate = 12.0 if roll < 0.04 else 2.0 if roll < 0.2 else 0.0
        if not rate or self.dob is None:
            return
        eleventh = anniversary(self.dob, 11)
        eighteenth = anniversary(self.dob, 18)
        for start, end, kind in self.open_windows:
            window_start = max(start, eleventh, g.detail_from)
            window_end = min(end or g.today, eighteenth, g.today)
            if window_end <= window_start:
                continue
            per_year = rate if kind == "LAC" else rate / 3
            moment = g.moment(window_start, 0, 0)
            last = g.moment(window_end, 0, 0)
            returned = None
            while True:
                moment += timedelta(hours=24 * rng.expovariate(per_year / 365))
                if moment >= last:
                    break
                # Mostly in the afternoon or evening; never before the last return.
                started = moment.replace(hour=g.choice(MISSING_HOURS), minute=rng.randrange(60))
                if returned is not None and started <= returned:
                    started = returned + timedelta(hours=rng.randrange(6, 48))
                if started >= last:
                    break
                hours = min(24 * 6, rng.lognormvariate(math.log(10), 0.9))
                ended = started + timedelta(hours=hours)
                kind_code = "M" if rng.random() < 0.8 else "A"
                offered = completed = None
                if ended >= g.cutoff:
                    ended = None
                else:
                    moment = returned = ended
                    if rng.random() < (0.95 if kind_code == "M" else 0.6):
                        offered = ended + timedelta(hours=rng.randrange(2, 48))
                        roll = rng.random()
                        if roll < 0.68:
                            completed = max(offered, ended + timedelta(hours=rng.randrange(4, 72)))
                        elif roll < 0.85:
                            completed = ended + timedelta(hours=rng.randrange(73, 24 * 14))
                            completed = max(completed, offered)
                    if offered and offered >= g.cutoff:
                        offered = completed = None
                    if completed and completed >= g.cutoff:
                        completed = None
                self.add(
                    MissingEpisode,
                    kind=kind_code,
                    started_at=started,
                    ended_at=ended,
                    interview_offered_at=offered,
                    interview_completed_at=completed,
                )
                if ended is None:
                    return

    def audits(self) -> None:
        g = self.g
        rng = g.rng
        for start, end, kind in self.open_windows:
            start = max(start, g.casework_start)
            stop = min(end or g.today, g.today)
            if stop <= start:
                continue
            for _ in range(g.poisson((stop - start).days / 30.4 * 0.018)):
                day = start + timedelta(days=int(rng.random() * (stop - start).days))
                self.add(
                    CaseAudit,
                    audited_on=day,
                    case_type=kind,
                    grade=g.choose(AUDIT_GRADES),
                    views_and_wishes_met=rng.random() < (0.8 if kind == "LAC" else 0.76),
                    auditor_id=g.choice(g.auditors),
                )
