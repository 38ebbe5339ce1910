"""What every Annex A list shares: the period, the child's columns and the allocation.

A period is [start, end], both days included. A record is "open during" the period when it
started on or before the end and had not ended by the start: start <= end of period and
(no end or end > start of period), the indicators' "open at a date" (an end on D is not
open on D) stretched over the period.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import CharField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat
from django.utils import timezone

from casework.models import Child
from casework.statutory import cin_census as statutory_cin
from core.periods import add_months, age_on

from . import codes


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("The period ends before it starts.")

    @property
    def year_before_end(self) -> date:
        """The start of "the last 12 months": the window is (end - 12 months, end]."""
        return add_months(self.end, -12)

    @property
    def six_months_before_end(self) -> date:
        return add_months(self.end, -6)

    def aware_bounds(self) -> tuple[datetime, datetime]:
        """Midnight at the start of the first day and after the last day, local time, for
        records stamped with a time (a contact's receipt)."""
        zone = timezone.get_current_timezone()
        first = datetime.combine(self.start, time.min, tzinfo=zone)
        after = datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone)
        return first, after


def open_during(period: Period, start: str = "started_on", end: str = "ended_on") -> Q:
    return Q(**{f"{start}__lte": period.end}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": period.start}))


def allocation_model():
    # Read from the relation, so the lists follow the allocation wherever its model lives.
    return Child._meta.get_field("allocations").related_model


def with_allocation(records: QuerySet, on: date, child: str = "child") -> QuerySet:
    """Adds ``allocated_team`` and ``allocated_worker``: the child's allocation open at the end
    of the period, or, for a case closed by then, the last allocation started before it."""
    allocations = (
        allocation_model()
        .objects.filter(child=OuterRef(child), started_on__lte=on)
        .order_by("-started_on", "-pk")
        .annotate(worker_name=Concat("worker__first_name", Value(" "), "worker__last_name", output_field=CharField()))
    )
    return records.annotate(
        allocated_team=Subquery(allocations.values("team__name")[:1], output_field=CharField()),
        allocated_worker=Subquery(allocations.values("worker_name")[:1], output_field=CharField()),
    )


CHILD_FIELDS = ("child__la_child_id", "child__sex", "child__ethnicity", "child__date_of_birth", "child__disabilities")


def child_cells(row: dict, period: Period, prefix: str = "child__") -> list:
    """Child Unique ID, Gender, Ethnicity, Date of Birth, Age (completed years at the end of the period)."""
    born = row[f"{prefix}date_of_birth"]
    return [
        row[f"{prefix}la_child_id"],
        codes.GENDER.get(row[f"{prefix}sex"]),
        codes.ETHNICITY.get(row[f"{prefix}ethnicity"]),
        born,
        age_on(born, period.end) if born and born <= period.end else None,
    ]


def disability_cell(row: dict, prefix: str = "child__") -> str:
    """Does the child have a disability, from the disabilities recorded on the child's record now (the
    product keeps no history of them): "a) Yes" with any, "b) No" with "NONE", "c) Unknown" when none is
    recorded."""
    disabilities = row[f"{prefix}disabilities"] or []
    if not disabilities:
        return codes.UNKNOWN
    return codes.NO if disabilities == [statutory_cin.NO_DISABILITY] else codes.YES


def local_day(moment: datetime | None) -> date | None:
    return timezone.localtime(moment).date() if moment else None
