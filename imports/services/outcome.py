"""What a check or an import gives back (an ``Outcome`` of one ``Part`` per return), and the progress scale."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..models import ReturnKind, year_label
from ..plan import CREATED, UNCHANGED, UPDATED, Plan
from ..report import Report
from ..spool import Spool

# The progress bar, in thousandths: where reading and checking end. A check alone (the preview)
# is read then checked; an import also saves, which takes about as long as the rest.
PROGRESS_SCALE = 1000
CHECK_ONLY = (300, 1000)
CHECK_THEN_SAVE = (150, 500)
RECOMPUTE_REASON = "import"
IMPORT_LOCK = (7302, 1)  # pg_advisory_lock key: one import writes at a time


@dataclass
class Part:
    """What the check found in one return's files."""

    kind: str
    collection_year: int
    year_note: str
    report: Report
    plan: Plan
    check: object = None  # the return's check, run a batch of children at a time

    @property
    def label(self) -> str:
        return ReturnKind(self.kind).label

    @property
    def year_label(self) -> str:
        return year_label(self.collection_year)

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        return self.plan.summary()

    @property
    def rows_read(self) -> int:
        return sum(summary.rows for summary in self.report.files.values())

    @property
    def rows_rejected(self) -> int:
        return self.report.rejected_total

    def summary(self) -> dict:
        return {
            "kind": self.kind,
            "label": self.label,
            "collection_year": self.collection_year,
            "year_label": self.year_label,
            "year_note": self.year_note,
            "counts": self.counts,
            "rows_read": self.rows_read,
            "rows_rejected": self.rows_rejected,
            "warnings": self.report.warning_count,
            "files": list(self.report.files),
        }


@dataclass
class Outcome:
    """What a check (or an import) found: one part per return in the files (two for an upload of a
    year's SSDA903 and CIN census), read as one."""

    kind: str
    parts: list[Part]
    imported: bool = False
    earliest_date: date | None = None
    spool: Spool | None = None  # where row problems beyond the first thousands wait

    @property
    def report(self) -> Report:
        return self.parts[0].report if len(self.parts) == 1 else Report.combined(p.report for p in self.parts)

    @property
    def plan(self) -> Plan:
        if len(self.parts) != 1:
            raise AttributeError("An outcome of two returns has a plan for each: see parts.")
        return self.parts[0].plan

    @property
    def collection_year(self) -> int:
        return max(part.collection_year for part in self.parts)

    @property
    def year_note(self) -> str:
        if len(self.parts) == 1:
            return self.parts[0].year_note
        return "; ".join(f"{part.label} {part.year_label}, {part.year_note}" for part in self.parts)

    @property
    def year_label(self) -> str:
        return year_label(self.collection_year)

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        """Per record type, across the returns (a child both returns give is counted once, by the first)."""
        merged: dict[str, dict[str, int]] = {}
        for part in self.parts:
            for label, numbers in part.counts.items():
                into = merged.setdefault(label, {CREATED: 0, UPDATED: 0, UNCHANGED: 0})
                for name, number in numbers.items():
                    into[name] = into.get(name, 0) + number
        return merged

    @property
    def rows_read(self) -> int:
        return sum(part.rows_read for part in self.parts)

    @property
    def rows_rejected(self) -> int:
        return sum(part.rows_rejected for part in self.parts)

    @property
    def nothing_importable(self) -> bool:
        """No row could be imported: every row was rejected, or no file could be read."""
        return self.rows_read == self.rows_rejected


Progress = Callable[[str, int], None]


def _no_progress(stage: str, done: int) -> None:
    pass
