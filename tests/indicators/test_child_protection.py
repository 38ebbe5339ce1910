"""Child protection indicators on hand-worked scenarios."""

from datetime import date

import pytest

from casework.models import ChildProtectionConference, Section47Enquiry, StrategyDiscussion
from core.periods import add_working_days
from indicators.explanations import describe

from .builders import allocate, child, cp_plan, cp_visit, team, worker
from .helpers import compute, records

pytestmark = pytest.mark.django_db

MARCH_2024 = date(2024, 3, 1)  # month end 31 March; the 28 days up to it start on 4 March
FEBRUARY_2024 = date(2024, 2, 1)  # month end 29 February 2024 (a leap day)


def test_cp13_counts_a_visit_in_the_28_days_up_to_month_end():
    team_x, team_y = team("Team X"), team("Team Y")
    team("Team Z")
    x1, y1 = worker(team_x, "Xena"), worker(team_y, "Yusuf")
    a, b, c, d, e, f, g = (child() for _ in range(7))
    plan_a = cp_plan(a, date(2024, 1, 1))
    cp_visit(plan_a, date(2024, 3, 4))  # the first day of the 28: in
    plan_b = cp_plan(b, date(2024, 1, 1))
    cp_visit(plan_b, date(2024, 3, 3))  # one day too early: out, overdue since 31 March
    cp_plan(c, date(2024, 3, 10))  # 21 days old, no visit yet: not yet due, left out
    cp_plan(d, date(2024, 3, 3))  # 28 days old, no visit: due, out
    cp_plan(e, date(2024, 1, 1), date(2024, 3, 31))  # ended on month end: not open
    plan_f = cp_plan(f, date(2024, 3, 20))
    cp_visit(plan_f, date(2024, 3, 25))  # a new plan already visited: in
    plan_g = cp_plan(g, date(2024, 2, 1))
    cp_visit(plan_g, date(2024, 4, 1))  # after month end: does not count
    allocate(a, x1, date(2024, 1, 1))
    allocate(b, x1, date(2024, 1, 1))
    allocate(d, x1, date(2024, 1, 1), date(2024, 3, 15))  # moved team mid-month:
    allocate(d, y1, date(2024, 3, 15))  # a stock follows the allocation at month end
    allocate(g, x1, date(2024, 1, 1), date(2024, 3, 31))  # handed back on month end: unallocated

    result = compute("CP 13", MARCH_2024)
    # Denominator a, b, d, f, g; numerator a, f.
    assert result["authority"] == (2, 5, 40.0)
    assert result["team:Team X"] == (1, 2, 50.0)
    assert result["team:Team Y"] == (0, 1, 0.0)
    assert result["team:Unallocated"] == (1, 2, 50.0)
    assert result["team:Team Z"] == (0, 0, None)
    assert result["worker:Xena Smith"] == (1, 2, 50.0)
    drill_down = records("CP 13", MARCH_2024)
    assert set(drill_down) == {a.pk, b.pk, d.pk, f.pk, g.pk}
    assert drill_down[a.pk] == (True, "visited", date(2024, 3, 4))
    assert drill_down[b.pk] == (False, "visit_overdue", date(2024, 3, 31))
    assert drill_down[d.pk] == (False, "visit_overdue", date(2024, 3, 31))
    assert drill_down[g.pk] == (False, "visit_overdue", date(2024, 2, 29))
    # The reason a manager reads, as LAC 10's: "visit overdue since ...".
    assert describe(*drill_down[b.pk][1:]) == "visit overdue since 31 March 2024"
    # Rows stored before, under the old code, read the same.
    assert describe("overdue_since", date(2024, 3, 31)) == "visit overdue since 31 March 2024"


# --- Builders for this group ----------------------------------------------------------------


def strategy_discussion(who, on: date) -> StrategyDiscussion:
    return StrategyDiscussion.objects.create(child=who, held_on=on)


def enquiry(who, start: date, seen: date | None = None, discussion=None) -> Section47Enquiry:
    return Section47Enquiry.objects.create(
        child=who, started_on=start, child_seen_on=seen, strategy_discussion=discussion
    )


