"""Reference data: the working-day calendar, the indicator catalogue of both seeds, their
two scorecards, and seed 003's thresholds, benchmark, milestones and hand-reported
actuals.

Loading is idempotent and never overwrites what an administrator has changed: an
indicator, threshold set, benchmark, milestone or scorecard that exists is left alone.
"""

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.calendar import calendar_last_day, ensure_calendar
from core.horizon import note_history

from .bands import Thresholds, rate
from .calculators import CALCULATORS
from .definition import Entry
from .models import (
    Benchmark,
    Indicator,
    IndicatorStatus,
    Method,
    Milestone,
    Polarity,
    ScopeType,
    Scorecard,
    ScorecardRow,
    Snapshot,
    SnapshotKind,
    ThresholdSet,
    Unit,
    Window,
)

# An indicator the seed lists without a rule: catalogued and shown, never computed.
CATALOGUE_ONLY = {
    "CIN": Entry(
        "CIN",
        "To be Confirmed.",
        Unit.PERCENTAGE,
        Polarity.HIGHER_IS_BETTER,
        Window.IN_MONTH,
        "The seed lists a children in need indicator still to be confirmed: catalogued, shown, not computed.",
        status=IndicatorStatus.TO_BE_CONFIRMED,
    ),
}


def definition(code: str) -> Entry:
    """The indicator as its calculator declares it (or as catalogued, for one without a rule)."""
    calculator = CALCULATORS.get(code)
    return calculator.definition() if calculator else CATALOGUE_ONLY[code]


# Seed 000: Improvement Key Performance Indicators, October 2017 (all 33 rows, in order).
SEED_000_CODES = [
    "P 1",
    "W 1",
    "W 1a",
    "W 1b",
    "W 1c",
    "W 1d",
    "W 1e",
    "FD 3",
    "FD 8",
    "CIN",
    "CP 5",
    "CP 10",
    "CP 10a",
    "CP 13",
    "MC 6",
    "MC 7",
    "LE 2",
    "PLO",
    "LAC 10",
    "LAC 11",
    "LAC 19",
    "LAC 20",
    "F 3",
    "AD 7",
    "CL a",
    "CL 1",
    "CL 1a",
    "CL 2",
    "CL 3",
    "CL 3a",
    "QA 1",
    "QA 2",
    "QA 3",
]

# Seed 003: action plan scorecard 2013-14.
SEED_003_CODES = [
    "1.1",
    "1.2",
    "2.1",
    "2.2",
    "2.3",
    "2.4",
    "2.5",
    "3.1",
    "3.2",
    "3.3",
    "4.1",
    "4.2",
    "4.3",
    "4.4",
    "4.5",
    "4.6",
]

# (code, statistical neighbour average, adequate, good, outstanding, actuals Sep-Dec 2013, milestones Dec-13,
# Mar-14, Jun-14), exactly as seed 003 writes them; None where the seed cell is empty.
SEED_003_VALUES = [
    ("1.1", "25", "25-30", "20-24", "below 20", ("18", "9", "13", "9"), ("below 20", "below 20", "below 20")),
    ("1.2", "13.8", "15-20", "10-14", "5-9", ("15.2", "13.8", "14.1", "15.4"), ("10-20", "10-20", "10-20")),
    ("2.1", None, "75-84", "85-95", "95+", ("69", "68", "84", "90"), ("85", "90", "95")),
    ("2.2", None, "70-79", "80-89", "90+", (None, None, "53", None), ("75+", "75+", "75+")),
    ("2.3", None, "65-70", "71-75", "75+", ("66", "62", "63", "68"), ("75+", "75+", "75+")),
    ("2.4", None, "75-80", "81-90", "90+", ("86", "81", "80", "82"), ("75", "90+", "90+")),
    ("2.5", None, "10-15", "5-9", "below 5", ("3", "1", "5", "4"), ("below 5", "below 5", "below 5")),
    ("3.1", None, "70-80", "81-90", "90+", ("85", "81", "80", "80"), ("90", "90", "90")),
    ("3.2", None, "65-75", "76-85", "85+", (None, None, "68", None), (None, "70", "80")),
    ("3.3", None, "65-75", "76-85", "85+", (None, None, None, None), (None, None, None)),
    ("4.1", None, "65-70", "71-75", "75+", (None, "75", "76", "76"), ("70", "70", "70")),
    ("4.2", None, "50-55", "56-60", "60+", ("47", "44", "43", "40"), ("50", "55", "60")),
    ("4.3", None, "20-15", "10-14", "below 10", ("27.1", "31.6", "30.3", "32.8"), ("20", "15", "15")),
    ("4.4", None, "30-40", "41-55", "55+", (None, "13", "26", "38"), ("40", "50", "60")),
    ("4.5", None, "25-30", "24-20", "below 20", ("35", "35", "38", "36"), ("30", "28", "25")),
    ("4.6", None, "28-25", "24-20", "below 20", ("24", "23", "22", "23"), ("below 25", "below 25", "below 25")),
]
ACTUAL_MONTHS = (date(2013, 9, 1), date(2013, 10, 1), date(2013, 11, 1), date(2013, 12, 1))
MILESTONE_DATES = (date(2013, 12, 31), date(2014, 3, 31), date(2014, 6, 30))
BENCHMARK_YEAR = "2012-13"

