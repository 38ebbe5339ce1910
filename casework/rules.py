"""Pure date rules of casework records, shared with the indicators that count them.

No database, no "today": each takes the dates it needs and returns a date.
"""

from datetime import date

from dateutil.relativedelta import relativedelta


def foster_carer_review_due(approved_on: date, last_completed_on: date | None) -> date:
    """The date a foster carer household's next annual review is due.

    One year after the last review was completed, or, before its first review, one year
    after the household was approved. A year is a calendar year: 15 January 2024 gives
    15 January 2025; a date of 29 February gives 28 February of the next year (clamped, as
    ``relativedelta`` does). ``last_completed_on`` is the completion date of the latest
    review before the one whose due date is wanted (None for the first review).

    F 3 (foster carer reviews on time) derives its due dates by the same rule, in SQL.
    """
    return (last_completed_on or approved_on) + relativedelta(years=1)


def foster_carer_review_due_dates(approved_on: date, completions: list[date | None]) -> list[date]:
    """The due date of each of a household's reviews, given their completion dates in the
    order they were completed (a review not yet completed last): the first is due a year
    after approval, each later one a year after the one before it was completed."""
    due_dates = []
    previous = None
    for completed_on in completions:
        due_dates.append(foster_carer_review_due(approved_on, previous))
        previous = completed_on
    return due_dates
