"""Adoption and fostering indicators (AD 7, F 3) on hand-worked scenarios."""

from datetime import date

import pytest

from casework.models import Adoption, FosterCarerHousehold, FosterCarerReview
from indicators.models import SnapshotRecord

from .builders import allocate, child, period_of_care
from .helpers import compute, records

pytestmark = pytest.mark.django_db

MARCH_2024 = date(2024, 3, 1)


# --- Builders for this group ------------------------------------------------------------------


def adoption(who, moved_in: date | None, period=None, **fields) -> Adoption:
    return Adoption.objects.create(child=who, period_of_care=period, moved_in_on=moved_in, **fields)


def household(approved: date, deregistered: date | None = None) -> FosterCarerHousehold:
    number = FosterCarerHousehold.objects.count() + 1
    return FosterCarerHousehold.objects.create(
        reference=f"FC{number:03d}", name=f"Household {number}", approved_on=approved, deregistered_on=deregistered
    )


def foster_review(carers: FosterCarerHousehold, due: date, completed: date | None = None) -> FosterCarerReview:
    """A review as entered. F 3 derives due dates itself; ``due`` is only what was typed."""
    return FosterCarerReview.objects.create(household=carers, due_on=due, completed_on=completed)


# --- AD 7 -------------------------------------------------------------------------------------


def test_ad7_averages_days_from_entering_care_to_moving_in_over_the_rolling_12_months(teams):
    # March 2024: the 12 months are 1 April 2023 to 31 March 2024.
    xena, yusuf = teams["xena"], teams["yusuf"]
    c = {name: child() for name in "abcdefgh"}
    moved_on_month_end = adoption(c["a"], date(2024, 3, 31), period_of_care(c["a"], date(2022, 1, 10)))  # 811 days
    adoption(c["b"], date(2024, 4, 1), period_of_care(c["b"], date(2022, 1, 10)))  # the first of the next month
    moved_on_first_day = adoption(c["c"], date(2023, 4, 1), period_of_care(c["c"], date(2023, 1, 2)))  # 89 days
    adoption(c["d"], date(2023, 3, 31), period_of_care(c["d"], date(2022, 1, 10)))  # the day before the 12 months
    # No period of care linked: the period open on the moved-in date (1 January 2023), not the earlier one.
    period_of_care(c["e"], date(2020, 1, 1), date(2021, 1, 1))
    period_of_care(c["e"], date(2023, 1, 1))
    moved_on_leap_day = adoption(c["e"], date(2024, 2, 29))  # 424 days
    # Moved in twice in the 12 months (the first placement broke down): once, by the later move, 548 days.
    period_f = period_of_care(c["f"], date(2022, 6, 1))
    first_family = adoption(c["f"], date(2023, 6, 1), period_f, ceased_on=date(2023, 9, 1))
    second_family = adoption(c["f"], date(2023, 12, 1), period_f)
    adoption(c["g"], None, period_of_care(c["g"], date(2023, 1, 1)))  # not moved in yet
    adoption(c["h"], date(2024, 1, 10))  # no period of care to measure from: left out
    allocate(c["a"], xena, date(2022, 1, 10), date(2024, 3, 15))  # moved team mid-month: on the moved-in
    allocate(c["a"], yusuf, date(2024, 3, 15))  # date (31 March) a is Team Y's
    allocate(c["c"], xena, date(2023, 1, 2))

    result = compute("AD 7", MARCH_2024)
    # Denominator (4): a, c, e, f. Days: 811 + 89 + 424 + 548 = 1872; average 468.0.
    assert result["authority"] == (1872, 4, 468.0)
    assert result["team:Team Y"] == (811, 1, 811.0)  # a
    assert result["team:Team X"] == (89, 1, 89.0)  # c
    assert result["team:Unallocated"] == (972, 2, 486.0)  # e, f
    assert result["team:Team Z"] == (0, 0, None)
    assert result["worker:Yusuf Smith"] == (811, 1, 811.0)  # a
    assert result["worker:Xena Smith"] == (89, 1, 89.0)  # c
    assert result["worker:Unallocated"] == (972, 2, 486.0)
    drill_down = records("AD 7", MARCH_2024)
    assert set(drill_down) == {moved_on_month_end.pk, moved_on_first_day.pk, moved_on_leap_day.pk, second_family.pk}
    assert first_family.pk not in drill_down
    assert drill_down[moved_on_leap_day.pk] == (True, "entered_care", date(2023, 1, 1))


def test_ad7_with_nobody_moving_in_has_no_value():
    adoption(child(), date(2023, 3, 31), period_of_care(child(), date(2022, 1, 10)))
    assert compute("AD 7", MARCH_2024)["authority"] == (0, 0, None)


# --- F 3 --------------------------------------------------------------------------------------


