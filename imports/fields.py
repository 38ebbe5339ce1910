"""Reading one row's values, reporting each one that cannot be read against its column."""

import re
from collections.abc import Collection
from datetime import date

from .readers import BadValue, SourceRow, parse_date, parse_flag
from .report import Report

# A whole number written by a spreadsheet as a decimal ("1.0"): the same code.
_WHOLE_NUMBER = re.compile(r"^(\d+)\.0+$")
# Control characters (a NUL byte, a tab...) cannot be part of an identifier or a code; PostgreSQL cannot even
# store a NUL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def control_character_message(what: str, value: str) -> str:
    shown = CONTROL_CHARACTERS.sub("?", value)
    return f"{what} '{shown}' holds a control character (shown as ?): correct it in the system that made the file."


def normalised_code(value: str, allowed: Collection[str]) -> str:
    """``value`` as the code list writes it: "1.0" is "1" when "1" is a code (spreadsheets write numbers so)."""
    if value in allowed:
        return value
    whole = _WHOLE_NUMBER.match(value)
    if whole and str(int(whole.group(1))) in allowed:
        return str(int(whole.group(1)))
    return value


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

    def field_error(self, column: str, message: str) -> None:
        """An error in this field alone (the DfE's view): reported, the rest of the row kept."""
        self.report.field_error(self.row, column, f"{message} The rest of the row is kept.")

    def text(
        self,
        column: str,
        *,
        required: bool = False,
        max_length: int | None = None,
        what: str = "",
        field_only: bool = False,
    ) -> str:
        value = self.row.get(column)
        refuse = self.field_error if field_only else self.fail
        if not value:
            if required:
                self.fail(column, f"{what or column} is missing.")
            return ""
        if CONTROL_CHARACTERS.search(value):
            refuse(column, control_character_message(what or column, value))
            return ""
        if max_length is not None and len(value) > max_length:
            name = what[:1].lower() + what[1:] if what else column
            refuse(column, f"'{value}' is too long for {name}: at most {max_length} characters.")
            return ""
        return value

    def date(self, column: str, *, required: bool = False, what: str = "", field_only: bool = False) -> date | None:
        value = self.row.get(column)
        try:
            parsed = parse_date(value)
        except BadValue as error:
            (self.field_error if field_only else self.fail)(column, str(error))
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
        field_only: bool = False,
    ) -> str:
        """The code in ``column``, or ``default``. ``field_only``: a code not in the list is an error in that
        field alone (as the DfE treats it): reported, the row kept, and ``default`` stands for the value."""
        value = self.row.get(column)
        if not value:
            if required:
                self.fail(column, f"The {what} is missing.")
            return default
        value = normalised_code(value, allowed)
        if value not in allowed:
            article = "an" if what[:1].lower() in "aeiou" else "a"
            shown = CONTROL_CHARACTERS.sub("?", value)
            message = f"'{shown}' is not {article} {what} code{hint}."
            if field_only:
                self.field_error(column, message)
            else:
                self.fail(column, message)
            return default
        return value

    def flag(self, column: str) -> bool | None:
        try:
            return parse_flag(self.row.get(column))
        except BadValue as error:
            self.fail(column, str(error))
            return None
