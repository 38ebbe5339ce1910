"""Looked-after indicators (LAC 10, LAC 11, LAC 19, LAC 20) on hand-worked scenarios."""

from datetime import date

import pytest

from casework.models import Allocation, Placement
from core.periods import add_working_days
from indicators.models import Indicator

from .builders import allocate, child, period_of_care, placement, review, statutory_visit
from .helpers import compute, ensure_catalogue, records

pytestmark = pytest.mark.django_db

FEBRUARY_2024 = date(2024, 2, 1)  # month end 29 February 2024 (a leap day)
MARCH_2024 = date(2024, 3, 1)
MAY_2024 = date(2024, 5, 1)  # bank holidays Monday 6 May and Monday 27 May
AUGUST_2024 = date(2024, 8, 1)


# --- Builders for this group ------------------------------------------------------------------


def in_care(who, start: date, end: date | None = None, placed: date | None = None, **placement_fields):
    """A period of care with one placement from ``placed`` (default: the period's start) to its end."""
    period = period_of_care(who, start, end)
    placement(period, placed or start, end, **placement_fields)
    return period


def place(period, start: date, end: date | None = None, type_: str = "U6", carer: str = "C1", reason: str = ""):
    return Placement.objects.create(
        child=period.child,
        period_of_care=period,
        started_on=start,
        ended_on=end,
        placement_type=type_,
        carer_reference=carer,
        reason_new_episode=reason,
    )


# --- LAC 10 -----------------------------------------------------------------------------------


@pytest.fixture
def visits_in_march(teams):
    """Month end 31 March 2024. Six weeks (42 days) before it is 18 February."""
    xena, yusuf = teams["xena"], teams["yusuf"]
    c = {name: child() for name in "abcdefghij"}
    in_care(c["a"], date(2024, 1, 2))
    statutory_visit(c["a"], date(2024, 2, 19))  # next due 1 April: in
    in_care(c["b"], date(2024, 1, 2))
    statutory_visit(c["b"], date(2024, 2, 18))  # due 31 March, month end: not yet overdue, in
    in_care(c["c"], date(2024, 1, 2))
    statutory_visit(c["c"], date(2024, 2, 17))  # due 30 March: overdue since 31 March
    in_care(c["d"], date(2024, 3, 24))  # first visit due within a week: 31 March: in, not yet due
    in_care(c["e"], date(2024, 3, 20))  # first visit due 27 March: overdue since 28 March
    in_care(c["f"], date(2024, 1, 2), date(2024, 3, 31))  # care ended on month end: not looked after
    in_care(c["g"], date(2024, 4, 1))  # looked after from the first of the next month: not yet
    in_care(c["h"], date(2023, 1, 10), long_term=True)
    statutory_visit(c["h"], date(2024, 1, 15))  # a year into a long-term placement: 3-monthly, due 15 April
    period_i = period_of_care(c["i"], date(2024, 2, 1))
    placement(period_i, date(2024, 2, 1))
    statutory_visit(c["i"], date(2024, 2, 5))  # due 18 March: overdue since 19 March
    statutory_visit(c["i"], date(2024, 4, 1))  # the first of the next month: does not count
    in_care(c["j"], date(2024, 1, 2))
    statutory_visit(c["j"], date(2024, 1, 10))
    statutory_visit(c["j"], date(2024, 3, 31))  # a visit on month end: in
    allocate(c["a"], xena, date(2024, 1, 2))
    allocate(c["b"], xena, date(2024, 1, 2))
    allocate(c["c"], xena, date(2024, 1, 2), date(2024, 3, 15))  # moved team mid-month:
    allocate(c["c"], yusuf, date(2024, 3, 15))  # a stock follows the allocation at month end
    allocate(c["d"], yusuf, date(2024, 3, 24))
    return c


def test_lac10_counts_looked_after_children_whose_statutory_visit_is_not_overdue(visits_in_march):
    c = visits_in_march
    result = compute("LAC 10", MARCH_2024)
    # Denominator (8): a, b, c, d, e, h, i, j (f's care ended on month end, g's starts in April).
    # Numerator (5): a, b, d, h, j.
    assert result["authority"] == (5, 8, 62.5)
    assert result["team:Team X"] == (2, 2, 100.0)  # a, b
    assert result["team:Team Y"] == (1, 2, 50.0)  # c (moved in on 15 March), d
    assert result["team:Team Z"] == (0, 0, None)  # nobody: no value, not 0
    assert result["team:Unallocated"] == (2, 4, 50.0)  # e, h, i, j
    assert result["worker:Xena Smith"] == (2, 2, 100.0)
    assert result["worker:Yusuf Smith"] == (1, 2, 50.0)
    drill_down = records("LAC 10", MARCH_2024)
    assert set(drill_down) == {c[name].pk for name in "abcdehij"}
    assert drill_down[c["a"].pk] == (True, "visited", date(2024, 2, 19))
    assert drill_down[c["b"].pk] == (True, "visited", date(2024, 2, 18))
    assert drill_down[c["c"].pk] == (False, "visit_overdue", date(2024, 3, 31))
    assert drill_down[c["d"].pk] == (True, "not_yet_due", date(2024, 3, 31))
    assert drill_down[c["e"].pk] == (False, "visit_overdue", date(2024, 3, 28))
    assert drill_down[c["h"].pk] == (True, "visited", date(2024, 1, 15))
    assert drill_down[c["i"].pk] == (False, "visit_overdue", date(2024, 3, 19))
    assert drill_down[c["j"].pk] == (True, "visited", date(2024, 3, 31))


