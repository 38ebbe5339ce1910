"""QA 1, QA 2, QA 3, 3.2 and 3.3 on hand-worked scenarios."""

from datetime import date

import pytest

from casework.models import AdvocacyPeriod, CaseAudit, ChildInNeedPlan
from indicators.models import Indicator

from .builders import allocate, child, cp_plan, moves_worker, supervision, team, worker, xena_and_yusuf
from .helpers import compute, ensure_catalogue, records

pytestmark = pytest.mark.django_db

FEBRUARY_2024 = date(2024, 2, 1)  # month end 29 February 2024 (a leap day)
MARCH_2024 = date(2024, 3, 1)  # month end 31 March; the 28 days up to it start on 4 March
JUNE_2024 = date(2024, 6, 1)


def audit(who, on: date, grade: str = "good", case_type: str = "CP", views_met: bool = True) -> CaseAudit:
    return CaseAudit.objects.create(
        child=who, audited_on=on, grade=grade, case_type=case_type, views_and_wishes_met=views_met
    )


def cin_plan(who, start: date, end: date | None = None) -> ChildInNeedPlan:
    return ChildInNeedPlan.objects.create(child=who, started_on=start, ended_on=end)


def advocacy(who, start: date, end: date | None = None) -> AdvocacyPeriod:
    return AdvocacyPeriod.objects.create(child=who, started_on=start, ended_on=end)


# --- QA 1 -------------------------------------------------------------------------------------


@pytest.fixture
def allocated_in_march():
    team_x, team_y = team("Team X"), team("Team Y")
    xena, yusuf = worker(team_x, "Xena"), worker(team_y, "Yusuf")
    found = {name: child() for name in ("c1", "c2", "c3", "c4", "c5", "c6", "c7")}
    allocate(found["c1"], xena, date(2024, 1, 1))
    supervision(found["c1"], date(2024, 3, 4))  # the first of the 28 days: in
    allocate(found["c2"], xena, date(2024, 1, 1))
    supervision(found["c2"], date(2024, 2, 1))
    supervision(found["c2"], date(2024, 3, 3))  # one day too early: out, last supervised 3 March
    allocate(found["c3"], yusuf, date(2024, 1, 1))
    supervision(found["c3"], date(2024, 3, 31))  # on month end: in
    allocate(found["c4"], yusuf, date(2024, 1, 1))
    supervision(found["c4"], date(2024, 4, 1))  # after month end: does not count; never supervised by then
    allocate(found["c5"], xena, date(2024, 1, 1), date(2024, 3, 31))  # allocation ended on month end: left out
    supervision(found["c5"], date(2024, 3, 20))
    supervision(found["c6"], date(2024, 3, 20))  # never allocated: left out
    allocate(found["c7"], xena, date(2024, 1, 1), date(2024, 3, 15))  # moved team mid-month:
    allocate(found["c7"], yusuf, date(2024, 3, 15))  # a stock follows the allocation at month end
    supervision(found["c7"], date(2024, 3, 10))  # supervised in Team X's time: in, for Team Y
    return found


def test_qa1_counts_allocated_children_supervised_in_the_28_days_up_to_month_end(allocated_in_march):
    result = compute("QA 1", MARCH_2024)
    # Denominator (5): c1, c2, c3, c4, c7. Numerator (3): c1, c3, c7.
    assert result["authority"] == (3, 5, 60.0)
    assert result["team:Team X"] == (1, 2, 50.0)  # c1, c2
    assert result["team:Team Y"] == (2, 3, 66.7)  # c3, c4, c7
    assert result["worker:Yusuf Smith"] == (2, 3, 66.7)
    assert "team:Unallocated" not in result
    drill_down = records("QA 1", MARCH_2024)
    found = allocated_in_march
    assert set(drill_down) == {found[name].pk for name in ("c1", "c2", "c3", "c4", "c7")}
    assert drill_down[found["c1"].pk] == (True, "supervised", date(2024, 3, 4))
    assert drill_down[found["c2"].pk] == (False, "not_supervised", date(2024, 3, 3))
    assert drill_down[found["c4"].pk] == (False, "never_supervised", None)


def test_qa1_takes_the_supervision_interval_from_the_indicator(allocated_in_march):
    ensure_catalogue()
    Indicator.objects.filter(code="QA 1").update(parameters={"supervision_interval_days": 29})
    # 29 days up to 31 March start on 3 March: c2 comes in. 4 of 5.
    assert compute("QA 1", MARCH_2024)["authority"] == (4, 5, 80.0)


