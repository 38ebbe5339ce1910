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
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from core.horizon import figures_horizon
from core.navigation import reverse_path
from core.periods import add_months, format_month, month_start, parse_month
from workforce.models import SocialWorker, Team
from workforce.selectors import team_ids_for

from .bands import round_half_up
from .formatting import format_fraction, format_value, is_small_number, small_number_warning
from .models import (
    Indicator,
    Method,
    MonthSignOff,
    ScopeType,
    Scorecard,
    Snapshot,
    SnapshotKind,
    SnapshotRecord,
    Unit,
)
from .scope_rows import fill_unstored

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
    "run_id",
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
    """One query for every kind of snapshot of these indicators, months and scopes (and one for the
    runs of any provisional team or worker figure with no data, not stored: scope_rows)."""
    scope_keys = list(scope_keys)
    snapshots = Snapshot.objects.filter(
        indicator__in=[indicator.pk for indicator in indicators],
        month__in=list(months),
        scope_key__in=list(scope_keys),
    ).values_list(*_SNAPSHOT_FIELDS)
    stored = [StoredFigure(values) for values in snapshots.order_by()]
    return Figures(indicators, [*stored, *fill_unstored(indicators, stored, scope_keys)])


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
