"""The home page's casework: what a social worker has to do, and what a team manager watches.

Each section is one query over the user's scope (the allocations' index, ``selectors``) with the
due dates of the indicators' rules (``selectors.with_next_due``), bounded by ``LIMIT`` children;
the items are named and linked in Python from the rows read (``casework.due``).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import CharField, DateField, Exists, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Concat

from workforce.selectors import open_on

from .due import WORKER_FIELDS, DueItem, due_items
from .models import Allocation, Child
from .selectors import allocated_child_ids, caseload_of, team_caseload_of, with_allocated_worker, with_next_due

HORIZON_DAYS = 14
# At most this many children a section reads: a home page is a summary, the due list has them all.
LIMIT = 200


@dataclass
class DueWork:
    """Overdue items, then those due in the next ``HORIZON_DAYS`` days, earliest first."""

    overdue: list[DueItem] = field(default_factory=list)
    due_soon: list[DueItem] = field(default_factory=list)
    is_cut_short: bool = False  # more children than LIMIT had something due

    def add(self, item: DueItem) -> None:
        (self.overdue if item.overdue else self.due_soon).append(item)


def _due_by(children: QuerySet[Child], on: date, until: date) -> list[Child]:
    due = with_next_due(children, on).filter(next_due__lte=until)
    return list(due.order_by(F("next_due").asc(), "last_name", "first_name", "pk")[: LIMIT + 1])


def my_due_work(user, on: date) -> DueWork:
    """The user's own caseload: overdue and due in the next 14 days (one query)."""
    until = on + timedelta(days=HORIZON_DAYS)
    children = _due_by(caseload_of(user, on), on, until)
    work = DueWork(is_cut_short=len(children) > LIMIT)
    items = [item for child in children[:LIMIT] for item in due_items(child, user, on, WORKER_FIELDS, until)]
    for item in sorted(items, key=lambda item: item.due):
        work.add(item)
    return work


@dataclass
class TeamWork:
    overdue_by_worker: dict[str, list[DueItem]]
    supervision: DueWork
    is_cut_short: bool


def team_due_work(user, on: date) -> TeamWork:
    """The managed teams' overdue work by worker, and case supervision overdue or due in the
    next 14 days (one query)."""
    until = on + timedelta(days=HORIZON_DAYS)
    children = _due_by(with_allocated_worker(team_caseload_of(user, on), on), on, until)
    by_worker: dict[str, list[DueItem]] = defaultdict(list)
    supervision = DueWork()
    for child in children[:LIMIT]:
        # Only what is due by today can be overdue: the rest is not named or linked.
        for item in due_items(child, user, on, WORKER_FIELDS, until=on):
            if item.overdue:
                by_worker[child.allocated_worker].append(item)
        for item in due_items(child, user, on, ("supervision_due",), until):
            supervision.add(item)
    ordered = {name: sorted(items, key=lambda item: item.due) for name, items in sorted(by_worker.items())}
    return TeamWork(ordered, supervision, is_cut_short=len(children) > LIMIT)


def children_of_leavers(user, on: date) -> list[Child]:
    """Children of the managed teams still allocated to a worker who has left (their leaving date
    on or before the date), with the worker's name and leaving date (one query)."""
    left = allocated_child_ids(on, worker__ended_on__lte=on)
    allocation = Allocation.objects.filter(open_on(on), child=OuterRef("pk")).order_by("-started_on")
    children = (
        with_allocated_worker(team_caseload_of(user, on), on)
        .filter(pk__in=left)
        .annotate(
            worker_left_on=Subquery(allocation.values("worker__ended_on")[:1], output_field=DateField()),
        )
    )
    return list(children.order_by("worker_left_on", "last_name", "first_name", "pk")[:LIMIT])


def unallocated_children(user, on: date) -> list[Child]:
    """Children whose last allocation was to a team the user manages and has ended, with no
    allocation now and a referral still open: the team handed them on to no one (one query).

    They are outside every team's scope until allocated again, so their records cannot be opened
    from here: the list says who they are and who held them last.
    """
    from workforce.selectors import managed_team_ids

    from .models import Referral

    managed = managed_team_ids(user)
    if not managed:
        return []
    last = Allocation.objects.filter(child=OuterRef("pk"), started_on__lte=on).order_by("-started_on", "-pk")
    open_referral = Referral.objects.filter(child=OuterRef("pk"), received_on__lte=on, closed_on__isnull=True)
    children = (
        Child.objects.filter(is_restricted=False)
        .filter(pk__in=Allocation.objects.filter(team__in=managed, ended_on__lte=on).values("child_id"))
        # Correlated on the team's former children only (the child's allocations index), never
        # NOT IN every allocation open in the authority.
        .exclude(Exists(Allocation.objects.filter(open_on(on), child=OuterRef("pk"))))
        .annotate(
            last_team_id=Subquery(last.values("team_id")[:1]),
            last_worker=Subquery(
                last.annotate(
                    name=Concat("worker__first_name", Value(" "), "worker__last_name", output_field=CharField())
                ).values("name")[:1],
                output_field=CharField(),
            ),
            allocation_ended_on=Subquery(last.values("ended_on")[:1], output_field=DateField()),
        )
        .filter(last_team_id__in=managed)
        .filter(Exists(open_referral))
    )
    return list(children.order_by("allocation_ended_on", "last_name", "first_name", "pk")[:LIMIT])