def test_qa1_at_a_leap_day_month_end_counts_supervision_from_2_february():
    # Month end 29 February 2024: the 28 days up to and including it start on 2 February.
    holder = worker(team("Team X"), "Xena")
    in_time, a_day_early, on_month_end = child(), child(), child()
    for supervised, on in (
        (in_time, date(2024, 2, 2)),
        (a_day_early, date(2024, 2, 1)),
        (on_month_end, date(2024, 2, 29)),
    ):
        allocate(supervised, holder, date(2024, 1, 1))
        supervision(supervised, on)
    result = compute("QA 1", FEBRUARY_2024)
    assert result["authority"] == (2, 3, 66.7)
    assert result["worker:Xena Smith"] == (2, 3, 66.7)
    assert records("QA 1", FEBRUARY_2024)[a_day_early.pk] == (False, "not_supervised", date(2024, 2, 1))


def test_qa1_counts_a_child_with_two_allocations_open_at_month_end_once_for_the_later():
    # Xena's allocation runs to 10 April; Yusuf's started on 20 March: both are open on 31 March.
    # The child is one row, for Yusuf (the later started), supervised on 25 March: in.
    xena, yusuf = worker(team("Team X"), "Xena"), worker(team("Team Y"), "Yusuf")
    both = child()
    allocate(both, xena, date(2024, 1, 1), date(2024, 4, 10))
    allocate(both, yusuf, date(2024, 3, 20))
    supervision(both, date(2024, 3, 25))
    result = compute("QA 1", MARCH_2024)
    assert result["authority"] == (1, 1, 100.0)
    assert result["team:Team Y"] == (1, 1, 100.0)
    assert result["worker:Yusuf Smith"] == (1, 1, 100.0)
    assert result["team:Team X"] == (0, 0, None)  # no data: Xena's allocation does not count
    assert result["worker:Xena Smith"] == (0, 0, None)
    assert list(records("QA 1", MARCH_2024)) == [both.pk]


def test_qa1_of_two_allocations_started_the_same_day_counts_the_one_recorded_later():
    xena, yusuf = worker(team("Team X"), "Xena"), worker(team("Team Y"), "Yusuf")
    both = child()
    allocate(both, xena, date(2024, 3, 1), date(2024, 4, 10))
    allocate(both, yusuf, date(2024, 3, 1))
    result = compute("QA 1", MARCH_2024)
    assert result["authority"] == (0, 1, 0.0)
    assert result["team:Team Y"] == (0, 1, 0.0)


# --- QA 2 and QA 3 ----------------------------------------------------------------------------


@pytest.fixture
def audits_in_june():
    team_x, team_y = team("Team X"), team("Team Y")
    xena, yusuf = worker(team_x, "Xena"), worker(team_y, "Yusuf")
    mover = child()
    found = {
        "a1": audit(mover, date(2024, 6, 3), "outstanding"),  # Team X's (moved on 15 June)
        "a2": audit(child(), date(2024, 6, 30), "good"),  # on month end
        "a3": audit(mover, date(2024, 6, 20), "requires_improvement"),  # Team Y's
        "a4": audit(child(), date(2024, 6, 1), "inadequate"),  # the first of the month
    }
    audit(child(), date(2024, 7, 1), "good")  # the first of the next month: not in
    audit(child(), date(2024, 5, 31), "outstanding")  # May
    allocate(mover, xena, date(2024, 1, 1), date(2024, 6, 15))
    allocate(mover, yusuf, date(2024, 6, 15))
    return found


def test_qa2_counts_audits_in_month_graded_good_or_outstanding(audits_in_june):
    result = compute("QA 2", JUNE_2024)
    # Counted (2): a1 (Outstanding), a2 (Good).
    assert result["authority"] == (2, None, 2)
    assert result["team:Team X"] == (1, None, 1)  # a1
    assert result["team:Team Y"] == (0, None, 0)  # a3 is not counted
    assert result["team:Unallocated"] == (1, None, 1)  # a2
    assert result["worker:Xena Smith"] == (1, None, 1)  # a1, audited before the move
    assert result["worker:Yusuf Smith"] == (0, None, 0)
    assert set(records("QA 2", JUNE_2024)) == {audits_in_june["a1"].pk, audits_in_june["a2"].pk}


def test_qa3_is_the_share_of_audits_in_month_graded_good_or_outstanding(audits_in_june):
    result = compute("QA 3", JUNE_2024)
    # Denominator (4): a1-a4. Numerator (2): a1, a2.
    assert result["authority"] == (2, 4, 50.0)
    assert result["team:Team X"] == (1, 1, 100.0)
    assert result["team:Team Y"] == (0, 1, 0.0)
    assert result["worker:Yusuf Smith"] == (0, 1, 0.0)
    assert result["team:Unallocated"] == (1, 2, 50.0)  # a2, a4
    drill_down = records("QA 3", JUNE_2024)
    assert drill_down[audits_in_june["a1"].pk] == (True, "good", None)
    assert drill_down[audits_in_june["a4"].pk] == (False, "not_good", None)


