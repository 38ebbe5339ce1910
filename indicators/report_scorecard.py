"""A scorecard as the seed lays it out, with each figure's change since last month and,
for a measure with no thresholds, its standing against an average; and the league view of
a scorecard: its measures down the side, the authority, its statistical neighbours and
each team across.

Both read stored snapshots only, in a fixed number of queries whatever the number of
rows or teams (pinned in tests/reports/test_query_counts.py).
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings

from core.navigation import reverse_path
from core.periods import add_months
from workforce.models import Team

from .models import (
    Benchmark,
    Commentary,
    Indicator,
    IndicatorStatus,
    Milestone,
    Scorecard,
    ScorecardRow,
    Snapshot,
    ThresholdSet,
)
from .report_change import Change, Comparison, change_between, compare_with_average
from .report_targets import (
    benchmarks_for,
    commentaries_for,
    milestone_columns,
    milestone_for_month,
    milestones_for,
    on_track,
    thresholds_of,
)
from .selectors import (
    AUTHORITY,
    PREFIX_NAMES,
    SCORECARD_MONTHS,
    Figure,
    Figures,
    Months,
    MonthStatus,
    Scope,
    _query,
    commentary_url,
    load_figures,
    months_ending,
    scorecard_url,
    team_scope,
)


def figure_change(figure: Figure, previous: Figure) -> Change | None:
    """The figure against the same scope's figure of the month before (None when either
    has no value, or the indicator is not live)."""
    if not figure.indicator.is_live:
        return None
    return change_between(
        figure.value,
        previous.value,
        unit=figure.indicator.unit,
        polarity=figure.indicator.polarity,
        previous_month=previous.month,
        rating=figure.rating,
        previous_rating=previous.rating,
    )


def has_thresholds(thresholds: ThresholdSet | None) -> bool:
    return thresholds is not None and any((thresholds.outstanding, thresholds.good, thresholds.adequate))


def code_prefix(code: str) -> str:
    """'CP 13' -> 'CP', 'W 1a' -> 'W', 'PLO' -> 'PLO', 'CL a' -> 'CL'."""
    return code.split()[0] if code else ""


@dataclass
class ScorecardLine:
    """One line of a scorecard as the seed lays it out."""

    row_type: str  # section, group, indicator, comment, commentary
    text: str = ""
    theme: str = ""
    action_plan_ref: str = ""
    indicator: Indicator | None = None
    thresholds: ThresholdSet | None = None
    neighbours: Benchmark | None = None
    figures: list[Figure] = field(default_factory=list)
    milestones: list[str] = field(default_factory=list)
    milestone: Milestone | None = None  # in force for the chosen month
    on_track: bool | None = None
    commentary: Commentary | None = None  # the managers' comment for the month, if any
    commentary_url: str = ""  # where to write or edit it, back to the scorecard
    changes: list[Change | None] = field(default_factory=list)  # each figure against the month before
    benchmarks: dict[str, Benchmark] = field(default_factory=dict)

    @property
    def has_thresholds(self) -> bool:
        return has_thresholds(self.thresholds)

    @property
    def comparisons(self) -> list[Comparison | None]:
        """Without thresholds: each figure against the statistical neighbour (else England)
        average an administrator entered. With thresholds the rating says enough."""
        if self.has_thresholds or self.indicator is None:
            return [None] * len(self.figures)
        unit, polarity = self.indicator.unit, self.indicator.polarity
        return [
            compare_with_average(figure.value, self.benchmarks, unit=unit, polarity=polarity) for figure in self.figures
        ]

    @property
    def cells(self) -> list[tuple[Figure, Change | None, Comparison | None]]:
        """(figure, its change since last month, its comparison) for each month shown."""
        return list(zip(self.figures, self.changes, self.comparisons, strict=True))

    @property
    def code(self) -> str:
        return self.indicator.code if self.indicator else ""

    @property
    def is_to_be_confirmed(self) -> bool:
        return self.indicator is not None and self.indicator.status == IndicatorStatus.TO_BE_CONFIRMED

    @property
    def latest(self) -> Figure | None:
        return self.figures[-1] if self.figures else None


@dataclass
class ScorecardReport:
    scorecard: Scorecard
    scope: Scope
    month: date
    months: list[MonthStatus]
    milestone_dates: list[date]
    lines: list[ScorecardLine]

    @property
    def has_plan_columns(self) -> bool:
        """Theme and action plan ref: the action plan's columns (seed 003), not seed 000's."""
        return self.scorecard.layout == Scorecard.Layout.ROWS

    @property
    def plan_column_count(self) -> int:
        return 2 if self.has_plan_columns else 0

    @property
    def column_count(self) -> int:
        # (theme, action plan), PI ref, measure, neighbours, 3 bands, months, milestones, on track
        return self.plan_column_count + 2 + 1 + 3 + len(self.months) + len(self.milestone_dates) + 1

    @property
    def comment_colspan(self) -> int:
        """A comment row: a blank cell under the plan columns, "Comment" under the PI ref, and
        the text across every other column, so the row is as wide as the header."""
        return self.column_count - self.plan_column_count - 1

    @property
    def url(self) -> str:
        return scorecard_url(self.scorecard, self.scope.key, self.month)


def scorecard_report(scorecard: Scorecard, scope: Scope, month: date, months: Months) -> ScorecardReport:
    """The scorecard for a scope, with the four months ending at ``month`` and each one's
    change since the month before: six queries (rows, snapshots of five months, benchmarks,
    milestones, commentary; the sign-offs come with ``months``)."""
    rows = list(
        ScorecardRow.objects.filter(scorecard=scorecard)
        .select_related("indicator", "indicator__thresholds")
        .order_by("position")
    )
    indicators = [row.indicator for row in rows if row.indicator is not None]
    shown_months = months_ending(month, SCORECARD_MONTHS)
    # One month more than is shown: the first column's change since the month before it.
    # With the authority's: a team's figure with no data is read back from its run (scope_rows).
    figures = load_figures(indicators, [add_months(shown_months[0], -1), *shown_months], {scope.key, AUTHORITY})
    benchmarks = benchmarks_for(indicators)
    milestones = milestones_for(indicators)
    dates = milestone_columns(milestones, month)
    commentaries = commentaries_for(indicators, [month], scope.key)
    return_to = scorecard_url(scorecard, scope.key, month)

    lines: list[ScorecardLine] = []
    group = None
    for row in rows:
        if row.row_type == ScorecardRow.RowType.SECTION:
            lines.append(ScorecardLine("section", text=row.text, theme=row.theme))
            continue
        if row.row_type == ScorecardRow.RowType.COMMENT:
            lines.append(ScorecardLine("comment", text=row.text, theme=row.theme))
            continue
        indicator = row.indicator
        if scorecard.layout == Scorecard.Layout.PREFIX and code_prefix(indicator.code) != group:
            group = code_prefix(indicator.code)
            lines.append(ScorecardLine("group", text=group, theme=PREFIX_NAMES.get(group, "")))
        by_date = {milestone.due_on: milestone.target for milestone in milestones.get(indicator.pk, [])}
        line_figures = [figures.get(indicator, shown, scope.key) for shown in shown_months]
        before = [figures.get(indicator, add_months(shown, -1), scope.key) for shown in shown_months]
        in_force = milestone_for_month(milestones.get(indicator.pk, []), month)
        commentary = commentaries.get((indicator.pk, month))
        write_url = commentary_url(indicator, scope.key, month, return_to=return_to)
        lines.append(
            ScorecardLine(
                "indicator",
                text=row.text or indicator.title,
                theme=row.theme,
                action_plan_ref=row.action_plan_ref,
                indicator=indicator,
                thresholds=thresholds_of(indicator),
                neighbours=benchmarks.get(indicator.pk, {}).get(Benchmark.Kind.STATISTICAL_NEIGHBOURS),
                figures=line_figures,
                milestones=[by_date.get(due_on, "") for due_on in dates],
                milestone=in_force,
                on_track=on_track(indicator, line_figures[-1].value, in_force) if indicator.is_live else None,
                commentary=commentary,
                commentary_url=write_url,
                changes=[figure_change(now, then) for now, then in zip(line_figures, before, strict=True)],
                benchmarks=benchmarks.get(indicator.pk, {}),
            )
        )
        if commentary is not None:
            lines.append(
                ScorecardLine(
                    "commentary",
                    text=commentary.text,
                    indicator=indicator,
                    commentary=commentary,
                    commentary_url=write_url,
                )
            )
    return ScorecardReport(
        scorecard=scorecard,
        scope=scope,
        month=month,
        months=[months.status(shown) for shown in shown_months],
        milestone_dates=dates,
        lines=lines,
    )


# --- League view: teams as columns ------------------------------------------------------------


def league_url(scorecard: Scorecard, month: date) -> str:
    return f"{reverse_path('indicators:scorecard_league', scorecard.slug)}?{_query(AUTHORITY, month)}"


@dataclass
class LeagueCell:
    figure: Figure
    change: Change | None


@dataclass
class LeagueLine:
    row_type: str  # section, group, indicator
    text: str = ""
    indicator: Indicator | None = None
    authority: LeagueCell | None = None
    neighbours: Benchmark | None = None
    teams: list[LeagueCell] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.indicator.code if self.indicator else ""


@dataclass
class LeagueReport:
    scorecard: Scorecard
    month: date
    status: MonthStatus
    teams: list[Team]
    lines: list[LeagueLine]

    @property
    def authority_name(self) -> str:
        return settings.AUTHORITY_NAME

    @property
    def column_count(self) -> int:
        return 3 + len(self.teams)  # measure, authority, neighbours, teams

    @property
    def scorecard_url(self) -> str:
        return scorecard_url(self.scorecard, AUTHORITY, self.month)


def teams_with_figures(month: date) -> list[Team]:
    """The teams that have stored figures for the month, by name (one query): a team closed
    since still has its column for the months it worked."""
    keyed = Snapshot.objects.filter(month=month, scope_key__startswith="team:", team__isnull=False)
    return list(Team.objects.filter(pk__in=keyed.values("team_id")).only("pk", "name").order_by("name"))


def league_report(scorecard: Scorecard, month: date, months: Months) -> LeagueReport:
    """The scorecard's measures for the month, for the authority and each team side by side,
    with the statistical neighbour average and each figure's change since the month before:
    five queries (rows, teams, snapshots, benchmarks; the sign-offs come with ``months``)."""
    rows = list(
        ScorecardRow.objects.filter(scorecard=scorecard)
        .exclude(row_type=ScorecardRow.RowType.COMMENT)
        .select_related("indicator")
        .order_by("position")
    )
    indicators = [row.indicator for row in rows if row.indicator is not None]
    teams = teams_with_figures(month)
    keys = [AUTHORITY, *(team_scope(team).key for team in teams)]
    previous = add_months(month, -1)
    figures: Figures = load_figures(indicators, [previous, month], keys)
    benchmarks = benchmarks_for(indicators)

    def cell(indicator: Indicator, key: str) -> LeagueCell:
        figure = figures.get(indicator, month, key)
        return LeagueCell(figure, figure_change(figure, figures.get(indicator, previous, key)))

    lines: list[LeagueLine] = []
    group = None
    for row in rows:
        if row.row_type == ScorecardRow.RowType.SECTION:
            lines.append(LeagueLine("section", text=row.text))
            continue
        indicator = row.indicator
        if scorecard.layout == Scorecard.Layout.PREFIX and code_prefix(indicator.code) != group:
            group = code_prefix(indicator.code)
            lines.append(LeagueLine("group", text=f"{group}: {PREFIX_NAMES.get(group, '')}".rstrip(": ")))
        lines.append(
            LeagueLine(
                "indicator",
                text=row.text or indicator.title,
                indicator=indicator,
                authority=cell(indicator, AUTHORITY),
                neighbours=benchmarks.get(indicator.pk, {}).get(Benchmark.Kind.STATISTICAL_NEIGHBOURS),
                teams=[cell(indicator, key) for key in keys[1:]],
            )
        )
    return LeagueReport(scorecard, month, months.status(month), teams, lines)
