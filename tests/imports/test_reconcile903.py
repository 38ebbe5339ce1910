"""Reconciliation of an SSDA903 return by child (issue 14): in care at 31 March, starters, leavers and
placements by type, as the files give them beside the product, with each difference explained."""

from datetime import date

import pytest

from casework.models import PeriodOfCare
from imports.models import ReturnChild
from imports.reconcile903 import compare_children
from imports.services import command_import
from tests.factories import ChildFactory
from tests.reports.conftest import text

from .conftest import EPISODES, HEADER, sources, table

pytestmark = pytest.mark.django_db

# 2018-19. K1 came into care on 15 May 2018 (U1) and is there on 31 March; K2 came and went (10 June to
# 1 December 2018); K3 moved to U3 on 15 September 2018 and the open episode has a REC without a DEC
# (DfE rule 148): both of K3's episodes are refused, so the product has no care for K3.
RETURN_2019 = {
    "header.csv": table(HEADER, "K1,1,15/01/2010,WBRI,,,", "K2,2,15/01/2011,WBRI,,,", "K3,1,15/01/2009,WBRI,,,"),
    "episodes.csv": table(
        EPISODES,
        "K1,15/05/2018,S,C2,N1,U1,PR1,,,,,,",
        "K2,10/06/2018,S,V2,N1,U3,PR1,01/12/2018,E4A,,,,",
        "K3,15/05/2017,S,C2,N1,U1,PR1,15/09/2018,X1,,,,",
        "K3,15/09/2018,P,C2,N1,U3,PR1,,E4A,,,,",
    ),
}


@pytest.fixture
def batch(cast):
    # K4: a period of care entered in the product, from 1 July 2018, open.
    PeriodOfCare.objects.create(
        child=ChildFactory(la_child_id="K4", date_of_birth=date(2012, 1, 1)), started_on=date(2018, 7, 1)
    )
    outcome = command_import(kind="ssda903", sources=sources(RETURN_2019), year=2019, by=cast.performance, run_by="t")
    assert outcome.rows_rejected == 2
    from imports.models import ImportBatch

    return ImportBatch.objects.get()


def test_the_files_side_is_kept_with_the_batch_refused_rows_included(batch):
    kept = ReturnChild.objects.filter(batch=batch).order_by("child")
    assert [(c.child, c.in_care_at_end, c.started, c.left, c.placement_at_end) for c in kept] == [
        ("K1", True, True, False, "U1"),
        ("K2", False, True, True, ""),
        ("K3", True, False, False, "U3"),
    ]


def test_the_totals_and_placements_are_side_by_side_and_each_difference_is_explained(batch):
    result = compare_children(batch)

    assert result["totals"] == [
        ("in care at 31 March", 2, 2),  # files K1, K3; product K1, K4
        ("started to be looked after", 2, 3),  # files K1, K2; product K1, K2, K4
        ("ceased", 1, 1),  # K2
    ]
    assert result["placement_types"] == [("U1", 1, 1), ("U3", 1, 0)]
    assert [(d.child, d.what) for d in result["differences"]] == [
        ("K3", ["in care at 31 March in the files, not the product"]),
        (
            "K4",
            [
                "in care at 31 March in the product, not the files",
                "started to be looked after in the product, not the files",
            ],
        ),
    ]
    k3, k4 = result["differences"]
    assert any("REC" in reason and "(DfE rule 148)" in reason for reason in k3.explained_by)
    assert k4.explained_by == [
        "This child is not in the return's episodes: the product's own records, or another return."
    ]


def test_a_later_years_return_that_repairs_a_child_changes_the_difference(batch, cast):
    command_import(
        kind="ssda903",
        sources=sources(
            {
                "header.csv": table(HEADER, "K3,1,15/01/2009,WBRI,,,"),
                "episodes.csv": table(EPISODES, "K3,15/09/2018,P,C2,N1,U3,PR1,10/10/2019,E4A,,,,"),
            }
        ),
        year=2020,
        by=cast.performance,
        run_by="t",
    )

    # K3 is in care at 31 March 2019 now; the product's care starts at the 2019-20 return's first episode, as
    # the 2018-19 episodes stay refused: a start the files do not give, explained by that refusal.
    k3, k4 = compare_children(batch)["differences"]
    assert (k3.child, k3.what) == ("K3", ["started to be looked after in the product, not the files"])
    assert any("(DfE rule 148)" in reason for reason in k3.explained_by)
    assert k4.child == "K4"


def test_the_page_shows_the_children_to_a_performance_officer_in_bounded_queries(
    batch, client_for, cast, django_assert_max_num_queries
):
    from indicators.reference import load_catalogue

    load_catalogue()
    client = client_for(cast.performance)
    with django_assert_max_num_queries(40):
        page = client.get(f"/imports/{batch.pk}/reconciliation/").content.decode()

    assert "Differences by child (2)" in page
    assert "in care at 31 March in the files, not the product" in page
    assert "(DfE rule 148)" in page


def test_a_social_worker_may_not_see_the_reconciliation(batch, client_for, cast):
    response = client_for(cast.worker_a).get(f"/imports/{batch.pk}/reconciliation/")

    assert response.status_code == 403
    # The page's words, not its markup: a random CSRF token or CSP nonce may spell "K3".
    assert "K3" not in text(response)


def test_the_comparison_takes_the_same_queries_whatever_the_number_of_children(batch, django_assert_max_num_queries):
    for number in range(30):
        PeriodOfCare.objects.create(
            child=ChildFactory(la_child_id=f"M{number}", date_of_birth=date(2012, 1, 1)), started_on=date(2018, 7, 1)
        )

    with django_assert_max_num_queries(8):
        result = compare_children(batch)

    assert result["difference_count"] == 32


def test_a_difference_made_by_a_later_years_correction_says_so(cast):
    # 2018-19 says K5 moved to U3 on 15 January 2019; 2019-20 corrects it: still in U1 (the open episode from
    # 15 May 2018). At 31 March 2019 the files of 2018-19 say U3, the product U1: the 2019-20 return did it.
    header = table(HEADER, "K5,1,15/01/2010,WBRI,,,")
    command_import(
        kind="ssda903",
        sources=sources(
            {
                "header.csv": header,
                "episodes.csv": table(
                    EPISODES, "K5,15/05/2018,S,C2,N1,U1,PR1,15/01/2019,X1,,,,", "K5,15/01/2019,P,C2,N1,U3,PR1,,,,,,"
                ),
            }
        ),
        year=2019,
        by=cast.performance,
        run_by="t",
    )
    command_import(
        kind="ssda903",
        sources=sources({"header.csv": header, "episodes.csv": table(EPISODES, "K5,15/05/2018,S,C2,N1,U1,PR1,,,,,,")}),
        year=2020,
        by=cast.performance,
        run_by="t",
    )
    from imports.models import ImportBatch

    [difference] = compare_children(ImportBatch.objects.get(collection_year=2019))["differences"]

    assert (difference.child, difference.what) == ("K5", ["placement at 31 March U3 in the files, U1 in the product"])
    assert difference.explained_by == ["Corrected by the 2019-20 SSDA903 return (its records of this child's care)."]
