"""Reads for the report pages: stored snapshots only, never a computation.

Every function here runs a fixed number of queries whatever the number of teams,
workers or records, so a page built from them cannot grow an N+1 (the page tests pin
the counts). Who may see what is decided here too:

- ``indicators.view_all_kpis`` (senior managers, performance officers): every scope;
- ``indicators.view_team_kpis`` (team managers): the authority's figure, and their own
  teams' and those teams' workers' figures; any other team or worker is a 404, the same
  as one that does not exist;
- a drill-down lists only the records the user could open anyway (children through
  ``casework.selectors.children_visible_to``, workforce records through their team);
  the rest are counted, not listed.

The figure shown for a month is the reported one if the month was signed off, else the
provisional one; a restated figure that differs from the reported one is shown beside
it with the difference.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from urllib.parse import quote_plus

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Count, Exists, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat
from django.http import Http404
from django.utils import timezone

from casework.models import Child
from casework.selectors import children_visible_to
from core.horizon import figures_horizon
from core.navigation import reverse_path
from core.periods import add_months, format_month, month_end, month_start, parse_month
from workforce.models import Post, SocialWorker, Team
from workforce.selectors import sees_every_team, team_ids_for

from .bands import Thresholds, meets_target, milestone_in_force, parse_band, round_half_up
from .formatting import format_fraction, format_value, is_small_number, small_number_warning
from .models import (
    Benchmark,
    Commentary,
    Indicator,
    Method,
    Milestone,
    MonthSignOff,
    ScopeType,
    Scorecard,
    Snapshot,
    SnapshotKind,
    SnapshotRecord,
    ThresholdSet,
    Unit,
)

AUTHORITY = "authority"
UNALLOCATED = "unallocated"
SCORECARD_MONTHS = 4  # the seed's four "Actual" columns
MILESTONE_COLUMNS = 3  # the seed's three milestone columns
TREND_MONTHS = 24

# Seed 000's code prefixes, in the order the seed lists them, with the words they stand for.
PREFIX_NAMES = {
    "P": "Posts",
    "W": "Workload",
    "FD": "Front door",
    "CIN": "Children in need",
    "CP": "Child protection",
    "MC": "Missing children",
    "LE": "Legal",
    "PLO": "Public Law Outline",
    "LAC": "Children looked after",
    "F": "Fostering",
    "AD": "Adoption",
    "CL": "Care leavers",
    "QA": "Quality assurance",
}


# --- Who may see reports ------------------------------------------------------------------


def sees_all_kpis(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.has_perm("indicators.view_all_kpis"))


def sees_team_kpis(user) -> bool:
    return user.is_authenticated and (sees_all_kpis(user) or user.has_perm("indicators.view_team_kpis"))


def require_reports(user) -> None:
    """403 for anyone who may see no figures at all (social workers, administrators)."""
    if not sees_team_kpis(user):
        raise PermissionDenied


def _team_ids(user) -> set[int]:
    """workforce.selectors.team_ids_for, once per request (cached on the user, as Django caches
    permissions there): a page asks for it to check the scope and again to list the teams."""
    if not hasattr(user, "_report_team_ids"):
        user._report_team_ids = team_ids_for(user)
    return user._report_team_ids


def require_all_kpis(user) -> None:
    if not sees_all_kpis(user):
        raise PermissionDenied


@dataclass(frozen=True)
class Scope:
    key: str
    scope_type: str
    name: str
    team_id: int | None = None
    worker_id: int | None = None

    @property
    def is_authority(self) -> bool:
        return self.scope_type == ScopeType.AUTHORITY

    @property
    def is_unallocated(self) -> bool:
        return self.key.endswith(":" + UNALLOCATED)

    def records(self, records: QuerySet[SnapshotRecord]) -> QuerySet[SnapshotRecord]:
        """The authority drill-down narrowed to this scope (unallocated: no team or worker)."""
        if self.scope_type == ScopeType.TEAM:
            return records.filter(team_id=self.team_id)
        if self.scope_type == ScopeType.WORKER:
            return records.filter(worker_id=self.worker_id)
        return records


def authority_scope() -> Scope:
    return Scope(AUTHORITY, ScopeType.AUTHORITY, settings.AUTHORITY_NAME)


def team_scope(team: Team) -> Scope:
    return Scope(f"team:{team.pk}", ScopeType.TEAM, team.name, team_id=team.pk)


def _parse_scope_key(key: str) -> tuple[str, int | None]:
    """('team', 3) for 'team:3', ('team', None) for 'team:unallocated'; 404 for anything else."""
    if key == AUTHORITY:
        return ScopeType.AUTHORITY, None
    kind, _, rest = (key or "").partition(":")
    if kind not in (ScopeType.TEAM, ScopeType.WORKER):
        raise Http404("No such scope.")
    if rest == UNALLOCATED:
        return kind, None
    if not rest.isdigit():
        raise Http404("No such scope.")
    return kind, int(rest)


def scope_for(user, key: str | None) -> Scope:
    """The scope, if the user may see its figures; 404 otherwise (as if it did not exist)."""
    require_reports(user)
    key = key or AUTHORITY
    kind, pk = _parse_scope_key(key)
    every_team = sees_all_kpis(user)
    if kind == ScopeType.AUTHORITY:
        return authority_scope()
    if pk is None:
        # Unallocated children belong to no team: only those who see every team see them.
        if not every_team:
            raise Http404("No such scope.")
        return Scope(key, kind, "Unallocated")
    if kind == ScopeType.TEAM:
        teams = Team.objects.all() if every_team else Team.objects.filter(pk__in=_team_ids(user))
        team = teams.filter(pk=pk).only("pk", "name").first()
        if team is None:
            raise Http404("No such team.")
        return team_scope(team)
    workers = SocialWorker.objects.all() if every_team else SocialWorker.objects.filter(team__in=_team_ids(user))
    worker = workers.filter(pk=pk).only("pk", "first_name", "last_name", "team_id").first()
    if worker is None:
        raise Http404("No such social worker.")
    return Scope(key, kind, worker.full_name, worker_id=worker.pk)


def teams_for_reports(user) -> list[Team]:
    """The teams whose figures the user may open, for a chooser (one query)."""
    require_reports(user)
    teams = Team.objects.only("pk", "name").order_by("name")
    if sees_all_kpis(user):
        return list(teams)
    return list(teams.filter(pk__in=_team_ids(user)))


def can_comment_on(user, scope: Scope) -> bool:
    """Managers write the commentary on figures they are answerable for: senior managers and
    performance officers on any figure, a team manager on their own teams' and workers'."""
    if not (user.has_perm("indicators.add_commentary") or user.has_perm("indicators.change_commentary")):
        return False
    if sees_all_kpis(user):
        return True
    return not scope.is_authority and not scope.is_unallocated


def may_write_commentary(user, scope: Scope, action: str) -> bool:
    """May the user add (``action="add"``) or change a comment on the scope's figures?"""
    return can_comment_on(user, scope) and user.has_perm(f"indicators.{action}_commentary")


