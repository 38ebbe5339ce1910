"""The demo data: believable, repeatable, the same for the same seed."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction

from workforce.models import Employment, Post, SocialWorker, Team, TeamType

pytestmark = pytest.mark.django_db


def seed(**options) -> str:
    out = io.StringIO()
    call_command(
        "seed_demo", "--size", "small", "--seed", str(options.get("seed", 1)), "--today", "2026-11-23", stdout=out
    )
    return out.getvalue()


def fingerprint() -> list[tuple]:
    return list(
        SocialWorker.objects.order_by("pk").values_list(
            "first_name", "last_name", "team__name", "employment", "started_on", "ended_on", "qualified_on"
        )
    )


def test_the_demo_authority_has_every_team_type_and_about_sixty_workers():
    seed()
    assert set(Team.objects.values_list("team_type", flat=True)) == set(TeamType.values)
    in_post = SocialWorker.objects.filter(ended_on__isnull=True)
    assert 45 <= in_post.count() <= 75
    assert in_post.filter(employment=Employment.AGENCY).exists()
    assert in_post.filter(asye_started_on__isnull=False).exists()
    filled = set(in_post.exclude(post=None).values_list("post", flat=True))
    assert Post.objects.exclude(pk__in=filled).exists(), "some posts are vacant"


def test_it_prints_one_login_per_role():
    output = seed()
    for username in ("social.worker", "team.manager", "senior.manager", "performance.officer", "administrator"):
        assert username in output
        assert User.objects.filter(username=username).exists()


def test_running_it_again_changes_nothing():
    seed()
    before = fingerprint()
    counts = (Team.objects.count(), Post.objects.count(), User.objects.count())
    output = seed()
    assert "already loaded" in output
    assert fingerprint() == before
    assert (Team.objects.count(), Post.objects.count(), User.objects.count()) == counts


def seeded_fingerprint(seed_value: int) -> list[tuple]:
    """Seed inside a savepoint, read the data, and roll it back."""
    with transaction.atomic():
        seed(seed=seed_value)
        rows = fingerprint()
        transaction.set_rollback(True)
    return rows


def test_the_same_seed_gives_the_same_data_and_another_seed_differs():
    first = seeded_fingerprint(1)
    again = seeded_fingerprint(1)
    other = seeded_fingerprint(2)
    assert len(first) > 40
    assert again == first
    assert other != first
