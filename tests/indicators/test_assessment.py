"""1.1, 2.1, 2.3 and 2.4 on hand-worked scenarios."""

from datetime import date

import pytest

from casework.models import Assessment
from core.periods import add_working_days

from .builders import allocate, child, moves_worker, team, worker, xena_and_yusuf
from .helpers import compute, records

pytestmark = pytest.mark.django_db

FEBRUARY_2024 = date(2024, 2, 1)  # month end 29 February 2024 (a leap day)
SEPTEMBER_2022 = date(2022, 9, 1)  # with the one-off bank holiday of Monday 19 September 2022
MAY_2024 = date(2024, 5, 1)  # with the early May bank holiday, Monday 6 May 2024


def assessment(who, start: date, seen: date | None = None, authorised: date | None = None) -> Assessment:
    return Assessment.objects.create(child=who, started_on=start, child_seen_on=seen, authorised_on=authorised)


# --- 1.1 --------------------------------------------------------------------------------------


def test_1_1_counts_an_assessment_with_another_started_in_the_twelve_months_before_it():
    team_x, team_y = team("Team X"), team("Team Y")
    xena, yusuf = worker(team_x, "Xena"), worker(team_y, "Yusuf")
    a, b, c, d, e = (child() for _ in range(5))
    assessment(a, date(2023, 2, 28))
    exactly_a_year = assessment(a, date(2024, 2, 28))  # 28 Feb 2023 is inside [28 Feb 2023, 28 Feb 2024)
    assessment(b, date(2023, 2, 28))
    leap_day = assessment(b, date(2024, 2, 29))  # month end; 29 Feb 2024 minus 12 months is 28 Feb 2023
    assessment(c, date(2023, 2, 27))
    a_day_too_late = assessment(c, date(2024, 2, 28))  # 27 Feb 2023 is before 28 Feb 2023
    same_day = [assessment(d, date(2024, 2, 10)), assessment(d, date(2024, 2, 10))]  # neither before the other
    assessment(e, date(2024, 1, 31))
    repeat = assessment(e, date(2024, 2, 1))  # the first of the month: in; the day before is a repeat
    assessment(e, date(2024, 3, 1))  # the first of the next month: not in
    allocate(e, xena, date(2023, 1, 1), date(2024, 2, 1))  # e moved team on the day of the repeat:
    allocate(e, yusuf, date(2024, 2, 1))  # a flow follows the allocation on its start date
    allocate(d, xena, date(2023, 1, 1))

    result = compute("1.1", FEBRUARY_2024)
    # Denominator (6): exactly_a_year, leap_day, a_day_too_late, the two same-day ones, repeat.
    # Numerator (3): exactly_a_year, leap_day, repeat.
    assert result["authority"] == (3, 6, 50.0)
    assert result["team:Team X"] == (0, 2, 0.0)  # d's two
    assert result["team:Team Y"] == (1, 1, 100.0)  # repeat
    assert result["worker:Yusuf Smith"] == (1, 1, 100.0)
    assert result["team:Unallocated"] == (2, 3, 66.7)
    drill_down = records("1.1", FEBRUARY_2024)
    assert {pk for pk, row in drill_down.items() if row[0]} == {exactly_a_year.pk, leap_day.pk, repeat.pk}
    assert set(drill_down) == {exactly_a_year.pk, leap_day.pk, a_day_too_late.pk, repeat.pk} | {s.pk for s in same_day}
    assert drill_down[leap_day.pk] == (True, "repeat", date(2023, 2, 28))
    assert drill_down[repeat.pk] == (True, "repeat", date(2024, 1, 31))
    assert drill_down[a_day_too_late.pk] == (False, "first", None)


# --- 2.1 --------------------------------------------------------------------------------------


def test_2_1_counts_children_seen_within_ten_working_days_of_the_start():
    team_x, team_y = team("Team X"), team("Team Y")
    xena, yusuf = worker(team_x, "Xena"), worker(team_y, "Yusuf")
    # Monday 12 September 2022 plus 10 working days, skipping the Queen's funeral (Monday 19th):
    # 13, 14, 15, 16 (4), 20, 21, 22, 23 (8), 26, 27 (10): Tuesday 27 September.
    assert add_working_days(date(2022, 9, 12), 10) == date(2022, 9, 27)
    exactly_10 = assessment(child(), date(2022, 9, 12), seen=date(2022, 9, 27))
    a_day_late = assessment(child(), date(2022, 9, 12), seen=date(2022, 9, 28))
    # Friday 30 September (month end): 3-7, 10-14 October: until Friday 14 October.
    month_end = assessment(child(), date(2022, 9, 30), seen=date(2022, 10, 14))
    not_seen = assessment(child(), date(2022, 9, 1))  # the first of the month; never seen
    assessment(child(), date(2022, 10, 1), seen=date(2022, 10, 1))  # October
    assessment(child(), date(2022, 8, 31), seen=date(2022, 8, 31))  # August
    allocate(exactly_10.child, xena, date(2022, 1, 1))
    allocate(a_day_late.child, yusuf, date(2022, 1, 1))

    result = compute("2.1", SEPTEMBER_2022)
    # Denominator (4): exactly_10, a_day_late, month_end, not_seen. Numerator (2): exactly_10, month_end.
    assert result["authority"] == (2, 4, 50.0)
    assert result["team:Team X"] == (1, 1, 100.0)
    assert result["team:Team Y"] == (0, 1, 0.0)
    assert result["worker:Xena Smith"] == (1, 1, 100.0)
    assert result["team:Unallocated"] == (1, 2, 50.0)
    drill_down = records("2.1", SEPTEMBER_2022)
    assert set(drill_down) == {exactly_10.pk, a_day_late.pk, month_end.pk, not_seen.pk}
    assert drill_down[exactly_10.pk] == (True, "seen", date(2022, 9, 27))
    assert drill_down[a_day_late.pk] == (False, "seen_late", date(2022, 9, 28))
    assert drill_down[not_seen.pk] == (False, "not_seen", None)