# --- Months -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthStatus:
    month: date
    sign_off: MonthSignOff | None
    kinds: frozenset[str] = frozenset()  # the kinds of authority figure stored for the month

    @property
    def is_signed_off(self) -> bool:
        return self.sign_off is not None

    @property
    def has_figures(self) -> bool:
        return bool(self.kinds)

    @property
    def is_provisional(self) -> bool:
        """Not signed off, with figures that are still recomputed (seed 003's hand-reported
        months are neither: they were reported before the system existed)."""
        return not self.is_signed_off and SnapshotKind.PROVISIONAL in self.kinds

    @property
    def label(self) -> str:
        return f"{self.month:%B %Y}" + (" (provisional)" if self.is_provisional else "")


@dataclass(frozen=True)
class Months:
    """The months there are figures for, newest first, and which are signed off."""

    statuses: list[MonthStatus]
    sign_offs: dict[date, MonthSignOff]

    @property
    def default(self) -> date:
        """The latest signed-off month; before any sign-off, the latest month with figures."""
        if self.sign_offs:
            return max(self.sign_offs)
        if self.statuses:
            return self.statuses[0].month
        return month_start(timezone.localdate())

    def status(self, month: date) -> MonthStatus:
        for status in self.statuses:
            if status.month == month:
                return status
        return MonthStatus(month, self.sign_offs.get(month))

    def choices(self, including: date | None = None) -> list[tuple[str, str]]:
        months = [status.month for status in self.statuses]
        if including is not None and including not in months:
            months = sorted([*months, including], reverse=True)
        return [(format_month(month), self.status(month).label) for month in months]

    def parse(self, text: str | None) -> date:
        """The month asked for (YYYY-MM), or the default; a malformed month is a 404."""
        if not text:
            return self.default
        try:
            return parse_month(text)
        except ValueError as error:
            raise Http404(str(error)) from error


