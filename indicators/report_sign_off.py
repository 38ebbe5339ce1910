"""What a month's sign-off signs: each authority figure of the month beside last month's,
and the records changed since the figures were computed (the months still waiting in the
recomputation queue come from ``core.recompute.queue_summary``).

Four queries: the catalogue, the two months' authority snapshots, and the count and the
latest of the changes since (pinned in tests/reports/test_sign_off_contents.py).
"""

from dataclasses import dataclass
from datetime import date, datetime

from auditlog.models import LogEntry
from django.db.models import Count, Max
from django.utils import timezone

from core.horizon import figures_horizon
from core.periods import add_months, month_start

from .models import MonthSignOff, Snapshot, SnapshotKind
from .report_change import Change
from .report_scorecard import figure_change
from .report_team import report_indicators
from .selectors import AUTHORITY, Figure, load_figures, months_ending

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


# --- Sign-off -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SignOffLine:
    month: date
    sign_off: MonthSignOff | None
    provisional_figures: int
    computed_at: object | None
    is_over: bool

    @property
    def can_be_signed_off(self) -> bool:
        return self.sign_off is None and self.is_over and self.provisional_figures > 0

    @property
    def status(self) -> str:
        if self.sign_off is not None:
            return "Signed off"
        if not self.is_over:
            return "In progress"
        return "Provisional" if self.provisional_figures else "No figures"

    @property
    def signed_off_by(self) -> str:
        if self.sign_off is None:
            return ""
        user = self.sign_off.signed_off_by
        return user.get_full_name() or user.username


def sign_off_lines(months: int = 12) -> list[SignOffLine]:
    """The last ``months`` months (this one included), newest first: two queries."""
    current = month_start(timezone.localdate())
    horizon = figures_horizon()
    shown = [month for month in months_ending(current, months) if month >= horizon]
    sign_offs = {
        sign_off.month: sign_off
        for sign_off in MonthSignOff.objects.filter(month__in=shown).select_related("signed_off_by")
    }
    computed = {
        row["month"]: row
        for row in Snapshot.objects.filter(month__in=shown, kind=SnapshotKind.PROVISIONAL, scope_key=AUTHORITY)
        .values("month")
        .annotate(count=Count("id"), computed_at=Max("computed_at"))
    }
    return [
        SignOffLine(
            month=month,
            sign_off=sign_offs.get(month),
            provisional_figures=computed.get(month, {}).get("count", 0),
            computed_at=computed.get(month, {}).get("computed_at"),
            is_over=month < current,
        )
        for month in reversed(shown)
    ]
