"""The SSDA903's social worker episodes, from the product's allocations.

The DfE reads social worker episodes as one worker at a time, each handing over to the next, over
the child's care in the year (DfE rules SW09STG2 to SW17STG2). The product's allocations say more:
a co-worker alongside the allocated worker, a change of team with the same worker, the workers a
child has after care ends. So, child by child:

- only the allocations of the child's care: none begun after care ended in the year (SW12STG2), and
  an allocation open when the child's latest period of care began in the year starts with it;
- the same worker's allocations one after another are one episode (a change of team only);
- an allocation held alongside another (a co-worker), begun and ended within it, is left out; one
  that overlaps the next ends when the next begins (SW10STG2);
- an episode shorter than three days, but the last, is left out, the one before running to the
  next (SW09STG2);
- the last episode is open (no SW_DEC) when the allocation outlasts the child's care or the year
  (SW17STG2): the worker is the child's at the end of care.

A gap between allocations is written as it is: the DfE flags it (SW10aSTG2), and rightly, unless the
allocation after it is the child's first contact (FCONTA). SW_REASON is the reason recorded on the
allocation an episode begins with (``Allocation.reason``), empty when none was recorded.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby

from django.db.models import Q

from ..annex_a.common import allocation_model
from .episodes import CollectionYear, Episode

SHORTEST = timedelta(days=3)


@dataclass
class SwEpisode:
    worker: object
    start: date
    end: date | None
    reason: str = ""


def care_windows(episodes: list[Episode], year: CollectionYear) -> dict[int, tuple[date | None, date | None]]:
    """child -> (start of the latest period of care begun in the year or None, end of care in the
    year or None when still looked after at its end)."""
    windows = {}
    for child_id, own in groupby(episodes, key=lambda episode: episode.child_id):
        own = list(own)
        started = [e.start for e in own if e.rne == "S" and e.start >= year.start]
        windows[child_id] = (started[-1] if started else None, own[-1].end)
    return windows


def _episodes(allocations, since: date | None, until: date | None, year_end: date) -> list[SwEpisode]:
    result: list[SwEpisode] = []
    for allocation in allocations:
        start = max(allocation.started_on, since) if since else allocation.started_on
        end = allocation.ended_on
        if result and result[-1].worker == allocation.worker and result[-1].end == allocation.started_on:
            result[-1].end = end  # the same worker in another team
            continue
        if result:
            before = result[-1]
            if before.end is None or (end is not None and end <= before.end):
                continue  # a co-worker alongside the allocated worker
            if before.end > start:
                before.end = start
            if before.end - before.start < SHORTEST and len(result) > 1:
                result.pop()
                result[-1].end = start
        result.append(SwEpisode(allocation.worker, start, end, allocation.reason))
    if result:
        last = result[-1]
        if last.end is not None and (last.end >= (until or year_end) or last.end > year_end):
            last.end = None
        if len(result) > 1 and last.end is not None and last.end - last.start < SHORTEST:
            result.pop()
            result[-1].end = None if last.end >= (until or year_end) else last.end
    return result


def sw_episodes(episodes: list[Episode], year: CollectionYear) -> list[tuple[object, SwEpisode]]:
    """(child, social worker episode) for the children looked after in the year, in order."""
    windows = care_windows(episodes, year)
    allocations = (
        allocation_model()
        .objects.filter(child__in=windows, started_on__lte=year.end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=year.start))
        .select_related("worker", "child")
        .order_by("child__la_child_id", "started_on", "pk")
    )
    rows = []
    for child, own in groupby(allocations, key=lambda allocation: allocation.child):
        since, until = windows[child.pk]
        own = [
            a
            for a in own
            if (until is None or a.started_on <= until) and (since is None or a.ended_on is None or a.ended_on > since)
        ]
        rows += [(child, episode) for episode in _episodes(own, since, until, year.end)]
    return rows