def report_months() -> Months:
    """Three queries: the figures horizon, the months (and kinds) of the authority figures from it
    on, and the sign-offs. No month before the horizon is offered."""
    kinds: dict[date, set[str]] = defaultdict(set)
    horizon = figures_horizon()
    authority = Snapshot.objects.filter(scope_key=AUTHORITY, month__gte=horizon)
    for month, kind in authority.order_by().values_list("month", "kind").distinct():
        kinds[month].add(kind)
    sign_offs = {
        sign_off.month: sign_off
        for sign_off in MonthSignOff.objects.filter(month__gte=horizon).select_related("signed_off_by")
    }
    statuses = [
        MonthStatus(month, sign_offs.get(month), frozenset(kinds[month])) for month in sorted(kinds, reverse=True)
    ]
    return Months(statuses, sign_offs)


def months_ending(month: date, count: int) -> list[date]:
    """The ``count`` months ending with ``month``, oldest first."""
    return [add_months(month, offset) for offset in range(-(count - 1), 1)]


# --- Links -------------------------------------------------------------------------------


def _query(scope_key: str, month: date, **extra: str) -> str:
    """urlencode() of scope, month and the extras given, written out: a page makes hundreds."""
    query = f"scope={_quoted(scope_key)}&month={format_month(month)}"
    for name, value in extra.items():
        if value:
            query += f"&{name}={_quoted(value)}"
    return query


@lru_cache(maxsize=4096)
def _quoted(text: str) -> str:
    return quote_plus(text)


def indicator_url(indicator: Indicator, scope_key: str, month: date) -> str:
    return f"{reverse_path('indicators:indicator', indicator.pk)}?{_query(scope_key, month)}"


def records_url(indicator: Indicator, scope_key: str, month: date, kind: str = "") -> str:
    return f"{reverse_path('indicators:records', indicator.pk)}?{_query(scope_key, month, kind=kind)}"


def commentary_url(indicator: Indicator, scope_key: str, month: date, return_to: str = "") -> str:
    """The comment page for a figure; ``return_to`` is where saving it goes back to (the
    scorecard it was opened from), else the indicator's page."""
    return f"{reverse_path('indicators:commentary', indicator.pk)}?{_query(scope_key, month, next=return_to)}"


def scorecard_url(scorecard: Scorecard, scope_key: str, month: date) -> str:
    return f"{reverse_path('indicators:scorecard', scorecard.slug)}?{_query(scope_key, month)}"


# --- Figures -----------------------------------------------------------------------------


def snapshot_text(snapshot: Snapshot | None, unit: str) -> str:
    """'9 of 10 (90.0%)' for a computed percentage; the value alone for a hand-reported one
    (the seed's months carry no numerator or denominator)."""
    if snapshot is None:
        return "no data"
    if snapshot.method == Method.MANUAL:
        return format_value(snapshot.value, unit)
    return format_fraction(snapshot.numerator, snapshot.denominator, snapshot.value, unit)


