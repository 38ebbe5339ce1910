"""The demo generator: the authority's months, the front door's arrivals and the stocks at the start."""

from __future__ import annotations

import math
import random
import time
from datetime import date, datetime, timedelta

from django.utils import timezone

from core.periods import add_months, anniversary

from ..models import (
    Child,
    ChildProtectionPlan,
    Contact,
    PeriodOfCare,
    Referral,
)
from .constants import (
    AGE_IN_CARE_WEIGHTS,
    CARE,
    CIN,
    CP,
    DEMO_CIN_CHILDREN,
    DEMO_CP_CHILDREN,
    DEMO_CP_OVERDUE,
    DETAIL_LEAD_IN_DAYS,
    HOUSEHOLDS_APPROVED_PER_YEAR,
    HOUSEHOLDS_AT_START,
    LONDON,
    NEW_CHILDREN_PER_YEAR,
    SCALE,
    SEASON,
    STOCK_AT_START,
)
from .roster import Households, Roster
from .story import Story
from .tools import Chooser, WorkingDays
from .writer import MODELS, Writer

# --- The generator --------------------------------------------------------------------------------


class Generator:
    def __init__(self, *, size: str, rng: random.Random, today: date, workforce: dict, stdout):
        self.size = size
        self.scale = SCALE[size]
        self.rng = rng
        self.choose = Chooser(rng)
        self.today = today
        self.stdout = stdout
        self.verbose = size != "small"
        self.cutoff = datetime(today.year, today.month, today.day, tzinfo=LONDON)
        self.casework_start = workforce["casework_start"]
        self.history_start = workforce["history_start"]
        self.detail_from = self.casework_start - timedelta(days=DETAIL_LEAD_IN_DAYS)
        self.writer = Writer(now=timezone.now())
        self.days = WorkingDays(date(self.casework_start.year - 20, 1, 1), today + timedelta(days=365 * 8))
        self.roster = Roster(rng, self.detail_from, today, workforce["demo_worker"])
        self.demo_worker = self.roster.workers[workforce["demo_worker"]]
        self.managers: dict[int, int] = workforce["managers"]
        users = workforce["users"]
        self.auditors = [users["senior.manager"].pk] * 3 + [users["team.manager"].pk]
        # How stretched the service was, month by month (1 is normal): lateness scales with it.
        self.pressures = []
        pressure = 1.0
        for _ in range(self.roster.months + 1):
            pressure = min(1.7, max(0.6, 1 + 0.8 * (pressure - 1) + rng.gauss(0, 0.12)))
            self.pressures.append(pressure)
        self.households = Households(
            self, round(HOUSEHOLDS_AT_START * self.scale), HOUSEHOLDS_APPROVED_PER_YEAR * self.scale
        )
        self.restricted = 0

    # Small helpers used by every story.

    def choice(self, sequence):
        return sequence[int(self.rng.random() * len(sequence))]

    def wd(self, day: date, count: int) -> date:
        return self.days.add(day, count)

    def pressure(self, day: date) -> float:
        index = self.roster.index(day)
        return self.pressures[min(max(index, 0), len(self.pressures) - 1)]

    def poisson(self, mean: float) -> int:
        if mean <= 0:
            return 0
        if mean > 30:
            return max(0, round(self.rng.gauss(mean, math.sqrt(mean))))
        limit, product, count = math.exp(-mean), self.rng.random(), 0
        while product > limit:
            product *= self.rng.random()
            count += 1
        return count

    def moment(self, day: date, hour: int, minute: int) -> datetime:
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)

    # The run.

    def run(self) -> None:
        started = time.monotonic()
        self.stock_at_start()
        self.say(f"Children already open when the casework starts ({self.casework_start:%B %Y})", started)
        month = self.casework_start
        year = month.year
        while month <= self.today:
            expected = NEW_CHILDREN_PER_YEAR * self.scale / 12 * SEASON[month.month - 1]
            days_in_month = (add_months(month, 1) - month).days
            for _ in range(self.poisson(expected)):
                day = month + timedelta(days=int(self.rng.random() * days_in_month))
                if day < self.today:
                    Story(self).new_child(day)
                    self.writer.flush_if_full()
            month = add_months(month, 1)
            if month.year != year or month > self.today:
                self.say(f"Year {year}", started)
                year = month.year
        self.demo_caseload()
        self.writer.finish()
        self.say("Caseload written", started, final=True)

    def say(self, what: str, started: float, final: bool = False) -> None:
        if not (self.verbose or final):
            return
        counts = self.writer.counts
        pending = {model: len(rows) for model, rows in self.writer.buffers.items()}

        def total(model) -> int:
            return counts[model] + pending[model]

        self.stdout.write(
            f"{what}: {total(Child):,} children, {total(Contact):,} contacts, {total(Referral):,} referrals, "
            f"{total(ChildProtectionPlan):,} CP plans, {total(PeriodOfCare):,} periods of care, "
            f"{sum(total(model) for model in MODELS):,} rows in {time.monotonic() - started:.0f} s"
        )

    def stock_at_start(self) -> None:
        scale = self.scale
        start = self.casework_start
        rng = self.rng
        for _ in range(round(STOCK_AT_START["looked_after"] * scale)):
            story = Story(self)
            age = self.choose(AGE_IN_CARE_WEIGHTS)
            story.born(start - timedelta(days=age * 365 + rng.randrange(1, 365)))
            earliest = max(story.dob, start - timedelta(days=365 * 12))
            care_start = start - timedelta(days=rng.randrange(1, max(2, (start - earliest).days)))
            story.existing(CARE, care_start, route="long_term")
            self.writer.flush_if_full()
        for _ in range(round(STOCK_AT_START["child_protection"] * scale)):
            story = Story(self)
            story.born(start - timedelta(days=rng.randrange(200, 365 * 16)))
            plan_start = max(story.dob, start - timedelta(days=rng.randrange(1, 400)))
            story.existing(CP, plan_start)
            self.writer.flush_if_full()
        for _ in range(round(STOCK_AT_START["child_in_need"] * scale)):
            story = Story(self)
            story.born(start - timedelta(days=rng.randrange(200, 365 * 17)))
            plan_start = max(story.dob, start - timedelta(days=rng.randrange(1, 500)))
            story.existing(CIN, plan_start)
            self.writer.flush_if_full()
        for _ in range(round(STOCK_AT_START["care_leaver"] * scale)):
            story = Story(self)
            story.born(start - timedelta(days=365 * 18 + rng.randrange(0, 365 * 3 - 30)))
            eighteenth = anniversary(story.dob, 18)
            care_start = eighteenth - timedelta(days=rng.randrange(200, 365 * 6))
            story.existing(CARE, care_start, route="long_term", care_ends=eighteenth)
            self.writer.flush_if_full()

    def demo_caseload(self) -> None:
        """The demo social worker's children: CP plans (some with a visit overdue today) and
        children in need, allocated to them in Care Planning 1; one is a restricted record."""
        rng = self.rng
        overdue = set(rng.sample(range(DEMO_CP_CHILDREN), DEMO_CP_OVERDUE))
        for index in range(DEMO_CP_CHILDREN):
            story = Story(self, demo=True)
            story.cp_visits_today = "overdue" if index in overdue else "recent"
            story.forced = {"decision": "REF", "assessment": "strategy", "section47": "icpc", "plan": True}
            story.new_child(self.today - timedelta(days=rng.randrange(120, 520)), age=rng.randrange(1, 15))
        restricted = rng.randrange(DEMO_CIN_CHILDREN[0])
        for index in range(rng.randint(*DEMO_CIN_CHILDREN)):
            story = Story(self, demo=True)
            story.forced = {"decision": "REF", "assessment": "cin"}
            story.restricted = index == restricted
            story.new_child(self.today - timedelta(days=rng.randrange(90, 480)), age=rng.randrange(2, 16))
