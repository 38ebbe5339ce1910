"""The demo's workforce as the stories see it (who is in post, in which team) and the foster carer households."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Q

from core.periods import add_months, anniversary
from workforce.models import SocialWorker

from .. import demo_names
from ..models import (
    FosterCarerHousehold,
    FosterCarerReview,
)
from ..rules import foster_carer_review_due

if TYPE_CHECKING:
    from .generator import Generator


# --- Workers -------------------------------------------------------------------------------------


@dataclass(eq=False)
class Worker:
    pk: int
    team_id: int
    team_type: str
    started_on: date
    ended_on: date | None
    fte: float
    asye_until: date | None
    # Above 1: visits and supervision run later than average under this worker.
    lateness: float
    is_demo: bool
    # Children allocated to them today, to keep today's caseloads even.
    open_today: int = 0

    def in_post(self, day: date) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on > day)


class Roster:
    """Who is in post in which team type, month by month, to allocate children to."""

    def __init__(self, rng: random.Random, first: date, today: date, demo_worker: int):
        self.rng = rng
        self.first = date(first.year, first.month, 1)
        self.months = self.index(today) + 1
        self.by_type: dict[tuple[str, int], list[Worker]] = {}
        self.by_team: dict[tuple[int, int], list[Worker]] = {}
        self.workers: dict[int, Worker] = {}
        rows = (
            SocialWorker.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=first))
            .order_by("pk")
            .values_list("pk", "team_id", "team__team_type", "started_on", "ended_on", "post__fte", "asye_started_on")
        )
        for pk, team_id, team_type, started_on, ended_on, fte, asye_started_on in rows:
            worker = Worker(
                pk=pk,
                team_id=team_id,
                team_type=team_type,
                started_on=started_on,
                ended_on=ended_on,
                fte=float(fte) if fte else 1.0,
                asye_until=anniversary(asye_started_on, 1) if asye_started_on else None,
                lateness=min(2.2, max(0.35, rng.lognormvariate(0, 0.4))),
                is_demo=pk == demo_worker,
            )
            self.workers[pk] = worker
            first_month = max(0, self.index(started_on))
            last_month = self.months - 1 if ended_on is None else min(self.months - 1, self.index(ended_on))
            for month in range(first_month, last_month + 1):
                self.by_type.setdefault((team_type, month), []).append(worker)
                self.by_team.setdefault((team_id, month), []).append(worker)

    def index(self, day: date) -> int:
        return (day.year - self.first.year) * 12 + day.month - self.first.month

    def pick(self, team_type: str, day: date, until: date | None, team_id: int | None = None) -> Worker | None:
        """A worker in post on ``day`` in a team of the type (preferring ``team_id``), weighted
        by FTE and lighter for workers in their ASYE. The demo worker's current caseload is
        made by hand, so they take no case that is still open today."""
        month = min(max(0, self.index(day)), self.months - 1)
        rng = self.rng
        sources = [self.by_type.get((team_type, month), [])]
        if team_id is not None:
            sources.insert(0, self.by_team.get((team_id, month), []))
        for candidates in sources:
            if not candidates:
                continue
            chosen = None
            for _ in range(12):
                worker = candidates[int(rng.random() * len(candidates))]
                if not worker.in_post(day) or (worker.is_demo and until is None):
                    continue
                weight = worker.fte * (0.6 if worker.asye_until and day < worker.asye_until else 1.0)
                if rng.random() >= weight:
                    continue
                if until is not None:
                    return worker
                # A case still open today goes to the less loaded of two workers, as a
                # manager would allocate it.
                if chosen is None:
                    chosen = worker
                else:
                    return worker if worker.open_today < chosen.open_today else chosen
            if chosen is not None:
                return chosen
        in_post = [worker for worker in sources[-1] if worker.in_post(day) and not (worker.is_demo and until is None)]
        return rng.choice(in_post) if in_post else None


# --- Foster carers ------------------------------------------------------------------------------


class Households:
    """Foster carer households, their approvals and annual reviews (F 3)."""

    def __init__(self, generator: Generator, count_at_start: int, per_year: float):
        g = generator
        rng = g.rng
        self.g = g
        self.households: list[tuple[int, str, date, date | None]] = []
        starts = [g.casework_start - timedelta(days=rng.randrange(0, 365 * 14)) for _ in range(count_at_start)]
        day = g.casework_start
        while day <= g.today:
            for _ in range(g.poisson(per_year / 12)):
                starts.append(day + timedelta(days=rng.randrange(0, 28)))
            day = add_months(day, 1)
        for approved_on in starts:
            if approved_on > g.today:
                continue
            # Households stop fostering at about 7% a year.
            leaves = max(approved_on, g.casework_start) + timedelta(days=int(rng.expovariate(1 / (365 * 14))) + 30)
            deregistered_on = leaves if leaves <= g.today else None
            first, second = g.choice(demo_names.ADULT_NAMES), g.choice(demo_names.ADULT_NAMES)
            last = g.choice(demo_names.BRITISH_SURNAMES if rng.random() < 0.75 else demo_names.AFRICAN_SURNAMES)
            name = f"{first} and {second} {last}" if rng.random() < 0.6 and first != second else f"{first} {last}"
            pk = g.writer.reserve(FosterCarerHousehold)
            reference = f"FC{pk:05d}"
            g.writer.add(
                FosterCarerHousehold,
                pk=pk,
                reference=reference,
                name=name,
                approved_on=approved_on,
                deregistered_on=deregistered_on,
            )
            self.households.append((pk, reference, approved_on, deregistered_on))
            self._reviews(pk, approved_on, deregistered_on)

    def _reviews(self, pk: int, approved_on: date, deregistered_on: date | None) -> None:
        g = self.g
        rng = g.rng
        due = foster_carer_review_due(approved_on, None)
        while due <= g.today and (deregistered_on is None or due < deregistered_on):
            if rng.random() < 0.88 / g.pressure(due):
                completed = due - timedelta(days=rng.randrange(0, 45))
            else:
                completed = due + timedelta(days=rng.randrange(1, 75))
            if completed > g.today:
                completed = None
            if due >= g.detail_from:
                g.writer.add(FosterCarerReview, household_id=pk, due_on=due, completed_on=completed)
            if completed is None:
                break
            due = foster_carer_review_due(approved_on, completed)

    def pick(self, start: date, end: date | None) -> tuple[int, str] | None:
        rng = self.g.rng
        until = end or self.g.today
        for _ in range(15):
            pk, reference, approved_on, deregistered_on = self.households[int(rng.random() * len(self.households))]
            if approved_on <= start and (deregistered_on is None or deregistered_on > until):
                return pk, reference
        return None
