"""Why a record is in or out of a figure, in words: "visit overdue since 3 March 2025".

Calculators store a short ``detail`` code and a ``detail_date`` on each drill-down row;
this is the one place those codes become sentences, for the pages and the exports.
"""

from datetime import date

# code -> sentence; "{date}" is the row's detail_date written out.
# Reasons several indicators give (each indicator's own are beside its rule, in its module's REASONS).
SHARED: dict[str, str] = {
    "": "",
    "counted": "counted",
    # Timeliness of something that happened
    "on_time": "in time ({date})",
    "late": "late ({date})",
    "not_decided": "no decision recorded",
    # Visits, reviews, supervision
    "visited": "visited {date}",
    "not_visited": "no visit since {date}",
    # CP 13's code before it stored "visit_overdue": rows kept from then read the same.
    "overdue_since": "visit overdue since {date}",
    "due": "next due {date}",
    "reviewed": "reviewed {date}",
    "not_reviewed": "not reviewed since {date}",
    "never_reviewed": "never reviewed",
    # Children seen
    # Repeats
    "repeat": "previous one {date}",
    "first": "no previous one",
    # Durations
    "started": "started {date}",
    # Care leavers
    # Workforce
    # Audits and participation
    "participated": "participated",
    # Deadlines (the date is the deadline): CP 5, 2.3, 2.4, LE 2
    "met_deadline": "in time (due by {date})",
    "missed_deadline": "late (due by {date})",
    # Conference participation (3.1)
    # Return home interviews (MC 6, MC 7)
    # Looked after (LAC 10, LAC 11, LAC 19, LAC 20, AD 7) and care leavers (CL a, CL 1-CL 3a)
    "visit_overdue": "visit overdue since {date}",
}


def _all_reasons() -> dict[str, str]:
    from .calculators import (
        assessment,
        care_leavers,
        child_protection,
        front_door,
        looked_after,
        missing_and_courts,
        quality,
        workforce,
    )

    reasons = dict(SHARED)
    for module in (
        assessment,
        care_leavers,
        child_protection,
        front_door,
        looked_after,
        missing_and_courts,
        quality,
        workforce,
    ):
        reasons.update(module.REASONS)
    return reasons


DETAILS: dict[str, str] = _all_reasons()


def format_date(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def describe(detail: str, detail_date: date | None = None) -> str:
    template = DETAILS.get(detail)
    if template is None:
        return " ".join(part for part in (detail.replace("_", " "), format_date(detail_date)) if part)
    return template.format(date=format_date(detail_date))


def describe_caseload(caseload, on: date | None) -> str:
    """A worker's row behind a caseload figure (W 1, 4.5, 4.6): '14 children allocated on 31
    March 2025'."""
    count = int(caseload or 0)
    text = f"{count} {'child' if count == 1 else 'children'} allocated"
    return f"{text} on {format_date(on)}" if on else text


def describe_record(record) -> str:
    """For a SnapshotRecord (or anything with ``detail`` and ``detail_date``); a caseload row
    also reads its ``numerator`` (the caseload) and ``reference_date``."""
    if record.detail == "caseload":
        return describe_caseload(record.numerator, record.reference_date)
    return describe(record.detail, record.detail_date)