def format_difference(difference: Decimal | None, unit: str) -> str:
    """'+2.5 percentage points', '-1', 'no change'."""
    if difference is None:
        return ""
    places = 0 if unit == Unit.COUNT else 1
    rounded = round_half_up(difference, places)
    if rounded == 0:
        return "no change"
    sign = "+" if rounded > 0 else "-"
    text = f"{sign}{abs(rounded)}"
    return f"{text} percentage points" if unit == Unit.PERCENTAGE else text


@dataclass(frozen=True, repr=False)
class Figure:
    """One indicator, month and scope: the snapshots of each kind there are for it."""

    def __repr__(self) -> str:
        # Not the dataclass repr: a snapshot's str() would look up its indicator.
        return f"<Figure {self.indicator.code} {self.month:%Y-%m} {self.scope_key} {self.kind or 'none'}>"

    indicator: Indicator
    month: date
    scope_key: str
    reported: Snapshot | None = None
    provisional: Snapshot | None = None
    restated: Snapshot | None = None

    @property
    def shown(self) -> Snapshot | None:
        return self.reported or self.provisional or self.restated

    @property
    def exists(self) -> bool:
        return self.shown is not None

    @property
    def kind(self) -> str:
        return self.shown.kind if self.shown else ""

    @property
    def is_provisional(self) -> bool:
        return self.kind == SnapshotKind.PROVISIONAL

    @property
    def is_hand_reported(self) -> bool:
        return self.shown is not None and self.shown.method == Method.MANUAL

    @property
    def value(self) -> Decimal | None:
        return self.shown.value if self.shown else None

    @property
    def numerator(self) -> Decimal | None:
        return self.shown.numerator if self.shown else None

    @property
    def denominator(self) -> Decimal | None:
        return self.shown.denominator if self.shown else None

    @property
    def rating(self) -> str:
        return self.shown.rating if self.shown else ""

    @property
    def unit(self) -> str:
        return self.indicator.unit

    @property
    def is_not_computed_for_scope(self) -> bool:
        """F 3 has no team figures, P 1 no worker figures: say so rather than "no data"."""
        if self.scope_key.startswith("team:"):
            return not self.indicator.has_team_scope
        if self.scope_key.startswith("worker:"):
            return not self.indicator.has_worker_scope
        return False

    @property
    def text(self) -> str:
        if not self.indicator.is_live:
            return "to be confirmed"
        return snapshot_text(self.shown, self.unit)

    @property
    def value_text(self) -> str:
        if not self.indicator.is_live:
            return "to be confirmed"
        return format_value(self.value, self.unit)

    @property
    def small_number(self) -> bool:
        """Resting on fewer than 5 records (formatting.is_small_number); a hand-reported figure
        has no records to count."""
        return self.shown is not None and not self.is_hand_reported and is_small_number(self.denominator, self.unit)

    @property
    def small_number_warning(self) -> str:
        return small_number_warning(self.unit) if self.small_number else ""

    @property
    def restatement(self) -> Snapshot | None:
        """The restated figure, where it differs from what was reported."""
        if self.restated is None or self.reported is None:
            return None
        same = (self.restated.value, self.restated.numerator, self.restated.denominator) == (
            self.reported.value,
            self.reported.numerator,
            self.reported.denominator,
        )
        return None if same else self.restated

    @property
    def restated_text(self) -> str:
        return snapshot_text(self.restatement, self.unit) if self.restatement else ""

    @property
    def difference(self) -> Decimal | None:
        restated = self.restatement
        if restated is None or restated.value is None or self.reported.value is None:
            return None
        return restated.value - self.reported.value

    @property
    def difference_text(self) -> str:
        if self.restatement is None:
            return ""
        if self.difference is None:
            return "no data in one of them"
        return format_difference(self.difference, self.unit)

    @property
    def url(self) -> str:
        return indicator_url(self.indicator, self.scope_key, self.month)

    @property
    def records_url(self) -> str:
        return records_url(self.indicator, self.scope_key, self.month, self.kind)

    @property
    def restated_records_url(self) -> str:
        return records_url(self.indicator, self.scope_key, self.month, SnapshotKind.RESTATED)

    @property
    def kind_label(self) -> str:
        if self.shown is None:
            return ""
        if self.is_hand_reported:
            return "Reported by hand"
        return {
            SnapshotKind.REPORTED: "As reported",
            SnapshotKind.PROVISIONAL: "Provisional",
            SnapshotKind.RESTATED: "Restated (not reported)",
        }[self.kind]


