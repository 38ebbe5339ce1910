"""MC 6, MC 7, LE 2 and PLO on hand-worked scenarios."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from casework.models import CareProceedings, MissingEpisode, PreProceedings

from .builders import allocate, at, child, team, worker
from .helpers import compute, records

pytestmark = pytest.mark.django_db

UTC = ZoneInfo("UTC")
FEBRUARY_2024 = date(2024, 2, 1)  # month end 29 February 2024 (a leap day)
MARCH_2024 = date(2024, 3, 1)  # British Summer Time starts at 01:00 GMT on Sunday 31 March 2024


def episode(who, returned: datetime | None, interviewed: datetime | None = None, kind="M") -> MissingEpisode:
    started = (returned or at(date(2024, 3, 1))) - timedelta(hours=12)
    return MissingEpisode.objects.create(
        child=who, kind=kind, started_at=started, ended_at=returned, interview_completed_at=interviewed
    )


def proceedings(who, issued: date, concluded: date | None = None) -> CareProceedings:
    return CareProceedings.objects.create(child=who, issued_on=issued, concluded_on=concluded)


def pre_proceedings(who, start: date, end: date | None = None) -> PreProceedings:
    return PreProceedings.objects.create(child=who, started_on=start, ended_on=end)


# --- MC 6 and MC 7 ----------------------------------------------------------------------------


@pytest.fixture
def returns_in_march():
    team_x, team_y = team("Team X"), team("Team Y")
    xena, yusuf = worker(team_x, "Xena"), worker(team_y, "Yusuf")
    mover = child()
    found = {
        # Returned Saturday 30 March at 10:00 GMT; 72 hours later is 10:00 GMT on Tuesday 2 April,
        # which is 11:00 BST: the clocks went forward in between.
        "e1": episode(child(), at(date(2024, 3, 30), 10), at(date(2024, 4, 2), 11)),  # exactly 72 hours
        "e2": episode(child(), at(date(2024, 3, 30), 10), at(date(2024, 4, 2), 11, 1)),  # a minute over
        "e3": episode(mover, at(date(2024, 3, 1), 9)),  # the first of the month; no interview
        # Sunday 31 March at 23:30 BST (22:30 UTC): returned in March.
        "e4": episode(mover, at(date(2024, 3, 31), 23, 30), at(date(2024, 4, 1), 9)),
        "e9": episode(child(), at(date(2024, 3, 5), 10), at(date(2024, 3, 8), 10)),  # exactly 72 hours, no clock change
    }
    # Monday 1 April at 00:30 BST is 23:30 UTC on 31 March: returned in April by the local date.
    episode(child(), at(date(2024, 4, 1), 0, 30), at(date(2024, 4, 1), 10))
    episode(child(), at(date(2024, 2, 29), 23, 59), at(date(2024, 3, 1), 10))  # February
    episode(child(), at(date(2024, 3, 10)), at(date(2024, 3, 11)), kind="A")  # an absence, not a missing episode
    episode(child(), None)  # still missing
    # The mover is Team X's until the handover on 31 March, then Team Y's.
    allocate(mover, xena, date(2024, 1, 1), date(2024, 3, 31))
    allocate(mover, yusuf, date(2024, 3, 31))
    return found


def test_the_utc_and_local_dates_of_a_late_night_return_differ():
    # The scenario rests on this: 00:30 BST on 1 April is still 31 March in UTC.
    assert at(date(2024, 4, 1), 0, 30).astimezone(UTC).date() == date(2024, 3, 31)
    # Elapsed time (Python subtracts same-zone datetimes by the wall clock, hence UTC).
    assert at(date(2024, 4, 2), 11).astimezone(UTC) - at(date(2024, 3, 30), 10).astimezone(UTC) == timedelta(hours=72)


def test_mc6_counts_missing_episodes_ended_in_month_with_a_return_home_interview(returns_in_march):
    result = compute("MC 6", MARCH_2024)
    # Denominator (5): e1, e2, e3, e4, e9. Numerator (4): e1, e2, e4, e9.
    assert result["authority"] == (4, 5, 80.0)
    assert result["team:Team X"] == (0, 1, 0.0)  # e3, 1 March
    assert result["team:Team Y"] == (1, 1, 100.0)  # e4, 31 March (handover day)
    assert result["worker:Yusuf Smith"] == (1, 1, 100.0)
    assert result["team:Unallocated"] == (3, 3, 100.0)
    drill_down = records("MC 6", MARCH_2024)
    assert set(drill_down) == {e.pk for e in returns_in_march.values()}
    assert drill_down[returns_in_march["e2"].pk] == (True, "interviewed", date(2024, 4, 2))
    assert drill_down[returns_in_march["e3"].pk] == (False, "not_interviewed", None)


def test_mc7_counts_interviews_within_72_hours_of_the_return_to_the_minute(returns_in_march):
    result = compute("MC 7", MARCH_2024)
    # Denominator (5): as MC 6. Numerator (3): e1 (72 hours across the clock change), e4, e9.
    assert result["authority"] == (3, 5, 60.0)
    assert result["team:Team X"] == (0, 1, 0.0)  # e3, returned 1 March, Xena's then
    assert result["team:Team Y"] == (1, 1, 100.0)  # e4, returned on the handover day
    assert result["team:Unallocated"] == (2, 3, 66.7)  # e1, e2, e9
    assert result["worker:Xena Smith"] == (0, 1, 0.0)
    assert result["worker:Yusuf Smith"] == (1, 1, 100.0)
    assert result["worker:Unallocated"] == (2, 3, 66.7)
    drill_down = records("MC 7", MARCH_2024)
    assert drill_down[returns_in_march["e1"].pk] == (True, "on_time", date(2024, 4, 2))
    assert drill_down[returns_in_march["e2"].pk] == (False, "late", date(2024, 4, 2))
    assert drill_down[returns_in_march["e3"].pk] == (False, "not_interviewed", None)


def test_mc6_and_mc7_count_returns_on_a_leap_day_and_72_hours_across_it():
    # February 2024. Returned Wednesday 28 February at 10:00: 72 hours later is 10:00 on Saturday 2 March
    # (29 February, 1 March and 2 March). Returned Thursday 29 February (month end) at 10:00: until 10:00
    # on Sunday 3 March. No clock change in between.
    across = episode(child(), at(date(2024, 2, 28), 10), at(date(2024, 3, 2), 10))  # exactly 72 hours: in
    day_late = episode(child(), at(date(2024, 2, 28), 10), at(date(2024, 3, 3), 10))  # 96 hours: late
    leap_day = episode(child(), at(date(2024, 2, 29), 10), at(date(2024, 3, 3), 10))  # exactly 72 hours: in
    minute_late = episode(child(), at(date(2024, 2, 29), 10), at(date(2024, 3, 3), 10, 1))  # a minute over
    not_interviewed = episode(child(), at(date(2024, 2, 29), 23, 59))  # the last minute of February
    episode(child(), at(date(2024, 3, 1), 0, 1), at(date(2024, 3, 1), 9))  # March's
    mc6 = compute("MC 6", FEBRUARY_2024)
    mc7 = compute("MC 7", FEBRUARY_2024)
    # Denominator (5) for both. MC 6: four interviewed. MC 7: across and leap_day.
    assert mc6["authority"] == (4, 5, 80.0)
    assert mc7["authority"] == (2, 5, 40.0)
    drill_down = records("MC 7", FEBRUARY_2024)
    assert drill_down == {
        across.pk: (True, "on_time", date(2024, 3, 2)),
        day_late.pk: (False, "late", date(2024, 3, 3)),
        leap_day.pk: (True, "on_time", date(2024, 3, 3)),
        minute_late.pk: (False, "late", date(2024, 3, 3)),
        not_interviewed.pk: (False, "not_interviewed", None),
    }


# --- LE 2 -------------------------------------------------------------------------------------


def test_le2_counts_proceedings_concluded_within_26_weeks_of_issue():
    team_x, team_y = team("Team X"), team("Team Y")
    xena, yusuf = worker(team_x, "Xena"), worker(team_y, "Yusuf")
    mover, settled = child(), child()
    # 1 October 2023 + 182 days: 30 (to 31 Oct) + 30 (Nov) + 31 (Dec) + 31 (Jan) + 29 (Feb, leap)
    # + 31 (Mar) = 182: Sunday 31 March 2024.
    assert date(2023, 10, 1) + timedelta(days=182) == date(2024, 3, 31)
    day_182 = proceedings(child(), date(2023, 10, 1), date(2024, 3, 31))  # on month end, day 182: in
    day_183 = proceedings(mover, date(2023, 9, 30), date(2024, 3, 31))  # day 183: out
    quick = proceedings(settled, date(2024, 1, 1), date(2024, 3, 15))  # in
    proceedings(child(), date(2023, 10, 1), date(2024, 4, 1))  # the first of April: not in
    proceedings(child(), date(2023, 10, 1), date(2024, 2, 29))  # February
    proceedings(child(), date(2024, 1, 1))  # not concluded
    allocate(mover, xena, date(2023, 9, 1), date(2024, 3, 15))  # moved team mid-month:
    allocate(mover, yusuf, date(2024, 3, 15))  # Team Y's on the conclusion date
    allocate(settled, xena, date(2023, 9, 1))

    result = compute("LE 2", MARCH_2024)
    # Denominator (3): day_182, day_183, quick. Numerator (2): day_182, quick.
    assert result["authority"] == (2, 3, 66.7)
    assert result["team:Team X"] == (1, 1, 100.0)
    assert result["team:Team Y"] == (0, 1, 0.0)
    assert result["worker:Xena Smith"] == (1, 1, 100.0)
    assert result["team:Unallocated"] == (1, 1, 100.0)
    drill_down = records("LE 2", MARCH_2024)
    assert set(drill_down) == {day_182.pk, day_183.pk, quick.pk}
    assert drill_down[day_182.pk] == (True, "met_deadline", date(2024, 3, 31))
    assert drill_down[day_183.pk] == (False, "missed_deadline", date(2024, 3, 30))


# --- PLO --------------------------------------------------------------------------------------


def test_plo_counts_children_in_pre_proceedings_at_month_end():
    team_x, team_y = team("Team X"), team("Team Y")
    xena, yusuf = worker(team_x, "Xena"), worker(team_y, "Yusuf")
    open_one = pre_proceedings(child(), date(2024, 1, 1))
    pre_proceedings(child(), date(2024, 1, 1), date(2024, 2, 29))  # ended on month end: not open
    ends_after = pre_proceedings(child(), date(2024, 1, 1), date(2024, 3, 1))  # open at month end
    starts_on_month_end = pre_proceedings(child(), date(2024, 2, 29))
    pre_proceedings(child(), date(2024, 3, 1))  # starts the first of the next month
    allocate(open_one.child, xena, date(2023, 12, 1), date(2024, 2, 10))  # moved team mid-month:
    allocate(open_one.child, yusuf, date(2024, 2, 10))  # a stock follows the allocation at month end
    allocate(ends_after.child, xena, date(2023, 12, 1))

    result = compute("PLO", FEBRUARY_2024)
    # Counted (3): open_one, ends_after, starts_on_month_end.
    assert result["authority"] == (3, None, 3)
    assert result["team:Team X"] == (1, None, 1)  # ends_after
    assert result["team:Team Y"] == (1, None, 1)  # open_one, moved to Team Y on 10 February
    assert result["team:Unallocated"] == (1, None, 1)  # starts_on_month_end
    assert result["worker:Xena Smith"] == (1, None, 1)
    assert result["worker:Yusuf Smith"] == (1, None, 1)
    assert result["worker:Unallocated"] == (1, None, 1)
    drill_down = records("PLO", FEBRUARY_2024)
    assert set(drill_down) == {open_one.pk, ends_after.pk, starts_on_month_end.pk}
    assert drill_down[starts_on_month_end.pk] == (True, "started", date(2024, 2, 29))


# --- Empty months -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["MC 6", "MC 7", "LE 2"])
def test_an_empty_denominator_has_no_value_rather_than_zero(code):
    team("Quiet")
    episode(child(), at(date(2024, 3, 10)), kind="A")  # an absence only
    result = compute(code, MARCH_2024)
    assert result["authority"] == (0, 0, None)
    assert result["team:Quiet"] == (0, 0, None)


def test_plo_with_nobody_in_pre_proceedings_is_zero():
    team("Quiet")
    assert compute("PLO", MARCH_2024)["authority"] == (0, None, 0)
