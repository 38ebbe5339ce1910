"""Why a record is in or out of a figure, in words: "visit overdue since 3 March 2025".

Calculators store a short ``detail`` code and a ``detail_date`` on each drill-down row;
this is the one place those codes become sentences, for the pages and the exports.
"""

from datetime import date

# code -> sentence; "{date}" is the row's detail_date written out.
DETAILS: dict[str, str] = {
    "": "",
    "counted": "counted",
    # Timeliness of something that happened
    "on_time": "in time ({date})",
    "late": "late ({date})",
    "not_done": "not done",
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
    "supervised": "supervised {date}",
    "not_supervised": "last supervised {date}",
    "never_supervised": "no supervision recorded",
    "not_yet_due": "not yet due (due {date})",
    # Children seen
    "seen": "seen {date}",
    "seen_late": "seen late ({date})",
    "not_seen": "not seen",
    # Repeats
    "repeat": "previous one {date}",
    "first": "no previous one",
    # Durations
    "started": "started {date}",
    "days": "{date}",
    # Care leavers
    "eet": "in education, employment or training",
    "neet": "not in education, employment or training",
    "activity_unknown": "activity not known",
    "suitable": "suitable accommodation",
    "unsuitable": "unsuitable accommodation",
    "accommodation_unknown": "accommodation not known",
    # Workforce
    "vacant": "vacant",
    "filled": "filled by a permanent worker",
    "agency": "agency worker",
    "permanent": "permanent worker",
    "experienced": "qualified 2 years or more (qualified {date})",
    "inexperienced": "qualified less than 2 years (qualified {date})",
    "caseload": "",
    # Audits and participation
    "good": "graded Good or Outstanding",
    "not_good": "graded below Good",
    "met": "standard met",
    "not_met": "standard not met",
    "participated": "participated",
    "did_not_participate": "did not participate",
    "advocate": "advocate from {date}",
    "no_advocate": "no advocate",
    "same_worker": "same social worker since {date}",
    "changed_worker": "social worker changed {date}",
    "stable": "same placement since {date}",
    "moved": "placement changed {date}",
    # Deadlines (the date is the deadline): CP 5, 2.3, 2.4, LE 2
    "met_deadline": "in time (due by {date})",
    "missed_deadline": "late (due by {date})",
    "no_strategy_discussion": "no strategy discussion recorded",
    # Conference participation (3.1)
    "attended": "attended",
    "views_through_advocate": "views given through an advocate",
    "views_in_writing": "views given in writing",
    "participation_not_recorded": "participation not recorded",
    # Return home interviews (MC 6, MC 7)
    "interviewed": "return home interview {date}",
    "not_interviewed": "no return home interview completed",
    # Looked after (LAC 10, LAC 11, LAC 19, LAC 20, AD 7) and care leavers (CL a, CL 1-CL 3a)
    "visit_overdue": "visit overdue since {date}",
    "review_overdue": "review overdue since {date}",
    "pathway_overdue": "pathway plan review overdue since {date}",
    "unallocated": "not allocated at month end",
    "allocation_gap": "unallocated from {date}",
    "allocated_since": "allocated only since {date}",
    "adoption_stable": "placed for adoption; with the placement before, since {date}",
    "no_placement": "no placement recorded",
    "entered_care": "entered care {date}",
    "no_birthday_record": "not known: nothing recorded for the birthday ({date})",
}


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
