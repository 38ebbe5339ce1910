"""A believable caseload for the demo authority, the same for the same seed.

Children arrive at the front door month by month; each child's story is then played
forward from their first contact: contacts and decisions, referral, assessment,
strategy discussion and section 47 enquiry, conferences and a child protection plan
with its visits, a child in need plan, pre-proceedings and care proceedings, a period
of care with placements, visits and reviews, adoption, and leaving care with pathway
plans and birthday records. Whatever has not happened by ``today`` stays open. At the
start of the casework some children are already in care, on a plan, or care leavers,
so that the first months have the stocks a real authority has.

Each stage of a case is held by a team of the right type (assessment, care planning,
permanence, adoption, leaving care); the child is allocated to a worker in post in
such a team, handed on when the worker leaves. The timeliness of visits and case
supervision depends on the allocated worker (some are more diligent than others) and
on the pressure the service was under that month, so figures vary by worker, team and
month as they do in life.

Speed: rows are buffered per model with their primary keys assigned here (so records
can point at each other before they are written) and written in batches between
children: COPY on PostgreSQL, ``bulk_create`` elsewhere. Memory stays flat: only one
child's story is held at a time. Only the given ``random.Random`` is used.
"""

from __future__ import annotations

import math
import random
import time
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max, Q
from django.utils import timezone

from core.periods import add_months, add_working_days, age_on, anniversary, is_working_day
from workforce.models import Allocation, CaseSupervision, SocialWorker, TeamType

