"""Reference data: the working-day calendar, the indicator catalogue of both seeds, their
two scorecards, and seed 003's thresholds, benchmark, milestones and hand-reported
actuals.

Loading is idempotent and never overwrites what an administrator has changed: an
indicator, threshold set, benchmark, milestone or scorecard that exists is left alone.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.horizon import note_history

from .bands import Thresholds, rate
from .calculators import CALCULATORS
from .calendar import calendar_last_day, ensure_calendar
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
from .rules import DEFAULT_PARAMETERS

P, N, AVG, DAYS = Unit.PERCENTAGE, Unit.COUNT, Unit.AVERAGE, Unit.DAYS
UP, DOWN, BAND = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.BAND
FLOW, STOCK, YTD, R12 = Window.IN_MONTH, Window.MONTH_END, Window.YEAR_TO_DATE, Window.ROLLING_12_MONTHS


@dataclass(frozen=True)
class Entry:
    code: str
    title: str
    unit: str
    polarity: str
    window: str
    description: str
    status: str = IndicatorStatus.LIVE
    teams: bool = True
    workers: bool = True
    parameters: dict = field(default_factory=dict)


# Seed 000: Improvement Key Performance Indicators, October 2017 (all 33 rows, in order).
SEED_000 = [
    Entry(
        "P 1",
        "Social Worker Vacancy Rate",
        P,
        DOWN,
        STOCK,
        "Of the funded social worker posts (FTE) at month end, the share vacant: no permanent worker in post. "
        "Posts covered by agency staff count as vacant.",
        # A post is not a social worker: a vacant post has nobody to attribute it to, and a filled
        # one would make each worker's "vacancy rate" 0%. Authority and the post's team only.
        workers=False,
    ),
    Entry(
        "W 1",
        "Average Caseload per Social Worker",
        AVG,
        DOWN,
        STOCK,
        "Children allocated at month end to social workers in post, divided by the social workers in post holding at "
        "least one child (a worker who has left is not case-holding).",
    ),
    Entry(
        "W 1a",
        "Average Caseload per Social Worker - Assessment",
        AVG,
        DOWN,
        STOCK,
        "As W 1, for workers in Assessment teams.",
    ),
    Entry(
        "W 1b",
        "Average Caseload per Social Worker - Care Planning",
        AVG,
        DOWN,
        STOCK,
        "As W 1, for workers in Care Planning teams.",
    ),
    Entry(
        "W 1c",
        "Average Caseload per Social Worker - Permanence",
        AVG,
        DOWN,
        STOCK,
        "As W 1, for workers in Permanence teams.",
    ),
    Entry(
        "W 1d",
        "Average caseload per Social Worker – Leaving Care",
        AVG,
        DOWN,
        STOCK,
        "As W 1, for workers in Leaving Care teams.",
    ),
    Entry(
        "W 1e",
        "Average Caseload per Newly Qualified Social Worker (ASYE)",
        AVG,
        DOWN,
        STOCK,
        "As W 1, for workers in their ASYE (first year after qualifying) at month end.",
    ),
    Entry(
        "FD 3",
        "Percentage of completed contacts received in the month which were actioned within 1 working day",
        P,
        UP,
        FLOW,
        "Contacts received in the month with a decision recorded; in the numerator when the decision was made "
        "within 1 working day of receipt (a contact received on a Thursday must be decided by the Friday).",
    ),
    Entry(
        "FD 8",
        "Percentage of re-referrals within 12 months",
        P,
        DOWN,
        FLOW,
        "Referrals received in the month; in the numerator when the child had another referral in the 12 months "
        "before this one.",
    ),
    Entry(
        "CIN",
        "To be Confirmed.",
        P,
        UP,
        FLOW,
        "The seed lists a children in need indicator still to be confirmed: catalogued, shown, not computed.",
        status=IndicatorStatus.TO_BE_CONFIRMED,
    ),
    Entry(
        "CP 5",
        "Percentage of children for whom CPC was held in the month within 15 working days of the Strategy discussions",
        P,
        UP,
        FLOW,
        "Initial child protection conferences held in the month (one per child); in the numerator when held within "
        "15 working days of the strategy discussion that started the section 47 enquiry.",
    ),
    Entry(
        "CP 10",
        "Number of current Child Protection Plans lasting 2 years or more",
        N,
        DOWN,
        STOCK,
        "Children on a child protection plan at month end whose plan has lasted 2 years or more by month end.",
    ),
    Entry(
        "CP 10a",
        "Number of current Child Protection Plans lasting 18 months or more",
        N,
        DOWN,
        STOCK,
        "Children on a child protection plan at month end whose plan has lasted 18 months or more by month end.",
    ),
    Entry(
        "CP 13",
        "Percentage of children subject to Child Protection Plan for whom a visit has taken place within last 4 weeks",
        P,
        UP,
        STOCK,
        "Children on a child protection plan at month end (leaving out plans under 28 days old with no visit yet, "
        "which are not yet due); in the numerator when visited in the 28 days up to and including month end.",
        parameters=DEFAULT_PARAMETERS["CP 13"],
    ),
    Entry(
        "MC 6",
        "Percentage Missing Episodes that result in a completed RHI",
        P,
        UP,
        FLOW,
        "Missing episodes that ended (the child returned) in the month; in the numerator when a return home "
        "interview was completed.",
    ),
    Entry(
        "MC 7",
        "Percentage Missing Episodes that result in a completed RHI within 72 hours of missing episode",
        P,
        UP,
        FLOW,
        "As MC 6; in the numerator when the return home interview was completed within 72 hours of the return.",
    ),
    Entry(
        "LE 2",
        "Percentage of cases concluded within 26 weeks of issue",
        P,
        UP,
        FLOW,
        "Care proceedings concluded in the month; in the numerator when concluded within 26 weeks (182 days) of issue.",
    ),
    Entry(
        "PLO",
        "Number of cases in PLO - Under Development",
        N,
        DOWN,
        STOCK,
        "Children in pre-proceedings under the Public Law Outline at month end.",
    ),
    Entry(
        "LAC 10",
        "Percentage of LAC for whom a visit has taken place within statutory timescales",
        P,
        UP,
        STOCK,
        "Children looked after at month end whose statutory visit was not overdue: the first within a week of a "
        "placement starting, then 6-weekly in the first year of a placement, then 3-monthly where the placement "
        "is agreed as long-term (else 6-weekly).",
        parameters=DEFAULT_PARAMETERS["LAC 10"],
    ),
    Entry(
        "LAC 11",
        "Percentage of LAC cases which were reviewed within required timescales",
        P,
        UP,
        STOCK,
        "Children looked after at month end for at least 20 working days whose review was not overdue: the first "
        "within 20 working days of becoming looked after, the second within 3 months, then every 6 months.",
        parameters=DEFAULT_PARAMETERS["LAC 11"],
    ),
    Entry(
        "LAC 19",
        "Percentage of LAC that have been in care for 12+ months, that have had same social worker for last 6 months",
        P,
        UP,
        STOCK,
        "Children looked after at month end, in care continuously for 12 months or more; in the numerator when "
        "allocated to the same social worker for the last 6 months.",
    ),
    Entry(
        "LAC 20",
        "Percentage of LAC under 16 in care for more than 2.5 years: in the same placement for 2+ years",
        P,
        UP,
        STOCK,
        "Children looked after at month end, under 16, in care continuously for 2.5 years or more; in the "
        "numerator when living in the same placement for 2 years or more, or placed for adoption where that "
        "placement and the one before it together last 2 years (a change of placement type with the same carer "
        "is not a move).",
    ),
    Entry(
        "F 3",
        "Percentage of Annual Reviews of Foster Carers completed on time",
        P,
        UP,
        FLOW,
        "Foster carer annual reviews due in the month (one year after approval or after the last completed "
        "review); in the numerator when completed on or before the due date.",
        # A foster carer household is not a child's case: it has no allocation to a team or worker.
        teams=False,
        workers=False,
    ),
    Entry(
        "AD 7",
        "Average time between a child entering care and moving in with the adoptive family (days)",
        DAYS,
        DOWN,
        R12,
        "Children who moved in with their adoptive family in the 12 months to month end: the average days from "
        "the start of the period of care that ended in adoption to moving in.",
    ),
    Entry(
        "CL a",
        "Care Leavers with an Up-to-date Pathway plan",
        P,
        UP,
        STOCK,
        "Care leavers (former relevant, aged 18 to 21) at month end; in the numerator when their pathway plan was "
        "reviewed in the last 6 months.",
        parameters=DEFAULT_PARAMETERS["CL a"],
    ),
    Entry(
        "CL 1",
        "Number of Care Leavers in employment, education, or training (EET) on their 17th to 21st Birthday",
        N,
        UP,
        FLOW,
        "Care leavers whose 17th to 21st birthday fell in the month and who were in education, employment or "
        "training (activity F1-F5, P1-P5).",
    ),
    Entry(
        "CL 1a",
        "Percentage in employment, education, or training (EET) on their 17th to 21st Birthday",
        P,
        UP,
        FLOW,
        "Care leavers whose 17th to 21st birthday fell in the month; in the numerator when in education, "
        "employment or training.",
    ),
    Entry(
        "CL 2",
        "Percentage not in employment, education, or training (NEET) on their 17th to 21st Birthday",
        P,
        DOWN,
        FLOW,
        "As CL 1a; in the numerator when not in education, employment or training (G4-G6). An "
        "unknown activity is neither.",
    ),
    Entry(
        "CL 3",
        "Number of Care Leavers in suitable accommodation on their 17th to 21st Birthday",
        N,
        UP,
        FLOW,
        "Care leavers whose 17th to 21st birthday fell in the month and who were in suitable accommodation.",
    ),
    Entry(
        "CL 3a",
        "Percentage in suitable accommodation on their 17th to 21st Birthday",
        P,
        UP,
        FLOW,
        "As CL 1a; in the numerator when in suitable accommodation (an accommodation code ending in 1).",
    ),
    Entry(
        "QA 1",
        "Percentage of children who had their supervision and was within the timescales",
        P,
        UP,
        STOCK,
        "Children with an open allocated case at month end; in the numerator when their case supervision was "
        "recorded within the last 28 days.",
        parameters={"supervision_interval_days": 28},
    ),
    Entry(
        "QA 2",
        "Number of Cases Audited that are Good or Outstanding",
        N,
        UP,
        FLOW,
        "Case audits completed in the month graded Good or Outstanding.",
    ),
    Entry(
        "QA 3",
        "Percentage of Cases Audited that are Good or Outstanding",
        P,
        UP,
        FLOW,
        "Case audits completed in the month; in the numerator when graded Good or Outstanding.",
    ),
]

# Seed 003: action plan scorecard 2013-14.
SEED_003 = [
    Entry(
        "1.1",
        "% repeat referrals",
        P,
        DOWN,
        FLOW,
        "Assessments started in the month; in the numerator when the child had another assessment started in the "
        "12 months before (the seed's own comment defines repeat referrals so).",
    ),
    Entry(
        "1.2",
        "% children subject to a child protection plan for a second or subsequent time (% ytd)",
        P,
        BAND,
        YTD,
        "Child protection plans started in the financial year to date; in the numerator when the child had a "
        "plan before. Best inside a band: very few repeat plans needs looking into too.",
    ),
    Entry(
        "2.1",
        "% children seen within 10 days of combined assessment start date",
        P,
        UP,
        FLOW,
        "Assessments started in the month; in the numerator when the child was seen within 10 working days of the "
        "start.",
    ),
    Entry(
        "2.2",
        "% of s47 children seen within 1 day of combined assessment start date (within the number of cases "
        "audited and where appropriate for that case)",
        P,
        UP,
        FLOW,
        "Section 47 enquiries started in the month; in the numerator when the child was seen within 1 working day "
        "of the start.",
    ),
    Entry(
        "2.3",
        "% cases taking 35 days or less from of start of combined assessment",
        P,
        UP,
        FLOW,
        "Assessments completed (authorised) in the month; in the numerator when completed within 35 working days "
        "of the start.",
    ),
    Entry(
        "2.4",
        "% cases taking 45 days or less from of start of combined assessment",
        P,
        UP,
        FLOW,
        "As 2.3; in the numerator when completed within 45 working days of the start.",
    ),
    Entry(
        "2.5",
        "Number of CP plans open more than 15 months",
        N,
        DOWN,
        STOCK,
        "Child protection plans open at month end that have lasted more than 15 months by month end.",
    ),
    Entry(
        "3.1",
        "% of children and young people participating in CP Plan",
        P,
        UP,
        FLOW,
        "Child protection conferences (initial and review) held in the month for children aged 4 or over; in the "
        "numerator when the child participated (attended, or gave their views directly or through an advocate).",
    ),
    Entry(
        "3.2",
        "% CIN and CP case files which meet the Practice Standards for incorporating and recording the views "
        "and wishes of children and young people in assessment and planning (out of the number of cases audited)",
        P,
        UP,
        FLOW,
        "Case audits of children in need and child protection cases completed in the month; in the numerator when "
        "the views and wishes standard was met.",
    ),
    Entry(
        "3.3",
        "% eligible children and young people (CIN/CP) over 5 years old accessing advocacy",
        P,
        UP,
        STOCK,
        "Children aged over 5 (6 or older at month end) open as children in need or on a child protection plan "
        "at month end; in the numerator when an advocacy period was active at month end.",
    ),
    Entry(
        "4.1",
        "% experienced social workers including agency",
        P,
        UP,
        STOCK,
        "Social workers in post at month end, agency included; in the numerator when qualified 2 years or more.",
    ),
    Entry(
        "4.2",
        "% permanent experienced Social Workers as a % of whole workforce including agency",
        P,
        UP,
        STOCK,
        "As 4.1; in the numerator when permanent and qualified 2 years or more.",
    ),
    Entry(
        "4.3",
        "% agency Social Workers",
        P,
        DOWN,
        STOCK,
        "As 4.1; in the numerator when employed through an agency.",
    ),
    Entry(
        "4.4",
        "% of agency Social Workers covering full time permanent posts who have been in post for over 6 months",
        P,
        UP,
        STOCK,
        "Agency social workers at month end covering full-time permanent posts; in the numerator when in post for "
        "more than 6 months.",
    ),
    Entry(
        "4.5",
        "Maximum single Social Worker caseload",
        N,
        DOWN,
        STOCK,
        "The largest number of children allocated to one social worker in post at month end.",
    ),
    Entry(
        "4.6",
        "Average Caseload",
        AVG,
        DOWN,
        STOCK,
        "As W 1: children allocated at month end per social worker in post holding at least one child.",
    ),
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