def test_2_1_follows_a_child_who_moves_team_mid_month_by_each_assessments_start_date():
    # September 2022: the child is Xena's (Team X) until Thursday 15 September, then Yusuf's (Team Y).
    xena, yusuf = xena_and_yusuf()
    mover = child()
    moves_worker(mover, xena, yusuf, on=date(2022, 9, 15), since=date(2022, 1, 1))
    assessment(mover, date(2022, 9, 5), seen=date(2022, 9, 6))  # Team X's: seen the next day, in
    assessment(mover, date(2022, 9, 15), seen=date(2022, 10, 3))  # Team Y's (handover day); 10 working days
    # from 15 September, skipping the 19th, end on Friday 30 September: seen 3 October is late, out.
    result = compute("2.1", SEPTEMBER_2022)
    assert result["authority"] == (1, 2, 50.0)
    assert result["team:Team X"] == (1, 1, 100.0)
    assert result["team:Team Y"] == (0, 1, 0.0)
    assert result["worker:Xena Smith"] == (1, 1, 100.0)
    assert result["worker:Yusuf Smith"] == (0, 1, 0.0)
    assert "team:Unallocated" not in result


def test_2_1_counts_an_assessment_started_on_a_leap_day_in_february():
    # Thursday 29 February 2024 (month end) + 10 working days: 1 March (1), 4-8 (6), 11-14 (10): Thursday
    # 14 March. An assessment started 1 March is March's.
    assert add_working_days(date(2024, 2, 29), 10) == date(2024, 3, 14)
    in_time = assessment(child(), date(2024, 2, 29), seen=date(2024, 3, 14))
    late = assessment(child(), date(2024, 2, 29), seen=date(2024, 3, 15))
    assessment(child(), date(2024, 3, 1), seen=date(2024, 3, 1))
    assert compute("2.1", FEBRUARY_2024)["authority"] == (1, 2, 50.0)
    assert set(records("2.1", FEBRUARY_2024)) == {in_time.pk, late.pk}


# --- 2.3 and 2.4 ------------------------------------------------------------------------------


@pytest.fixture
def authorised_in_may():
    """Assessments authorised in May 2024, counted across Good Friday (29 March), Easter Monday
    (1 April) and the early May bank holiday (6 May).

    Thursday 28 March + 35 working days: 2-5 April (4), 8-12 (9), 15-19 (14), 22-26 (19),
    29 April-3 May (24), 7-10 May (28), 13-17 (33), 20, 21 (35): Tuesday 21 May.
    Thursday 14 March + 45 working days: 15 March (1), 18-22 (6), 25-28 (10), 2-5 April (14),
    8-12 (19), 15-19 (24), 22-26 (29), 29 April-3 May (34), 7-10 May (38), 13-17 (43), 20, 21
    (45): Tuesday 21 May.
    """
    assert add_working_days(date(2024, 3, 28), 35) == date(2024, 5, 21)
    assert add_working_days(date(2024, 3, 14), 45) == date(2024, 5, 21)
    team_x, team_y = team("Team X"), team("Team Y")
    xena, yusuf = worker(team_x, "Xena"), worker(team_y, "Yusuf")
    found = {
        "x1": assessment(child(), date(2024, 3, 28), authorised=date(2024, 5, 21)),  # exactly 35: both
        "x2": assessment(child(), date(2024, 3, 28), authorised=date(2024, 5, 22)),  # 36: 2.4 only
        "x3": assessment(child(), date(2024, 3, 14), authorised=date(2024, 5, 21)),  # exactly 45: 2.4 only
        "x4": assessment(child(), date(2024, 3, 14), authorised=date(2024, 5, 22)),  # 46: neither
        "x5": assessment(child(), date(2024, 5, 20), authorised=date(2024, 5, 31)),  # month end: both
    }
    assessment(child(), date(2024, 5, 20), authorised=date(2024, 6, 1))  # the first of June: not in
    assessment(child(), date(2024, 4, 2), authorised=date(2024, 4, 30))  # April
    assessment(child(), date(2024, 5, 2))  # not yet authorised: not in
    # x1 started in Team X's time and was authorised after a move to Team Y: the flow's event
    # date is the authorisation, so it is Team Y's.
    allocate(found["x1"].child, xena, date(2024, 1, 1), date(2024, 5, 15))
    allocate(found["x1"].child, yusuf, date(2024, 5, 15))
    allocate(found["x2"].child, xena, date(2024, 1, 1))
    return found


