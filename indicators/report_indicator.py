"""An indicator's page: the figure of the month, its trend over two years (for a team,
beside the authority's), and what the trend chart draws, with a y-axis fitted to what it
draws rather than fixed at 0-100%.

Reads stored snapshots only: four queries whatever the scope (pinned in
tests/reports/test_query_counts.py).
"""

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.http import Http404

from core.templatetags.govuk import rating_class

from .bands import Rating, parse_band, round_half_up
from .models import Benchmark, Commentary, Indicator, Milestone, Polarity, ThresholdSet, Unit
from .report_targets import (
    BENCHMARK_NAMES,
    benchmarks_for,
    commentaries_for,
    milestone_for_month,
    milestones_for,
    on_track,
    parsed_thresholds,
    thresholds_of,
)
from .selectors import (
    AUTHORITY,
    TREND_MONTHS,
    Figure,
    Months,
    MonthStatus,
    Scope,
    load_figures,
    months_ending,
    require_reports,
)


def missing_benchmark_text(kind: str, *, for_administrator: bool = False) -> str:
    """What the page says where an average has not been entered; only an administrator, who
    can add one, is told where."""
    text = f"No {BENCHMARK_NAMES[kind]} entered"
    return f"{text}: add one in Benchmarks" if for_administrator else text


def indicator_for(user, pk: int) -> Indicator:
    require_reports(user)
    indicator = Indicator.objects.select_related("thresholds").filter(pk=pk).first()
    if indicator is None:
        raise Http404("No such indicator.")
    return indicator


@dataclass(repr=False)
class TrendPoint:
    figure: Figure
    status: MonthStatus
    milestone: Milestone | None
    on_track: bool | None
    commentary: Commentary | None
    authority: Figure | None = None  # for a team's trend: the authority's figure that month

    @property
    def month(self) -> date:
        return self.figure.month

    @property
    def milestone_target(self) -> str:
        return self.milestone.target if self.milestone else ""

    @property
    def comment_text(self) -> str:
        return self.commentary.text if self.commentary else ""


@dataclass
class IndicatorReport:
    indicator: Indicator
    scope: Scope
    month: date
    figure: Figure
    points: list[TrendPoint]
    thresholds: ThresholdSet | None
    benchmarks: dict[str, Benchmark]
    milestones: list[Milestone]
    commentary: Commentary | None
    for_administrator: bool = False  # say where a missing average is added

    @property
    def shows_authority(self) -> bool:
        """A team's trend is drawn beside the authority's."""
        return not self.scope.is_authority

    @property
    def neighbours(self) -> Benchmark | None:
        return self.benchmarks.get(Benchmark.Kind.STATISTICAL_NEIGHBOURS)

    @property
    def england(self) -> Benchmark | None:
        return self.benchmarks.get(Benchmark.Kind.ENGLAND)

    @property
    def neighbours_missing(self) -> str:
        return (
            ""
            if self.neighbours
            else missing_benchmark_text(Benchmark.Kind.STATISTICAL_NEIGHBOURS, for_administrator=self.for_administrator)
        )

    @property
    def england_missing(self) -> str:
        return (
            ""
            if self.england
            else missing_benchmark_text(Benchmark.Kind.ENGLAND, for_administrator=self.for_administrator)
        )

    def chart_data(self) -> dict:
        """What the trend chart draws: exactly the figures of the table below it."""
        return trend_chart_data(self)


def indicator_report(
    indicator: Indicator, scope: Scope, month: date, months: Months, *, for_administrator: bool = False
) -> IndicatorReport:
    """The indicator over the 24 months to ``month`` (a team's beside the authority's): four
    queries."""
    trend_months = months_ending(month, TREND_MONTHS)
    figures = load_figures([indicator], trend_months, {scope.key, AUTHORITY})
    benchmarks = benchmarks_for([indicator]).get(indicator.pk, {})
    milestones = milestones_for([indicator]).get(indicator.pk, [])
    commentaries = commentaries_for([indicator], trend_months, scope.key)
    points = []
    for shown in trend_months:
        figure = figures.get(indicator, shown, scope.key)
        milestone = milestone_for_month(milestones, shown)
        points.append(
            TrendPoint(
                figure=figure,
                status=months.status(shown),
                milestone=milestone,
                on_track=on_track(indicator, figure.value, milestone),
                commentary=commentaries.get((indicator.pk, shown)),
                authority=None if scope.is_authority else figures.get(indicator, shown, AUTHORITY),
            )
        )
    return IndicatorReport(
        indicator=indicator,
        scope=scope,
        month=month,
        figure=points[-1].figure,
        points=points,
        thresholds=thresholds_of(indicator),
        benchmarks=benchmarks,
        milestones=milestones,
        commentary=points[-1].commentary,
        for_administrator=for_administrator,
    )


def rating_colour_property(rating: Rating) -> str:
    """The stylesheet's custom property holding a rating's colour ('--app-rating-good'), which
    the rating classes use (assets/scss/_palette.scss): the chart shades its bands with it, so
    a band is the colour of the figures it rates."""
    return "--" + rating_class(rating.value).replace("--", "-")


