"""The Team KPIs page: each indicator for a team beside the authority, with its workers' figures."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.http import Http404

from core.periods import month_end
from workforce.models import SocialWorker, Team

from .models import (
    Indicator,
)
from .selectors import (
    AUTHORITY,
    Figure,
    Months,
    MonthStatus,
    Scope,
    _team_ids,
    load_figures,
    require_reports,
    sees_all_kpis,
    team_scope,
)

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