def conference(who, on: date, kind="initial", section47=None, participation="") -> ChildProtectionConference:
    return ChildProtectionConference.objects.create(
        child=who, held_on=on, kind=kind, section47=section47, participation=participation
    )


APRIL_2024 = date(2024, 4, 1)


# --- CP 5 -----------------------------------------------------------------------------------


def test_cp5_counts_initial_conferences_within_15_working_days_of_the_strategy_discussion():
    team_x, team_y = team("Team X"), team("Team Y")
    xena, yusuf = worker(team_x, "Xena"), worker(team_y, "Yusuf")
    a, b, c, d, e, f, g, h = (child() for _ in range(8))

    # Strategy discussion Monday 18 March 2024. Fifteen working days, skipping Good Friday
    # (29 March) and Easter Monday (1 April): 19, 20, 21, 22, 25, 26, 27, 28 March (8), 2, 3, 4,
    # 5 April (12), 8, 9, 10 April (15): the deadline is Wednesday 10 April.
    assert add_working_days(date(2024, 3, 18), 15) == date(2024, 4, 10)
    exactly_15 = conference(
        a,
        date(2024, 4, 10),
        section47=enquiry(a, date(2024, 3, 18), discussion=strategy_discussion(a, date(2024, 3, 18))),
    )
    one_day_late = conference(
        b,
        date(2024, 4, 11),
        section47=enquiry(b, date(2024, 3, 18), discussion=strategy_discussion(b, date(2024, 3, 18))),
    )
    # A later discussion about something else does not replace the one the chain names (from
    # 25 March the conference would have been in time).
    strategy_discussion(b, date(2024, 3, 25))

    # No enquiry linked: the child's latest discussion on or before the conference (20 March, not
    # 1 March, not 15 April) is used. 20 March + 15 working days = Friday 12 April.
    strategy_discussion(c, date(2024, 3, 1))
    strategy_discussion(c, date(2024, 3, 20))
    strategy_discussion(c, date(2024, 4, 15))
    fallback_in_time = conference(c, date(2024, 4, 12))

    # An enquiry with no discussion linked: the child's discussion of Tuesday 2 April is used;
    # + 15 working days = Tuesday 23 April. Held on 30 April (month end, in month): late.
    strategy_discussion(d, date(2024, 4, 2))
    fallback_late = conference(d, date(2024, 4, 30), section47=enquiry(d, date(2024, 4, 2)))

    # Two initial conferences in April for one child: counted once, by the earlier.
    # Discussion Thursday 28 March + 15 working days = Monday 22 April: 3 April is in time.
    discussion_e = strategy_discussion(e, date(2024, 3, 28))
    first_of_two = conference(e, date(2024, 4, 3), section47=enquiry(e, date(2024, 3, 28), discussion=discussion_e))
    second_of_two = conference(e, date(2024, 4, 24))

    strategy_discussion(f, date(2024, 4, 15))
    conference(f, date(2024, 5, 1))  # the first of the next month: not April
    conference(f, date(2024, 3, 31))  # March
    cp_plan(g, date(2024, 1, 10))
    conference(g, date(2024, 4, 9), kind="review")  # a review conference: not CP 5
    no_discussion = conference(h, date(2024, 4, 15))  # no strategy discussion at all: in the denominator, out

    allocate(a, xena, date(2024, 1, 1))
    allocate(b, xena, date(2024, 1, 1), date(2024, 4, 11))  # moves team on the day of the conference:
    allocate(b, yusuf, date(2024, 4, 11))  # a flow follows the allocation on the event date

    result = compute("CP 5", APRIL_2024)
    # Denominator (6): a, b, c, d, e (first only), h. Numerator (3): a, c, e.
    assert result["authority"] == (3, 6, 50.0)
    assert result["team:Team X"] == (1, 1, 100.0)
    assert result["team:Team Y"] == (0, 1, 0.0)
    assert result["team:Unallocated"] == (2, 4, 50.0)  # c, d, e, h
    assert result["worker:Xena Smith"] == (1, 1, 100.0)
    assert result["worker:Yusuf Smith"] == (0, 1, 0.0)
    drill_down = records("CP 5", APRIL_2024)
    assert set(drill_down) == {
        exactly_15.pk,
        one_day_late.pk,
        fallback_in_time.pk,
        fallback_late.pk,
        first_of_two.pk,
        no_discussion.pk,
    }
    assert second_of_two.pk not in drill_down
    assert drill_down[exactly_15.pk] == (True, "met_deadline", date(2024, 4, 10))
    assert drill_down[one_day_late.pk] == (False, "missed_deadline", date(2024, 4, 10))
    assert drill_down[fallback_in_time.pk] == (True, "met_deadline", date(2024, 4, 12))
    assert drill_down[fallback_late.pk] == (False, "missed_deadline", date(2024, 4, 23))
    assert drill_down[no_discussion.pk] == (False, "no_strategy_discussion", None)


