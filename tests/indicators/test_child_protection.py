"""Child protection indicators on hand-worked scenarios."""

from datetime import date

import pytest

from .builders import allocate, child, cp_plan, cp_visit, team, worker
from .helpers import compute, records

pytestmark = pytest.mark.django_db

MARCH_2024 = date(2024, 3, 1)  # month end 31 March; the 28 days up to it start on 4 March


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
    assert drill_down[b.pk] == (False, "overdue_since", date(2024, 3, 31))
    assert drill_down[d.pk] == (False, "overdue_since", date(2024, 3, 31))
    assert drill_down[g.pk] == (False, "overdue_since", date(2024, 2, 29))
