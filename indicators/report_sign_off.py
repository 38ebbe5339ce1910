"""What a month's sign-off signs: each authority figure of the month beside last month's,
and the records changed since the figures were computed (the months still waiting in the
recomputation queue come from ``core.recompute.queue_summary``).

Four queries: the catalogue, the two months' authority snapshots, and the count and the
latest of the changes since (pinned in tests/reports/test_sign_off_contents.py).
"""

from dataclasses import dataclass
from datetime import date, datetime

from auditlog.models import LogEntry

from core.periods import add_months

from .report_change import Change
from .report_scorecard import figure_change
from .selectors import AUTHORITY, Figure, load_figures, report_indicators

LATEST_CHANGES = 10  # the changes the page lists; it counts them all
RECORD_APPS = ("casework", "workforce")  # the records figures are computed from


@dataclass(frozen=True)
class SignOffFigure:
    figure: Figure  # the month's, as it would be signed off
    previous: Figure  # last month's, as it stands now
    change: Change | None


def sign_off_figures(month: date) -> list[SignOffFigure]:
    """Every live indicator with a figure for the authority in the month or the month before,
    in catalogue order (two queries)."""
    previous = add_months(month, -1)
    indicators = [indicator for indicator in report_indicators() if indicator.is_live]
    figures = load_figures(indicators, [previous, month], [AUTHORITY])
    lines = []
    for indicator in indicators:
        now, before = figures.get(indicator, month, AUTHORITY), figures.get(indicator, previous, AUTHORITY)
        if now.exists or before.exists:
            lines.append(SignOffFigure(now, before, figure_change(now, before)))
    return lines


@dataclass(frozen=True)
class RecordChanges:
    count: int
    latest: list[LogEntry]


def record_changes_since(moment: datetime | None) -> RecordChanges:
    """The children's and workforce records created, changed or deleted after ``moment`` (when
    the figures were computed), from the audit log: how many, and the latest few with who made
    them (two queries). None: nothing computed, so nothing to compare."""
    if moment is None:
        return RecordChanges(0, [])
    changes = LogEntry.objects.filter(
        timestamp__gt=moment,
        content_type__app_label__in=RECORD_APPS,
        action__in=[LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE],
    )
    latest = list(changes.select_related("actor", "content_type").order_by("-timestamp", "-pk")[:LATEST_CHANGES])
    return RecordChanges(changes.count(), latest)