_SNAPSHOT_FIELDS = (
    "id",
    "indicator_id",
    "month",
    "kind",
    "scope_key",
    "scope_name",
    "scope_type",
    "numerator",
    "denominator",
    "value",
    "rating",
    "method",
    "computed_at",
    "definition_version",
)


class Figures:
    """Figures keyed by (indicator id, month, scope key), from one query."""

    def __init__(self, indicators: Iterable[Indicator], snapshots: Iterable[Snapshot]):
        self._indicators = {indicator.pk: indicator for indicator in indicators}
        self._kinds: dict[tuple, dict[str, Snapshot]] = defaultdict(dict)
        for snapshot in snapshots:
            self._kinds[(snapshot.indicator_id, snapshot.month, snapshot.scope_key)][snapshot.kind] = snapshot

    def get(self, indicator: Indicator, month: date, scope_key: str) -> Figure:
        kinds = self._kinds.get((indicator.pk, month, scope_key), {})
        return Figure(
            indicator,
            month,
            scope_key,
            reported=kinds.get(SnapshotKind.REPORTED),
            provisional=kinds.get(SnapshotKind.PROVISIONAL),
            restated=kinds.get(SnapshotKind.RESTATED),
        )


class StoredFigure:
    """A snapshot's fields that a figure shows (_SNAPSHOT_FIELDS), read as plain values: a
    team's page reads some 600 snapshots, and making each a model instance was a sixth of
    building its report. Only read; a page that changes or follows a snapshot uses the model."""

    __slots__ = _SNAPSHOT_FIELDS

    def __init__(self, values: tuple):
        for name, value in zip(_SNAPSHOT_FIELDS, values, strict=True):
            setattr(self, name, value)


def load_figures(indicators: list[Indicator], months: Iterable[date], scope_keys: Iterable[str]) -> Figures:
    """One query for every kind of snapshot of these indicators, months and scopes."""
    snapshots = Snapshot.objects.filter(
        indicator__in=[indicator.pk for indicator in indicators],
        month__in=list(months),
        scope_key__in=list(scope_keys),
    ).values_list(*_SNAPSHOT_FIELDS)
    return Figures(indicators, [StoredFigure(values) for values in snapshots.order_by()])


# --- Thresholds, benchmarks, milestones ---------------------------------------------------


def thresholds_of(indicator: Indicator) -> ThresholdSet | None:
    """The indicator's bands (select_related("thresholds") first, or this queries)."""
    try:
        return indicator.thresholds
    except ThresholdSet.DoesNotExist:
        return None


def parsed_thresholds(indicator: Indicator) -> Thresholds | None:
    bands = thresholds_of(indicator)
    if bands is None:
        return None
    return Thresholds.parse(bands.outstanding, bands.good, bands.adequate)


BENCHMARK_NAMES = {
    Benchmark.Kind.STATISTICAL_NEIGHBOURS: "statistical neighbour average",
    Benchmark.Kind.ENGLAND: "England average",
}


def benchmarks_for(indicators: list[Indicator]) -> dict[int, dict[str, Benchmark]]:
    """{indicator id: {kind: the latest year's benchmark}} in one query."""
    latest: dict[int, dict[str, Benchmark]] = defaultdict(dict)
    for benchmark in Benchmark.objects.filter(indicator__in=[i.pk for i in indicators]).order_by(
        "indicator", "kind", "-year"
    ):
        latest[benchmark.indicator_id].setdefault(benchmark.kind, benchmark)
    return latest


def milestones_for(indicators: list[Indicator]) -> dict[int, list[Milestone]]:
    """{indicator id: milestones by date} in one query."""
    milestones: dict[int, list[Milestone]] = defaultdict(list)
    for milestone in Milestone.objects.filter(indicator__in=[i.pk for i in indicators]).order_by("due_on"):
        milestones[milestone.indicator_id].append(milestone)
    return milestones


