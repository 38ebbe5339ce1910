"""Where the figures come from: the scorecard's looked-after and child protection figures for March
of a collection year beside the same figures computed from the returns the product would send for
that year (the SSDA903 and the children in need census), with every difference listed by child and
the reason for it.

The scorecard's side is each indicator's own rows (``indicators`` calculators, computed now over
every record, as the scorecard computes the month): the children LAC 10 counts (its denominator:
looked after at 31 March), and those CP 10 and CP 10a count (on a plan at 31 March that has lasted
24 or 18 months). The return's side reads the return as the DfE would:

- looked after at 31 March: the children with an SSDA903 episode begun by 31 March with no end
  date (DEC empty);
- CP 10 and CP 10a: the children with a census CP plan begun by the indicator's cut-off
  (``core.periods.latest_start``, the indicator's own) with no end date.

Each is a bounded number of queries, whatever the number of children.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from xml.etree import ElementTree as ET

from casework.models import Child, ChildProtectionPlan, PeriodOfCare, Referral
from core.periods import latest_start, month_start
from indicators.calculators import CALCULATORS
from indicators.calculators.base import Context, Month
from indicators.models import Indicator
from workforce.selectors import open_on

from .cin_census.writer import build_census
from .ssda903.tables import COLUMNS, build_return

EPISODE = {column: index for index, column in enumerate(COLUMNS["episodes"])}


@dataclass
class Difference:
    la_child_id: str
    child_pk: int | None
    counted_by: str  # "scorecard" or "return"
    reason: str


@dataclass
class Line:
    code: str
    title: str
    scorecard: int
    from_return: int
    differences: list[Difference] = field(default_factory=list)


@dataclass(frozen=True)
class _Figure:
    code: str
    title: str
    months: int | None  # None: every child looked after; else CP plans lasting this long


FIGURES = (
    _Figure("LAC 10", "Children looked after at 31 March (LAC 10's children)", None),
    _Figure("CP 10", "Children on a CP plan at 31 March lasting 2 years or more (CP 10)", 24),
    _Figure("CP 10a", "Children on a CP plan at 31 March lasting 18 months or more (CP 10a)", 18),
)


def _scorecard_children(code: str, on: date, *, numerator: bool) -> set[int]:
    """The children the indicator counts at ``on`` (its denominator or its numerator): two queries."""
    # The catalogue's parameters where the indicator is catalogued, else the rule's defaults.
    indicator = Indicator.objects.filter(code=code).first()
    calculator = CALCULATORS[(indicator and indicator.calculator) or code]
    context = Context(Month(month_start(on)), calculator.parameters(indicator.parameters if indicator else None))
    rows = calculator.rows(context)
    column = "row_numerator" if numerator else "row_denominator"
    return {child for child, value in rows.values_list("row_child", column) if value and value > 0}


def _parse(text: str) -> date:
    return datetime.strptime(text, "%d/%m/%Y").date()


def _return_in_care(year: int) -> dict[str, date]:
    """Children with an episode open at 31 March in the SSDA903 return: their ID -> its DECOM."""
    episodes = build_return(year).tables["episodes"]
    return {row[EPISODE["CHILD"]]: _parse(row[EPISODE["DECOM"]]) for row in episodes if not row[EPISODE["DEC"]]}


def _census_plans(year: int) -> dict[str, date]:
    """Children with a CP plan open at 31 March in the census: their ID -> the plan's start."""
    root = ET.fromstring(build_census(year).xml)
    open_plans = {}
    for child in root.iter("Child"):
        child_id = child.findtext("ChildIdentifiers/LAchildID")
        for plan in child.iter("ChildProtectionPlans"):
            if plan.findtext("CPPendDate") is None:
                open_plans[child_id] = date.fromisoformat(plan.findtext("CPPstartDate"))
    return open_plans


