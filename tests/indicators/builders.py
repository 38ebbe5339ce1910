"""Terse builders for hand-worked indicator scenarios. Every date is explicit."""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from casework import models as case
from casework.models import Allocation, CaseSupervision
from tests.factories import ChildFactory, SocialWorkerFactory, TeamFactory
from workforce.models import Post, SocialWorker, Team

LONDON = ZoneInfo("Europe/London")


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def child(born: date | None = date(2015, 5, 5), **fields) -> case.Child:
    return ChildFactory(date_of_birth=born, **fields)


def team(name: str, team_type: str = "care_planning") -> Team:
    return TeamFactory(name=name, team_type=team_type)


def worker(team: Team, name: str = "Worker", **fields) -> SocialWorker:
    return SocialWorkerFactory(team=team, first_name=name, **fields)


def allocate(child: case.Child, worker: SocialWorker, start: date, end: date | None = None) -> Allocation:
    return Allocation.objects.create(child=child, worker=worker, team=worker.team, started_on=start, ended_on=end)


def post(team: Team, reference: str, fte: str = "1.00", start: date = date(2010, 1, 1), end=None) -> Post:
    return Post.objects.create(team=team, reference=reference, fte=Decimal(fte), funded_from=start, funded_to=end)


def period_of_care(child, start: date, end: date | None = None, reason: str = "") -> case.PeriodOfCare:
    return case.PeriodOfCare.objects.create(child=child, started_on=start, ended_on=end, reason_ceased=reason)


def placement(period, start: date, end: date | None = None, type_: str = "U6", long_term=False, carer="C1"):
    return case.Placement.objects.create(
        child=period.child,
        period_of_care=period,
        started_on=start,
        ended_on=end,
        placement_type=type_,
        is_long_term=long_term,
        carer_reference=carer,
    )


def statutory_visit(child, day: date) -> case.StatutoryVisit:
    return case.StatutoryVisit.objects.create(child=child, visited_on=day)


def review(child, day: date) -> case.LookedAfterReview:
    return case.LookedAfterReview.objects.create(child=child, held_on=day)


def cp_plan(child, start: date, end: date | None = None, category: str = "NEG") -> case.ChildProtectionPlan:
    return case.ChildProtectionPlan.objects.create(child=child, started_on=start, ended_on=end, category=category)


def cp_visit(plan, day: date) -> case.ChildProtectionVisit:
    return case.ChildProtectionVisit.objects.create(child=plan.child, plan=plan, visited_on=day)


def pathway_review(child, day: date) -> case.PathwayPlanReview:
    return case.PathwayPlanReview.objects.create(child=child, reviewed_on=day)


def supervision(child, day: date) -> CaseSupervision:
    return CaseSupervision.objects.create(child=child, supervised_on=day)


def xena_and_yusuf() -> tuple[SocialWorker, SocialWorker]:
    """Xena in Team X and Yusuf in Team Y, the pair most scenarios attribute to."""
    return worker(team("Team X"), "Xena"), worker(team("Team Y"), "Yusuf")


def moves_worker(child: case.Child, before: SocialWorker, after: SocialWorker, on: date, since: date) -> None:
    """Allocated to ``before`` from ``since`` and handed over to ``after`` on ``on`` (``after``'s from that day)."""
    allocate(child, before, since, on)
    allocate(child, after, on)
