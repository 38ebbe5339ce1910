"""SSDA903 episodes from periods of care, legal statuses and placements.

An episode starts each time the legal status or the placement changes within a period of
care, and runs to the next change (DEC of one = DECOM of the next, REC X1) or to the end of
care (REC the period's reason ceased). RNE says what changed:

- S: the first episode of a period of care;
- L: the legal status only;
- P (or U, as the placement records it: a change of placement type with the same carer):
  the placement only;
- T (or B, as the placement records it): both.

The return holds the episodes open at some time in the collection year: begun by 31 March,
not ended before 1 April. An end after 31 March is not yet known at the end of the year:
DEC and REC are left empty.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q

from casework.codes import ReasonNewEpisode
from casework.models import LegalStatus, PeriodOfCare, Placement
from casework.statutory.ssda903 import TEMPORARY_PLACEMENT_TYPES

END_OF_EPISODE_ONLY = "X1"
_PLACEMENT_REASONS = {ReasonNewEpisode.PLACEMENT, ReasonNewEpisode.PLACEMENT_SAME_CARER}


@dataclass(frozen=True)
class CollectionYear:
    """Named by the year it ends: 2026 is 1 April 2025 to 31 March 2026."""

    year: int

    @property
    def start(self) -> date:
        return date(self.year - 1, 4, 1)

    @property
    def end(self) -> date:
        return date(self.year, 3, 31)

    def holds(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


@dataclass
class Episode:
    child_id: int
    period: PeriodOfCare
    start: date
    end: date | None
    rne: str
    legal_status: str
    placement: Placement | None
    rec: str
    # Why the child moved on, when the episode ends with a change of placement (REASON_PLACE_CHANGE).
    reason_place_change: str = ""


def periods_in_year(year: CollectionYear):
    """Periods of care with an episode in the year, with their statuses and placements (three queries)."""
    return (
        PeriodOfCare.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=year.start), started_on__lte=year.end)
        .select_related("child")
        .prefetch_related(
            Prefetch("legal_statuses", queryset=LegalStatus.objects.order_by("started_on", "pk")),
            Prefetch("placements", queryset=Placement.objects.order_by("started_on", "pk")),
        )
        .order_by("child__la_child_id", "started_on")
    )


def _status_on(statuses: list[LegalStatus], day: date) -> str:
    current = [status for status in statuses if status.started_on <= day]
    if current:
        return current[-1].code
    return statuses[0].code if statuses else ""


def _placement_on(placements: list[Placement], day: date) -> Placement | None:
    open_then = [p for p in placements if p.started_on <= day and (p.ended_on is None or p.ended_on > day)]
    if open_then:
        return open_then[-1]
    begun = [p for p in placements if p.started_on <= day]
    return begun[-1] if begun else None


def _temporary(*placements: Placement) -> bool:
    return any(p.placement_type in TEMPORARY_PLACEMENT_TYPES for p in placements)


def period_episodes(period: PeriodOfCare) -> list[Episode]:
    """Every episode of the period of care, from its start (not only those in a year)."""
    statuses = list(period.legal_statuses.all())
    placements = list(period.placements.all())
    end = period.ended_on
    changes = sorted(
        {period.started_on}
        | {s.started_on for s in statuses if s.started_on > period.started_on}
        | {p.started_on for p in placements if p.started_on > period.started_on}
    )
    changes = [day for day in changes if end is None or day < end]
    episodes: list[Episode] = []
    for day in changes:
        status = _status_on(statuses, day)
        placement = _placement_on(placements, day)
        if not episodes:
            rne = ReasonNewEpisode.STARTED
        else:
            before = episodes[-1]
            status_changed = status != before.legal_status
            placement_changed = placement is not None and placement.started_on == day and placement != before.placement
            if not status_changed and not placement_changed:
                continue  # a status restated with the same code: not a new episode
            recorded = placement.reason_new_episode if placement is not None else ""
            if status_changed and placement_changed:
                rne = ReasonNewEpisode.STATUS_AND_PLACEMENT_SAME_CARER if recorded == "B" else ReasonNewEpisode.BOTH
            elif placement_changed:
                rne = recorded if recorded in _PLACEMENT_REASONS else ReasonNewEpisode.PLACEMENT
            else:
                rne = ReasonNewEpisode.LEGAL_STATUS
            before.end, before.rec = day, END_OF_EPISODE_ONLY
            # Why the child moved, on the episode the move ends (DfE rule 225); not around a
            # temporary placement (rule 226).
            if placement_changed and before.placement is not None and not _temporary(before.placement, placement):
                before.reason_place_change = before.placement.reason_place_change
        episodes.append(Episode(period.child_id, period, day, end, str(rne), status, placement, period.reason_ceased))
    return episodes


def episodes_in_year(year: CollectionYear) -> list[Episode]:
    """The episodes of the return, child by child, in order; ends after the year are left open."""
    result = []
    for period in periods_in_year(year):
        for episode in period_episodes(period):
            if episode.start > year.end or (episode.end is not None and episode.end < year.start):
                continue
            if episode.end is not None and episode.end > year.end:
                episode.end, episode.rec = None, ""
            if episode.end is None:
                episode.rec, episode.reason_place_change = "", ""
            result.append(episode)
    return result