def test_cp5_a_discussion_on_a_weekend_counts_from_the_next_working_day():
    # Saturday 18 May 2024: the first working day after it is Monday 20 May, so 15 working days
    # end on Friday 7 June (20-24, 27-31 May, 3-7 June).
    kid = child()
    discussion = strategy_discussion(kid, date(2024, 5, 18))
    conference(kid, date(2024, 6, 7), section47=enquiry(kid, date(2024, 5, 18), discussion=discussion))
    assert compute("CP 5", date(2024, 6, 1))["authority"] == (1, 1, 100.0)


def test_cp5_counts_a_conference_held_on_a_leap_day():
    # Thursday 8 February 2024 + 15 working days: 9 (1), 12-16 (6), 19-23 (11), 26-29 (15): 29 February,
    # month end. From Wednesday 7 February the deadline is 28 February.
    assert add_working_days(date(2024, 2, 8), 15) == date(2024, 2, 29)
    in_time, late = child(), child()
    exactly_15 = conference(
        in_time,
        date(2024, 2, 29),
        section47=enquiry(in_time, date(2024, 2, 8), discussion=strategy_discussion(in_time, date(2024, 2, 8))),
    )
    one_day_late = conference(
        late,
        date(2024, 2, 29),
        section47=enquiry(late, date(2024, 2, 7), discussion=strategy_discussion(late, date(2024, 2, 7))),
    )
    conference(child(), date(2024, 3, 1))  # March's
    assert compute("CP 5", FEBRUARY_2024)["authority"] == (1, 2, 50.0)
    assert records("CP 5", FEBRUARY_2024) == {
        exactly_15.pk: (True, "met_deadline", date(2024, 2, 29)),
        one_day_late.pk: (False, "missed_deadline", date(2024, 2, 28)),
    }


def test_cp13_at_a_leap_day_month_end_counts_visits_from_2_february():
    # Month end 29 February 2024: the 28 days up to and including it start on 2 February.
    visited, a_day_early, new_plan, due_plan = (child() for _ in range(4))
    cp_visit(cp_plan(visited, date(2024, 1, 1)), date(2024, 2, 2))  # the first of the 28: in
    cp_visit(cp_plan(a_day_early, date(2024, 1, 1)), date(2024, 2, 1))  # due 28 Feb: overdue since 29 Feb
    cp_plan(new_plan, date(2024, 2, 2))  # fewer than 28 days old, no visit: not yet due, left out
    cp_plan(due_plan, date(2024, 2, 1))  # 28 days old at 29 February, no visit: due 28 Feb, out
    assert compute("CP 13", FEBRUARY_2024)["authority"] == (1, 3, 33.3)
    assert records("CP 13", FEBRUARY_2024) == {
        visited.pk: (True, "visited", date(2024, 2, 2)),
        a_day_early.pk: (False, "visit_overdue", date(2024, 2, 29)),
        due_plan.pk: (False, "visit_overdue", date(2024, 2, 29)),
    }


# --- CP 10, CP 10a, 2.5 -----------------------------------------------------------------------