def reconcile(year: int) -> list[Line]:
    """The March figures of the collection year ending in ``year``, from the records and from the
    returns, with the children counted by one side only and why."""
    march_31 = date(year, 3, 31)
    in_care = _return_in_care(year)
    plans = _census_plans(year)
    scorecard = {
        figure.code: _scorecard_children(figure.code, march_31, numerator=figure.months is not None)
        for figure in FIGURES
    }
    returned = {"LAC 10": set(in_care)}
    for figure in FIGURES:
        if figure.months is not None:
            cut_off = latest_start(march_31, figure.months)
            returned[figure.code] = {child for child, started in plans.items() if started <= cut_off}
    # The children on one side only, with what the records say of them (four queries in all).
    ids = {pk: la for pk, la in Child.objects.values_list("pk", "la_child_id")}
    by_la = {la: pk for pk, la in ids.items()}
    odd_pks = set()
    for figure in FIGURES:
        odd_pks |= scorecard[figure.code] ^ {by_la.get(la) for la in returned[figure.code]}
    periods = {p.child_id: p for p in PeriodOfCare.objects.filter(child__in=odd_pks, started_on__lte=march_31)}
    open_plans = {p.child_id: p for p in ChildProtectionPlan.objects.filter(open_on(march_31), child__in=odd_pks)}
    referrals: dict[int, list[Referral]] = {}
    for referral in Referral.objects.filter(child__in=odd_pks, received_on__lte=march_31):
        referrals.setdefault(referral.child_id, []).append(referral)

    lines = []
    for figure in FIGURES:
        ours = {ids[pk] for pk in scorecard[figure.code]}
        theirs = returned[figure.code]
        line = Line(figure.code, figure.title, len(ours), len(theirs))
        for la in sorted(ours - theirs):
            pk = by_la.get(la)
            if figure.months is None:
                reason = _missing_from_return(periods.get(pk), march_31)
            else:
                reason = _plan_missing_from_census(
                    open_plans.get(pk), referrals.get(pk, []), plans.get(la), date(year - 1, 4, 1)
                )
            line.differences.append(Difference(la, pk, "scorecard", reason))
        for la in sorted(theirs - ours):
            pk = by_la.get(la)
            if figure.months is None:
                reason = (
                    f"The return has an episode open at 31 March from {in_care[la]:%d/%m/%Y}; "
                    "the records have no period of care open then."
                )
            else:
                reason = (
                    f"The census has a plan open at 31 March from {plans[la]:%d/%m/%Y}; "
                    "the records have no plan that long open then."
                )
            line.differences.append(Difference(la, pk, "return", reason))
        lines.append(line)
    return lines


def _missing_from_return(period: PeriodOfCare | None, march_31: date) -> str:
    if period is None:
        return "The records have no period of care for this child; the return has no episode."
    return (
        f"The period of care from {period.started_on:%d/%m/%Y} is open at 31 March in the records, "
        "but the return has no episode for it open then."
    )


def _plan_missing_from_census(plan, referrals: list[Referral], census_start: date | None, year_start: date) -> str:
    if plan is None:
        return "The records have no plan open at 31 March for this child."
    if census_start is not None and census_start != plan.started_on:
        return (
            f"The census gives the open plan's start as {census_start:%d/%m/%Y}, the records "
            f"{plan.started_on:%d/%m/%Y}."
        )
    held = [
        r
        for r in referrals
        if r.received_on <= plan.started_on and (r.closed_on is None or plan.started_on <= r.closed_on)
    ]
    if not held:
        return (
            f"The plan from {plan.started_on:%d/%m/%Y} is not in the census: no referral was open on the day it "
            "started, and the census holds a plan within its referral's episode of need."
        )
    closed = [r.closed_on for r in held if r.closed_on is not None and r.closed_on < year_start]
    if len(closed) == len(held):
        return (
            f"The plan from {plan.started_on:%d/%m/%Y} is open at 31 March but its referral's case closed on "
            f"{max(closed):%d/%m/%Y}, before the year: the census holds only the episodes of need open in the year."
        )
    return f"The plan from {plan.started_on:%d/%m/%Y} is not in the census as open at 31 March."
