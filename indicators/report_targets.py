"""The targets a figure is read against: thresholds, benchmarks, milestones, and commentary."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from core.periods import month_end

from .bands import Thresholds, meets_target, milestone_in_force, parse_band
from .models import (
    Benchmark,
    Commentary,
    Indicator,
    Milestone,
    ThresholdSet,
)
from .selectors import (
    MILESTONE_COLUMNS,
)

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
