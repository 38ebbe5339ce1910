"""The pre-submission check: the return the product would send, read by the product's own import
checks (``imports.services.check_files``, which write nothing), every failure listed by child
and rule, with counts by rule.

A failure's rule is the DfE rule its message names ("(DfE rule 119)"); a check of the
product's own that names no DfE rule is grouped by the column it concerns.
"""

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from imports.readers import Source
from imports.services import check_files

from .cin_census.writer import build_census
from .ssda903.tables import COLUMNS, build_return

SSDA903 = "SSDA903"
CIN_CENSUS = "CIN census"
_RULE = re.compile(r"DfE rules? ([A-Za-z0-9]+)")
# The import compares each row with the record already in the product and warns where they differ
# ("This placement is already in the product ... and is kept as it is: end date ... empty in the
# return"). Checking the product's own return against its own records, those differences are by
# design (an end after 31 March is not in the return; the import makes its own carer references),
# so they are not failures of the return.
_COMPARISON = "is already in the product ("


@dataclass(frozen=True)
class Failure:
    return_name: str
    file_name: str
    row: int | None
    child: str
    field: str
    message: str
    severity: str

    @property
    def rule(self) -> str:
        found = _RULE.search(self.message)
        if found:
            return f"DfE rule {found.group(1)}"
        return f"Product check: {self.field or 'file'}"


def _memory(name: str, data: bytes) -> Source:
    return Source(name, lambda: io.BytesIO(data), len(data))


def ssda903_sources(year: int) -> list[Source]:
    result = build_return(year)
    sources = []
    for name, columns in COLUMNS.items():
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(columns)
        writer.writerows(result.tables.get(name, []))
        sources.append(_memory(f"{name}.csv", text.getvalue().encode("utf-8")))
    return sources


def check_return(return_name: str, year: int) -> list[Failure]:
    """Every error and warning the product's import finds in the return it would send, less its
    comparisons with the records the return came from."""
    if return_name == SSDA903:
        outcome = check_files("ssda903", ssda903_sources(year), year=year)
    elif return_name == CIN_CENSUS:
        outcome = check_files("cin_census", [_memory("cin.xml", build_census(year).xml)], year=year)
    else:
        raise ValueError(f"No return called {return_name}.")
    issues = [i for i in outcome.report.issues if not (i.severity != "error" and _COMPARISON in i.message)]
    return [
        Failure(return_name, i.file_name, i.row, i.child, i.field, i.message, i.severity)
        for i in sorted(issues, key=lambda i: (i.child, i.file_name, i.row or 0))
    ]


def counts_by_rule(failures: list[Failure]) -> list[tuple[str, int]]:
    counted = Counter(failure.rule for failure in failures)
    return sorted(counted.items(), key=lambda item: (-item[1], item[0]))


CSV_HEADER = ["Return", "Rule", "Kind", "Child", "File", "Row", "Column", "What is wrong"]


def csv_rows(failures: list[Failure]) -> list[list]:
    return [
        [f.return_name, f.rule, f.severity, f.child, f.file_name, f.row or "", f.field, f.message] for f in failures
    ]


def write_csv(failures: list[Failure], path: Path) -> None:
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADER)
        writer.writerows(csv_rows(failures))


def print_failures(stdout, failures: list[Failure], errors_csv: str | None) -> None:
    """What the export commands print after writing a return: counts by rule, then each error."""
    errors = [failure for failure in failures if failure.severity == "error"]
    warnings = len(failures) - len(errors)
    stdout.write(f"Checked with the product's import checks: {len(errors)} errors, {warnings} warnings.")
    for rule, count in counts_by_rule(failures):
        stdout.write(f"  {rule}: {count}")
    for failure in errors:
        where = f"{failure.file_name} row {failure.row}" if failure.row else failure.file_name
        stdout.write(f"  {failure.child or '-'} {where} {failure.field}: {failure.message}")
    if errors_csv:
        write_csv(failures, Path(errors_csv))
        stdout.write(f"Wrote the failures to {errors_csv}")
