"""Reading one row's values, reporting each one that cannot be read against its column."""

from collections.abc import Collection
from datetime import date

from .engine import Report
from .readers import BadValue, SourceRow, parse_date, parse_flag


class RowValues:
    """A row's values, read and checked one column at a time. ``ok`` is False once any failed."""

    def __init__(self, row: SourceRow, report: Report) -> None:
        self.row = row
        self.report = report
        self.ok = True
        width = row.values.get("_width")
        if width is not None:
            self.fail("", f"This row has {width} values, but the file's header has {len(row.values) - 1} columns.")

    def fail(self, column: str, message: str) -> None:
        self.ok = False
        self.report.error(self.row, column, message)

    def text(self, column: str, *, required: bool = False, max_length: int | None = None, what: str = "") -> str:
        value = self.row.get(column)
        if not value:
            if required:
                self.fail(column, f"{what or column} is missing.")
            return ""
        if max_length is not None and len(value) > max_length:
            name = what[:1].lower() + what[1:] if what else column
            self.fail(column, f"'{value}' is too long for {name}: at most {max_length} characters.")
            return ""
        return value

    def date(self, column: str, *, required: bool = False, what: str = "") -> date | None:
        value = self.row.get(column)
        try:
            parsed = parse_date(value)
        except BadValue as error:
            self.fail(column, str(error))
            return None
        if parsed is None and required:
            self.fail(column, f"{what or column} is missing.")
        return parsed

    def code(
        self,
        column: str,
        allowed: Collection[str],
        *,
        what: str,
        required: bool = False,
        hint: str = "",
        default: str = "",
    ) -> str:
        value = self.row.get(column)
        if not value:
            if required:
                self.fail(column, f"The {what} is missing.")
            return default
        if value not in allowed:
            article = "an" if what[:1].lower() in "aeiou" else "a"
            self.fail(column, f"'{value}' is not {article} {what} code{hint}.")
            return default
        return value

    def flag(self, column: str) -> bool | None:
        try:
            return parse_flag(self.row.get(column))
        except BadValue as error:
            self.fail(column, str(error))
            return None
