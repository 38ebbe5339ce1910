"""Each rule's SQL is built once per process for a month and its parameters (services.rows_sql).

The cache rests on one property, pinned here for every calculator: building a rule's SQL makes
no query, so the SQL depends only on the rule's code, the month and the parameters.
"""

from datetime import date

import pytest

from indicators import services
from indicators.calculators import CALCULATORS
from indicators.calculators.base import Month

from .builders import allocate, child, cp_plan, cp_visit, team, worker
from .helpers import ensure_catalogue

pytestmark = pytest.mark.django_db

MARCH = Month(date(2024, 3, 1))
APRIL = Month(date(2024, 4, 1))


@pytest.mark.parametrize("code", sorted(CALCULATORS))
def test_building_a_rules_sql_makes_no_query(code, django_assert_num_queries):
    calculator = CALCULATORS[code]
    services.forget_rows_sql()
    with django_assert_num_queries(0):
        services.rows_sql(calculator, MARCH, calculator.parameters(None))


def test_the_same_month_and_parameters_give_the_sql_built_before():
    calculator = CALCULATORS["CP 13"]
    parameters = calculator.parameters(None)
    services.forget_rows_sql()

    first = services.rows_sql(calculator, MARCH, parameters)

    assert services.rows_sql(calculator, MARCH, dict(parameters)) is first
    assert len(services._ROWS_SQL) == 1


def test_another_month_or_other_parameters_build_their_own_sql():
    calculator = CALCULATORS["QA 1"]
    parameters = calculator.parameters(None)
    services.forget_rows_sql()

    march = values(services.rows_sql(calculator, MARCH, parameters))
    april = values(services.rows_sql(calculator, APRIL, parameters))
    weekly = values(services.rows_sql(calculator, MARCH, {**parameters, "supervision_interval_days": 7}))

    assert "2024-03-31" in march and "2024-04-30" in april and "2024-03-31" not in april
    # QA 1's window runs from D - (interval - 1): 4 March for 28 days, 25 March for 7.
    assert "2024-03-04" in march and "2024-03-25" not in march
    assert "2024-03-25" in weekly


def values(built: tuple[str, tuple]) -> set[str]:
    """The SQL's parameters as text (SQLite is given dates as text, PostgreSQL as dates)."""
    return {str(value) for value in built[1]}


def test_a_parameter_changed_by_an_administrator_changes_the_next_figure():
    ensure_catalogue()
    planning = team("Planning")
    holder = worker(planning, "Hana")
    visited = child()
    plan = cp_plan(visited, date(2024, 1, 1))
    cp_visit(plan, date(2024, 3, 1))  # 30 days before month end
    allocate(visited, holder, date(2024, 1, 1))
    services.forget_rows_sql()

    services.compute_month(MARCH.first, trigger="test")
    indicator = services.live_indicators().get(code="CP 13")
    assert services.Snapshot.objects.get(indicator=indicator, scope_key="authority").value is not None
    before = services.Snapshot.objects.get(indicator=indicator, scope_key="authority").numerator

    indicator.parameters = {**indicator.parameters, "visit_interval_days": 31}
    indicator.save(update_fields=["parameters"])
    services.compute_month(MARCH.first, trigger="test")

    after = services.Snapshot.objects.get(indicator=indicator, scope_key="authority").numerator
    assert (before, after) == (0, 1)