def test_f3_derives_the_reviews_due_in_month_from_approval_and_the_last_review():
    # March 2024: reviews due from 1 to 31 March 2024, one year after an approval or a completed
    # review in March 2023.
    first_early = household(date(2023, 3, 10))
    foster_review(first_early, date(2024, 3, 10), completed=date(2024, 3, 1))  # due 10 Mar, done early: in
    month_end = household(date(2023, 3, 31))
    foster_review(month_end, date(2024, 3, 31), completed=date(2024, 3, 31))  # due and done on month end: in
    late = household(date(2023, 3, 15))
    foster_review(late, date(2024, 3, 15), completed=date(2024, 3, 16))  # a day late: out
    never_entered = household(date(2023, 3, 20))  # no review entered at all: due 20 March, not done: out
    household(date(2023, 4, 1))  # first review due 1 April 2024: not March
    household(date(2023, 3, 12), deregistered=date(2024, 3, 12))  # deregistered on the due date: not due
    household(date(2023, 3, 25), deregistered=date(2023, 10, 1))  # deregistered months before: not due
    still_approved = household(date(2023, 3, 20), deregistered=date(2024, 3, 21))  # a carer on the due date: due
    # An early review moves the next due date: approved 10 June 2022, first review done early on 5 March
    # 2023 (due 10 June 2023), so the next was due 5 March 2024, not 10 June 2024; done 4 March: in.
    moved_early = household(date(2022, 6, 10))
    foster_review(moved_early, date(2023, 6, 10), completed=date(2023, 3, 5))
    foster_review(moved_early, date(2024, 3, 5), completed=date(2024, 3, 4))
    # A late review: approved 1 February 2022, first review 20 March 2023 (due 1 February 2023, late);
    # the next is due a year after it, 20 March 2024, done 19 March: in.
    after_late = household(date(2022, 2, 1))
    foster_review(after_late, date(2023, 2, 1), completed=date(2023, 3, 20))
    foster_review(after_late, date(2024, 3, 20), completed=date(2024, 3, 19))
    # Two reviews entered as completed the same day are one review: one due date, 25 March 2024, not done.
    twice = household(date(2022, 3, 1))
    foster_review(twice, date(2023, 3, 1), completed=date(2023, 3, 25))
    foster_review(twice, date(2023, 3, 2), completed=date(2023, 3, 25))
    # A typed due date is not trusted: approved 5 January 2023, a review typed as due 15 March 2024 and
    # not done is January 2024's (due 5 January), not March's.
    typed = household(date(2023, 1, 5))
    foster_review(typed, date(2024, 3, 15))

    result = compute("F 3", MARCH_2024)
    # Denominator (8): first_early, month_end, late, never_entered, still_approved, moved_early, after_late,
    # twice. Numerator (4): first_early, month_end, moved_early, after_late. Authority only.
    assert result == {"authority": (4, 8, 50.0)}
    drill_down = records("F 3", MARCH_2024)
    expected = {
        first_early: (True, "on_time", date(2024, 3, 1)),
        month_end: (True, "on_time", date(2024, 3, 31)),
        late: (False, "late", date(2024, 3, 16)),
        never_entered: (False, "not_done", None),
        still_approved: (False, "not_done", None),
        moved_early: (True, "on_time", date(2024, 3, 4)),
        after_late: (True, "on_time", date(2024, 3, 19)),
        twice: (False, "not_done", None),
    }
    assert drill_down == {carers.pk: row for carers, row in expected.items()}
    due_dates = dict(
        SnapshotRecord.objects.filter(snapshot__indicator__code="F 3", snapshot__month=MARCH_2024).values_list(
            "record_id", "reference_date"
        )
    )
    assert due_dates[moved_early.pk] == date(2024, 3, 5)
    assert due_dates[twice.pk] == date(2024, 3, 25)

    # The same households in other months: the early review made June 2024 due nothing for moved_early,
    # June 2023's first review was done early (in), February 2023's late (out), January 2024's not done.
    assert compute("F 3", date(2024, 6, 1)) == {"authority": (0, 0, None)}
    assert compute("F 3", date(2023, 6, 1)) == {"authority": (1, 1, 100.0)}
    assert records("F 3", date(2023, 6, 1)) == {moved_early.pk: (True, "on_time", date(2023, 3, 5))}
    assert compute("F 3", date(2023, 2, 1)) == {"authority": (0, 1, 0.0)}
    assert records("F 3", date(2023, 2, 1)) == {after_late.pk: (False, "late", date(2023, 3, 20))}
    assert compute("F 3", date(2024, 1, 1)) == {"authority": (0, 1, 0.0)}
    assert records("F 3", date(2024, 1, 1)) == {typed.pk: (False, "not_done", None)}


def test_f3_a_household_approved_on_a_leap_day_is_due_its_first_review_on_28_february():
    # 29 February 2024 + 1 year = 28 February 2025 (clamped, not 1 March).
    on_the_day, a_day_late = household(date(2024, 2, 29)), household(date(2024, 2, 29))
    foster_review(on_the_day, date(2025, 2, 28), completed=date(2025, 2, 28))
    foster_review(a_day_late, date(2025, 2, 28), completed=date(2025, 3, 1))
    assert compute("F 3", date(2025, 2, 1)) == {"authority": (1, 2, 50.0)}
    assert records("F 3", date(2025, 2, 1)) == {
        on_the_day.pk: (True, "on_time", date(2025, 2, 28)),
        a_day_late.pk: (False, "late", date(2025, 3, 1)),
    }
    assert compute("F 3", date(2025, 3, 1)) == {"authority": (0, 0, None)}
    # The next reviews are due a year after each was done: 28 February 2026 and 1 March 2026.
    assert compute("F 3", date(2026, 2, 1)) == {"authority": (0, 1, 0.0)}
    assert compute("F 3", date(2026, 3, 1)) == {"authority": (0, 1, 0.0)}


def test_f3_with_no_reviews_due_has_no_value():
    household(date(2023, 4, 1))
    assert compute("F 3", MARCH_2024) == {"authority": (0, 0, None)}
