"""A child's chronology: every event in their records, newest first.

One query per record type, whatever the number of events. A record with several dates
(a plan that started and ended, a missing episode with its return and interview) gives
one event per date (``casework.events``). Events on the same day are ordered by the stage
of the work they belong to, then by time, then by the order they were recorded, so the
order is the same on every view.
"""

from collections.abc import Callable

from django.db import models
from django.db.models import Exists, OuterRef

from . import models as m
from .events import Event, allocation_events, supervision_events
from .models import Allocation, CaseSupervision
from .records import KINDS

__all__ = ["SOURCES", "Event", "chronology"]

# (model, the relations its events print, its events): every kind of record, then who held
# the case and its supervision.
SOURCES: list[tuple[type[models.Model], tuple[str, ...], Callable]] = [
    *((kind.model, ("recorded_by", *kind.shows), kind.events) for kind in KINDS if kind.model is not None),
    (Allocation, ("worker", "team"), allocation_events),
    (CaseSupervision, ("supervisor",), supervision_events),
]


def chronology(child: m.Child) -> list[Event]:
    """Every event of the child's records, newest first: one query asks which kinds of record
    the child has, then one query for each of those (a child has a handful of the thirty kinds)."""
    # No ORDER BY: the events are sorted here, by keys no two events share.
    events = [
        event
        for model, related, to_events in _sources_held(child)
        for record in model.objects.filter(child=child).select_related(*related).order_by()
        for event in to_events(record)
    ]
    return sorted(events, key=lambda event: event.sort_key, reverse=True)


def _sources_held(child: m.Child) -> list[tuple[type[models.Model], tuple[str, ...], Callable]]:
    held = (
        m.Child.objects.filter(pk=child.pk)
        .values_list(*(Exists(model.objects.filter(child=OuterRef("pk"))) for model, _, _ in SOURCES))
        .first()
    )
    return [source for source, has_records in zip(SOURCES, held or (), strict=False) if has_records]
