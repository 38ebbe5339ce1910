"""The report of an import's row problems: errors and warnings by file, row, child and field, and the rows
rejected with them."""

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS

from .readers import SourceRow


@dataclass(slots=True)
class Issue:
    file_name: str
    row: int | None
    place: str
    child: str
    field: str
    message: str
    severity: str = "error"

    def as_line(self) -> str:
        child = f", child {self.child}" if self.child else ""
        column = f", {self.field}" if self.field else ""
        kind = "" if self.severity == "error" else " (imported, check)"
        return f"{self.file_name} {self.place}{child}{column}: {self.message}{kind}"


@dataclass
class FileSummary:
    name: str
    table: str = ""
    rows: int = 0
    rejected: int = 0
    note: str = ""
    readable: bool = True


class Report:
    """Row problems, which rows are rejected, and what each file was read as.

    The first ``HELD`` problems are kept in memory; with a ``spool`` the rest wait on disk, so a file
    whose every row is wrong does not fill the memory (``issues`` reads them all back). Rows are
    checked a batch of children at a time: ``end_batch`` forgets which of the batch's rows were
    rejected (no later batch has them), keeping the counts.
    """

    HELD = 20_000

    def __init__(self, spool=None) -> None:
        self._held: list[Issue] = []
        self.spool = spool
        self.spilled = 0
        self.rejected: set[int] = set()
        self.rejected_total = 0
        self.error_count = 0
        self.warning_count = 0
        self.files: dict[str, FileSummary] = {}
        self._seen: set[tuple] = set()
        self._rejected_by_file: Counter[str] = Counter()

    def file(self, name: str) -> FileSummary:
        if name not in self.files:
            self.files[name] = FileSummary(name)
        return self.files[name]

    def file_problem(self, name: str, message: str) -> None:
        summary = self.file(name)
        summary.readable = False
        summary.note = message
        self._add(Issue(name, None, "whole file", "", "", message))

    def error(self, row: SourceRow, column: str, message: str, child: str | None = None) -> None:
        added = self._add(Issue(row.file_name, row.row, row.place, child or row.child, column, message))
        if added and row.index not in self.rejected:
            self.rejected.add(row.index)
            self.rejected_total += 1
            self._rejected_by_file[row.file_name] += 1

    def field_error(self, row: SourceRow, column: str, message: str) -> None:
        """An error in one field that the DfE reports against the field alone: said as an error, but the row
        is not rejected (its other values are imported)."""
        self._add(Issue(row.file_name, row.row, row.place, row.child, column, message))

    def warning(self, row: SourceRow, column: str, message: str, child: str | None = None) -> None:
        self._add(Issue(row.file_name, row.row, row.place, child or row.child, column, message, "warning"))

    def reject_dependants(self, rows: Iterable[SourceRow], message: str) -> None:
        """Rows that are fine on their own but cannot be imported without a row that failed."""
        for row in rows:
            if row.index not in self.rejected:
                self.error(row, "", message)

    def is_rejected(self, row: SourceRow) -> bool:
        return row.index in self.rejected

    def any_rejected(self, rows: Iterable[SourceRow]) -> bool:
        return any(row.index in self.rejected for row in rows)

    def rejected_in(self, file_name: str) -> int:
        return self._rejected_by_file[file_name]

    def end_batch(self) -> None:
        self.rejected.clear()
        self._seen.clear()

    @property
    def unreadable(self) -> list[str]:
        return [name for name, summary in self.files.items() if not summary.readable]

    def iter_issues(self) -> Iterator[Issue]:
        yield from self._held
        if self.spool is not None and self.spilled:
            yield from self.spool.issues()

    @property
    def issues(self) -> list[Issue]:
        return list(self.iter_issues())

    @classmethod
    def combined(cls, reports: "Iterable[Report]") -> "Report":
        """The issues and files of several returns' reports, for reading (their rejected rows stay theirs:
        each return numbers its rows from one)."""
        whole = cls()
        for report in reports:
            whole._held += report.issues
            whole.files.update(report.files)
            whole.rejected_total += report.rejected_total
            whole.error_count += report.error_count
            whole.warning_count += report.warning_count
        return whole

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.iter_issues() if issue.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.iter_issues() if issue.severity == "warning"]

    def _add(self, issue: Issue) -> bool:
        key = (issue.file_name, issue.row, issue.place, issue.field, issue.message, issue.severity)
        if key in self._seen:
            return False
        self._seen.add(key)
        if issue.severity == "error":
            self.error_count += 1
        else:
            self.warning_count += 1
        if len(self._held) < self.HELD or self.spool is None:
            self._held.append(issue)
        else:
            self.spool.add_issue(issue)
            self.spilled += 1
        return True


def add_errors(report: Report, row: SourceRow, messages: dict[str, list[str]], columns: dict[str, str]) -> None:
    """Report a rule's messages (keyed by model field) against the row, naming the return's column."""
    for name, field_messages in messages.items():
        column = columns.get(name, "") if name != NON_FIELD_ERRORS else ""
        for message in field_messages:
            report.error(row, column, message)
