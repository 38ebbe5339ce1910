"""Every return written leaves an audit entry, as every export of children's data does
(``core.exports.record_export``): who took which lists, for which period, how many rows."""

from casework.models import Child
from core.exports import record_export

from .annex_a.common import Period


def record_annex_a(*, user, period: Period, counts: dict[int, int], how: str) -> None:
    record_export(
        user=user,
        subject=Child,
        export_format="xlsx",
        name=f"annex-a-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}",
        rows=sum(counts.values()),
        details={
            "return": "Annex A",
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "rows_by_list": {str(number): count for number, count in counts.items()},
            "how": how,
        },
    )


def record_return(
    *,
    user,
    name: str,
    what: str,
    year: int,
    counts: dict[str, int],
    how: str = "command",
    export_format: str | None = None,
) -> None:
    record_export(
        user=user,
        subject=Child,
        export_format=export_format or ("csv" if what == "SSDA903" else "xml"),
        name=name,
        rows=sum(counts.values()),
        details={"return": what, "collection_year": year, "rows_by_table": counts, "how": how},
    )