def test_lac10_takes_the_visit_interval_from_the_indicator(visits_in_march):
    ensure_catalogue()
    indicator = Indicator.objects.get(code="LAC 10")
    indicator.parameters = {**indicator.parameters, "visit_interval_days": 43}
    indicator.save()
    # 43 days: c (17 February) is due 31 March and comes in; i (5 February, due 19 March) stays out. 6 of 8.
    assert compute("LAC 10", MARCH_2024)["authority"] == (6, 8, 75.0)


def test_lac10_a_three_monthly_visit_due_on_a_leap_day_month_end_is_not_overdue():
    due_on_leap_day, a_day_late = child(), child()
    # Long-term placements from 1 June 2022: visits after 1 June 2023 are 3-monthly.
    in_care(due_on_leap_day, date(2022, 6, 1), long_term=True)
    statutory_visit(due_on_leap_day, date(2023, 11, 30))  # + 3 months, clamped: 29 February 2024: in
    in_care(a_day_late, date(2022, 6, 1), long_term=True)
    statutory_visit(a_day_late, date(2023, 11, 28))  # due 28 February: overdue since 29 February
    assert compute("LAC 10", FEBRUARY_2024)["authority"] == (1, 2, 50.0)
    assert records("LAC 10", FEBRUARY_2024)[a_day_late.pk] == (False, "visit_overdue", date(2024, 2, 29))


def test_lac10_a_change_of_placement_type_with_the_same_carer_does_not_restart_the_visit_clock():
    # Month end 31 March 2024. Each child lived with carer C1 from 2 January, last visited 19 February
    # (next due 1 April). On 28 March the placement became long-term foster care (U6 -> U4): with the
    # same carer reference, or RNE U, it is the same placement, and the visit of 19 February still
    # counts (in). A move to another carer on 28 March is a new placement: the first visit was due
    # within a week, by 4 April, and the February visit no longer counts (not yet due: in, detail
    # "not_yet_due"). A new carer on 20 March would have been due by 27 March: overdue.
    same_carer, by_rne_u, new_carer, moved_earlier = (child() for _ in range(4))
    for person, carer, reason, moved_on in (
        (same_carer, "C1", "", date(2024, 3, 28)),
        (by_rne_u, "", "U", date(2024, 3, 28)),
        (new_carer, "C2", "P", date(2024, 3, 28)),
        (moved_earlier, "C2", "P", date(2024, 3, 20)),
    ):
        period = period_of_care(person, date(2024, 1, 2))
        place(period, date(2024, 1, 2), moved_on, carer="C1" if carer != "" else "")
        place(period, moved_on, type_="U4", carer=carer, reason=reason)
        statutory_visit(person, date(2024, 2, 19))
    assert compute("LAC 10", MARCH_2024)["authority"] == (3, 4, 75.0)
    drill_down = records("LAC 10", MARCH_2024)
    assert drill_down[same_carer.pk] == (True, "visited", date(2024, 2, 19))
    assert drill_down[by_rne_u.pk] == (True, "visited", date(2024, 2, 19))
    assert drill_down[new_carer.pk] == (True, "not_yet_due", date(2024, 4, 4))
    assert drill_down[moved_earlier.pk] == (False, "visit_overdue", date(2024, 3, 28))


