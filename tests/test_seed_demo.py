"""The demo data: believable, repeatable, the same for the same seed.

The caseload's figures and domain rules are checked in ``tests/demo/test_caseload.py``.
"""

import hashlib
import io

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction

from casework.models import Allocation, CaseSupervision
from workforce.demo import TEAM_PLAN, TEAMS_PER_TYPE
from workforce.models import Employment, Post, SocialWorker, Team, TeamType

pytestmark = pytest.mark.django_db


def seed(seed_value: int = 1) -> str:
    out = io.StringIO()
    call_command("seed_demo", "--size", "small", "--seed", str(seed_value), "--today", "2026-11-23", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The small demo, seeded once for the tests that only read it; rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = seed()
        yield output
        transaction.set_rollback(True)


def workforce_fingerprint() -> list[tuple]:
    return list(
        SocialWorker.objects.order_by("pk").values_list(
            "first_name", "last_name", "team__name", "employment", "started_on", "ended_on", "qualified_on"
        )
    )


# References outside the caseload are read by natural key: on PostgreSQL a rolled-back seed
# does not give back the sequence numbers, so a second seed's workers have other ids.
NATURAL_KEYS = {User: "username", Team: "name", SocialWorker: "swe_number"}


def caseload_fingerprint() -> dict[str, str]:
    """Per model, a digest of every row (less the moment it was written)."""
    digests = {}
    models = [*apps.get_app_config("casework").get_models(), Allocation, CaseSupervision]
    for model in models:
        fields = []
        for field in model._meta.concrete_fields:
            if field.name in ("created_at", "updated_at"):
                continue
            target = field.related_model if field.is_relation else None
            fields.append(f"{field.name}__{NATURAL_KEYS[target]}" if target in NATURAL_KEYS else field.attname)
        digest = hashlib.sha256()
        for row in model.objects.order_by("pk").values_list(*fields).iterator(chunk_size=5000):
            digest.update(repr(row).encode())
        digests[model.__name__] = digest.hexdigest()
    return digests


def test_the_demo_authority_has_every_team_type_and_about_sixty_workers(seeded):
    assert set(Team.objects.values_list("team_type", flat=True)) == set(TeamType.values)
    in_post = SocialWorker.objects.filter(ended_on__isnull=True)
    assert 45 <= in_post.count() <= 75
    assert in_post.filter(employment=Employment.AGENCY).exists()
    assert in_post.filter(asye_started_on__isnull=False).exists()
    filled = set(in_post.exclude(post=None).values_list("post", flat=True))
    assert Post.objects.exclude(pk__in=filled).exists(), "some posts are vacant"
    assert SocialWorker.objects.filter(ended_on__isnull=False).count() > 20, "workers come and go"
    assert all(team.managers.exists() for team in Team.objects.all()), "every team has a manager"


def test_the_large_authority_is_the_size_of_the_biggest_in_england():
    posts_per_team = {team_type.value: posts for team_type, _, posts in TEAM_PLAN}
    funded = {
        size: sum(posts_per_team[kind] * count for kind, count in teams.items())
        for size, teams in TEAMS_PER_TYPE.items()
    }
    assert 600 <= funded["large"] <= 700
    assert 280 <= funded["medium"] <= 380


def test_it_prints_one_login_per_role(seeded):
    for username in ("social.worker", "team.manager", "senior.manager", "performance.officer", "administrator"):
        assert username in seeded
        assert User.objects.filter(username=username).exists()
    assert User.objects.get(username="social.worker").check_password("Northbridge-demo-2026")


def test_running_it_again_changes_nothing(seeded):
    before = workforce_fingerprint(), caseload_fingerprint()
    counts = (Team.objects.count(), Post.objects.count(), User.objects.count())
    output = seed()
    assert "already loaded" in output
    assert (workforce_fingerprint(), caseload_fingerprint()) == before
    assert (Team.objects.count(), Post.objects.count(), User.objects.count()) == counts


def test_the_demo_records_disabilities_and_assessment_factors_from_the_census_lists(seeded):
    from casework.models import Assessment, Child
    from casework.statutory.cin_census import ASSESSMENT_FACTOR_CHOICES, DISABILITY_CHOICES

    disabilities = list(Child.objects.values_list("disabilities", flat=True))
    assert all(isinstance(codes, list) for codes in disabilities)  # stored as JSON lists on every database
    used = {code for codes in disabilities for code in codes}
    assert used <= {code for code, _ in DISABILITY_CHOICES}
    assert len(used - {"NONE"}) >= 8 and any(len(codes) > 1 for codes in disabilities)  # DfE rules 2887Q, 2888Q
    assert not any("NONE" in codes and len(codes) > 1 for codes in disabilities)
    completed = Assessment.objects.filter(authorised_on__isnull=False)
    assert not completed.filter(factors=[]).exists()
    assert not Assessment.objects.filter(authorised_on__isnull=True).exclude(factors=[]).exists()
    factors = {code for codes in completed.values_list("factors", flat=True) for code in codes}
    assert factors <= {code for code, _ in ASSESSMENT_FACTOR_CHOICES} and len(factors) > 20
    nothing_found = completed.filter(factors=["21"])
    assert nothing_found.exists() and set(nothing_found.values_list("outcome", flat=True)) == {"nfa"}