def _plot(value: Decimal | None, unit: str) -> float | None:
    """The value as the table shows it (rounded like format_value), as a number for the chart."""
    if value is None:
        return None
    return float(round_half_up(value, 0 if unit == Unit.COUNT else 1))


def _band_edges(band) -> tuple[float | None, float | None]:
    """The value range a band covers, given that values are rounded half up to the band's
    precision before comparison: '20-24' covers 19.5 up to 24.5."""
    half = Decimal(5).scaleb(-(band.places + 1))
    low = None if band.low is None else band.low - (half if band.low_inclusive else -half)
    high = None if band.high is None else band.high + (half if band.high_inclusive else -half)
    return (None if low is None else float(low), None if high is None else float(high))


def _target_edges(target: str, polarity: str) -> tuple[float | None, float | None]:
    band = parse_band(target)
    if band.is_single_number:
        number = float(band.low)
        return (None, number) if polarity == Polarity.LOWER_IS_BETTER else (number, None)
    return (
        None if band.low is None else float(band.low),
        None if band.high is None else float(band.high),
    )


NICE_STEPS = (1, 2, 5, 10)
AXIS_TICKS = 5  # about this many intervals up the axis


def _nice_step(span: float) -> float:
    """The smallest of 1, 2, 5 x 10^n that cuts ``span`` into at most AXIS_TICKS intervals."""
    raw = span / AXIS_TICKS
    power = 10 ** math.floor(math.log10(raw))
    return next(step * power for step in NICE_STEPS if step * power >= raw)


def axis_range(drawn: list[float | None], unit: str) -> dict:
    """The y-axis from a little below the lowest to a little above the highest thing drawn
    (figures, threshold band edges, milestone targets, averages), on round numbers: a series
    between 15% and 25% fills the chart instead of lying flat at the foot of 0-100%. Never
    below 0 (no unit here is negative), never above 100 for a percentage. Nothing drawn:
    0-100 for a percentage, 0-10 otherwise."""
    ceiling = 100.0 if unit == Unit.PERCENTAGE else None
    numbers = [number for number in drawn if number is not None]
    if not numbers:
        return {"min": 0.0, "max": ceiling or 10.0}
    low, high = min(numbers), max(numbers)
    # A tenth of the range either side, and at least one unit, so a flat series has room.
    pad = max((high - low) / 10, 1.0)
    low, high = max(low - pad, 0.0), high + pad
    if ceiling is not None:
        high = min(high, ceiling)
    step = _nice_step(high - low)
    low = max(math.floor(low / step) * step, 0.0)
    high = math.ceil(high / step) * step
    if ceiling is not None:
        high = min(high, ceiling)
    return {"min": float(low), "max": float(high)}


def trend_chart_data(report: IndicatorReport) -> dict:
    indicator = report.indicator
    unit = indicator.unit
    bands = []
    thresholds = parsed_thresholds(indicator)
    if thresholds is not None:
        # Worst first, so the better band is drawn over a shared edge.
        for rating, band in reversed(thresholds.best_first()):
            low, high = _band_edges(band)
            bands.append(
                {
                    "rating": rating.value,
                    "text": band.text,
                    "low": low,
                    "high": high,
                    "colourProperty": rating_colour_property(rating),
                }
            )
    targets_low, targets_high, targets_text = [], [], []
    for point in report.points:
        if point.milestone is None:
            targets_low.append(None)
            targets_high.append(None)
            targets_text.append("")
            continue
        low, high = _target_edges(point.milestone.target, indicator.polarity)
        targets_low.append(low)
        targets_high.append(high)
        targets_text.append(point.milestone.target)
    values = [_plot(point.figure.value, unit) for point in report.points]
    restated = [
        _plot(point.figure.restatement.value, unit) if point.figure.restatement else None for point in report.points
    ]
    authority = [_plot(point.authority.value, unit) for point in report.points] if report.shows_authority else None
    neighbours = float(report.neighbours.value) if report.neighbours else None
    england = float(report.england.value) if report.england else None
    edges = [edge for band in bands for edge in (band["low"], band["high"])]
    drawn = [*values, *restated, *(authority or []), *edges, *targets_low, *targets_high, neighbours, england]
    return {
        "title": f"{indicator.code}: {indicator.title}"
        + ("" if report.scope.is_authority else f", {report.scope.name}"),
        "unit": unit,
        "percentage": unit == Unit.PERCENTAGE,
        "labels": [f"{point.month:%b %Y}" for point in report.points],
        "values": values,
        "restated": restated,
        # A team's trend is drawn beside the authority's (None for the authority's own page).
        "authority": authority,
        "authorityName": settings.AUTHORITY_NAME,
        "axis": axis_range(drawn, unit),
        "provisional": [point.figure.is_provisional for point in report.points],
        "bands": bands,
        "targetLow": targets_low,
        "targetHigh": targets_high,
        "targetText": targets_text,
        "neighbours": (
            {"value": float(report.neighbours.value), "year": report.neighbours.year} if report.neighbours else None
        ),
        "england": {"value": float(report.england.value), "year": report.england.year} if report.england else None,
        # The averages not entered, for the chart's key: a missing line is said, not just left out.
        "missing": [text for text in (report.neighbours_missing, report.england_missing) if text],
    }
