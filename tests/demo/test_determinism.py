"""The same seed gives the same demo, workforce and caseload alike; another seed differs."""

import pytest
from django.db import transaction

from tests.test_seed_demo import caseload_fingerprint, seed, workforce_fingerprint

pytestmark = pytest.mark.django_db


def seeded_fingerprint(seed_value: int) -> tuple:
    """Seed inside a savepoint, read the data, and roll it back."""
    with transaction.atomic():
        seed(seed_value)
        rows = workforce_fingerprint(), caseload_fingerprint()
        transaction.set_rollback(True)
    return rows


def test_the_same_seed_gives_the_same_data_and_another_seed_differs():
    first = seeded_fingerprint(1)
    again = seeded_fingerprint(1)
    other = seeded_fingerprint(2)
    assert len(first[0]) > 40
    assert again == first
    assert other[0] != first[0]
    assert other[1]["Contact"] != first[1]["Contact"]