from . import codes, demo_names
from .models import (
    Adoption,
    AdvocacyPeriod,
    Assessment,
    CareLeaverBirthdayRecord,
    CareProceedings,
    CaseAudit,
    Child,
    ChildInNeedPlan,
    ChildInNeedPlanReview,
    ChildProtectionConference,
    ChildProtectionPlan,
    ChildProtectionVisit,
    Contact,
    FosterCarerHousehold,
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
from .rules import foster_carer_review_due

LONDON = ZoneInfo(settings.TIME_ZONE)
DAY = timedelta(days=1)

# --- How big ----------------------------------------------------------------------------

# Rates are for the large authority (the biggest in England: about a million contacts
# and 200,000 referrals in ten years); the other sizes scale them with their workforce.
SCALE = {"small": 0.06, "medium": 0.5, "large": 1.0}
NEW_CHILDREN_PER_YEAR = 52_000
# Children already open when the casework starts.
STOCK_AT_START = {"looked_after": 2000, "child_protection": 1400, "child_in_need": 4000, "care_leaver": 1000}
# Foster carer households approved when the casework starts, and approved each year after.
HOUSEHOLDS_AT_START = 700
HOUSEHOLDS_APPROVED_PER_YEAR = 70
# Contacts are fewer in August and at Christmas (schools are closed).
SEASON = (1.02, 1.05, 1.08, 0.95, 1.05, 1.08, 1.02, 0.8, 1.0, 1.05, 1.08, 0.85)
# Detail (visits, supervision, allocations) is recorded from this long before the casework
# starts, so that the first months have a last visit to look back on.
DETAIL_LEAD_IN_DAYS = 120

# --- The demo social worker's caseload -------------------------------------------------

DEMO_CP_CHILDREN = 6
DEMO_CP_OVERDUE = 2
DEMO_CIN_CHILDREN = (7, 10)

# --- Story states ------------------------------------------------------------------------

OPEN = "open"
CLOSED = "closed"
CP = "cp"
CIN = "cin"
CARE = "care"
LEAVING_CARE = "leaving_care"

# Age (years) at first contact, unborn first: weights.
AGE_AT_FIRST_CONTACT = (3, 8, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 7, 7, 7, 6, 4)
AGE_IN_CARE_AT_START = (3, 4, 4, 4, 5, 5, 5, 5, 5, 6, 6, 6, 7, 8, 9, 9, 9, 8)

CONTACT_SOURCES = {
    "6": 28,
    "2A": 17,
    "3A": 3,
    "3B": 3,
    "3C": 1,
    "3D": 2,
    "3E": 3,
    "3F": 3,
    "5A": 4,
    "5B": 3,
    "5C": 2,
    "5D": 6,
    "1A": 6,
    "1B": 1,
    "1C": 1,
    "1D": 2,
    "4": 2,
    "7": 2,
    "8": 4,
    "9": 1,
    "10": 1,
}
ABUSE_CATEGORIES = {"NEG": 48, "EMO": 36, "PHY": 7, "SAB": 4, "MUL": 5}
CONFERENCE_PARTICIPATION = {"attended": 36, "advocate": 22, "written": 24, "none": 18}
REVIEW_PARTICIPATION = {"PN1": 45, "PN2": 5, "PN3": 5, "PN4": 5, "PN5": 10, "PN6": 20, "PN7": 10}
EET = {"F1": 8, "P1": 2, "F2": 35, "P2": 8, "F3": 10, "P3": 2, "F4": 10, "P4": 5, "F5": 12, "P5": 8}
NEET = {"G4": 20, "G5": 60, "G6": 20}
SUITABLE = {"B1": 20, "D1": 20, "E1": 8, "K1": 5, "T1": 4, "U1": 20, "Z1": 15, "Y1": 8}
UNSUITABLE = {"B2": 3, "D2": 2, "S2": 2, "V2": 1, "W2": 1, "X2": 1}
AUDIT_GRADES = {"outstanding": 5, "good": 52, "requires_improvement": 34, "inadequate": 9}
# Chance a CP plan ends at its first, second, ... review conference.
CP_END_AT_REVIEW = (0.2, 0.55, 0.6, 0.6, 0.7)


def _weights(mapping: dict) -> tuple[list, list[float]]:
    keys = list(mapping)
    total = 0.0
    cumulative = []
    for key in keys:
        total += mapping[key]
        cumulative.append(total)
    return keys, cumulative


class Chooser:
    """Weighted choices with precomputed cumulative weights (random.choices recomputes them)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.cache: dict[int, tuple[dict, list, list[float]]] = {}

    def __call__(self, mapping: dict):
        """``mapping`` is one of the module's constant tables (cached by identity)."""
        table = self.cache.get(id(mapping))
        if table is None or table[0] is not mapping:
            table = self.cache[id(mapping)] = (mapping, *_weights(mapping))
        _, keys, cumulative = table
        return keys[bisect_left(cumulative, self.rng.random() * cumulative[-1])]


# --- Working days ---------------------------------------------------------------------------


class WorkingDays:
    """``add(day, n)``: the date n working days after day, as ``core.periods.add_working_days``
    (the same bank holidays), by lookup in a table rather than a day-by-day walk."""

    def __init__(self, first: date, last: date):
        self.first = first
        self.days: list[date] = []
        self.count_to: list[int] = []  # working days on or before first + i
        day, count = first, 0
        while day <= last:
            if is_working_day(day):
                self.days.append(day)
                count += 1
            self.count_to.append(count)
            day += DAY

    def add(self, day: date, count: int) -> date:
        index = (day - self.first).days
        if index < 0 or index >= len(self.count_to):
            return add_working_days(day, count)
        if count == 0:
            return day
        target = self.count_to[index] + count - 1
        if target >= len(self.days):
            return add_working_days(day, count)
        return self.days[target]


# --- Writing rows ------------------------------------------------------------------------------

# Parents before the records that point at them.
MODELS = [
    Child,
    Contact,
    Referral,
    Assessment,
    StrategyDiscussion,
    Section47Enquiry,
    ChildProtectionConference,
    ChildProtectionPlan,
    ChildProtectionVisit,
    ChildInNeedPlan,
    ChildInNeedPlanReview,
    AdvocacyPeriod,
    FosterCarerHousehold,
    FosterCarerReview,
    PeriodOfCare,
    LegalStatus,
    Placement,
    StatutoryVisit,
    LookedAfterReview,
    MissingEpisode,
    CareProceedings,
    PreProceedings,
    Adoption,
    PathwayPlanReview,
    CareLeaverBirthdayRecord,
    CaseAudit,
    Allocation,
    CaseSupervision,
]


def _is_record_source(field) -> bool:
    return field.name == "source" and field.choices == codes.Source.choices


class Writer:
    """Buffers rows (dicts of attribute names) per model and writes them in batches.

    Primary keys are assigned here, so a record can point at another before either is
    written; foreign keys are checked at commit (Django declares them deferrable).

    PostgreSQL gets COPY. Elsewhere (SQLite) the rows go through one ``executemany``
    INSERT per batch with the backend's own date and datetime adapters: ``bulk_create``
    stores the same values but spends about 0.3 ms a row preparing them, which made the
    small demo (100,000 rows) take half a minute instead of a few seconds.
    """

    def __init__(self, *, now: datetime, batch: int = 50_000):
        self.now = now
        self.batch = batch
        self.use_copy = connection.vendor == "postgresql"
        self.buffers: dict[type, list[dict]] = {model: [] for model in MODELS}
        self.pending = 0
        self.counts: dict[type, int] = dict.fromkeys(MODELS, 0)
        self.next_pk = {model: (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1 for model in MODELS}
        self.columns = {model: self._columns(model) for model in MODELS}

    def _columns(self, model) -> list[tuple[str, str, object, object]]:
        """(attribute, column, default, adapter or None) for every column."""
        columns = []
        operations = connection.ops
        for field in model._meta.local_concrete_fields:
            internal_type = field.get_internal_type()
            if internal_type == "DateTimeField":
                adapter = operations.adapt_datetimefield_value
            elif internal_type == "DateField":
                adapter = operations.adapt_datefield_value
            else:
                adapter = None
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                default = self.now
            elif _is_record_source(field):
                default = codes.Source.DEMO
            else:
                default = field.get_default()  # "" for a text field without one, None if nullable
            if adapter is not None and default is not None and not self.use_copy:
                default = adapter(default)
            columns.append((field.attname, field.column, default, adapter))
        return columns

    def reserve(self, model) -> int:
        pk = self.next_pk[model]
        self.next_pk[model] = pk + 1
        return pk

    def add(self, model, pk: int | None = None, **values) -> int:
        values["id"] = pk if pk is not None else self.reserve(model)
        self.buffers[model].append(values)
        self.pending += 1
        return values["id"]

    def flush_if_full(self) -> None:
        if self.pending >= self.batch:
            self.flush()

    def flush(self) -> None:
        for model in MODELS:
            rows = self.buffers[model]
            if not rows:
                continue
            if self.use_copy:
                self._copy(model, rows)
            else:
                self._insert(model, rows)
            self.counts[model] += len(rows)
            self.buffers[model] = []
        self.pending = 0

    def _copy(self, model, rows: list[dict]) -> None:
        columns = self.columns[model]
        names = ", ".join(connection.ops.quote_name(column) for _, column, _, _ in columns)
        sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({names}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row([row.get(attname, default) for attname, _, default, _ in columns])

    def _insert(self, model, rows: list[dict]) -> None:
        columns = self.columns[model]
        names = ", ".join(connection.ops.quote_name(column) for _, column, _, _ in columns)
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({names}) VALUES ({marks})"
        values = []
        for row in rows:
            record = []
            for attname, _, default, adapter in columns:
                if attname in row:
                    value = row[attname]
                    record.append(adapter(value) if adapter is not None and value is not None else value)
                else:
                    record.append(default)
            values.append(record)
        with connection.cursor() as cursor:
            for start in range(0, len(values), 5000):
                cursor.executemany(sql, values[start : start + 5000])

    def finish(self) -> None:
        self.flush()
        if connection.vendor == "postgresql":
            # Primary keys were given explicitly: move the sequences past them.
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), MODELS):
                    cursor.execute(sql)


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


# --- One child's story ------------------------------------------------------------------------------


class Story:
    """One child: their record, played forward from their first contact to today."""

    def __init__(self, generator: Generator, demo: bool = False):
        self.g = generator
        self.pk = generator.writer.reserve(Child)
        self.demo = demo
        self.forced: dict = {}
        self.cp_visits_today: str | None = None
        self.restricted = False
        self.dob: date | None = None
        # (team type, start, end or None): who should hold the case, in order.
        self.segments: list[list] = []
        self.cp_plans: list[tuple[int, date, date | None]] = []
        self.periods: list[tuple[int, date, date | None]] = []
        self.placements: list[tuple[date, date | None, bool]] = []
        self.leaving_care: tuple[date, date | None] | None = None
        self.open_windows: list[tuple[date, date | None, str]] = []
        self.allocations: list[tuple[date, date | None, Worker]] = []
        # How the child comes into care when the story reaches that stage.
        self.route = "s20"
        # For a case already open when the casework starts: it does not close before this.
        self.survive_until: date | None = None

    # --- The child --------------------------------------------------------------------

    def born(self, dob: date) -> None:
        self.dob = dob

    def age(self, day: date) -> int:
        return age_on(self.dob, day) if self.dob <= day else -1

    def is_born(self, day: date) -> bool:
        return self.dob <= day

    def add(self, model, **values) -> int:
        return self.g.writer.add(model, child_id=self.pk, **values)

    def write_child(self) -> None:
        g = self.g
        rng = g.rng
        ethnicity = g.choose(ETHNICITY_SHARES)
        _, first_pools, last_pools = demo_names.ETHNICITIES[ethnicity]
        born = self.dob <= g.today
        sex = ("M" if rng.random() < 0.51 else "F") if born else "U"
        boys, girls, _ = demo_names.POOLS[g.choice(first_pools)]
        first_name = g.choice(boys if sex == "M" else girls if sex == "F" else g.choice((boys, girls)))
        if not born:
            first_name = "Unborn"
        last_name = g.choice(demo_names.POOLS[g.choice(last_pools)][2])
        restricted = self.restricted or (bool(self.segments) and rng.random() < 0.001)
        g.restricted += restricted
        g.writer.add(
            Child,
            pk=self.pk,
            la_child_id=f"NB{self.pk:07d}",
            first_name=first_name,
            last_name=last_name,
            date_of_birth=self.dob if born else None,
            expected_date_of_birth=None if born else self.dob,
            sex=sex,
            ethnicity=ethnicity,
            nhs_number=_nhs_number(rng) if born else "",
            is_restricted=restricted,
        )

    # --- Entry points -------------------------------------------------------------------

    def new_child(self, first_contact: date, age: int | None = None) -> None:
        g = self.g
        rng = g.rng
        if age is None:
            age = g.choose(AGE_WEIGHTS) - 1
        if age < 0:  # unborn: a pre-birth contact
            self.born(first_contact + timedelta(days=rng.randrange(20, 180)))
        else:
            self.born(first_contact - timedelta(days=age * 365 + rng.randrange(0, 365)))
        self.front_door(first_contact)
        self.finish()

    def existing(self, state: str, start: date, route: str = "", care_ends: date | None = None) -> None:
        """A child already open when the casework starts: their case began at ``start``."""
        g = self.g
        referral_on = max(self.dob - timedelta(days=90), start - timedelta(days=g.rng.randrange(10, 60)))
        referral = g.writer.reserve(Referral)
        self.survive_until = g.casework_start
        if state == CARE:
            state, at = self.care(start, route=route, care_ends=care_ends)
        elif state == CP:
            state, at = self.cp_plan(start, initial_conference=True)
        else:
            state, at = self.cin_plan(start)
        closed = self.follow(state, at)
        self.add(
            Referral,
            pk=referral,
            received_on=referral_on,
            source_of_referral=g.choose(CONTACT_SOURCES),
            closed_on=closed,
        )
        self.finish()

    def finish(self) -> None:
        self.write_child()
        self.allocate()
        self.schedules()

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
        elif outcome == "cin":
            state, at = CIN, authorised + timedelta(days=rng.randrange(0, 6))
        elif outcome == "lac":
            self.route = "s20" if self.age(authorised) >= 10 else "emergency"
            state, at = CARE, authorised
        else:
            state, at = CLOSED, authorised
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
        self.add(
            Assessment,
            referral_id=referral,
            started_on=start,
            child_seen_on=self.seen_on(seen),
            authorised_on=authorised,
            outcome=outcome,
        )

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

    def care(self, start: date, route: str, care_ends: date | None = None) -> tuple[str, date | None]:
        g = self.g
        rng = g.rng
        today = g.today
        if not self.is_born(start):
            start = self.dob + timedelta(days=rng.randrange(0, 4))
            if start > today:
                return OPEN, None
        eighteenth = anniversary(self.dob, 18)
        if start >= eighteenth:
            return CLOSED, start
        period = g.writer.reserve(PeriodOfCare)
        statuses: list[tuple[date, str]] = []
        proceedings: tuple[date, date | None, str] | None = None
        adoption = None
        end, reason = None, ""
        if route == "emergency":
            statuses.append((start, "L1" if rng.random() < 0.6 else "L2"))
            follow_on = start + timedelta(days=rng.randrange(1, 9))
            if rng.random() < 0.65:
                route, issued = "ico", follow_on
                statuses.append((follow_on, "C1"))
            else:
                route = "s20"
                statuses.append((follow_on, "V2"))
        if route == "ico":
            issued = start if not statuses else statuses[-1][0]
            if not statuses:
                statuses.append((start, "C1"))
            concluded = issued + timedelta(days=self.proceedings_days())
            young = self.age(start) < 5
            outcome = g.choose(CARE_OUTCOMES_YOUNG if young else CARE_OUTCOMES)
            proceedings = (issued, concluded, outcome)
            end, reason, adoption = self.after_order(start, concluded, outcome, statuses)
        elif route == "s20":
            if not statuses:
                statuses.append((start, "V2"))
            stay = 7 + int(rng.expovariate(1 / 200))
            if rng.random() < 0.2 and stay > 60:
                # The family's agreement broke down: proceedings issued.
                issued = start + timedelta(days=rng.randrange(30, stay))
                statuses.append((issued, "C1"))
                concluded = issued + timedelta(days=self.proceedings_days())
                outcome = g.choose(CARE_OUTCOMES)
                proceedings = (issued, concluded, outcome)
                end, reason, adoption = self.after_order(start, concluded, outcome, statuses)
            else:
                end = start + timedelta(days=stay)
                reason = g.choose(S20_ENDINGS)
        else:  # long-term care under a care order, already in place
            order_on = start + timedelta(days=rng.randrange(120, 330))
            statuses.append((start, "C1"))
            statuses.append((order_on, "C2"))
            end = self.long_term_end(max(order_on, self.survive_until or order_on))
            reason = "E4A" if end < eighteenth else ""
        if care_ends is not None:
            end, reason = care_ends, ""
        if end is None or end >= eighteenth:
            end = eighteenth
            reason = ""
        if not reason:
            reason = g.choose(AT_EIGHTEEN) if end == eighteenth else "E8"
        if self.survive_until and end <= self.survive_until and care_ends is None:
            end = min(eighteenth, self.survive_until + timedelta(days=rng.randrange(30, 400)))
            reason = g.choose(AT_EIGHTEEN) if end == eighteenth else "E4A"
        if adoption and adoption.get("adoption_order_on") and end != adoption["adoption_order_on"]:
            adoption["adoption_order_on"] = None
        if end > today:
            end, reason = None, ""
        # The records.
        self.add(PeriodOfCare, pk=period, started_on=start, ended_on=end, reason_ceased=reason)
        for started_on, code in statuses:
            if started_on <= today and (end is None or started_on <= end):
                self.add(LegalStatus, period_of_care_id=period, started_on=started_on, code=code)
        if proceedings:
            issued, concluded, outcome = proceedings
            if issued <= today:
                if concluded > today:
                    concluded, outcome = None, ""
                self.add(CareProceedings, issued_on=issued, concluded_on=concluded, outcome=outcome)
        moved_in = None
        if adoption:
            adoption = {key: value for key, value in adoption.items() if value is None or value <= today}
            if any(value for value in adoption.values()):
                self.add(Adoption, period_of_care_id=period, **adoption)
            moved_in = adoption.get("moved_in_on")
            if adoption.get("ceased_on"):
                moved_in = None
        self.periods.append((period, start, end))
        self.place(period, start, end, moved_in)
        if moved_in:
            self.segment(TeamType.PERMANENCE, start, moved_in)
            self.segment(TeamType.ADOPTION, moved_in, end)
        else:
            self.segment(TeamType.PERMANENCE, start, end)
        self.open_windows.append((start, end, "LAC"))
        if end is None:
            return OPEN, None
        if reason in codes.ADOPTION_REASONS_CEASED:
            return CLOSED, end
        if self.age(end) >= 16 and self.is_care_leaver():
            return LEAVING_CARE, end
        if reason in ("E4A", "E4B", "E13", "E41") and rng.random() < 0.45:
            return CIN, end
        return CLOSED, end

    def after_order(self, start: date, concluded: date, outcome: str, statuses: list) -> tuple:
        """When care ends after proceedings conclude: (end, reason, adoption steps or None)."""
        g = self.g
        rng = g.rng
        if outcome == "care_order":
            statuses.append((concluded, "C2"))
            return self.long_term_end(concluded), "", None
        if outcome == "placement_order":
            statuses.append((concluded, "E1"))
            decided = min(concluded, statuses[-2][0] + timedelta(days=rng.randrange(60, 150)))
            steps = {
                "decision_on": decided,
                "placement_order_on": concluded,
                "matched_on": None,
                "moved_in_on": None,
                "adoption_order_on": None,
                "ceased_on": None,
            }
            if rng.random() < 0.1:
                # The plan changed: no match; the child stays in long-term foster care.
                steps["ceased_on"] = concluded + timedelta(days=rng.randrange(120, 400))
                return self.long_term_end(steps["ceased_on"]), "", steps
            steps["matched_on"] = concluded + timedelta(days=rng.randrange(50, 330))
            steps["moved_in_on"] = steps["matched_on"] + timedelta(days=rng.randrange(7, 29))
            steps["adoption_order_on"] = steps["moved_in_on"] + timedelta(days=rng.randrange(150, 380))
            return steps["adoption_order_on"], g.choose(ADOPTED), steps
        if outcome == "sgo":
            return concluded, g.choose(SPECIAL_GUARDIANS), None
        if outcome == "cao":
            return concluded, "E41", None
        return concluded, "E4A" if rng.random() < 0.8 else "E13", None

    def long_term_end(self, since: date) -> date:
        """Children in long-term care mostly stay until 18; some go home or to special guardians."""
        return since + timedelta(days=int(self.g.rng.expovariate(1 / (365 * 12))) + 60)

    def place(self, period: int, start: date, end: date | None, moved_in: date | None) -> None:
        """Placements from the start of care to its end: contiguous, one at a time."""
        g = self.g
        rng = g.rng
        today = g.today
        t = start
        reason = "S"
        previous_carer = ""
        while True:
            age = self.age(t)
            if moved_in and t >= moved_in:
                same = rng.random() < 0.25
                placement_type = "A5" if same else "A6"
                stop = end
                carer = (previous_carer if same else f"ADOPTERS-{self.pk}", None)
                provider, long_term = "PR1", False
                self.write_placement(period, t, stop, placement_type, provider, carer, long_term, reason)
                return
            placement_type, provider = self.placement_kind(t, age)
            carer = self.carer_for(placement_type, provider, t)
            stay = 14 + int(rng.expovariate(1 / (300 if placement_type.startswith("U") else 330)))
            stop = t + timedelta(days=stay)
            if moved_in and stop > moved_in > t:
                stop = moved_in
            convert_on = None
            if placement_type in ("U6", "U3") and rng.random() < 0.7:
                convert_on = t + timedelta(days=rng.randrange(240, 540))
                if stop <= convert_on:
                    stop = convert_on + timedelta(days=int(rng.expovariate(1 / (365 * 8))) + 30)
                if moved_in and stop > moved_in:
                    stop = moved_in
                    if convert_on >= stop:
                        convert_on = None
            if end is None or stop < end:
                final = stop > today
            else:
                stop, final = end, True
            if final and end is None:
                stop = None
            if convert_on and (convert_on > today or (stop is not None and convert_on >= stop)):
                convert_on = None
            if convert_on:
                self.write_placement(period, t, convert_on, placement_type, provider, carer, False, reason)
                long_type = "U4" if placement_type == "U6" else "U1"
                self.write_placement(period, convert_on, stop, long_type, provider, carer, True, "U")
            else:
                self.write_placement(period, t, stop, placement_type, provider, carer, False, reason)
            previous_carer = carer[0]
            if final:
                return
            t, reason = stop, "P"

    def placement_kind(self, day: date, age: int) -> tuple[str, str]:
        g = self.g
        year = day.year + (1 if day.month >= 4 else 0)
        if age >= 16:
            kind = g.choose(PLACEMENTS_16_PLUS)
            if kind == "H5" and "H5" not in codes.placement_codes_for_year(year):
                kind = "K3"
        elif age >= 10:
            kind = g.choose(PLACEMENTS_10_TO_15)
        elif age >= 1:
            kind = g.choose(PLACEMENTS_1_TO_9)
        else:
            kind = g.choose(PLACEMENTS_BABY)
        if kind in ("U6", "U5", "U4"):
            provider = "PR1" if g.rng.random() < 0.55 else "PR4"
        elif kind in ("U3", "U2", "U1"):
            provider = "PR1"
        elif kind == "P1":
            provider = "PR0"
        elif kind == "K2":
            provider = "PR4" if g.rng.random() < 0.65 else "PR1"
        else:
            provider = "PR4"
        return kind, provider

    def carer_for(self, kind: str, provider: str, start: date) -> tuple[str, int | None]:
        """(carer reference, foster carer household or None)."""
        g = self.g
        rng = g.rng
        if kind in ("U6", "U5", "U4") and provider == "PR1":
            household = g.households.pick(start, None)
            if household is not None:
                return household[1], household[0]
            return f"IFA-{rng.randrange(10_000, 99_999)}", None
        if kind in ("U6", "U5", "U4"):
            return f"IFA-{rng.randrange(10_000, 99_999)}", None
        if kind in ("U3", "U2", "U1"):
            return f"CP-{self.pk}-{rng.randrange(100)}", None
        if kind == "P1":
            return "PARENT", None
        if kind in ("K2", "K1"):
            return f"SC{rng.randrange(100_000, 999_999)}", None
        return f"SA-{rng.randrange(1000, 9999)}", None

    def write_placement(self, period, start, end, kind, provider, carer, long_term, reason) -> None:
        reference, household = carer
        self.add(
            Placement,
            period_of_care_id=period,
            started_on=start,
            ended_on=end,
            placement_type=kind,
            provider=provider,
            carer_id=household,
            carer_reference=reference,
            is_long_term=long_term,
            reason_new_episode=reason,
            urn=reference if reference.startswith("SC") else "",
        )
        self.placements.append((start, end, long_term))

    def is_care_leaver(self) -> bool:
        """Looked after 13 weeks or more between 14 and 18, some of it after 16 (former relevant)."""
        fourteenth, sixteenth, eighteenth = (anniversary(self.dob, years) for years in (14, 16, 18))
        days, after_sixteen = 0, False
        for _, start, end in self.periods:
            stop = min(end or eighteenth, eighteenth)
            days += max(0, (stop - max(start, fourteenth)).days)
            after_sixteen |= (end is None or end > sixteenth) and start < eighteenth
        return days >= 91 and after_sixteen

    def leave_care(self, start: date) -> tuple[str, date | None]:
        g = self.g
        rng = g.rng
        twenty_first = anniversary(self.dob, 21)
        end = twenty_first if rng.random() < 0.8 else twenty_first + timedelta(days=rng.randrange(0, 365 * 4))
        if end > g.today:
            end = None
        self.leaving_care = (start, end)
        self.segment(TeamType.LEAVING_CARE, start, end)
        for age in range(17, 22):
            birthday = anniversary(self.dob, age)
            if birthday > g.today or (end is not None and birthday > end):
                break
            if age == 17 and not any(s <= birthday and (e is None or e >= birthday) for _, s, e in self.periods):
                continue
            self.birthday_record(age, birthday)
        return (OPEN, None) if end is None else (CLOSED, end)

    def birthday_record(self, age: int, birthday: date) -> None:
        g = self.g
        rng = g.rng
        eet = {17: 0.66, 18: 0.58}.get(age, 0.52)
        roll = rng.random()
        if roll < eet:
            activity = g.choose(EET)
        elif roll < 0.92:
            activity = g.choose(NEET)
        else:
            activity = "0"
        in_touch = "YES" if activity != "0" else g.choose(NOT_KNOWN_IN_TOUCH)
        roll = rng.random()
        accommodation = g.choose(SUITABLE) if roll < 0.86 else g.choose(UNSUITABLE) if roll < 0.93 else "0"
        self.add(
            CareLeaverBirthdayRecord,
            age=age,
            birthday_on=birthday,
            in_touch=in_touch,
            activity=activity,
            accommodation=accommodation,
        )

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
                Allocation, child_id=self.pk, worker_id=worker.pk, team_id=worker.team_id, started_on=day, ended_on=stop
            )
            self.allocations.append((day, stop, worker))
            if stop is None:
                worker.open_today += 1
            if stop is None or stop == end:
                return
            day, team = stop, worker.team_id

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


