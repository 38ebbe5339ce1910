"""Reconciliation: the return's figures alone beside the figures from all records."""

from datetime import date

import pytest

from imports.models import BatchStatus, ImportBatch
from imports.reconciliation import chosen_month, compare, months_of
from indicators.reference import load_catalogue
from tests.factories import ChildFactory, ReferralFactory

from .conftest import cin_document, import_cin
from .test_cin_census import child_xml

pytestmark = pytest.mark.django_db

# Two episodes that do not overlap (DfE rule 8820), each closed within the 2023-24 census year (8620).
REFERRALS = "".join(
    f"<CINdetails><CINreferralDate>{day}</CINreferralDate><ReferralSource>1A</ReferralSource>"
    f"<CINclosureDate>{closed}</CINclosureDate><ReasonForClosure>RC1</ReasonForClosure></CINdetails>"
    for day, closed in (("2023-02-01", "2023-06-01"), ("2024-01-10", "2024-03-01"))
)


@pytest.fixture
def batch(cast) -> ImportBatch:
    load_catalogue()
    import_cin({"cin.xml": cin_document(child_xml(details=REFERRALS))})
    return ImportBatch.objects.create(kind="cin_census", status=BatchStatus.IMPORTED, collection_year=2024)


def line(lines, code):
    return next(item for item in lines if item.code == code)


def test_the_months_are_those_of_the_collection_year(batch):
    assert months_of(2024)[0] == date(2023, 4, 1) and months_of(2024)[-1] == date(2024, 3, 1)
    assert chosen_month(batch, None) == date(2024, 3, 1)
    assert chosen_month(batch, "2023-11") == date(2023, 11, 1)
    assert chosen_month(batch, "2019-11") == date(2024, 3, 1)  # outside the year: its end


def test_figures_from_the_return_alone_match_all_records_when_nothing_else_is_recorded(batch):
    fd8 = line(compare(batch, date(2024, 1, 1))["lines"], "FD 8")

    assert fd8.computed
    assert fd8.from_return == fd8.from_all == "1 of 1 (100.0%)"
    assert not fd8.differs


def test_a_record_entered_in_the_product_shows_as_a_difference(batch):
    ReferralFactory(child=ChildFactory(), received_on=date(2024, 1, 20))

    fd8 = line(compare(batch, date(2024, 1, 1))["lines"], "FD 8")

    assert fd8.from_return == "1 of 1 (100.0%)"
    assert fd8.from_all == "1 of 2 (50.0%)"
    assert fd8.differs


def test_the_page_names_each_figure_and_whether_it_differs(batch, client_for, cast):
    page = client_for(cast.performance).get(f"/imports/{batch.pk}/reconciliation/?month=2024-01").content.decode()

    assert "FD 8" in page and "1 of 1 (100.0%)" in page
    assert "Same" in page


def test_a_child_entered_in_the_product_counts_in_the_return_figures_for_what_the_return_brought():
    # A child recorded in the product (source manual) whose care the SSDA903 return brought in: the
    # return alone has them looked after in care since 2020 (LAC 20: 1 of 1 at 31 January 2024, same
    # placement since 2020), while a manual period of care for another child counts only in all records.
    from casework.models import PeriodOfCare, Placement
    from indicators.services import figures_for_month

    load_catalogue()
    known, other = ChildFactory(date_of_birth=date(2012, 5, 1)), ChildFactory(date_of_birth=date(2012, 5, 1))
    for person, source in ((known, "ssda903"), (other, "manual")):
        period = PeriodOfCare.objects.create(child=person, started_on=date(2020, 1, 1), source=source)
        Placement.objects.create(
            child=person,
            period_of_care=period,
            started_on=date(2020, 1, 1),
            placement_type="U4",
            carer_reference="C1",
            source=source,
        )

    from_return = figures_for_month(date(2024, 1, 1), sources={"ssda903"}, codes=["LAC 20"])["LAC 20"]
    from_all = figures_for_month(date(2024, 1, 1), codes=["LAC 20"])["LAC 20"]

    assert (from_return.numerator, from_return.denominator) == (1, 1)
    assert (from_all.numerator, from_all.denominator) == (2, 2)


def test_an_upload_of_both_returns_is_reconciled_on_what_either_brought(batch):
    # FD 8 counts the census's referral (1 of 1); the SSDA903's indicators are listed beside it, and a
    # referral entered in the product is the difference, as for the census alone.
    both = ImportBatch.objects.create(kind="both", status=BatchStatus.IMPORTED, collection_year=2024)
    ReferralFactory(child=ChildFactory(), received_on=date(2024, 1, 20))

    result = compare(both, date(2024, 1, 1))

    assert result["return_label"] == "SSDA903 and CIN census"
    assert {"LAC 11", "LAC 20", "FD 8", "CP 10"} <= {item.code for item in result["lines"]}
    fd8 = line(result["lines"], "FD 8")
    assert (fd8.from_return, fd8.from_all, fd8.differs) == ("1 of 1 (100.0%)", "1 of 2 (50.0%)", True)