def test_qa2_and_qa3_count_an_audit_on_a_leap_day_in_february():
    on_leap_day = audit(child(), date(2024, 2, 29), "good")  # month end
    below_good = audit(child(), date(2024, 2, 1), "requires_improvement")  # the first of the month
    audit(child(), date(2024, 3, 1), "outstanding")  # March's
    audit(child(), date(2024, 1, 31), "good")  # January's
    assert compute("QA 2", FEBRUARY_2024)["authority"] == (1, None, 1)
    assert set(records("QA 2", FEBRUARY_2024)) == {on_leap_day.pk}
    assert compute("QA 3", FEBRUARY_2024)["authority"] == (1, 2, 50.0)
    assert set(records("QA 3", FEBRUARY_2024)) == {on_leap_day.pk, below_good.pk}


# --- 3.2 --------------------------------------------------------------------------------------


def test_3_2_counts_cin_and_cp_audits_meeting_the_views_and_wishes_standard():
    team_x = team("Team X")
    xena = worker(team_x, "Xena")
    met_cin = audit(child(), date(2024, 6, 3), case_type="CIN", views_met=True)
    missed_cp = audit(child(), date(2024, 6, 4), case_type="CP", views_met=False)
    audit(child(), date(2024, 6, 5), case_type="LAC", views_met=True)  # looked after: not 3.2
    met_cp = audit(child(), date(2024, 6, 30), case_type="CP", views_met=True)  # month end
    audit(child(), date(2024, 7, 1), case_type="CIN", views_met=True)  # July
    audit(child(), date(2024, 5, 31), case_type="CIN", views_met=False)  # May
    allocate(missed_cp.child, xena, date(2024, 1, 1))

    result = compute("3.2", JUNE_2024)
    # Denominator (3): met_cin, missed_cp, met_cp. Numerator (2): met_cin, met_cp.
    assert result["authority"] == (2, 3, 66.7)
    assert result["team:Team X"] == (0, 1, 0.0)
    assert result["worker:Xena Smith"] == (0, 1, 0.0)
    assert result["team:Unallocated"] == (2, 2, 100.0)
    drill_down = records("3.2", JUNE_2024)
    assert set(drill_down) == {met_cin.pk, missed_cp.pk, met_cp.pk}
    assert drill_down[missed_cp.pk] == (False, "not_met", None)
    assert drill_down[met_cp.pk] == (True, "met", None)


def test_3_2_follows_a_child_who_moves_team_mid_month_by_each_audit_date():
    # June 2024: the child is Xena's (Team X) until 15 June, then Yusuf's (Team Y).
    xena, yusuf = xena_and_yusuf()
    mover = child()
    moves_worker(mover, xena, yusuf, on=date(2024, 6, 15), since=date(2024, 1, 1))
    audit(mover, date(2024, 6, 14), case_type="CIN", views_met=True)  # Team X's, met
    audit(mover, date(2024, 6, 15), case_type="CP", views_met=False)  # Team Y's (the handover day), not met
    result = compute("3.2", JUNE_2024)
    assert result["authority"] == (1, 2, 50.0)
    assert result["team:Team X"] == (1, 1, 100.0)
    assert result["team:Team Y"] == (0, 1, 0.0)
    assert result["worker:Xena Smith"] == (1, 1, 100.0)
    assert result["worker:Yusuf Smith"] == (0, 1, 0.0)


def test_3_2_counts_an_audit_on_a_leap_day_in_february():
    on_leap_day = audit(child(), date(2024, 2, 29), case_type="CP", views_met=True)  # month end
    audit(child(), date(2024, 3, 1), case_type="CP", views_met=True)  # March's
    assert compute("3.2", FEBRUARY_2024)["authority"] == (1, 1, 100.0)
    assert set(records("3.2", FEBRUARY_2024)) == {on_leap_day.pk}


# --- 3.3 --------------------------------------------------------------------------------------


