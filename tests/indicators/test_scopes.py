"""Which scopes each indicator is computed for: every indicator for the authority, each team and
each worker, except the two written down in docs/INDICATOR_CHOICES.md."""

from importlib import import_module

import pytest
from django.apps import apps

from indicators.calculators import CALCULATORS
from indicators.models import Indicator
from indicators.reference import load_catalogue

pytestmark = pytest.mark.django_db

# P 1: a post is not a social worker. F 3: a foster carer household is not a child's case.
WITHOUT_WORKERS = {"P 1", "F 3"}
WITHOUT_TEAMS = {"F 3"}


def test_every_computed_indicator_has_team_and_worker_figures_but_p1_and_f3():
    load_catalogue()
    scopes = {
        code: (teams, workers)
        for code, teams, workers in Indicator.objects.filter(code__in=CALCULATORS).values_list(
            "code", "has_team_scope", "has_worker_scope"
        )
    }
    assert set(scopes) == set(CALCULATORS)
    for code, (teams, workers) in scopes.items():
        assert (teams, workers) == (code not in WITHOUT_TEAMS, code not in WITHOUT_WORKERS), code


def test_a_catalogue_loaded_before_gets_worker_figures_for_caseloads_and_the_workforce():
    load_catalogue()
    Indicator.objects.filter(code__in=("W 1a", "W 1e", "4.1", "4.6", "P 1")).update(has_worker_scope=False)
    migration = import_module("indicators.migrations.0006_caseload_and_workforce_worker_scope")

    migration.worker_scope_on(apps, None)

    with_workers = dict(Indicator.objects.values_list("code", "has_worker_scope"))
    assert with_workers["W 1a"] and with_workers["W 1e"] and with_workers["4.1"] and with_workers["4.6"]
    assert with_workers["P 1"] is False  # posts have no worker: left alone


def test_the_names_of_teams_and_workers_outside_the_months_scopes_are_looked_up_once_each(
    django_assert_num_queries,
):
    """A figure for a worker who has left but still holds a child, or for a team closed since,
    carries their name: found in one query per model for the whole month, not one per figure."""
    from datetime import date

    from indicators.calculators.base import Month
    from indicators.services import UNALLOCATED, Scopes
    from tests.factories import SocialWorkerFactory, TeamFactory

    closed = TeamFactory(name="Closed team", is_active=False)
    stayed = SocialWorkerFactory(first_name="Ada", last_name="Stays", team=closed)
    left = SocialWorkerFactory(first_name="Bo", last_name="Left", team=closed, ended_on=date(2024, 3, 1))
    scopes = Scopes.at(Month(date(2024, 3, 1)))
    assert stayed.pk in scopes.workers and left.pk not in scopes.workers and closed.pk not in scopes.teams
    with django_assert_num_queries(2):
        scopes.know({closed.pk, None}, {left.pk, stayed.pk, None, 999_999})
        scopes.know({closed.pk}, {left.pk})  # known now: no query
        names = (scopes.team_name(closed.pk), scopes.worker_name(left.pk), scopes.worker_name(999_999))
    assert names == ("Closed team", "Bo Left", "#999999")
    assert scopes.worker_name(None) == scopes.team_name(None) == UNALLOCATED
    assert left.pk not in scopes.workers  # named, but given no figure of their own
