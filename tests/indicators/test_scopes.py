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
