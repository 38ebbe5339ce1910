"""The migration that moves the product's own records to the DfE's meanings (0003_ssda903_codes_from_dfe)."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.utils import timezone

from casework.models import CareLeaverBirthdayRecord, Placement
from core.horizon import figures_horizon
from core.models import RecomputeRequest
from core.periods import month_start
from tests.factories import ChildFactory, PeriodOfCareFactory, PlacementFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("casework.migrations.0003_ssda903_codes_from_dfe")


def test_the_products_own_placements_take_the_dfe_rne_and_a_returns_keep_the_files():
    period = PeriodOfCareFactory(started_on=date(2020, 1, 1))
    # Recorded in the product under the old labels: T "legal status, placement and carer", U "placement
    # type only, same carer", B "legal status and placement type, same carer".
    old = {
        reason: PlacementFactory(
            period_of_care=period,
            started_on=date(2020, month, 1),
            ended_on=date(2020, month + 1, 1),
            reason_new_episode=reason,
        )
        for month, reason in ((2, "T"), (3, "U"), (4, "B"), (5, "P"))
    }
    imported = PlacementFactory(
        period_of_care=period, started_on=date(2020, 6, 1), reason_new_episode="T", source="ssda903"
    )

    migration.forwards(apps, None)

    now = dict(Placement.objects.values_list("pk", "reason_new_episode"))
    assert {reason: now[p.pk] for reason, p in old.items()} == {"T": "B", "U": "T", "B": "U", "P": "P"}
    assert now[imported.pk] == "T"


def test_care_leaver_codes_off_the_dfe_list_are_replaced():
    def record(activity, accommodation, source="manual"):
        child = ChildFactory(date_of_birth=date(2005, 10, 10))
        return CareLeaverBirthdayRecord.objects.create(
            child=child,
            age=18,
            birthday_on=date(2023, 10, 10),
            activity=activity,
            accommodation=accommodation,
            source=source,
        )

    own = record("F3", "S1")
    own_part_time = record("P3", "X1")
    from_return = record("P3", "X1", source="ssda903")
    untouched = record("F2", "K1")

    migration.forwards(apps, None)

    rows = dict(
        (pk, (a, b)) for pk, a, b in CareLeaverBirthdayRecord.objects.values_list("pk", "activity", "accommodation")
    )
    assert rows[own.pk] == ("F4", "S2")
    assert rows[own_part_time.pk] == ("P4", "X2")
    assert rows[from_return.pk] == ("0", "0")
    assert rows[untouched.pk] == ("F2", "K1")


def test_every_month_is_recomputed_when_there_are_placements():
    PlacementFactory(reason_new_episode="P")
    RecomputeRequest.objects.all().delete()  # the factory's save marked its own months

    migration.forwards(apps, None)

    (request,) = RecomputeRequest.objects.all()
    assert (request.first_month, request.last_month) == (figures_horizon(), month_start(timezone.localdate()))
    assert request.reason == "SSDA903 codes read as the DfE's"


def test_nothing_is_recomputed_without_placements_or_care_leaver_records():
    migration.forwards(apps, None)

    assert not RecomputeRequest.objects.exists()