@pytest.mark.parametrize(
    ("carer", "reason", "expected"),
    [
        # Same carer (by reference, or by RNE U): the clock runs from 2 January 2023, so the visit of
        # 5 January 2024 is a year into a placement now agreed as long-term: next due 5 April 2024.
        ("C1", "", (True, "visited", date(2024, 1, 5))),
        ("", "U", (True, "visited", date(2024, 1, 5))),
        # A new carer on 1 March 2024: a new placement, the first visit due by 8 March: overdue since 9 March.
        ("C2", "P", (False, "visit_overdue", date(2024, 3, 9))),
    ],
)
def test_lac10_the_visit_clock_runs_from_the_day_the_child_began_living_with_that_carer(carer, reason, expected):
    # Spec (LAC 10): "a change of placement type with the same carer is not a new placement: the
    # clock runs from the day the child began living with that carer". With carer C1 from 2 January
    # 2023 (U6); on 1 March 2024 the placement became long-term foster care (U4).
    person = child()
    period = period_of_care(person, date(2023, 1, 2))
    place(period, date(2023, 1, 2), date(2024, 3, 1), carer="C1" if carer else "")
    later = place(period, date(2024, 3, 1), type_="U4", carer=carer, reason=reason)
    Placement.objects.filter(pk=later.pk).update(is_long_term=True)
    statutory_visit(person, date(2024, 1, 5))
    in_numerator = 1 if expected[0] else 0
    assert compute("LAC 10", MARCH_2024)["authority"] == (in_numerator, 1, 100.0 * in_numerator)
    assert records("LAC 10", MARCH_2024) == {person.pk: expected}


def test_lac10_a_temporary_placement_and_the_return_from_it_do_not_restart_the_visit_clock():
    # Month end 31 March 2024. Each child has lived in a U6 foster placement since 2 January and was
    # last visited on 19 February (next due 1 April). Entered by hand (or imported before the DfE's
    # rules 380-383 were enforced), the hospital stay is a T0 placement of its own:
    # - back_home: T0 from 10 to 14 March, then U6 again: the same placement, the visit still counts
    #   ("visited"); as two moves the first visit would have been due by 21 March: overdue.
    # - in_hospital: T0 from 25 March, still there at month end: "visited" (as a move: "not_yet_due").
    # - elsewhere: T0 from 10 to 14 March, then a children's home (K2): a move, the first visit was due
    #   by 21 March: overdue since 22 March.
    back_home, in_hospital, elsewhere = child(), child(), child()
    for person, stay, after in (
        (back_home, (date(2024, 3, 10), date(2024, 3, 14)), "U6"),
        (in_hospital, (date(2024, 3, 25), None), None),
        (elsewhere, (date(2024, 3, 10), date(2024, 3, 14)), "K2"),
    ):
        period = period_of_care(person, date(2024, 1, 2))
        place(period, date(2024, 1, 2), stay[0], carer="C1")
        place(period, stay[0], stay[1], type_="T0", carer="HOSPITAL", reason="P")
        if after:
            place(period, stay[1], type_=after, carer="C1" if after == "U6" else "HOME", reason="P")
        statutory_visit(person, date(2024, 2, 19))
    assert compute("LAC 10", MARCH_2024)["authority"] == (2, 3, 66.7)
    drill_down = records("LAC 10", MARCH_2024)
    assert drill_down[back_home.pk] == (True, "visited", date(2024, 2, 19))
    assert drill_down[in_hospital.pk] == (True, "visited", date(2024, 2, 19))
    assert drill_down[elsewhere.pk] == (False, "visit_overdue", date(2024, 3, 22))


def test_lac10_a_long_term_placement_keeps_its_visit_interval_during_a_hospital_stay():
    # Month end 31 March 2024. In long-term foster care (U4, agreed as long-term) since 2 January 2022,
    # last visited 5 January 2024 (two years in: next due 3 months later, 5 April 2024); in hospital
    # (T0) since 25 March, still there at month end. The placement is still the long-term one: in
    # ("visited"). Read as a placement of its own, the stay would not be long-term and the visit would
    # have been due 42 days after 5 January (16 February): overdue.
    person = child()
    period = period_of_care(person, date(2022, 1, 2))
    normal = place(period, date(2022, 1, 2), date(2024, 3, 25), type_="U4")
    Placement.objects.filter(pk=normal.pk).update(is_long_term=True)
    place(period, date(2024, 3, 25), type_="T0", carer="HOSPITAL", reason="P")
    statutory_visit(person, date(2024, 1, 5))
    assert compute("LAC 10", MARCH_2024)["authority"] == (1, 1, 100.0)
    assert records("LAC 10", MARCH_2024) == {person.pk: (True, "visited", date(2024, 1, 5))}


def test_lac10_with_nobody_looked_after_has_no_value():
    in_care(child(), date(2024, 1, 2), date(2024, 3, 31))
    assert compute("LAC 10", MARCH_2024)["authority"] == (0, 0, None)


# --- LAC 11 -----------------------------------------------------------------------------------


