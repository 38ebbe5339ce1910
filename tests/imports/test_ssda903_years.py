"""SSDA903: importing again, next year's return, an older return, and the product's own records."""

from datetime import date

import pytest
from auditlog.models import LogEntry

from casework import codes
from casework.models import Child, LegalStatus, LookedAfterReview, PeriodOfCare, Placement
from imports.services import YearOutOfOrder
from tests.factories import ChildFactory, PeriodOfCareFactory

from .conftest import EPISODES, HEADER, REVIEWS, import_903, issues_for, messages, table
from .test_ssda903 import RETURN_2024, _episodes

pytestmark = pytest.mark.django_db


# --- Re-importing, next year, and the product's own records ----------------------------------------


def test_importing_the_same_files_again_changes_nothing():
    import_903(RETURN_2024)
    stamps = list(Placement.objects.order_by("pk").values_list("pk", "updated_at"))
    entries = LogEntry.objects.count()

    outcome = import_903(RETURN_2024)

    assert all(count["created"] == count["updated"] == 0 for count in outcome.counts.values()), outcome.counts
    assert outcome.counts["Placements"]["unchanged"] == 4
    assert list(Placement.objects.order_by("pk").values_list("pk", "updated_at")) == stamps
    assert LogEntry.objects.count() == entries


def test_next_years_return_adds_and_updates_without_duplicating():
    import_903(RETURN_2024)
    # 2024-25: B2's open episode is given again, now ended by a move (X1), and the new placement.
    next_year = {
        "header.csv": table(HEADER, "B2,F,02/02/2010,BAFR,,,"),
        "episodes.csv": table(
            EPISODES,
            "B2,10/10/2023,S,V2,N2,U3,PR1,01/06/2024,X1,,,CD3 4EF,",
            "B2,01/06/2024,P,V2,N2,K2,PR4,,,,,EF5 6GH,",
        ),
        "reviews.csv": table(REVIEWS, "B2,02/02/2010,20/10/2023,PN1", "B2,02/02/2010,20/04/2024,PN2"),
    }

    outcome = import_903(next_year, year=2025)

    assert outcome.counts["Periods of care"] == {"created": 0, "updated": 0, "unchanged": 1}
    assert outcome.counts["Placements"] == {"created": 1, "updated": 1, "unchanged": 0}
    # The review of 20 October 2023 is in the 2023-24 year: not this return's to give (it stays as imported).
    assert outcome.counts["Looked-after reviews"] == {"created": 1, "updated": 0, "unchanged": 0}
    assert [(issue.row, issue.field) for issue in issues_for(outcome, "reviews.csv")] == [(2, "REVIEW")]
    assert LookedAfterReview.objects.filter(child__la_child_id="B2").count() == 2
    placements = list(Placement.objects.filter(child__la_child_id="B2").order_by("started_on"))
    assert [(p.started_on, p.ended_on, p.placement_type) for p in placements] == [
        (date(2023, 10, 10), date(2024, 6, 1), "U3"),
        (date(2024, 6, 1), None, "K2"),
    ]
    assert PeriodOfCare.objects.filter(child__la_child_id="B2").count() == 1
    assert placements[1].source_reference == "SSDA903 2024-25 episodes.csv row 3"


def test_a_return_that_starts_mid_period_continues_the_period_already_in_the_product():
    import_903(RETURN_2024)
    # The 2024-25 return gives B2's episodes open on 1 April 2024 only from a later change (L).
    outcome = import_903(
        {
            "header.csv": table(HEADER, "B2,F,02/02/2010,BAFR,,,"),
            "episodes.csv": table(EPISODES, "B2,01/05/2024,L,C2,N2,U3,PR1,,,,,CD3 4EF,"),
        },
        year=2025,
    )

    assert outcome.rows_rejected == 0, outcome.report.issues
    assert PeriodOfCare.objects.filter(child__la_child_id="B2").count() == 1
    assert Placement.objects.filter(child__la_child_id="B2").count() == 1  # L continues the placement
    codes_by_date = LegalStatus.objects.filter(child__la_child_id="B2").order_by("started_on")
    assert list(codes_by_date.values_list("started_on", "code")) == [
        (date(2023, 10, 10), "V2"),
        (date(2024, 5, 1), "C2"),
    ]


def test_an_older_return_does_not_undo_a_newer_one():
    import_903(
        {
            "header.csv": table(HEADER, "B2,F,02/02/2010,BAFR,,,"),
            "episodes.csv": table(EPISODES, "B2,10/10/2023,S,V2,N2,U3,PR1,01/06/2024,E4A,,,,"),
        },
        year=2025,
    )

    # 2023-24 after 2024-25: refused whole, before a row is checked (tests/imports/test_history.py).
    with pytest.raises(YearOutOfOrder):
        import_903(RETURN_2024)

    assert PeriodOfCare.objects.get(child__la_child_id="B2").ended_on == date(2024, 6, 1)
    assert not Child.objects.filter(la_child_id="A1").exists()


def test_a_child_recorded_in_the_product_is_joined_by_their_id_and_kept_as_recorded():
    child = ChildFactory(la_child_id="B2", first_name="Bea", last_name="Boateng", date_of_birth=date(2010, 2, 2))

    outcome = import_903(RETURN_2024)

    child.refresh_from_db()
    assert (child.first_name, child.source) == ("Bea", codes.Source.MANUAL)
    assert PeriodOfCare.objects.get(child=child).started_on == date(2023, 10, 10)
    assert outcome.counts["Children"] == {"created": 1, "updated": 0, "unchanged": 1}


def test_a_period_that_overlaps_one_recorded_in_the_product_is_rejected():
    child = ChildFactory(la_child_id="C9", date_of_birth=date(2010, 1, 1))
    PeriodOfCareFactory(child=child, started_on=date(2023, 5, 1))

    outcome = import_903(_episodes("C9,01/06/2023,S,C2,N1,U6,PR1,,,,,,"))

    assert messages(outcome) == [
        "This period of care (from 1 June 2023, still open) overlaps the one from 1 May 2023, still open "
        "recorded in the product: a child has one period of care at a time."
    ]
    assert PeriodOfCare.objects.count() == 1
