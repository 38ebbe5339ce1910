"""Who may open each report page, and that a refused page shows nothing of what it guards.

Scorecards and sign-off are for senior managers and performance officers; team KPIs,
indicators and drill-downs also for team managers, within their own team; social
workers, administrators and people with no role see no figures at all.
"""

import pytest
from django.test import Client
from django.urls import reverse

from indicators.models import Commentary, MonthSignOff, Snapshot

from .conftest import MARCH, team_key, text, worker_key

pytestmark = pytest.mark.django_db

EVERYONE = ["worker_a", "manager_a", "worker_b", "senior", "performance", "admin", "nobody"]


def pages(world) -> dict[str, str]:
    cast = world.cast
    visits = world.visits.pk
    return {
        "scorecards": reverse("indicators:scorecards"),
        "scorecard": reverse("indicators:scorecard", args=[world.scorecard.slug]),
        "team kpis": reverse("indicators:team_kpis"),
        "indicator": reverse("indicators:indicator", args=[visits]),
        "indicator for team A": reverse("indicators:indicator", args=[visits]) + f"?scope={team_key(cast.team_a)}",
        "records for team A": reverse("indicators:records", args=[visits]) + f"?scope={team_key(cast.team_a)}",
        "commentary for team A": reverse("indicators:commentary", args=[visits]) + f"?scope={team_key(cast.team_a)}",
        "sign-off": reverse("indicators:sign_off"),
        "sign off March": reverse("indicators:sign_off_month", args=["2025-03"]),
    }


ALLOWED = {
    "scorecards": {"senior", "performance"},
    "scorecard": {"senior", "performance"},
    "team kpis": {"manager_a", "senior", "performance"},
    "indicator": {"manager_a", "senior", "performance"},
    "indicator for team A": {"manager_a", "senior", "performance"},
    "records for team A": {"manager_a", "senior", "performance"},
    "commentary for team A": {"manager_a", "senior", "performance"},
    "sign-off": {"senior", "performance"},
    "sign off March": {"performance"},
}


@pytest.mark.parametrize("page", list(ALLOWED))
def test_each_page_opens_only_for_the_roles_it_is_for(page, world, client_for):
    url = pages(world)[page]
    for name in EVERYONE:
        response = client_for(getattr(world.cast, name)).get(url)
        expected = 200 if name in ALLOWED[page] else 403
        assert response.status_code == expected, f"{name} on {page}"
        if expected == 403:
            # The page's words, not its markup: a random CSRF token or CSP nonce may spell "Amy".
            assert "Amy" not in text(response) and "2 of 4" not in text(response)
            assert b"Amy Adams" not in response.content


@pytest.mark.parametrize("page", list(ALLOWED))
def test_each_page_asks_a_visitor_to_sign_in(page, world):
    response = Client().get(pages(world)[page])

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_team_manager_cannot_open_another_teams_figures_or_children(world, client_for):
    cast = world.cast
    manager = client_for(cast.manager_a)
    visits = world.visits.pk
    refused = [
        reverse("indicators:team_kpis") + f"?team={cast.team_b.pk}",
        reverse("indicators:indicator", args=[visits]) + f"?scope={team_key(cast.team_b)}",
        reverse("indicators:indicator", args=[visits]) + f"?scope={worker_key(cast.social_worker_b)}",
        reverse("indicators:indicator", args=[visits]) + "?scope=team:unallocated",
        reverse("indicators:records", args=[visits]) + f"?scope={team_key(cast.team_b)}&month=2025-02",
        reverse("indicators:records", args=[visits]) + f"?scope={worker_key(cast.social_worker_b)}&month=2025-02",
        reverse("indicators:records", args=[visits]) + f"?scope={team_key(cast.team_b)}&month=2025-02&_export=csv",
        reverse("indicators:commentary", args=[visits]) + f"?scope={team_key(cast.team_b)}",
        reverse("indicators:team_kpis") + f"?team={cast.team_b.pk}&_export=csv",
    ]
    for url in refused:
        response = manager.get(url)
        assert response.status_code == 404, url
        assert "Bob" not in text(response) and "Baker" not in text(response) and b"Bob Baker" not in response.content
        assert cast.team_b.name.encode() not in response.content


def test_a_team_manager_may_open_their_own_teams_workers(world, client_for):
    url = reverse("indicators:indicator", args=[world.visits.pk]) + f"?scope={worker_key(world.cast.social_worker_a)}"

    response = client_for(world.cast.manager_a).get(url)

    assert response.status_code == 200
    assert b"Alice Archer" in response.content


def test_a_malformed_scope_or_month_is_not_found(world, client_for):
    senior = client_for(world.cast.senior)
    indicator = reverse("indicators:indicator", args=[world.visits.pk])
    for query in ("?scope=team:abc", "?scope=everything", "?scope=team:999999", "?month=2025-13", "?month=March"):
        assert senior.get(indicator + query).status_code == 404, query
    assert senior.get(reverse("indicators:scorecard", args=["no-such-card"])).status_code == 404
    assert senior.get(reverse("indicators:indicator", args=[999999])).status_code == 404


def test_a_refused_comment_or_sign_off_changes_nothing(world, client_for):
    cast = world.cast
    comment_url = reverse("indicators:commentary", args=[world.visits.pk])
    before = (Commentary.objects.count(), MonthSignOff.objects.count(), list(Snapshot.objects.values_list("kind")))

    # A team manager may not write on the authority's figure; a social worker on none.
    assert client_for(cast.manager_a).post(comment_url + "?scope=authority", {"text": "x"}).status_code == 403
    assert (
        client_for(cast.worker_a).post(comment_url + f"?scope={team_key(cast.team_a)}", {"text": "x"}).status_code
        == 403
    )
    # Only performance officers sign off.
    for name in ("senior", "manager_a", "admin"):
        response = client_for(getattr(cast, name)).post(reverse("indicators:sign_off_month", args=["2025-03"]))
        assert response.status_code == 403

    assert (
        Commentary.objects.count(),
        MonthSignOff.objects.count(),
        list(Snapshot.objects.values_list("kind")),
    ) == before
    assert not MonthSignOff.objects.filter(month=MARCH).exists()