@pytest.fixture
def long_plans():
    """Month end 29 Feb 2024. A plan started on S has lasted N months when S + N months (clamped to
    the month's end) is on or before 29 Feb 2024: for 24 months, started on or before 28 Feb 2022;
    for 18 months, on or before 31 Aug 2022 (30 and 31 Aug + 18 months clamp to 29 Feb). More than
    15 months: S + 15 months before 29 Feb 2024, started on or before 28 Nov 2022."""
    team_x, team_y = team("Team X"), team("Team Y")
    xena, yusuf = worker(team_x, "Xena"), worker(team_y, "Yusuf")
    plans = {
        "p1": cp_plan(child(), date(2022, 2, 28)),  # exactly 2 years: CP 10, CP 10a, 2.5
        "p2": cp_plan(child(), date(2022, 3, 1)),  # a day short of 2 years (1 Mar 2024): CP 10a, 2.5
        "p3": cp_plan(child(), date(2022, 8, 29)),  # exactly 18 months: CP 10a, 2.5
        "p4": cp_plan(child(), date(2022, 8, 30)),  # + 18 months = 29 Feb 2024, clamped: CP 10a, 2.5
        "p9": cp_plan(child(), date(2022, 8, 31)),  # + 18 months = 29 Feb 2024, clamped: CP 10a, 2.5
        "p10": cp_plan(child(), date(2022, 9, 1)),  # + 18 months = 1 Mar 2024, a day short: 2.5
        "p5": cp_plan(child(), date(2022, 11, 29)),  # + 15 months = 29 Feb 2024: not *more than* 15: none
        "p11": cp_plan(child(), date(2022, 11, 30)),  # + 15 months = 29 Feb 2024, clamped: none
        "p6": cp_plan(child(), date(2022, 11, 28)),  # + 15 months = 28 Feb 2024, before month end: 2.5
        "p7": cp_plan(child(), date(2020, 1, 1), date(2024, 2, 29)),  # ended on month end: none
        "p8": cp_plan(child(), date(2020, 1, 1), date(2024, 3, 1)),  # ends after month end: all three
    }
    cp_plan(child(), date(2024, 3, 1))  # starts after month end: none
    allocate(plans["p1"].child, xena, date(2022, 2, 28))
    allocate(plans["p8"].child, xena, date(2020, 1, 1), date(2024, 2, 14))  # moved mid-month:
    allocate(plans["p8"].child, yusuf, date(2024, 2, 14))  # a stock follows the allocation at month end
    return plans


@pytest.mark.parametrize(
    ("code", "counted"),
    [
        ("CP 10", {"p1", "p8"}),
        ("CP 10a", {"p1", "p2", "p3", "p4", "p9", "p8"}),
        ("2.5", {"p1", "p2", "p3", "p4", "p9", "p10", "p6", "p8"}),
    ],
)
def test_long_plan_counts_at_a_leap_day_month_end(long_plans, code, counted):
    result = compute(code, FEBRUARY_2024)
    assert result["authority"] == (len(counted), None, len(counted))
    assert result["team:Team X"] == (1, None, 1)  # p1
    assert result["team:Team Y"] == (1, None, 1)  # p8, moved to Team Y on 14 February
    unallocated = len(counted) - 2
    # An "Unallocated" scope exists only when something falls into it.
    assert result.get("team:Unallocated") == ((unallocated, None, unallocated) if unallocated else None)
    assert result["worker:Yusuf Smith"] == (1, None, 1)
    drill_down = records(code, FEBRUARY_2024)
    assert set(drill_down) == {long_plans[name].pk for name in counted}
    assert drill_down[long_plans["p1"].pk] == (True, "started", date(2022, 2, 28))


def test_a_plan_started_on_a_leap_day_has_lasted_two_years_on_28_february_two_years_later():
    # 29 Feb 2020 + 24 months is 28 Feb 2022 (clamped): at the end of February 2022 the plan has
    # lasted 2 years, counted forwards from its start; at the end of January 2022 it has not.
    cp_plan(child(), date(2020, 2, 29))
    assert compute("CP 10", date(2022, 1, 1))["authority"] == (0, None, 0)
    assert compute("CP 10", date(2022, 2, 1))["authority"] == (1, None, 1)