def test_lac11_counts_children_looked_after_20_working_days_whose_review_is_not_overdue(teams):
    xena, yusuf = teams["xena"], teams["yusuf"]
    c = {name: child() for name in "abcdefgij"}
    # From Monday 29 April 2024, 20 working days skip the bank holidays of 6 and 27 May: Wednesday 29 May
    # (without them it would be 27 May). From Wednesday 1 May: Friday 31 May, month end. From 2 May: 3 June.
    assert add_working_days(date(2024, 4, 29), 20) == date(2024, 5, 29)
    assert add_working_days(date(2024, 5, 1), 20) == date(2024, 5, 31)
    assert add_working_days(date(2024, 5, 2), 20) == date(2024, 6, 3)
    period_of_care(c["a"], date(2024, 4, 29))  # no review, due 29 May: overdue since 30 May
    period_of_care(c["b"], date(2024, 5, 1))  # 20 working days exactly at month end; due 31 May: in
    period_of_care(c["c"], date(2024, 5, 2))  # fewer than 20 working days at month end: left out
    period_of_care(c["d"], date(2024, 4, 29))
    review(c["d"], date(2024, 5, 20))  # the second is due 3 months later, 20 August: in
    period_of_care(c["e"], date(2023, 1, 2))
    for held in (date(2023, 1, 20), date(2023, 4, 20), date(2023, 10, 20)):
        review(c["e"], held)  # 6-monthly after the second: due 20 April 2024, overdue since 21 April
    period_of_care(c["f"], date(2024, 2, 1))
    review(c["f"], date(2024, 2, 29))  # a first review on a leap day: the second due 29 May, overdue from 30 May
    period_of_care(c["g"], date(2024, 4, 29), date(2024, 5, 31))  # care ended on month end: left out
    period_of_care(c["i"], date(2024, 1, 2))
    review(c["i"], date(2024, 1, 25))  # second due 25 April: overdue since 26 April
    review(c["i"], date(2024, 6, 1))  # the first of the next month: does not count
    period_of_care(c["j"], date(2024, 4, 29))
    review(c["j"], date(2024, 5, 31))  # a review on month end: in
    allocate(c["a"], xena, date(2024, 4, 29))
    allocate(c["b"], xena, date(2024, 5, 1))
    allocate(c["d"], xena, date(2024, 4, 29), date(2024, 5, 15))  # moved team mid-month: Team Y's
    allocate(c["d"], yusuf, date(2024, 5, 15))

    result = compute("LAC 11", MAY_2024)
    # Denominator (7): a, b, d, e, f, i, j. Numerator (3): b, d, j.
    assert result["authority"] == (3, 7, 42.9)
    assert result["team:Team X"] == (1, 2, 50.0)  # a, b
    assert result["team:Team Y"] == (1, 1, 100.0)  # d
    assert result["team:Team Z"] == (0, 0, None)
    assert result["team:Unallocated"] == (1, 4, 25.0)  # e, f, i, j
    assert result["worker:Yusuf Smith"] == (1, 1, 100.0)
    drill_down = records("LAC 11", MAY_2024)
    assert set(drill_down) == {c[name].pk for name in "abdefij"}
    assert drill_down[c["a"].pk] == (False, "review_overdue", date(2024, 5, 30))
    assert drill_down[c["b"].pk] == (True, "not_yet_due", date(2024, 5, 31))
    assert drill_down[c["d"].pk] == (True, "reviewed", date(2024, 5, 20))
    assert drill_down[c["e"].pk] == (False, "review_overdue", date(2024, 4, 21))
    assert drill_down[c["f"].pk] == (False, "review_overdue", date(2024, 5, 30))
    assert drill_down[c["i"].pk] == (False, "review_overdue", date(2024, 4, 26))
    assert drill_down[c["j"].pk] == (True, "reviewed", date(2024, 5, 31))


def test_lac11_with_nobody_looked_after_20_working_days_has_no_value():
    period_of_care(child(), date(2024, 5, 2))
    assert compute("LAC 11", MAY_2024)["authority"] == (0, 0, None)


# --- LAC 19 -----------------------------------------------------------------------------------


