"""The records behind an average or a count of workers (W 1, 4.6, 4.1): each social worker
with their caseload (the value averaged) and a reason, as a percentage lists children."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Snapshot, Unit
from tests.factories import IndicatorFactory, SnapshotRecordFactory

from .conftest import FEBRUARY, figure, rows_of, text

pytestmark = pytest.mark.django_db


def records_page(client, indicator, scope="authority"):
    return client.get(reverse("indicators:records", args=[indicator.pk]) + f"?scope={scope}&month=2025-02")


def caseload_rows(indicator, cast, caseloads):
    """The authority's February figure from each worker's caseload, and a row per worker."""
    total = sum(caseloads.values())
    figure(indicator, FEBRUARY, numerator=total, denominator=len(caseloads), kind="reported")
    snapshot = Snapshot.objects.get(indicator=indicator, month=FEBRUARY, scope_key="authority")
    for worker, caseload in caseloads.items():
        SnapshotRecordFactory(
            snapshot=snapshot,
            record_type="worker",
            record_id=worker.pk,
            child_id=None,
            team_id=worker.team_id,
            worker_id=worker.pk,
            in_numerator=True,
            numerator=Decimal(caseload),
            denominator=Decimal(1),
            reference_date=date(2025, 2, 28),
            detail="caseload",
        )


@pytest.mark.parametrize("code", ["W 1", "4.6"])
def test_an_average_caseload_lists_each_worker_with_their_caseload_and_why(world, client_for, code):
    indicator = IndicatorFactory(code=code, title="Average caseload", unit=Unit.AVERAGE, polarity="down")
    cast = world.cast
    # 3 + 1 children over 2 case-holding workers: 2.0.
    caseload_rows(indicator, cast, {cast.social_worker_a: 3, cast.social_worker_b: 1})

    response = records_page(client_for(cast.senior), indicator)

    rows = rows_of(response, "records-table")
    assert rows[0].replace(" (sort)", "") == "Social worker Team Reference date Why Caseload"
    assert rows[1:] == [
        "Alice Archer Care Planning A 28 Feb 2025 3 children allocated on 28 February 2025 3",
        "Bea Brown Care Planning B 28 Feb 2025 1 child allocated on 28 February 2025 1",
    ]
    assert "2 social workers holding cases, with 4 children allocated between them: 4 over 2" in text(response)


def test_a_team_manager_sees_only_their_team_workers(world, client_for):
    indicator = IndicatorFactory(code="W 1", title="Average caseload", unit=Unit.AVERAGE, polarity="down")
    cast = world.cast
    caseload_rows(indicator, cast, {cast.social_worker_a: 3, cast.social_worker_b: 1})
    figure(indicator, FEBRUARY, f"team:{cast.team_a.pk}", numerator=3, denominator=1, kind="reported", team=cast.team_a)

    response = records_page(client_for(cast.manager_a), indicator, scope=f"team:{cast.team_a.pk}")

    assert rows_of(response, "records-table")[1:] == [
        "Alice Archer Care Planning A 28 Feb 2025 3 children allocated on 28 February 2025 3"
    ]


def test_a_share_of_workers_names_them_without_a_child_id_column(world, client_for):
    indicator = IndicatorFactory(code="4.3", title="Agency social workers", polarity="down")
    cast = world.cast
    figure(indicator, FEBRUARY, numerator=1, denominator=1, kind="reported")
    snapshot = Snapshot.objects.get(indicator=indicator, month=FEBRUARY, scope_key="authority")
    SnapshotRecordFactory(
        snapshot=snapshot,
        record_type="worker",
        record_id=cast.social_worker_a.pk,
        child_id=None,
        team_id=cast.team_a.pk,
        worker_id=cast.social_worker_a.pk,
        in_numerator=True,
        reference_date=date(2025, 2, 28),
        detail="agency",
    )

    rows = rows_of(records_page(client_for(cast.senior), indicator), "records-table")

    assert rows[0].replace(" (sort)", "") == "Social worker Team Reference date In the numerator Why"
    assert rows[1] == "Alice Archer Care Planning A 28 Feb 2025 Yes agency worker"