@pytest.mark.parametrize(
    ("code", "month", "start", "counted"),
    [
        # CP 10, 2 years or more: S + 24 months <= month end.
        ("CP 10", date(2026, 2, 1), date(2024, 2, 29), True),  # + 24 months = 28 Feb 2026, clamped
        ("CP 10", date(2026, 2, 1), date(2024, 3, 1), False),  # + 24 months = 1 Mar 2026
        ("CP 10", date(2024, 3, 1), date(2022, 3, 31), True),  # + 24 months = 31 Mar 2024, month end
        ("CP 10", date(2024, 4, 1), date(2022, 4, 30), True),  # + 24 months = 30 Apr 2024, month end
        ("CP 10", date(2024, 4, 1), date(2022, 5, 1), False),
        # CP 10a, 18 months or more.
        ("CP 10a", date(2024, 4, 1), date(2022, 10, 31), True),  # + 18 months = 30 Apr 2024, clamped
        ("CP 10a", date(2024, 4, 1), date(2022, 10, 30), True),  # + 18 months = 30 Apr 2024
        ("CP 10a", date(2024, 4, 1), date(2022, 11, 1), False),  # + 18 months = 1 May 2024
        ("CP 10a", date(2025, 2, 1), date(2023, 8, 29), True),  # + 18 months = 28 Feb 2025, clamped
        ("CP 10a", date(2025, 8, 1), date(2024, 2, 29), True),  # + 18 months = 29 Aug 2025, before 31 Aug
        ("CP 10a", date(2025, 7, 1), date(2024, 2, 29), False),  # not yet at 31 Jul 2025
        # 2.5, *more than* 15 months: S + 15 months < month end.
        ("2.5", date(2024, 7, 1), date(2023, 4, 30), True),  # + 15 months = 30 Jul 2024, before 31 Jul
        ("2.5", date(2024, 7, 1), date(2023, 5, 1), False),  # + 15 months = 1 Aug 2024
        ("2.5", date(2024, 5, 1), date(2023, 2, 28), True),  # + 15 months = 28 May 2024, before 31 May
        ("2.5", date(2024, 1, 1), date(2022, 10, 31), False),  # + 15 months = 31 Jan 2024: exactly 15
        ("2.5", date(2024, 1, 1), date(2022, 10, 30), True),  # + 15 months = 30 Jan 2024
        ("2.5", date(2024, 4, 1), date(2023, 1, 30), False),  # + 15 months = 30 Apr 2024: exactly 15
        ("2.5", date(2024, 4, 1), date(2023, 1, 29), True),  # + 15 months = 29 Apr 2024
        ("2.5", date(2025, 5, 1), date(2024, 2, 29), True),  # + 15 months = 29 May 2025, before 31 May
        ("2.5", date(2025, 4, 1), date(2024, 2, 29), False),  # not yet at 30 Apr 2025
    ],
)
def test_long_plan_months_are_counted_forwards_from_a_start_late_in_the_month(code, month, start, counted):
    plan = cp_plan(child(), start)
    expected = 1 if counted else 0
    assert compute(code, month)["authority"] == (expected, None, expected)
    assert set(records(code, month)) == ({plan.pk} if counted else set())


# --- 1.2 --------------------------------------------------------------------------------------

JUNE_2024 = date(2024, 6, 1)  # financial year to date: 1 April to 30 June 2024