def test_lac19_counts_children_in_care_12_months_with_the_same_worker_for_6_months(teams):
    # Month end 31 August 2024: 12 months before is 31 August 2023; 6 months before is 29 February 2024.
    xena, yusuf, team_y = teams["xena"], teams["yusuf"], teams["team_y"]
    c = {name: child() for name in "abcdefghi"}
    period_of_care(c["a"], date(2023, 8, 31))  # in care exactly 12 months: in the denominator
    allocate(c["a"], yusuf, date(2023, 8, 31), date(2024, 2, 29))  # handed over on 29 February, exactly
    allocate(c["a"], xena, date(2024, 2, 29))  # 6 months before: Xena for the whole window: in
    period_of_care(c["b"], date(2023, 9, 1))  # a day short of 12 months: left out
    allocate(c["b"], xena, date(2023, 9, 1))
    for name in "cdefgh":
        period_of_care(c[name], date(2020, 1, 1))
    allocate(c["c"], yusuf, date(2020, 1, 1), date(2024, 3, 1))  # Yusuf until 1 March, inside the window:
    allocate(c["c"], xena, date(2024, 3, 1))  # out, social worker changed 1 March
    allocate(c["d"], xena, date(2022, 1, 1), date(2024, 5, 1))  # Xena all along, her allocation moved to
    Allocation.objects.create(child=c["d"], worker=xena, team=team_y, started_on=date(2024, 5, 1))  # Team Y: in
    allocate(c["e"], xena, date(2022, 1, 1), date(2024, 8, 15))  # moved to Yusuf mid-month: out, Team Y's
    allocate(c["e"], yusuf, date(2024, 8, 15))
    allocate(c["f"], xena, date(2023, 1, 1), date(2024, 4, 1))  # unallocated 1 to 10 April, then Xena
    allocate(c["f"], xena, date(2024, 4, 10))  # again: not the whole 6 months, out
    allocate(c["g"], xena, date(2022, 1, 1), date(2024, 8, 31))  # allocation ended on month end: unallocated
    allocate(c["h"], xena, date(2024, 3, 1))  # allocated since 1 March only, nobody before: out
    period_of_care(c["i"], date(2020, 1, 1), date(2024, 8, 31))  # care ended on month end: left out
    allocate(c["i"], xena, date(2020, 1, 1))

    result = compute("LAC 19", AUGUST_2024)
    # Denominator (7): a, c, d, e, f, g, h. Numerator (2): a, d.
    assert result["authority"] == (2, 7, 28.6)
    assert result["team:Team X"] == (1, 4, 25.0)  # a, c, f, h
    assert result["team:Team Y"] == (1, 2, 50.0)  # d, e
    assert result["team:Team Z"] == (0, 0, None)
    assert result["team:Unallocated"] == (0, 1, 0.0)  # g
    assert result["worker:Xena Smith"] == (2, 5, 40.0)  # a, c, d, f, h
    assert result["worker:Yusuf Smith"] == (0, 1, 0.0)  # e
    drill_down = records("LAC 19", AUGUST_2024)
    assert set(drill_down) == {c[name].pk for name in "acdefgh"}
    assert drill_down[c["a"].pk] == (True, "same_worker", date(2024, 2, 29))
    assert drill_down[c["c"].pk] == (False, "changed_worker", date(2024, 3, 1))
    assert drill_down[c["d"].pk] == (True, "same_worker", date(2022, 1, 1))
    assert drill_down[c["e"].pk] == (False, "changed_worker", date(2024, 8, 15))
    assert drill_down[c["f"].pk] == (False, "allocation_gap", date(2024, 4, 1))
    assert drill_down[c["g"].pk] == (False, "unallocated", None)
    assert drill_down[c["h"].pk] == (False, "allocated_since", date(2024, 3, 1))


@pytest.mark.parametrize(
    ("month", "care_from", "in_denominator"),
    [
        (date(2025, 2, 1), date(2024, 2, 29), True),  # 29 Feb 2024 + 12 months = 28 Feb 2025, clamped
        (date(2025, 2, 1), date(2024, 3, 1), False),  # + 12 months = 1 Mar 2025
        (date(2025, 3, 1), date(2024, 3, 31), True),  # + 12 months = 31 Mar 2025, month end
        (date(2024, 4, 1), date(2023, 4, 30), True),  # + 12 months = 30 Apr 2024, month end
        (date(2024, 4, 1), date(2023, 5, 1), False),
        (date(2024, 2, 1), date(2023, 2, 28), True),  # + 12 months = 28 Feb 2024, before the 29th
    ],
)
def test_lac19_counts_12_months_in_care_forwards_from_the_start_of_care(month, care_from, in_denominator):
    looked_after = child()
    period_of_care(looked_after, care_from)
    expected = (0, 1, 0.0) if in_denominator else (0, 0, None)  # never allocated: not the same worker
    assert compute("LAC 19", month)["authority"] == expected


@pytest.mark.parametrize(
    ("month", "handed_over", "same_worker"),
    [
        # "In the last 6 months" at D is [D - 6 months, D]: a worker who took over on D minus 6
        # months (clamped) has been the worker for the whole window; a day later, not.
        (date(2024, 8, 1), date(2024, 2, 29), True),  # 31 August - 6 months = 29 February (leap year)
        (date(2024, 8, 1), date(2024, 3, 1), False),
        (date(2025, 3, 1), date(2024, 9, 30), True),  # 31 March - 6 months = 30 September (clamped)
        (date(2025, 3, 1), date(2024, 10, 1), False),
        (date(2025, 4, 1), date(2024, 10, 30), True),  # 30 April - 6 months = 30 October
        (date(2025, 4, 1), date(2024, 10, 31), False),
    ],
)
def test_lac19_the_last_6_months_include_the_day_6_months_before_month_end(teams, month, handed_over, same_worker):
    looked_after = child()
    period_of_care(looked_after, date(2020, 1, 1))
    allocate(looked_after, teams["yusuf"], date(2020, 1, 1), handed_over)
    allocate(looked_after, teams["xena"], handed_over)
    expected = (1, 1, 100.0) if same_worker else (0, 1, 0.0)
    assert compute("LAC 19", month)["authority"] == expected
    detail = (True, "same_worker", handed_over) if same_worker else (False, "changed_worker", handed_over)
    assert records("LAC 19", month) == {looked_after.pk: detail}


