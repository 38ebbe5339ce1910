"""The pre-submission check: failures of the return the product would send, by child and rule."""

import csv
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from returns.validation import CIN_CENSUS, SSDA903, check_return, counts_by_rule
from tests.factories import (
    AdoptionFactory,
    ChildFactory,
    LegalStatusFactory,
    PeriodOfCareFactory,
    PlacementFactory,
)

URL = reverse("returns:checks")


@pytest.fixture
def faulty(db):
    """Two faults of the records, each found by a rule of the import:
    - R: a decision to place for adoption reversed in the year, with no reason (DfE rule 119);
    - H: an H5 placement (withdrawn from 2024-25) open in 2025-26."""
    r = ChildFactory(la_child_id="R", date_of_birth=date(2022, 1, 1))
    care = PeriodOfCareFactory(child=r, started_on=date(2025, 4, 10))
    LegalStatusFactory(period_of_care=care, child=r, started_on=date(2025, 4, 10), code="C2")
    PlacementFactory(period_of_care=care, child=r, started_on=date(2025, 4, 10), placement_type="U6", provider="PR1")
    AdoptionFactory(child=r, period_of_care=care, decision_on=date(2025, 5, 1), ceased_on=date(2025, 9, 1))
    h = ChildFactory(la_child_id="H", date_of_birth=date(2008, 1, 1))
    h_care = PeriodOfCareFactory(child=h, started_on=date(2025, 5, 1))
    LegalStatusFactory(period_of_care=h_care, child=h, started_on=date(2025, 5, 1), code="V2")
    PlacementFactory(period_of_care=h_care, child=h, started_on=date(2025, 5, 1), placement_type="H5", provider="PR4")
    return r, h


def test_the_check_names_each_failure_by_child_and_rule(faulty):
    failures = [f for f in check_return(SSDA903, 2026) if f.severity == "error"]
    found = {(f.child, f.field, f.rule) for f in failures}
    assert ("R", "REASON_PLACED_CEASED", "DfE rule 119") in found
    assert ("H", "PLACE", "Product check: PLACE") in found
    assert dict(counts_by_rule(failures))["DfE rule 119"] == 1


def test_a_census_with_nothing_wrong_has_no_failures(faulty):
    assert check_return(CIN_CENSUS, 2026) == []


def test_the_command_writes_the_failures_as_csv(faulty, tmp_path):
    out = StringIO()
    call_command(
        "export_ssda903", "--year", "2026", str(tmp_path / "903"), "--errors-csv", str(tmp_path / "e.csv"), stdout=out
    )
    assert "  DfE rule 119: 1" in out.getvalue()
    with (tmp_path / "e.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {(row["Child"], row["Rule"], row["Column"]) for row in rows} >= {
        ("R", "DfE rule 119", "REASON_PLACED_CEASED"),
        ("H", "Product check: PLACE", "PLACE"),
    }


def test_the_page_lists_failures_with_a_link_to_the_child(faulty, cast, client_for):
    r, h = faulty
    page = client_for(cast.performance).get(URL, {"return_name": "SSDA903", "year": "2026"})
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("casework:child", args=[r.pk]) in html
    assert reverse("casework:child", args=[h.pk]) in html
    assert "DfE rule 119" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"return_name": "CIN census", "year": "2027"},
            "The product writes the CIN census for the years 2021 to 2026.",
        ),
        ({"return_name": "SSDA903", "year": "twenty"}, "Enter the collection year as four digits, like 2026."),
        ({"return_name": "OC9", "year": "2026"}, "Select a valid choice."),
    ],
)
def test_a_bad_choice_is_explained(cast, client_for, query, message):
    page = client_for(cast.performance).get(URL, query)
    assert page.status_code == 400
    assert message in page.content.decode()
    assert 'id="result"' not in page.content.decode()


@pytest.mark.parametrize("who", ["worker_a", "manager_a", "senior", "admin"])
def test_only_performance_officers_may_check(cast, client_for, who):
    assert client_for(getattr(cast, who)).get(URL, {"return_name": "SSDA903", "year": "2026"}).status_code == 403


def entries(what: str):
    from auditlog.models import LogEntry

    return LogEntry.objects.filter(additional_data__return=what)


def test_the_failures_download_as_csv_and_the_download_is_audited(faulty, cast, client_for):
    response = client_for(cast.performance).get(
        reverse("returns:checks_csv"), {"return_name": "SSDA903", "year": "2026"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ssda903-2026-failures.csv"'
    rows = list(csv.DictReader(StringIO(response.content.decode("utf-8-sig"))))
    assert ("R", "DfE rule 119") in {(row["Child"], row["Rule"]) for row in rows}
    (entry,) = entries("SSDA903 failures")
    assert entry.actor == cast.performance
    assert entry.additional_data["rows_by_table"] == {"failures": len(rows)}


def test_the_returns_download_from_the_page_audited(faulty, cast, client_for):
    import io
    import zipfile
    from xml.etree import ElementTree as ET

    client = client_for(cast.performance)
    response = client.post(reverse("returns:download"), {"return_name": "SSDA903", "year": "2026"})
    assert response["Content-Disposition"] == 'attachment; filename="ssda903-2026.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "episodes.csv" in archive.namelist()
    episodes = list(csv.DictReader(StringIO(archive.read("episodes.csv").decode("utf-8"))))
    assert sorted(row["CHILD"] for row in episodes) == ["H", "R"]
    (entry,) = entries("SSDA903")
    assert entry.additional_data["rows_by_table"]["episodes.csv"] == 2
    assert entry.actor == cast.performance

    ChildFactory(la_child_id="N")  # not in need: not in the census
    response = client.post(reverse("returns:download"), {"return_name": "CIN census", "year": "2026"})
    assert response["Content-Disposition"] == 'attachment; filename="cin-census-2026.xml"'
    assert ET.fromstring(response.content).find("Header/CollectionDetails/Year").text == "2026"
    assert entries("CIN census").count() == 1


def test_a_bad_year_downloads_nothing(cast, client_for):
    response = client_for(cast.performance).post(
        reverse("returns:download"), {"return_name": "SSDA903", "year": "2017"}
    )
    assert response.status_code == 400
    assert "The product writes the SSDA903 for the years 2018 to 2027." in response.content.decode()
    assert not entries("SSDA903").exists()


@pytest.mark.parametrize("url", ["returns:download", "returns:checks_csv"])
def test_only_performance_officers_may_download_returns(cast, client_for, url):
    client = client_for(cast.senior)
    assert client.get(reverse(url), {"return_name": "SSDA903", "year": "2026"}).status_code == 403
    assert client.post(reverse("returns:download"), {"return_name": "SSDA903", "year": "2026"}).status_code == 403
    assert not entries("SSDA903").exists() and not entries("SSDA903 failures").exists()


def test_the_differences_between_the_return_and_its_own_records_are_not_failures(faulty):
    # R's placement goes on after the year: the return leaves its end empty, the import would say
    # the placement "is already in the product and is kept as it is". Not a fault of the return.
    from casework.models import Placement

    Placement.objects.filter(child__la_child_id="R").update(ended_on=date(2026, 5, 1))
    failures = check_return(SSDA903, 2026)
    assert [f for f in failures if "already in the product" in f.message] == []
    assert {f.rule for f in failures if f.child == "R"} == {"DfE rule 119"}
