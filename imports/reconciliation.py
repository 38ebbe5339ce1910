"""Reconciliation: for a month of the return's year, the figures that can be derived from the
return alone beside the figures from all the product's records.

Both columns come from ``indicators.services.figures_for_month`` (computed now, not stored):
with ``sources={the return's source}`` every calculator counts only records that return
brought in; without, it counts every record. A difference means records entered in the
product (or from the other return) change the figure, or the return's rows that were
rejected are missing from it: both are worth a look before the figures are signed off.
"""

from dataclasses import dataclass
from datetime import date

from casework import codes
from core.periods import add_months, format_month, parse_month
from indicators.formatting import format_fraction
from indicators.models import Indicator
from indicators.services import Figure, figures_for_month

from .models import ImportBatch, ReturnKind, year_label

# What each return can give on its own (issue 7). Indicators without a calculator yet are
# listed as "not computed yet".
RETURN_INDICATORS = {
    ReturnKind.SSDA903: ["LAC 11", "LAC 20", "AD 7", "CL 1", "CL 1a", "CL 2", "CL 3", "CL 3a"],
    ReturnKind.CIN_CENSUS: ["FD 8", "CP 10", "CP 10a", "2.3", "2.4", "2.5"],
}
RETURN_INDICATORS[ReturnKind.BOTH] = RETURN_INDICATORS[ReturnKind.SSDA903] + RETURN_INDICATORS[ReturnKind.CIN_CENSUS]
# An upload of both returns: "from the returns alone" counts what either brought.
SOURCES_OF = {
    ReturnKind.SSDA903: {codes.Source.SSDA903},
    ReturnKind.CIN_CENSUS: {codes.Source.CIN_CENSUS},
    ReturnKind.BOTH: {codes.Source.SSDA903, codes.Source.CIN_CENSUS},
}


def months_of(collection_year: int) -> list[date]:
    """April to March of the collection year."""
    first = date(collection_year - 1, 4, 1)
    return [add_months(first, number) for number in range(12)]


def chosen_month(batch: ImportBatch, text: str | None) -> date:
    """The month asked for, if it is in the return's year; else March, the year's end."""
    months = months_of(batch.collection_year)
    try:
        month = parse_month(text or "")
    except ValueError:
        return months[-1]
    return month if month in months else months[-1]


@dataclass
class Line:
    code: str
    title: str
    from_return: str
    from_all: str
    differs: bool
    computed: bool


def _text(figure: Figure | None, unit: str) -> str:
    if figure is None:
        return ""
    return format_fraction(figure.numerator, figure.denominator, figure.value, unit)


def compare(batch: ImportBatch, month: date) -> dict:
    wanted = RETURN_INDICATORS[batch.kind]
    indicators = {indicator.code: indicator for indicator in Indicator.objects.filter(code__in=wanted)}
    from_return = figures_for_month(month, sources=SOURCES_OF[batch.kind], codes=wanted)
    from_all = figures_for_month(month, codes=wanted)
    lines = []
    for code in wanted:
        indicator = indicators.get(code)
        title = indicator.title if indicator else ""
        if indicator is None or code not in from_all:
            lines.append(Line(code, title, "", "", False, False))
            continue
        mine, everyone = from_return.get(code), from_all[code]
        lines.append(
            Line(
                code,
                title,
                _text(mine, indicator.unit),
                _text(everyone, indicator.unit),
                (mine.value if mine else None) != everyone.value
                or (mine.denominator if mine else None) != everyone.denominator,
                True,
            )
        )
    return {
        "month": month,
        "months": [(format_month(m), f"{m:%B %Y}") for m in months_of(batch.collection_year)],
        "chosen": format_month(month),
        "lines": lines,
        "year_label": year_label(batch.collection_year),
        "return_label": batch.short_kind,
    }