def test_lac19_with_nobody_in_care_12_months_has_no_value():
    period_of_care(child(), date(2023, 9, 1))
    assert compute("LAC 19", AUGUST_2024)["authority"] == (0, 0, None)


# --- LAC 20 -----------------------------------------------------------------------------------


def test_lac20_counts_children_under_16_in_care_2_5_years_in_the_same_placement_2_years(teams):
    # Month end 29 February 2024. In care 2.5 years: S + 30 months <= 29 February 2024, so started on
    # or before 31 August 2021 (30 and 31 August + 30 months clamp to 29 February). The same
    # placement 2 years: S + 24 months <= 29 February 2024, started on or before 28 February 2022.
    # Under 16 means born after 28 February 2008. Two years is 731 days here (28 Feb 2022 to 29 Feb 2024).
    xena, yusuf = teams["xena"], teams["yusuf"]
    c = {name: child() for name in ("a", "b", "b2", "b3", *"cdefghilmno")}
    c["j"] = child(born=date(2008, 2, 29))  # 16 on 29 February 2024: left out
    c["k"] = child(born=date(2008, 3, 1))  # 15 until 1 March: in the denominator

    place(period_of_care(c["a"], date(2021, 8, 29)), date(2021, 8, 29))  # in care exactly 2.5 years: in
    # 30 and 31 August 2021 + 30 months = 29 February 2024 (clamped): 2.5 years, in the denominator, and
    # + 24 months = 30 and 31 August 2023: in the same placement 2 years, in the numerator.
    place(period_of_care(c["b"], date(2021, 8, 30)), date(2021, 8, 30))
    place(period_of_care(c["b2"], date(2021, 8, 31)), date(2021, 8, 31))
    place(period_of_care(c["b3"], date(2021, 9, 1)), date(2021, 9, 1))  # + 30 months = 1 March 2024: left out
    periods = {name: period_of_care(c[name], date(2020, 1, 1)) for name in "cdefghijkmno"}
    place(periods["c"], date(2020, 1, 1), date(2022, 2, 28))
    place(periods["c"], date(2022, 2, 28), carer="C2")  # moved exactly 2 years before: in
    place(periods["d"], date(2020, 1, 1), date(2022, 3, 1))
    place(periods["d"], date(2022, 3, 1), carer="C2")  # moved 2 years less a day before: out
    # A change of placement type with the same carer is not a move: by carer reference...
    place(periods["e"], date(2020, 1, 1), date(2023, 5, 1), type_="U6", carer="C1")
    place(periods["e"], date(2023, 5, 1), type_="U4", carer="C1")  # in, same placement since 2020
    # ...or by RNE U where no carer reference was recorded
    place(periods["f"], date(2020, 1, 1), date(2023, 6, 1), carer="")
    place(periods["f"], date(2023, 6, 1), type_="U4", carer="", reason="U")  # in
    place(periods["g"], date(2020, 1, 1), date(2023, 6, 1), carer="")
    place(periods["g"], date(2023, 6, 1), carer="", reason="P")  # no carer known, RNE P: a move, out
    # Placed for adoption: the adoptive placement (from 1 January 2023, 424 days to month end) and the one
    # before it (from 28 February 2022, 307 days) together 731 days, 2 years: in.
    place(periods["h"], date(2020, 1, 1), date(2022, 2, 28))
    place(periods["h"], date(2022, 2, 28), date(2023, 1, 1), carer="C2")
    place(periods["h"], date(2023, 1, 1), type_="A4", carer="ADOPTERS")
    # The same with the one before from 1 March 2022: 730 days, out.
    place(periods["i"], date(2020, 1, 1), date(2022, 3, 1))
    place(periods["i"], date(2022, 3, 1), date(2023, 1, 1), carer="C2")
    place(periods["i"], date(2023, 1, 1), type_="A4", carer="ADOPTERS")
    place(periods["j"], date(2020, 1, 1))
    place(periods["k"], date(2020, 1, 1))
    period_l = period_of_care(c["l"], date(2020, 1, 1), date(2024, 2, 29))  # care ended on month end: left out
    place(period_l, date(2020, 1, 1), date(2024, 2, 29))
    # Foster carers adopting: U6, then U4, then A5 with RNE T (same carers, DfE rule 217), all with carer C1:
    # one placement since 2020.
    place(periods["m"], date(2020, 1, 1), date(2021, 1, 1), type_="U6")
    place(periods["m"], date(2021, 1, 1), date(2023, 1, 1), type_="U4")
    place(periods["m"], date(2023, 1, 1), type_="A5", reason="T")
    place(periods["n"], date(2020, 1, 1), date(2024, 2, 29))
    place(periods["n"], date(2024, 2, 29), carer="C2")  # moved on month end: out
    # o: looked after with no placement recorded: in the denominator, out.
    allocate(c["a"], xena, date(2021, 8, 29))
    allocate(c["c"], xena, date(2020, 1, 1))
    allocate(c["d"], xena, date(2020, 1, 1), date(2024, 2, 14))  # moved team mid-month: Team Y's
    allocate(c["d"], yusuf, date(2024, 2, 14))

    result = compute("LAC 20", FEBRUARY_2024)
    # Denominator (14): a, b, b2, c, d, e, f, g, h, i, k, m, n, o. Numerator (9): a, b, b2, c, e, f, h, k, m.
    assert result["authority"] == (9, 14, 64.3)
    assert result["team:Team X"] == (2, 2, 100.0)  # a, c
    assert result["team:Team Y"] == (0, 1, 0.0)  # d
    assert result["team:Team Z"] == (0, 0, None)
    assert result["team:Unallocated"] == (7, 11, 63.6)  # b, b2, e, f, g, h, i, k, m, n, o
    assert result["worker:Xena Smith"] == (2, 2, 100.0)
    assert result["worker:Yusuf Smith"] == (0, 1, 0.0)
    drill_down = records("LAC 20", FEBRUARY_2024)
    assert set(drill_down) == {c[name].pk for name in ("a", "b", "b2", *"cdefghikmno")}
    assert drill_down[c["a"].pk] == (True, "stable", date(2021, 8, 29))
    assert drill_down[c["b2"].pk] == (True, "stable", date(2021, 8, 31))
    assert drill_down[c["c"].pk] == (True, "stable", date(2022, 2, 28))
    assert drill_down[c["d"].pk] == (False, "moved", date(2022, 3, 1))
    assert drill_down[c["e"].pk] == (True, "stable", date(2020, 1, 1))
    assert drill_down[c["f"].pk] == (True, "stable", date(2020, 1, 1))
    assert drill_down[c["g"].pk] == (False, "moved", date(2023, 6, 1))
    assert drill_down[c["h"].pk] == (True, "adoption_stable", date(2022, 2, 28))
    assert drill_down[c["i"].pk] == (False, "moved", date(2023, 1, 1))
    assert drill_down[c["m"].pk] == (True, "stable", date(2020, 1, 1))
    assert drill_down[c["n"].pk] == (False, "moved", date(2024, 2, 29))
    assert drill_down[c["o"].pk] == (False, "no_placement", None)