def test_1_2_counts_plans_started_in_the_year_to_date_for_children_with_an_earlier_plan():
    team_x, team_y = team("Team X"), team("Team Y")
    xena, yusuf = worker(team_x, "Xena"), worker(team_y, "Yusuf")
    a, b, c, d, e, f = (child() for _ in range(6))
    cp_plan(a, date(2020, 1, 1), date(2021, 1, 1))
    a_repeat = cp_plan(a, date(2024, 4, 1))  # the first day of the year: in; a plan before (2020): repeat
    cp_plan(b, date(2024, 3, 31), date(2024, 4, 10))  # 31 March: last year, not in the denominator
    b_repeat = cp_plan(b, date(2024, 6, 30))  # month end: in; the 31 March plan was before: repeat
    c_first = cp_plan(c, date(2024, 5, 10))
    cp_plan(d, date(2024, 7, 1))  # the first of the next month: not in
    e_first = cp_plan(e, date(2024, 4, 5), date(2024, 4, 20))
    e_repeat = cp_plan(e, date(2024, 5, 20))  # both of e's plans are in; the second is a repeat
    f_first = cp_plan(f, date(2024, 6, 15))
    allocate(e, xena, date(2024, 4, 1), date(2024, 5, 20))  # e moved team between the two plans
    allocate(e, yusuf, date(2024, 5, 20))

    result = compute("1.2", JUNE_2024)
    # Denominator (6): a_repeat, b_repeat, c_first, e_first, e_repeat, f_first. Numerator (3): the repeats.
    assert result["authority"] == (3, 6, 50.0)
    assert result["team:Team X"] == (0, 1, 0.0)  # e_first, on 5 April
    assert result["team:Team Y"] == (1, 1, 100.0)  # e_repeat, on 20 May
    assert result["team:Unallocated"] == (2, 4, 50.0)
    drill_down = records("1.2", JUNE_2024)
    assert set(drill_down) == {p.pk for p in (a_repeat, b_repeat, c_first, e_first, e_repeat, f_first)}
    assert drill_down[a_repeat.pk] == (True, "repeat", date(2020, 1, 1))
    assert drill_down[b_repeat.pk] == (True, "repeat", date(2024, 3, 31))
    assert drill_down[e_first.pk] == (False, "first", None)


def test_1_2_in_april_counts_april_only():
    cp_plan(child(), date(2024, 3, 31))
    cp_plan(child(), date(2024, 4, 30))
    assert compute("1.2", APRIL_2024)["authority"] == (0, 1, 0.0)


# --- 2.2 --------------------------------------------------------------------------------------


def test_2_2_counts_enquiries_where_the_child_was_seen_within_one_working_day():
    team_x, team_y = team("Team X"), team("Team Y")
    xena, yusuf = worker(team_x, "Xena"), worker(team_y, "Yusuf")
    mover = child()
    s1 = enquiry(child(), date(2024, 3, 7), seen=date(2024, 3, 8))  # Thursday -> Friday: in
    s2 = enquiry(child(), date(2024, 3, 7), seen=date(2024, 3, 9))  # Thursday -> Saturday: the deadline was Friday
    s3 = enquiry(child(), date(2024, 3, 9), seen=date(2024, 3, 11))  # Saturday -> Monday: in
    # Thursday 28 March, before Good Friday and Easter Monday: until Tuesday 2 April: in.
    s4 = enquiry(child(), date(2024, 3, 28), seen=date(2024, 4, 2))
    # Sunday 31 March (month end, in month): Monday 1 April is a bank holiday, so until Tuesday 2 April.
    s5 = enquiry(child(), date(2024, 3, 31), seen=date(2024, 4, 3))
    enquiry(child(), date(2024, 4, 1), seen=date(2024, 4, 2))  # the first of the next month: not in
    enquiry(child(), date(2024, 2, 29), seen=date(2024, 2, 29))  # February
    s8 = enquiry(mover, date(2024, 3, 11))  # never seen: out; Team X's (moved on 12 March)
    s9 = enquiry(mover, date(2024, 3, 13), seen=date(2024, 3, 13))  # seen the same day: in; Team Y's
    allocate(mover, xena, date(2024, 1, 1), date(2024, 3, 12))
    allocate(mover, yusuf, date(2024, 3, 12))

    result = compute("2.2", MARCH_2024)
    # Denominator (7): s1, s2, s3, s4, s5, s8, s9. Numerator (4): s1, s3, s4, s9.
    assert result["authority"] == (4, 7, 57.1)
    assert result["team:Team X"] == (0, 1, 0.0)
    assert result["team:Team Y"] == (1, 1, 100.0)
    assert result["worker:Yusuf Smith"] == (1, 1, 100.0)
    assert result["team:Unallocated"] == (3, 5, 60.0)
    drill_down = records("2.2", MARCH_2024)
    assert set(drill_down) == {s.pk for s in (s1, s2, s3, s4, s5, s8, s9)}
    assert drill_down[s2.pk] == (False, "seen_late", date(2024, 3, 9))
    assert drill_down[s5.pk] == (False, "seen_late", date(2024, 4, 3))
    assert drill_down[s8.pk] == (False, "not_seen", None)
    assert drill_down[s4.pk] == (True, "seen", date(2024, 4, 2))