def test_2_3_counts_assessments_authorised_within_35_working_days(authorised_in_may):
    result = compute("2.3", MAY_2024)
    # Denominator (5): x1-x5. Numerator (2): x1, x5.
    assert result["authority"] == (2, 5, 40.0)
    assert result["team:Team X"] == (0, 1, 0.0)  # x2
    assert result["team:Team Y"] == (1, 1, 100.0)  # x1
    assert result["team:Unallocated"] == (1, 3, 33.3)
    drill_down = records("2.3", MAY_2024)
    assert set(drill_down) == {a.pk for a in authorised_in_may.values()}
    assert drill_down[authorised_in_may["x1"].pk] == (True, "met_deadline", date(2024, 5, 21))
    assert drill_down[authorised_in_may["x2"].pk] == (False, "missed_deadline", date(2024, 5, 21))


def test_2_4_counts_assessments_authorised_within_45_working_days(authorised_in_may):
    result = compute("2.4", MAY_2024)
    # Denominator (5): x1-x5. Numerator (4): x1, x2, x3, x5.
    assert result["authority"] == (4, 5, 80.0)
    assert result["team:Team X"] == (1, 1, 100.0)  # x2
    assert result["team:Team Y"] == (1, 1, 100.0)  # x1, moved to Team Y before its authorisation
    assert result["team:Unallocated"] == (2, 3, 66.7)  # x3, x4, x5
    assert result["worker:Xena Smith"] == (1, 1, 100.0)
    assert result["worker:Yusuf Smith"] == (1, 1, 100.0)
    assert result["worker:Unallocated"] == (2, 3, 66.7)
    drill_down = records("2.4", MAY_2024)
    assert drill_down[authorised_in_may["x3"].pk] == (True, "met_deadline", date(2024, 5, 21))
    assert drill_down[authorised_in_may["x4"].pk] == (False, "missed_deadline", date(2024, 5, 21))
    # x2: Thursday 28 March + 45 working days = Wednesday 5 June.
    assert drill_down[authorised_in_may["x2"].pk] == (True, "met_deadline", date(2024, 6, 5))


def test_2_3_counts_across_the_coronation_bank_holiday():
    # Monday 27 March 2023 + 35 working days, skipping Good Friday (7 April), Easter Monday
    # (10 April), the early May bank holiday (1 May) and the coronation (Monday 8 May):
    # 28-31 March (4), 3-6 April (8), 11-14 (12), 17-21 (17), 24-28 (22), 2-5 May (26),
    # 9-12 (30), 15-19 (35): Friday 19 May 2023.
    assert add_working_days(date(2023, 3, 27), 35) == date(2023, 5, 19)
    assessment(child(), date(2023, 3, 27), authorised=date(2023, 5, 19))
    assessment(child(), date(2023, 3, 27), authorised=date(2023, 5, 22))  # the Monday after: late
    assert compute("2.3", date(2023, 5, 1))["authority"] == (1, 2, 50.0)


@pytest.mark.parametrize(
    ("code", "started", "in_time"),
    [
        # Authorised on Thursday 29 February 2024, month end. 35 working days before it: Thursday
        # 11 January (12 Jan (1), 15-19 (6), 22-26 (11), 29-31 (14), 1-2 Feb (16), 5-9 (21), 12-16
        # (26), 19-23 (31), 26-29 (35)).
        ("2.3", date(2024, 1, 11), True),
        ("2.3", date(2024, 1, 10), False),  # deadline 28 February
        # 45 working days before it, skipping Christmas, Boxing Day and 1 January: Wednesday 27 December
        # 2023 (28, 29 Dec (2), 2-5 Jan (6), 8-11 (10), then the 35 above).
        ("2.4", date(2023, 12, 27), True),
        ("2.4", date(2023, 12, 22), False),  # the working day before: deadline 28 February
    ],
)
def test_2_3_and_2_4_count_an_assessment_authorised_on_a_leap_day(code, started, in_time):
    days = {"2.3": 35, "2.4": 45}[code]
    assert (add_working_days(started, days) >= date(2024, 2, 29)) is in_time
    assessment(child(), started, authorised=date(2024, 2, 29))
    assessment(child(), started, authorised=date(2024, 3, 1))  # March's
    assert compute(code, FEBRUARY_2024)["authority"] == ((1, 1, 100.0) if in_time else (0, 1, 0.0))


# --- Empty months -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["1.1", "2.1", "2.3", "2.4"])
def test_an_empty_denominator_has_no_value_rather_than_zero(code):
    team("Quiet")
    assessment(child(), date(2024, 4, 30), authorised=date(2024, 6, 3))  # neither started nor authorised in May
    result = compute(code, MAY_2024)
    assert result["authority"] == (0, 0, None)
    assert result["team:Quiet"] == (0, 0, None)