IMPROVEMENT_KPIS = "Improvement KPIs - October 2017"
ACTION_PLAN = "Action plan 2013-14"
QUALITY_OF_PRACTICE = "Quality of Practice"

# Seed 003 as laid out: (row type, code or text, theme, action plan ref).
ACTION_PLAN_LAYOUT = [
    ("indicator", "1.1", "", ""),
    ("indicator", "1.2", "", ""),
    (
        "comment",
        "Repeat referrals: Has been calculated by the number of cases with a combined assessment that also "
        "had an initial assessment in the previous 12 months.",
        "",
        "",
    ),
    ("section", "Timeliness", "", ""),
    ("indicator", "2.1", QUALITY_OF_PRACTICE, ""),
    (
        "comment",
        "Children seen within 10 days: The substantial improvement in robust recording of the date the child "
        "has been seen is now clearly evidencing that action is being taken in a timely fashion when a decision is "
        "taken to commence an assessment.",
        "",
        "",
    ),
    ("indicator", "2.2", "", "A4"),
    ("indicator", "2.3", "", ""),
    ("indicator", "2.4", "", ""),
    ("comment", "", "", ""),
    ("indicator", "2.5", "", ""),
    ("section", "Views and Wishes", "", ""),
    ("indicator", "3.1", QUALITY_OF_PRACTICE, "B4"),
    ("indicator", "3.2", "", ""),
    ("indicator", "3.3", "", ""),
    ("section", "Development of Workforce", "", ""),
    ("indicator", "4.1", QUALITY_OF_PRACTICE, ""),
    ("indicator", "4.2", "", "B3"),
    ("indicator", "4.3", "", ""),
    ("indicator", "4.4", "", "D3"),
    ("indicator", "4.5", "", ""),
    ("indicator", "4.6", "", ""),
]


SEED_000 = [definition(code) for code in SEED_000_CODES]
SEED_003 = [definition(code) for code in SEED_003_CODES]


def catalogue() -> list[Entry]:
    return SEED_000 + SEED_003


def load_catalogue() -> int:
    created = 0
    for position, entry in enumerate(catalogue(), start=1):
        calculator = CALCULATORS.get(entry.code)
        _, was_created = Indicator.objects.get_or_create(
            code=entry.code,
            defaults={
                "title": entry.title,
                "description": entry.description,
                "unit": entry.unit,
                "polarity": entry.polarity,
                "window": entry.window,
                "status": entry.status,
                "calculator": entry.code if calculator else "",
                "parameters": entry.parameters,
                "rule_version": calculator.rule_version if calculator else 1,
                "has_team_scope": entry.teams,
                "has_worker_scope": entry.workers,
                "catalogue_position": position,
            },
        )
        created += was_created
    return created


