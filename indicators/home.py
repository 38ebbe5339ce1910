"""The home page's figures: the measures whose band changed since the month before, the
milestones off track, and the months waiting for sign-off. Stored figures only, a few queries
whatever the number of indicators or teams (``load_figures`` reads every snapshot at once).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Max

from core.periods import add_months

from .bands import Rating
from .models import Indicator, Snapshot
from .report_sign_off import SignOffLine, sign_off_lines
from .report_targets import milestone_for_month, milestones_for, on_track
from .selectors import AUTHORITY, indicator_url, load_figures, snapshot_text

# Better first: a move up this list is an improvement. "Outside expected range" is not better
# or worse than the bands by rank: it is shown as a change, without a direction.
_RANK = {Rating.OUTSTANDING: 0, Rating.GOOD: 1, Rating.ADEQUATE: 2, Rating.INADEQUATE: 3}


@dataclass(frozen=True)
class BandChange:
    indicator: Indicator
    scope_name: str
    before: str
    now: str
    value_text: str
    url: str

    @property
    def direction(self) -> str:
        """'better', 'worse' or '' (to or from "Outside expected range")."""
        if self.before not in _RANK or self.now not in _RANK:
            return ""
        return "better" if _RANK[self.now] < _RANK[self.before] else "worse"


@dataclass(frozen=True)
class OffTrack:
    indicator: Indicator
    value_text: str
    target: str
    due_on: date
    url: str


def latest_month() -> date | None:
    """The latest month with authority figures (one query)."""
    return Snapshot.objects.filter(scope_key=AUTHORITY).aggregate(latest=Max("month"))["latest"]


def _indicators() -> list[Indicator]:
    return list(Indicator.objects.order_by("catalogue_position", "code"))


def band_changes(scopes: dict[str, str], month: date) -> list[BandChange]:
    """Each indicator and scope (key: name) rated in both months whose rating differs from the
    month before's: two queries."""
    indicators = _indicators()
    before = add_months(month, -1)
    figures = load_figures(indicators, [before, month], scopes)
    changes = []
    for key, name in scopes.items():
        for indicator in indicators:
            now, then = figures.get(indicator, month, key), figures.get(indicator, before, key)
            if now.rating and then.rating and now.rating != then.rating:
                changes.append(
                    BandChange(
                        indicator,
                        name,
                        then.rating,
                        now.rating,
                        snapshot_text(now.shown, indicator.unit),
                        indicator_url(indicator, key, month),
                    )
                )
    return changes


def milestones_off_track(month: date) -> list[OffTrack]:
    """The authority's figures of the month that miss the milestone in force (three queries)."""
    indicators = _indicators()
    milestones = milestones_for(indicators)
    with_milestones = [indicator for indicator in indicators if milestones.get(indicator.pk)]
    figures = load_figures(with_milestones, [month], [AUTHORITY])
    missed = []
    for indicator in with_milestones:
        milestone = milestone_for_month(milestones[indicator.pk], month)
        figure = figures.get(indicator, month, AUTHORITY)
        if on_track(indicator, figure.value, milestone) is False:
            missed.append(
                OffTrack(
                    indicator,
                    snapshot_text(figure.shown, indicator.unit),
                    milestone.target,
                    milestone.due_on,
                    indicator_url(indicator, AUTHORITY, month),
                )
            )
    return missed


def months_waiting_for_sign_off() -> list[SignOffLine]:
    """Months that are over, with provisional figures, not signed off (two queries)."""
    return [line for line in sign_off_lines() if line.can_be_signed_off]