def test_3_3_counts_children_over_five_open_as_cin_or_cp_with_an_advocate_at_month_end():
    team_x, team_y = team("Team X"), team("Team Y")
    xena, yusuf = worker(team_x, "Xena"), worker(team_y, "Yusuf")
    # Month end 31 March 2024. Over 5 in completed years is 6 or older: born on or before 31 March 2018.
    k1 = child(date(2018, 3, 31))  # 6th birthday on month end: aged 6, over 5
    cin_plan(k1, date(2024, 1, 1))
    advocacy(k1, date(2024, 3, 1))
    k2 = child(date(2018, 4, 1))  # 6 tomorrow: aged 5 at month end, not over 5, left out
    cin_plan(k2, date(2024, 1, 1))
    advocacy(k2, date(2024, 3, 1))
    aged_five = child(date(2019, 3, 30))  # turned 5 on 30 March: aged 5 is not over 5, left out
    cin_plan(aged_five, date(2024, 1, 1))
    advocacy(aged_five, date(2024, 3, 1))
    k3 = child(date(2015, 1, 1))
    cp_plan(k3, date(2024, 1, 1))  # on a CP plan, no advocate: out
    k4 = child(date(2015, 1, 1))
    cp_plan(k4, date(2024, 1, 1), date(2024, 3, 31))  # plan ended on month end: left out
    advocacy(k4, date(2024, 1, 1))
    k5 = child(date(2015, 1, 1))
    cin_plan(k5, date(2024, 1, 1))
    advocacy(k5, date(2024, 1, 1), date(2024, 3, 31))  # advocacy ended on month end: out
    k6 = child(date(2015, 1, 1))
    cin_plan(k6, date(2024, 1, 1))
    advocacy(k6, date(2024, 4, 1))  # advocacy from the first of the next month: out
    k7 = child(date(2015, 1, 1))
    advocacy(k7, date(2024, 1, 1))  # neither CIN nor CP: left out
    k8 = child(date(2015, 1, 1))
    cin_plan(k8, date(2023, 6, 1))
    cp_plan(k8, date(2024, 2, 1))  # both CIN and CP: one row
    advocacy(k8, date(2024, 2, 5))
    unborn = child(None, expected_date_of_birth=date(2024, 6, 1))
    cin_plan(unborn, date(2024, 3, 1))  # unborn: left out
    allocate(k1, xena, date(2024, 1, 1))
    allocate(k3, xena, date(2024, 1, 1), date(2024, 3, 15))  # moved team mid-month:
    allocate(k3, yusuf, date(2024, 3, 15))  # a stock follows the allocation at month end

    result = compute("3.3", MARCH_2024)
    # Denominator (5): k1, k3, k5, k6, k8. Numerator (2): k1, k8.
    assert result["authority"] == (2, 5, 40.0)
    assert result["team:Team X"] == (1, 1, 100.0)  # k1
    assert result["team:Team Y"] == (0, 1, 0.0)  # k3, moved on 15 March
    assert result["team:Unallocated"] == (1, 3, 33.3)  # k5, k6, k8
    assert result["worker:Xena Smith"] == (1, 1, 100.0)
    assert result["worker:Yusuf Smith"] == (0, 1, 0.0)
    drill_down = records("3.3", MARCH_2024)
    assert set(drill_down) == {k.pk for k in (k1, k3, k5, k6, k8)}
    assert drill_down[k1.pk] == (True, "advocate", date(2024, 3, 1))
    assert drill_down[k3.pk] == (False, "no_advocate", None)


def test_3_3_at_a_leap_day_month_end_counts_a_child_who_turned_six_the_day_before():
    # Month end 29 February 2024. A child born on 28 February 2018 turned 6 on 28 February 2024: over
    # 5. One born on 1 March 2018 turns 6 on 1 March 2024: aged 5 at month end, left out, as is one
    # born on 29 February 2020 (aged 4).
    over_five = child(date(2018, 2, 28))
    cin_plan(over_five, date(2024, 1, 1))
    advocacy(over_five, date(2024, 1, 1))
    for born in (date(2018, 3, 1), date(2020, 2, 29)):
        cin_plan(child(born), date(2024, 1, 1))
    result = compute("3.3", FEBRUARY_2024)
    assert result["authority"] == (1, 1, 100.0)
    assert set(records("3.3", FEBRUARY_2024)) == {over_five.pk}


def test_3_3_a_child_born_on_a_leap_day_is_over_5_from_1_march_of_their_sixth_year():
    # Born 29 February 2020: completed years count a 29 February birthday on 1 March in a common
    # year, so they are 5 at 28 February 2026 (left out) and 6 at 31 March 2026 (in).
    leap = child(date(2020, 2, 29))
    cin_plan(leap, date(2025, 1, 1))
    assert compute("3.3", date(2026, 2, 1))["authority"] == (0, 0, None)
    assert compute("3.3", date(2026, 3, 1))["authority"] == (0, 1, 0.0)


# --- Empty months -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["QA 1", "QA 3", "3.2", "3.3"])
def test_an_empty_denominator_has_no_value_rather_than_zero(code):
    team("Quiet")
    audit(child(), date(2024, 6, 5), case_type="LAC")  # a looked-after audit in June only
    result = compute(code, MARCH_2024)
    assert result["authority"] == (0, 0, None)
    assert result["team:Quiet"] == (0, 0, None)


def test_qa2_with_no_good_audits_is_zero():
    team("Quiet")
    audit(child(), date(2024, 6, 5), grade="inadequate")
    assert compute("QA 2", JUNE_2024)["authority"] == (0, None, 0)