def load_scorecards() -> int:
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    created = 0
    improvement, was_created = Scorecard.objects.get_or_create(
        name=IMPROVEMENT_KPIS,
        defaults={
            "slug": "improvement-kpis-2017",
            "layout": Scorecard.Layout.PREFIX,
            "position": 2,
            "description": "Appendix 3: Improvement Key Performance Indicators, October 2017.",
        },
    )
    if was_created:
        created += 1
        ScorecardRow.objects.bulk_create(
            ScorecardRow(
                scorecard=improvement,
                position=position,
                row_type=ScorecardRow.RowType.INDICATOR,
                indicator=indicators[entry.code],
                text=entry.title,
            )
            for position, entry in enumerate(SEED_000, start=1)
        )
    action_plan, was_created = Scorecard.objects.get_or_create(
        name=ACTION_PLAN,
        defaults={
            "slug": "action-plan-2013-14",
            "layout": Scorecard.Layout.ROWS,
            "position": 1,
            "description": "Improvement action plan scorecard 2013-14: thresholds, actuals and milestones.",
        },
    )
    if was_created:
        created += 1
        titles = {entry.code: entry.title for entry in SEED_003}
        rows = []
        for position, (row_type, value, theme, reference) in enumerate(ACTION_PLAN_LAYOUT, start=1):
            is_indicator = row_type == "indicator"
            rows.append(
                ScorecardRow(
                    scorecard=action_plan,
                    position=position,
                    row_type=row_type,
                    indicator=indicators[value] if is_indicator else None,
                    theme=theme,
                    action_plan_ref=reference,
                    text=titles[value] if is_indicator else value,
                )
            )
        ScorecardRow.objects.bulk_create(rows)
    return created


def load_seed_003_configuration() -> int:
    """Thresholds, the statistical neighbour benchmark, milestones and the four hand-reported months."""
    written = 0
    now = timezone.now()
    for code, neighbours, adequate, good, outstanding, actuals, milestones in SEED_003_VALUES:
        indicator = Indicator.objects.get(code=code)
        thresholds, created = ThresholdSet.objects.get_or_create(
            indicator=indicator, defaults={"adequate": adequate, "good": good, "outstanding": outstanding}
        )
        written += created
        if neighbours is not None and not indicator.benchmarks.exists():
            Benchmark.objects.create(
                indicator=indicator,
                kind=Benchmark.Kind.STATISTICAL_NEIGHBOURS,
                year=BENCHMARK_YEAR,
                value=Decimal(neighbours),
            )
            written += 1
        if not indicator.milestones.exists():
            for due_on, target in zip(MILESTONE_DATES, milestones, strict=True):
                if target is not None:
                    Milestone.objects.create(indicator=indicator, due_on=due_on, target=target)
                    written += 1
        bands = Thresholds.parse(thresholds.outstanding, thresholds.good, thresholds.adequate)
        for month, actual in zip(ACTUAL_MONTHS, actuals, strict=True):
            if actual is None:
                continue
            value = Decimal(actual)
            rating = rate(value, bands, indicator.polarity)
            _, created = Snapshot.objects.get_or_create(
                indicator=indicator,
                month=month,
                kind=SnapshotKind.REPORTED,
                scope_key="authority",
                defaults={
                    "scope_type": ScopeType.AUTHORITY,
                    "scope_name": settings.AUTHORITY_NAME,
                    "value": value,
                    "rating": rating.value if rating else "",
                    "method": Method.MANUAL,
                    "computed_at": now,
                    "definition_version": indicator.definition_version,
                },
            )
            written += created
    # Hand-reported figures are history the product holds: the default horizon reaches back to them.
    note_history(min(ACTUAL_MONTHS))
    return written


def load_reference_data() -> Iterator[str]:
    written = ensure_calendar(calendar_last_day(timezone.localdate()))
    yield f"Working-day calendar: {'rebuilt, ' + str(written) + ' days' if written else 'up to date'}"
    with transaction.atomic():
        created = load_catalogue()
        yield f"Indicator catalogue: {Indicator.objects.count()} indicators ({created} new)"
        created = load_scorecards()
        yield f"Scorecards: {Scorecard.objects.count()} ({created} new)"
        written = load_seed_003_configuration()
        yield f"Seed 003 thresholds, benchmark, milestones and reported actuals: {written} new rows"