# --- Tables the stories draw from ---------------------------------------------------------------

AGE_WEIGHTS = dict(enumerate(AGE_AT_FIRST_CONTACT))  # key 0 is unborn; key n is age n - 1
AGE_IN_CARE_WEIGHTS = dict(enumerate(AGE_IN_CARE_AT_START))
ADOPTED = {"E11": 6, "E12": 4}
SPECIAL_GUARDIANS = {"E47": 5, "E45": 3, "E46": 2}
NOT_KNOWN_IN_TOUCH = {"NO": 5, "REFU": 3, "YES": 2}
ETHNICITY_SHARES = {code: share for code, (share, _, _) in demo_names.ETHNICITIES.items()}
ASSESSMENT_OUTCOMES = {"nfa": 35, "early_help": 21, "cin": 20, "strategy": 20, "lac": 4}
ASSESSMENT_OUTCOMES_AFTER_A_PLAN = {"nfa": 20, "early_help": 12, "cin": 22, "strategy": 42, "lac": 4}
UNBORN_OUTCOMES = {"nfa": 20, "early_help": 10, "cin": 35, "strategy": 35}
S47_OUTCOMES = {"icpc": 40, "cin": 30, "nfa": 30}
S47_OUTCOMES_UNBORN = {"icpc": 55, "cin": 35, "nfa": 10}
AT_HOME_OUTCOMES = {"supervision_order": 45, "cao": 20, "sgo": 15, "no_order": 10, "withdrawn": 10}
CARE_OUTCOMES = {"care_order": 55, "sgo": 20, "supervision_order": 12, "cao": 7, "no_order": 3, "withdrawn": 3}
CARE_OUTCOMES_YOUNG = {"care_order": 30, "placement_order": 32, "sgo": 22, "supervision_order": 10, "cao": 6}
S20_ENDINGS = {"E4A": 50, "E13": 20, "E4B": 10, "E8": 10, "E48": 5, "E5": 5}
AT_EIGHTEEN = {"E17": 25, "E5": 40, "E13": 20, "E8": 15}
PLACEMENTS_BABY = {"U6": 45, "U5": 18, "U3": 20, "R3": 7, "P1": 5, "U2": 5}
PLACEMENTS_1_TO_9 = {"U6": 60, "U3": 22, "P1": 7, "U5": 4, "K2": 2, "Z1": 1, "U2": 4}
PLACEMENTS_10_TO_15 = {"U6": 55, "U3": 15, "K2": 18, "P1": 5, "K1": 1, "R1": 2, "S1": 2, "Z1": 2}
PLACEMENTS_16_PLUS = {"U6": 35, "U3": 8, "K2": 17, "H5": 30, "P1": 4, "R5": 2, "Z1": 4}
MISSING_HOURS = (15, 16, 17, 18, 19, 19, 20, 20, 21, 21, 22, 22, 23, 13, 11)


def _nhs_number(rng: random.Random) -> str:
    """A valid-looking NHS number in the 999 range the NHS keeps for test data."""
    while True:
        digits = [9, 9, 9] + [rng.randrange(10) for _ in range(6)]
        remainder = sum(digit * weight for digit, weight in zip(digits, range(10, 1, -1), strict=True)) % 11
        check = 11 - remainder
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def create_caseload(*, size: str, rng: random.Random, today: date, workforce: dict, stdout) -> None:
    """Children and every case record over the demo history, allocated to the demo workforce."""
    Generator(size=size, rng=rng, today=today, workforce=workforce, stdout=stdout).run()
