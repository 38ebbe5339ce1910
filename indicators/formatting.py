"""How figures are written for people: one place, used by pages, exports and commands."""

from decimal import Decimal

from .bands import round_half_up

NO_DATA = "no data"
SMALL_NUMBER = 5  # below this denominator a percentage is flagged as resting on few children


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


def is_smallformat_number(denominator: Decimal | None, unit: str) -> bool:
    return unit == "percentage" and denominator is not None and 0 < denominator < SMALL_NUMBER


def format_number(value: Decimal | None, empty: str = "0") -> str:
    """12, 0.6 or 3.25: no trailing zeros."""
    if value is None:
        return empty
    value = Decimal(value)
    return f"{value.normalize():f}" if value != value.to_integral() else f"{int(value)}"