def milestone_for_month(milestones: list[Milestone], month: date) -> Milestone | None:
    """The milestone in force at the month's end (bands.milestone_in_force)."""
    chosen = milestone_in_force([(m.due_on, m) for m in milestones], month_end(month))
    return chosen[1] if chosen else None


def on_track(indicator: Indicator, value: Decimal | None, milestone: Milestone | None) -> bool | None:
    if value is None or milestone is None:
        return None
    return meets_target(value, parse_band(milestone.target), indicator.polarity)


def milestone_columns(milestones: dict[int, list[Milestone]], month: date) -> list[date]:
    """The seed's three milestone columns: the due dates around the month, starting from the
    one in force at its end (or the next one), shifted back when fewer follow it."""
    dates = sorted({milestone.due_on for group in milestones.values() for milestone in group})
    if len(dates) <= MILESTONE_COLUMNS:
        return dates
    end = month_end(month)
    past = [index for index, due_on in enumerate(dates) if due_on <= end]
    start = past[-1] if past else 0
    start = min(start, len(dates) - MILESTONE_COLUMNS)
    return dates[start : start + MILESTONE_COLUMNS]


def commentaries_for(indicators: list[Indicator], months: Iterable[date], scope_key: str) -> dict[tuple, Commentary]:
    """{(indicator id, month): commentary} for one scope, with authors, in one query."""
    found = Commentary.objects.filter(
        indicator__in=[i.pk for i in indicators], month__in=list(months), scope_key=scope_key
    ).select_related("author")
    return {(commentary.indicator_id, commentary.month): commentary for commentary in found}


# --- Scorecard ---------------------------------------------------------------------------


def scorecards_for(user) -> QuerySet[Scorecard]:
    require_all_kpis(user)
    return Scorecard.objects.annotate(indicator_count=Count("rows", filter=Q(rows__row_type="indicator")))


def scorecard_for(user, slug: str) -> Scorecard:
    require_all_kpis(user)
    scorecard = Scorecard.objects.filter(slug=slug).first()
    if scorecard is None:
        raise Http404("No such scorecard.")
    return scorecard


# --- Team KPIs ----------------------------------------------------------------------------


def report_indicators() -> list[Indicator]:
    """The catalogue in its order, with thresholds (one query)."""
    return list(Indicator.objects.select_related("thresholds").order_by("catalogue_position", "code"))


def team_for_kpis(user, team_id: str | None) -> Team:
    """The team asked for, if the user may see it; else their first team. 404 outside scope."""
    require_reports(user)
    teams = Team.objects.only("pk", "name", "team_type").order_by("name")
    if not sees_all_kpis(user):
        teams = teams.filter(pk__in=_team_ids(user))
    if team_id:
        if not str(team_id).isdigit():
            raise Http404("No such team.")
        team = teams.filter(pk=int(team_id)).first()
    else:
        team = teams.first()
    if team is None:
        raise Http404("No team to show.")
    return team


def workers_in_team(team: Team, month: date) -> list[SocialWorker]:
    """The team's social workers in post at some point in the month (one query)."""
    in_month = Q(started_on__lte=month_end(month)) & (Q(ended_on__isnull=True) | Q(ended_on__gte=month))
    return list(
        SocialWorker.objects.filter(in_month, team=team)
        .only("pk", "first_name", "last_name", "team_id")
        .order_by("last_name", "first_name")
    )


@dataclass
class TeamLine:
    indicator: Indicator
    team: Figure
    authority: Figure
    workers: list[Figure]

    @property
    def has_team_scope(self) -> bool:
        return self.indicator.has_team_scope

    @property
    def has_worker_scope(self) -> bool:
        return self.indicator.has_worker_scope


@dataclass
class TeamReport:
    team: Team
    scope: Scope
    month: date
    status: MonthStatus
    workers: list[SocialWorker]
    lines: list[TeamLine]

    @property
    def worker_lines(self) -> list[TeamLine]:
        return [line for line in self.lines if line.has_worker_scope and line.indicator.is_live]


