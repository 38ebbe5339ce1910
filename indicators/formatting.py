"""How figures are written for people: one place, used by pages, exports and commands."""

from decimal import Decimal

from .bands import round_half_up

NO_DATA = "no data"
SMALL_NUMBER = 5  # below this denominator a figure is flagged as resting on few records
RATIO_UNITS = ("percentage", "average", "days")  # figures divided by their denominator


def format_value(value: Decimal | None, unit: str) -> str:
    """90.0% for percentages, 14.3 for averages and days, 12 for counts, "no data" for none."""
    if value is None:
        return NO_DATA
    if unit == "percentage":
        return f"{round_half_up(value, 1)}%"
    if unit == "count":
        return f"{round_half_up(value, 0)}"
    return f"{round_half_up(value, 1)}"


def format_plain(value: Decimal | None, unit: str) -> str:
    """As format_value without the % sign, for CSV: '90.0', '12', ''."""
    if value is None:
        return ""
    return f"{round_half_up(value, 0 if unit == 'count' else 1)}"


def format_fraction(numerator: Decimal | None, denominator: Decimal | None, value: Decimal | None, unit: str) -> str:
    """'9 of 10 (90.0%)' for a percentage; the value alone otherwise."""
    if unit == "percentage":
        if not denominator:
            return f"{NO_DATA} (none in the denominator)"
        return f"{format_number(numerator)} of {format_number(denominator)} ({format_value(value, unit)})"
    if unit in ("average", "days") and denominator:
        return f"{format_value(value, unit)} ({format_number(numerator)} over {format_number(denominator)})"
    return format_value(value, unit)


def is_small_number(denominator: Decimal | None, unit: str) -> bool:
    """A figure divided by fewer than 5 records: a percentage of 4 children, an average caseload
    of 2 workers (W 1e, 4.6), average days over 3 adoptions (AD 7). One record moves it a lot.
    A count is never flagged: it is not divided by anything (4.5, the largest caseload, keeps the
    number of workers as its denominator but is not an average of them)."""
    return unit in RATIO_UNITS and denominator is not None and 0 < denominator < SMALL_NUMBER


def small_number_warning(unit: str) -> str:
    """What the indicator and records pages say about a small-number figure."""
    if unit == "percentage":
        return "This percentage rests on fewer than 5 records: one child changes it by 20 points or more."
    what = "average number of days" if unit == "days" else "average"
    return f"This {what} rests on fewer than 5 records: one record can change it a lot."


def format_number(value: Decimal | None, empty: str = "0") -> str:
    """12, 0.6 or 3.25: no trailing zeros."""
    if value is None:
        return empty
    value = Decimal(value)
    return f"{value.normalize():f}" if value != value.to_integral() else f"{int(value)}"