# --- 3.1 --------------------------------------------------------------------------------------


def test_3_1_counts_participation_at_conferences_for_children_aged_four_or_over():
    team_x, team_y = team("Team X"), team("Team Y")
    xena, yusuf = worker(team_x, "Xena"), worker(team_y, "Yusuf")
    leap = child(date(2020, 2, 29))  # born on a leap day: 4 on 29 February 2024, still 3 on the 28th
    older = child(date(2010, 1, 1))
    k1_too_young = conference(leap, date(2024, 2, 28), participation="attended")  # aged 3: left out
    k1 = conference(leap, date(2024, 2, 29), kind="review", participation="written")  # aged 4: in, participated
    conference(child(date(2020, 3, 1)), date(2024, 2, 29), participation="attended")  # aged 3: left out
    k3 = conference(child(date(2020, 2, 10)), date(2024, 2, 12), participation="attended")  # aged 4: in
    k4_first = conference(older, date(2024, 2, 1), kind="review", participation="advocate")  # in; Team X
    k4_second = conference(older, date(2024, 2, 26), kind="review", participation="none")  # out; Team Y
    k5 = conference(child(date(2010, 1, 1)), date(2024, 2, 15), participation="written")  # in
    k6 = conference(child(date(2010, 1, 1)), date(2024, 2, 20), kind="review", participation="none")  # out
    k7 = conference(child(date(2010, 1, 1)), date(2024, 2, 21), kind="review")  # nothing recorded: out
    conference(child(date(2010, 1, 1)), date(2024, 3, 1), participation="attended")  # March
    conference(child(date(2010, 1, 1)), date(2024, 1, 31), participation="attended")  # January
    conference(child(None, expected_date_of_birth=date(2024, 4, 1)), date(2024, 2, 10))  # unborn: left out
    allocate(older, xena, date(2023, 1, 1), date(2024, 2, 2))
    allocate(older, yusuf, date(2024, 2, 2))
    allocate(k6.child, xena, date(2023, 1, 1))

    result = compute("3.1", FEBRUARY_2024)
    # Denominator (7): k1, k3, k4_first, k4_second, k5, k6, k7. Numerator (4): k1, k3, k4_first, k5.
    assert result["authority"] == (4, 7, 57.1)
    assert result["team:Team X"] == (1, 2, 50.0)  # k4_first, k6
    assert result["team:Team Y"] == (0, 1, 0.0)  # k4_second
    drill_down = records("3.1", FEBRUARY_2024)
    assert set(drill_down) == {c.pk for c in (k1, k3, k4_first, k4_second, k5, k6, k7)}
    assert k1_too_young.pk not in drill_down
    assert drill_down[k1.pk] == (True, "views_in_writing", None)
    assert drill_down[k4_first.pk] == (True, "views_through_advocate", None)
    assert drill_down[k6.pk] == (False, "did_not_participate", None)
    assert drill_down[k7.pk] == (False, "participation_not_recorded", None)


# --- Empty months -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["CP 5", "1.2", "2.2", "3.1", "CP 13"])
def test_a_percentage_with_an_empty_denominator_has_no_value_rather_than_zero(code):
    team("Quiet")
    result = compute(code, MARCH_2024)
    assert result["authority"] == (0, 0, None)
    assert result["team:Quiet"] == (0, 0, None)


@pytest.mark.parametrize("code", ["CP 10", "CP 10a", "2.5"])
def test_a_count_of_nothing_is_zero(code):
    team("Quiet")
    result = compute(code, MARCH_2024)
    assert result["authority"] == (0, None, 0)
    assert result["team:Quiet"] == (0, None, 0)