def team_report(team: Team, month: date, months: Months) -> TeamReport:
    """The team's figures beside the authority's and each worker's: three queries."""
    indicators = report_indicators()
    workers = workers_in_team(team, month)
    scope = team_scope(team)
    worker_keys = [f"worker:{worker.pk}" for worker in workers]
    figures = load_figures(indicators, [month], [scope.key, AUTHORITY, *worker_keys])
    lines = [
        TeamLine(
            indicator=indicator,
            team=figures.get(indicator, month, scope.key),
            authority=figures.get(indicator, month, AUTHORITY),
            workers=[figures.get(indicator, month, key) for key in worker_keys],
        )
        for indicator in indicators
    ]
    return TeamReport(team, scope, month, months.status(month), workers, lines)


# --- Drill-down ---------------------------------------------------------------------------


def drill_down_figure(
    indicator: Indicator, scope: Scope, month: date, kind: str | None
) -> tuple[Figure, Snapshot | None]:
    """The figure for the scope, and the authority snapshot whose records are its list, of the
    kind asked for (default: the kind shown). One query."""
    snapshots = list(
        Snapshot.objects.filter(indicator=indicator, month=month, scope_key__in={scope.key, AUTHORITY}).only(
            *_SNAPSHOT_FIELDS
        )
    )
    figures = Figures([indicator], snapshots)
    figure = figures.get(indicator, month, scope.key)
    authority = figures.get(indicator, month, AUTHORITY)
    kind = kind or figure.kind or SnapshotKind.PROVISIONAL
    if kind not in SnapshotKind.values:
        raise Http404("No such kind of figure.")
    chosen = {
        SnapshotKind.REPORTED: authority.reported,
        SnapshotKind.PROVISIONAL: authority.provisional,
        SnapshotKind.RESTATED: authority.restated,
    }[kind]
    scoped = {
        SnapshotKind.REPORTED: figure.reported,
        SnapshotKind.PROVISIONAL: figure.provisional,
        SnapshotKind.RESTATED: figure.restated,
    }[kind]
    # The figure as it was for this kind (a reported month's list is the reported list).
    figure = Figure(
        indicator,
        month,
        scope.key,
        reported=scoped if kind == SnapshotKind.REPORTED else None,
        provisional=scoped if kind == SnapshotKind.PROVISIONAL else None,
        restated=scoped if kind == SnapshotKind.RESTATED else None,
    )
    return figure, chosen


def _visible(user) -> Q:
    """The records the user could open anyway: children they may see; workforce records of
    the teams they may see. Once per request (kept on the user, as _team_ids is): the counts
    and the list both ask."""
    if not hasattr(user, "_report_visible"):
        # Correlated on the record's child (a primary-key probe per record), not "IN (every
        # child the user may see)", which SQLite evaluates over the whole children table.
        children = Q(Exists(children_visible_to(user).filter(pk=OuterRef("child_id"))))
        if sees_every_team(user):
            workforce = Q(child_id__isnull=True)
        else:
            workforce = Q(child_id__isnull=True, team_id__in=list(_team_ids(user)))
        user._report_visible = children | workforce
    return user._report_visible


def drill_down_records(user, snapshot: Snapshot | None, scope: Scope) -> QuerySet[SnapshotRecord]:
    """The records of the figure the user may see, with the names a row shows, in one query
    (names by subquery, so the page costs the same for 10 rows or 10,000)."""
    if snapshot is None:
        return SnapshotRecord.objects.none()
    records = scope.records(SnapshotRecord.objects.filter(snapshot=snapshot)).filter(_visible(user))
    child = Child.objects.filter(pk=OuterRef("child_id")).order_by()
    worker = SocialWorker.objects.filter(pk=OuterRef("worker_id")).order_by()
    team = Team.objects.filter(pk=OuterRef("team_id")).order_by()
    post = Post.objects.filter(pk=OuterRef("record_id")).order_by()
    text = CharField()
    return records.annotate(
        child_name=Subquery(
            child.annotate(name=Concat("first_name", Value(" "), "last_name", output_field=text)).values("name")[:1],
            output_field=text,
        ),
        child_reference=Subquery(child.values("la_child_id")[:1], output_field=text),
        worker_name=Subquery(
            worker.annotate(name=Concat("first_name", Value(" "), "last_name", output_field=text)).values("name")[:1],
            output_field=text,
        ),
        team_name=Subquery(team.values("name")[:1], output_field=text),
        post_reference=Subquery(post.values("reference")[:1], output_field=text),
    ).order_by("in_numerator", "child_name", "worker_name", "record_id")


