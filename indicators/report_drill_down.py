"""The drill-down: the records behind a figure, each with why it is in or out."""

from dataclasses import dataclass
from datetime import date

from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat
from django.http import Http404

from casework.models import Child
from casework.selectors import children_visible_to
from workforce.models import Post, SocialWorker, Team
from workforce.selectors import sees_every_team

from .models import (
    Indicator,
    Snapshot,
    SnapshotKind,
    SnapshotRecord,
)
from .scope_rows import fill_unstored
from .selectors import _SNAPSHOT_FIELDS, AUTHORITY, Figure, Figures, Scope, _team_ids

# --- Drill-down ---------------------------------------------------------------------------


def drill_down_figure(
    indicator: Indicator, scope: Scope, month: date, kind: str | None
) -> tuple[Figure, Snapshot | None]:
    """The figure for the scope, and the authority snapshot whose records are its list, of the
    kind asked for (default: the kind shown). One query."""
    snapshots = list(
        Snapshot.objects.filter(indicator=indicator, month=month, scope_key__in={scope.key, AUTHORITY}).only(
            *_SNAPSHOT_FIELDS
        )
    )
    figures = Figures([indicator], [*snapshots, *fill_unstored([indicator], snapshots, [scope.key])])
    figure = figures.get(indicator, month, scope.key)
    authority = figures.get(indicator, month, AUTHORITY)
    kind = kind or figure.kind or SnapshotKind.PROVISIONAL
    if kind not in SnapshotKind.values:
        raise Http404("No such kind of figure.")
    chosen = {
        SnapshotKind.REPORTED: authority.reported,
        SnapshotKind.PROVISIONAL: authority.provisional,
        SnapshotKind.RESTATED: authority.restated,
    }[kind]
    scoped = {
        SnapshotKind.REPORTED: figure.reported,
        SnapshotKind.PROVISIONAL: figure.provisional,
        SnapshotKind.RESTATED: figure.restated,
    }[kind]
    # The figure as it was for this kind (a reported month's list is the reported list).
    figure = Figure(
        indicator,
        month,
        scope.key,
        reported=scoped if kind == SnapshotKind.REPORTED else None,
        provisional=scoped if kind == SnapshotKind.PROVISIONAL else None,
        restated=scoped if kind == SnapshotKind.RESTATED else None,
    )
    return figure, chosen


def _visible(user) -> Q:
    """The records the user could open anyway: children they may see; workforce records of
    the teams they may see. Once per request (kept on the user, as _team_ids is): the counts
    and the list both ask."""
    if not hasattr(user, "_report_visible"):
        # Correlated on the record's child (a primary-key probe per record), not "IN (every
        # child the user may see)", which SQLite evaluates over the whole children table.
        children = Q(Exists(children_visible_to(user).filter(pk=OuterRef("child_id"))))
        if sees_every_team(user):
            workforce = Q(child_id__isnull=True)
        else:
            workforce = Q(child_id__isnull=True, team_id__in=list(_team_ids(user)))
        user._report_visible = children | workforce
    return user._report_visible


def drill_down_records(user, snapshot: Snapshot | None, scope: Scope) -> QuerySet[SnapshotRecord]:
    """The records of the figure the user may see, with the names a row shows, in one query
    (names by subquery, so the page costs the same for 10 rows or 10,000)."""
    if snapshot is None:
        return SnapshotRecord.objects.none()
    records = scope.records(SnapshotRecord.objects.filter(snapshot=snapshot)).filter(_visible(user))
    child = Child.objects.filter(pk=OuterRef("child_id")).order_by()
    worker = SocialWorker.objects.filter(pk=OuterRef("worker_id")).order_by()
    team = Team.objects.filter(pk=OuterRef("team_id")).order_by()
    post = Post.objects.filter(pk=OuterRef("record_id")).order_by()
    text = CharField()
    return records.annotate(
        child_name=Subquery(
            child.annotate(name=Concat("first_name", Value(" "), "last_name", output_field=text)).values("name")[:1],
            output_field=text,
        ),
        child_reference=Subquery(child.values("la_child_id")[:1], output_field=text),
        worker_name=Subquery(
            worker.annotate(name=Concat("first_name", Value(" "), "last_name", output_field=text)).values("name")[:1],
            output_field=text,
        ),
        team_name=Subquery(team.values("name")[:1], output_field=text),
        post_reference=Subquery(post.values("reference")[:1], output_field=text),
    ).order_by("in_numerator", "child_name", "worker_name", "record_id")


@dataclass(frozen=True)
class DrillDownCounts:
    total: int
    in_numerator: int
    listed: int
    listed_in_numerator: int = 0

    def listed_where(self, in_numerator: bool | None) -> int:
        """How many records the list shows: all it may, or those in (or not in) the numerator."""
        if in_numerator is None:
            return self.listed
        return self.listed_in_numerator if in_numerator else self.listed - self.listed_in_numerator

    @property
    def not_in_numerator(self) -> int:
        return self.total - self.in_numerator

    @property
    def not_listed(self) -> int:
        return self.total - self.listed


def drill_down_counts(user, snapshot: Snapshot | None, scope: Scope) -> DrillDownCounts:
    """How many records the figure rests on, how many count, and how many this user may see
    listed (of those, how many count): one query, so others see the counts without the
    children, and the list's pages need no count of their own."""
    if snapshot is None:
        return DrillDownCounts(0, 0, 0)
    records = scope.records(SnapshotRecord.objects.filter(snapshot=snapshot))
    # Grouped by in_numerator rather than a filtered count each: the visibility test (a probe
    # of the child and its allocations) is made once per record, not once per count.
    groups = {
        group["in_numerator"]: group
        for group in records.order_by()
        .values("in_numerator")
        .annotate(total=Count("id"), listed=Count("id", filter=_visible(user)))
    }
    counted, not_counted = groups.get(True, {}), groups.get(False, {})
    return DrillDownCounts(
        total=counted.get("total", 0) + not_counted.get("total", 0),
        in_numerator=counted.get("total", 0),
        listed=counted.get("listed", 0) + not_counted.get("listed", 0),
        listed_in_numerator=counted.get("listed", 0),
    )