def test_lac20_a_temporary_placement_and_the_return_from_it_are_not_moves():
    # Month end 29 February 2024; every child in care and in a U6 foster placement since 1 January 2020.
    # Temporary placements entered as placements of their own (by hand, or imported before the DfE's
    # rules 380, 381 and 383 were enforced, each episode with its own carer reference):
    # - back: a hospital stay (T0) from 10 to 14 August 2023, then U6 again (RNE P): stable since 2020, in.
    # - in_hospital: in hospital (T0) since 20 February 2024: stable since 2020, in.
    # - two_stays: on holiday (T2) from 1 to 10 July 2023, straight into hospital (T0) to 12 July,
    #   then U6 again: stable since 2020, in.
    # - elsewhere: T0 from 10 to 14 August 2023, then a children's home (K2): a move on 14 August, out.
    back, in_hospital, two_stays, elsewhere = (child() for _ in range(4))
    stays = {
        back: [("T0", date(2023, 8, 10), date(2023, 8, 14)), ("U6", date(2023, 8, 14), None)],
        in_hospital: [("T0", date(2024, 2, 20), None)],
        two_stays: [
            ("T2", date(2023, 7, 1), date(2023, 7, 10)),
            ("T0", date(2023, 7, 10), date(2023, 7, 12)),
            ("U6", date(2023, 7, 12), None),
        ],
        elsewhere: [("T0", date(2023, 8, 10), date(2023, 8, 14)), ("K2", date(2023, 8, 14), None)],
    }
    for person, episodes in stays.items():
        period = period_of_care(person, date(2020, 1, 1))
        place(period, date(2020, 1, 1), episodes[0][1], carer=f"{person.pk}-0")
        for number, (type_, start, end) in enumerate(episodes, start=1):
            place(period, start, end, type_=type_, carer=f"{person.pk}-{number}", reason="P")

    assert compute("LAC 20", FEBRUARY_2024)["authority"] == (3, 4, 75.0)
    drill_down = records("LAC 20", FEBRUARY_2024)
    assert drill_down[back.pk] == (True, "stable", date(2020, 1, 1))
    assert drill_down[in_hospital.pk] == (True, "stable", date(2020, 1, 1))
    assert drill_down[two_stays.pk] == (True, "stable", date(2020, 1, 1))
    assert drill_down[elsewhere.pk] == (False, "moved", date(2023, 8, 14))