@dataclass(frozen=True)
class DrillDownCounts:
    total: int
    in_numerator: int
    listed: int
    listed_in_numerator: int = 0

    def listed_where(self, in_numerator: bool | None) -> int:
        """How many records the list shows: all it may, or those in (or not in) the numerator."""
        if in_numerator is None:
            return self.listed
        return self.listed_in_numerator if in_numerator else self.listed - self.listed_in_numerator

    @property
    def not_in_numerator(self) -> int:
        return self.total - self.in_numerator

    @property
    def not_listed(self) -> int:
        return self.total - self.listed


def drill_down_counts(user, snapshot: Snapshot | None, scope: Scope) -> DrillDownCounts:
    """How many records the figure rests on, how many count, and how many this user may see
    listed (of those, how many count): one query, so others see the counts without the
    children, and the list's pages need no count of their own."""
    if snapshot is None:
        return DrillDownCounts(0, 0, 0)
    records = scope.records(SnapshotRecord.objects.filter(snapshot=snapshot))
    # Grouped by in_numerator rather than a filtered count each: the visibility test (a probe
    # of the child and its allocations) is made once per record, not once per count.
    groups = {
        group["in_numerator"]: group
        for group in records.order_by()
        .values("in_numerator")
        .annotate(total=Count("id"), listed=Count("id", filter=_visible(user)))
    }
    counted, not_counted = groups.get(True, {}), groups.get(False, {})
    return DrillDownCounts(
        total=counted.get("total", 0) + not_counted.get("total", 0),
        in_numerator=counted.get("total", 0),
        listed=counted.get("listed", 0) + not_counted.get("listed", 0),
        listed_in_numerator=counted.get("listed", 0),
    )


# --- Sign-off -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SignOffLine:
    month: date
    sign_off: MonthSignOff | None
    provisional_figures: int
    computed_at: object | None
    is_over: bool

    @property
    def can_be_signed_off(self) -> bool:
        return self.sign_off is None and self.is_over and self.provisional_figures > 0

    @property
    def status(self) -> str:
        if self.sign_off is not None:
            return "Signed off"
        if not self.is_over:
            return "In progress"
        return "Provisional" if self.provisional_figures else "No figures"

    @property
    def signed_off_by(self) -> str:
        if self.sign_off is None:
            return ""
        user = self.sign_off.signed_off_by
        return user.get_full_name() or user.username


def sign_off_lines(months: int = 12) -> list[SignOffLine]:
    """The last ``months`` months (this one included), newest first: two queries."""
    current = month_start(timezone.localdate())
    horizon = figures_horizon()
    shown = [month for month in months_ending(current, months) if month >= horizon]
    sign_offs = {
        sign_off.month: sign_off
        for sign_off in MonthSignOff.objects.filter(month__in=shown).select_related("signed_off_by")
    }
    computed = {
        row["month"]: row
        for row in Snapshot.objects.filter(month__in=shown, kind=SnapshotKind.PROVISIONAL, scope_key=AUTHORITY)
        .values("month")
        .annotate(count=Count("id"), computed_at=Max("computed_at"))
    }
    return [
        SignOffLine(
            month=month,
            sign_off=sign_offs.get(month),
            provisional_figures=computed.get(month, {}).get("count", 0),
            computed_at=computed.get(month, {}).get("computed_at"),
            is_over=month < current,
        )
        for month in reversed(shown)
    ]
