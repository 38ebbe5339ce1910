"""FD 3 and FD 8 on hand-worked scenarios."""

from datetime import date

import pytest

from casework.models import Contact, Referral

from .builders import allocate, at, child, team, worker
from .helpers import compute, records

pytestmark = pytest.mark.django_db

MARCH_2024 = date(2024, 3, 1)


def contact(who, received, decided=None) -> Contact:
    return Contact.objects.create(
        child=who, received_at=received, decided_at=decided, decision="REF" if decided else ""
    )


def test_fd3_counts_decisions_within_one_working_day_as_the_dfe_does():
    kid = child()
    in_time = [
        contact(kid, at(date(2024, 3, 7)), at(date(2024, 3, 8), 16)),  # Thursday -> Friday
        contact(kid, at(date(2024, 3, 9)), at(date(2024, 3, 11), 9)),  # Saturday -> Monday
        # Thursday before Good Friday (29 March) and Easter Monday (1 April): until Tuesday 2 April.
        contact(kid, at(date(2024, 3, 28)), at(date(2024, 4, 2), 17)),
        # Sunday 31 March at 23:30 (BST): in March, and due by Tuesday 2 April.
        contact(kid, at(date(2024, 3, 31), 23, 30), at(date(2024, 4, 2), 12)),
    ]
    late = contact(kid, at(date(2024, 3, 7)), at(date(2024, 3, 9), 10))  # Thursday -> Saturday: the deadline was Friday
    contact(kid, at(date(2024, 4, 1), 0, 30), at(date(2024, 4, 1), 9))  # April, though 31 March in UTC
    contact(kid, at(date(2024, 2, 29), 23, 59), at(date(2024, 3, 1), 9))  # February
    contact(kid, at(date(2024, 3, 15)))  # no decision recorded: not in the denominator
    # 4 of 5 in time.
    assert compute("FD 3", MARCH_2024)["authority"] == (4, 5, 80.0)
    drill_down = records("FD 3", MARCH_2024)
    assert set(drill_down) == {c.pk for c in in_time} | {late.pk}
    assert drill_down[late.pk] == (False, "late", date(2024, 3, 9))


def test_fd3_attributes_each_contact_to_the_allocation_on_the_day_it_arrived():
    front_door, assessment = team("Front Door", "front_door"), team("Assessment", "assessment")
    moved = child()
    allocate(moved, worker(front_door, "Fran"), date(2024, 1, 1), date(2024, 3, 15))
    allocate(moved, worker(assessment, "Asha"), date(2024, 3, 15))
    contact(moved, at(date(2024, 3, 14)), at(date(2024, 3, 14), 15))  # Front Door's, in time
    contact(moved, at(date(2024, 3, 15)), at(date(2024, 3, 19)))  # Assessment's (handover day), late
    result = compute("FD 3", MARCH_2024)
    assert result["team:Front Door"] == (1, 1, 100.0)
    assert result["team:Assessment"] == (0, 1, 0.0)
    assert result["worker:Fran Smith"] == (1, 1, 100.0)
    assert result["worker:Asha Smith"] == (0, 1, 0.0)
    assert "team:Unallocated" not in result


def test_fd3_with_no_contacts_has_no_value_rather_than_zero():
    team("Quiet")
    result = compute("FD 3", MARCH_2024)
    assert result["authority"] == (0, 0, None)
    assert result["team:Quiet"] == (0, 0, None)


def referral(who, on: date) -> Referral:
    return Referral.objects.create(child=who, received_on=on)


def test_fd8_counts_a_referral_with_another_in_the_twelve_months_before_it():
    february = date(2024, 2, 1)
    first, second, third, fourth, fifth = child(), child(), child(), child(), child()
    referral(first, date(2023, 2, 28))
    exactly_a_year = referral(first, date(2024, 2, 28))  # 28 Feb 2023 is inside [28 Feb 2023, 28 Feb 2024)
    referral(second, date(2023, 2, 28))
    leap_day = referral(second, date(2024, 2, 29))  # 29 Feb 2024 minus 12 months is 28 Feb 2023
    referral(third, date(2023, 2, 27))
    a_day_too_late = referral(third, date(2024, 2, 28))
    same_day = [referral(fourth, date(2024, 2, 10)), referral(fourth, date(2024, 2, 10))]  # neither before the other
    referral(fifth, date(2024, 1, 31))
    repeat = referral(fifth, date(2024, 2, 1))
    referral(fifth, date(2024, 3, 1))  # March
    # Denominator: 6 February referrals. Numerator: exactly_a_year, leap_day, repeat.
    assert compute("FD 8", february)["authority"] == (3, 6, 50.0)
    drill_down = records("FD 8", february)
    assert {pk for pk, row in drill_down.items() if row[0]} == {exactly_a_year.pk, leap_day.pk, repeat.pk}
    assert drill_down[a_day_too_late.pk] == (False, "first", None)
    assert drill_down[repeat.pk] == (True, "repeat", date(2024, 1, 31))
    assert all(not drill_down[r.pk][0] for r in same_day)


def test_fd8_attributes_each_referral_to_the_allocation_on_its_date_and_a_move_mid_month():
    # February 2024. The mover is Fran's (Front Door) until 15 February, then Asha's (Assessment).
    february = date(2024, 2, 1)
    front_door, assessment = team("Front Door", "front_door"), team("Assessment", "assessment")
    team("Quiet")
    fran, asha = worker(front_door, "Fran"), worker(assessment, "Asha")
    mover, settled = child(), child()
    allocate(mover, fran, date(2023, 1, 1), date(2024, 2, 15))
    allocate(mover, asha, date(2024, 2, 15))
    allocate(settled, fran, date(2023, 1, 1))
    referral(mover, date(2023, 6, 1))
    before_move = referral(mover, date(2024, 2, 14))  # Fran's; June 2023 is within 12 months: repeat
    on_move_day = referral(mover, date(2024, 2, 15))  # Asha's (the handover day); 14 February before it: repeat
    first_for_settled = referral(settled, date(2024, 2, 29))  # month end, a leap day: Fran's, first
    referral(settled, date(2024, 3, 1))  # March
    unallocated_first = referral(child(), date(2024, 2, 1))  # nobody's: Unallocated

    result = compute("FD 8", february)
    # Denominator (4): before_move, on_move_day, first_for_settled, unallocated_first. Numerator (2): the mover's.
    assert result["authority"] == (2, 4, 50.0)
    assert result["team:Front Door"] == (1, 2, 50.0)  # before_move, first_for_settled
    assert result["team:Assessment"] == (1, 1, 100.0)  # on_move_day
    assert result["team:Unallocated"] == (0, 1, 0.0)
    assert result["team:Quiet"] == (0, 0, None)
    assert result["worker:Fran Smith"] == (1, 2, 50.0)
    assert result["worker:Asha Smith"] == (1, 1, 100.0)
    assert result["worker:Unallocated"] == (0, 1, 0.0)
    drill_down = records("FD 8", february)
    assert set(drill_down) == {r.pk for r in (before_move, on_move_day, first_for_settled, unallocated_first)}
    assert drill_down[on_move_day.pk] == (True, "repeat", date(2024, 2, 14))
    assert drill_down[first_for_settled.pk] == (False, "first", None)


def test_fd8_with_no_referrals_in_month_has_no_value_rather_than_zero():
    team("Quiet")
    referral(child(), date(2024, 2, 29))  # February's only
    result = compute("FD 8", MARCH_2024)
    assert result["authority"] == (0, 0, None)
    assert result["team:Quiet"] == (0, 0, None)