def test_lac20_a_child_placed_for_adoption_stays_so_during_a_hospital_stay():
    # Month end 29 February 2024, in care since 1 January 2020. Placed for adoption (A4) on 1 January
    # 2023 (424 days to month end) after a placement from 28 February 2022 (307 days): together 731
    # days, 2 years. In hospital (T0) since 20 February 2024: still placed for adoption, in
    # ("adoption_stable" since 28 February 2022). Read by the stay's own type, out ("moved").
    person = child()
    period = period_of_care(person, date(2020, 1, 1))
    place(period, date(2020, 1, 1), date(2022, 2, 28))
    place(period, date(2022, 2, 28), date(2023, 1, 1), carer="C2")
    place(period, date(2023, 1, 1), date(2024, 2, 20), type_="A4", carer="ADOPTERS")
    place(period, date(2024, 2, 20), type_="T0", carer="HOSPITAL", reason="P")
    assert compute("LAC 20", FEBRUARY_2024)["authority"] == (1, 1, 100.0)
    assert records("LAC 20", FEBRUARY_2024) == {person.pk: (True, "adoption_stable", date(2022, 2, 28))}


def test_lac20_a_child_born_on_a_leap_day_is_under_16_the_day_before():
    # Born 29 February 2008: 15 on 28 February 2023 (month end of February 2023), 16 on 29 February 2024.
    young = child(born=date(2008, 2, 29))
    place(period_of_care(young, date(2019, 1, 1)), date(2019, 1, 1))
    assert compute("LAC 20", date(2023, 2, 1))["authority"] == (1, 1, 100.0)
    assert compute("LAC 20", FEBRUARY_2024)["authority"] == (0, 0, None)


def test_lac20_counts_two_years_and_2_5_years_forwards_from_a_start_late_in_the_month():
    # Month end 30 April 2024: 31 October 2021 + 30 months = 30 April 2024 (clamped): in care 2.5 years.
    # 1 November 2021 + 30 months = 1 May 2024: not yet.
    thirty_first, first = child(), child()
    place(period_of_care(thirty_first, date(2021, 10, 31)), date(2021, 10, 31))
    place(period_of_care(first, date(2021, 11, 1)), date(2021, 11, 1))
    assert compute("LAC 20", date(2024, 4, 1))["authority"] == (1, 1, 100.0)
    assert set(records("LAC 20", date(2024, 4, 1))) == {thirty_first.pk}


def test_lac20_a_placement_from_a_leap_day_has_lasted_two_years_on_28_february_two_years_later():
    # Month end 28 February 2026; in care since 1 January 2023 (2.5 years by 31 August 2023). S + 24
    # months <= 28 February 2026 for S up to 29 February 2024, so two years is 730 days here.
    moved_on_leap_day, moved_a_day_later, adopted, adopted_a_day_short = (child() for _ in range(4))
    for person, moved_on in ((moved_on_leap_day, date(2024, 2, 29)), (moved_a_day_later, date(2024, 3, 1))):
        period = period_of_care(person, date(2023, 1, 1))
        place(period, date(2023, 1, 1), moved_on)
        place(period, moved_on, carer="C2")  # 29 Feb 2024 + 24 months = 28 Feb 2026: in; 1 March: out
    # Placed for adoption on 1 January 2025 (423 days to 28 February 2026) after a placement from
    # 29 February 2024 (307 days to 1 January 2025): together 730 days, 2 years: in. From 1 March
    # 2024 (306 days): 729, out.
    for person, before_from in ((adopted, date(2024, 2, 29)), (adopted_a_day_short, date(2024, 3, 1))):
        period = period_of_care(person, date(2023, 1, 1))
        place(period, date(2023, 1, 1), before_from)
        place(period, before_from, date(2025, 1, 1), carer="C2")
        place(period, date(2025, 1, 1), type_="A4", carer="ADOPTERS")
    february_2026 = date(2026, 2, 1)
    assert compute("LAC 20", february_2026)["authority"] == (2, 4, 50.0)
    drill_down = records("LAC 20", february_2026)
    assert drill_down[moved_on_leap_day.pk] == (True, "stable", date(2024, 2, 29))
    assert drill_down[moved_a_day_later.pk] == (False, "moved", date(2024, 3, 1))
    assert drill_down[adopted.pk] == (True, "adoption_stable", date(2024, 2, 29))
    assert drill_down[adopted_a_day_short.pk] == (False, "moved", date(2025, 1, 1))
