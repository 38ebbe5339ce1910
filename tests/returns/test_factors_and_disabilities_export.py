"""The factors identified at assessment and the child's disabilities in the returns: the CIN census's
FactorsIdentifiedAtAssessment and Disabilities (DfE rules 8897Q, 8614), read back by the product's own
import, and Annex A's "Does the Child have a Disability"."""

import io
from datetime import date
from xml.etree import ElementTree as ET

import pytest

from casework.models import Assessment, Child, Referral
from imports.readers import Source
from imports.services import check_files, import_files
from returns.annex_a import codes as annex_codes
from returns.annex_a.common import Period
from returns.annex_a.workbook import annex_a_rows
from returns.cin_census.writer import build_census
from tests.factories import AssessmentFactory, ChildFactory, ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def authority():
    # D: two disabilities; an assessment completed in the year with two factors, and one completed on
    # 1 April 2026 (after the year), whose factors are not yet known at 31 March.
    d = ChildFactory(la_child_id="D", date_of_birth=date(2014, 4, 4), disabilities=["LD", "AUT"])
    referral = ReferralFactory(child=d, received_on=date(2025, 5, 2))
    AssessmentFactory(
        child=d, referral=referral, started_on=date(2025, 5, 3), authorised_on=date(2025, 6, 10), factors=["3B", "4B"]
    )
    AssessmentFactory(
        child=d, referral=referral, started_on=date(2026, 3, 2), authorised_on=date(2026, 4, 1), factors=["16A"]
    )
    # N: no disability; an assessment that found nothing. U: disabilities not recorded, assessment open.
    n = ChildFactory(la_child_id="N", date_of_birth=date(2015, 5, 5), disabilities=["NONE"])
    nfa = ReferralFactory(child=n, received_on=date(2025, 7, 1))
    AssessmentFactory(
        child=n,
        referral=nfa,
        started_on=date(2025, 7, 2),
        authorised_on=date(2025, 8, 1),
        outcome="nfa",
        factors=["21"],
    )
    u = ChildFactory(la_child_id="U", date_of_birth=date(2016, 6, 6))
    AssessmentFactory(
        child=u, referral=ReferralFactory(child=u, received_on=date(2025, 9, 1)), started_on=date(2025, 9, 2)
    )


def census_children() -> dict[str, ET.Element]:
    root = ET.fromstring(build_census(2026, lea="201").xml)
    return {child.find("ChildIdentifiers/LAchildID").text: child for child in root.iter("Child")}


def test_the_census_writes_the_disabilities_after_the_ethnicity(authority):
    written = census_children()
    characteristics = written["D"].find("ChildCharacteristics")
    assert [element.tag for element in characteristics] == ["Ethnicity", "Disabilities"]
    assert [element.text for element in characteristics.find("Disabilities")] == ["LD", "AUT"]
    assert [e.text for e in written["N"].findall("ChildCharacteristics/Disabilities/Disability")] == ["NONE"]
    assert written["U"].find("ChildCharacteristics/Disabilities") is None  # not recorded: not written


def test_the_census_writes_the_factors_of_an_assessment_completed_in_the_year_only(authority):
    written = census_children()
    first, second = written["D"].findall("CINdetails/Assessments")
    assert [element.tag for element in first] == [
        "AssessmentActualStartDate",
        "AssessmentAuthorisationDate",
        "FactorsIdentifiedAtAssessment",
    ]
    assert [e.text for e in first.findall("FactorsIdentifiedAtAssessment/AssessmentFactors")] == ["3B", "4B"]
    # Completed after 31 March: neither its completion nor its factors are written (DfE rule 8614).
    assert [element.tag for element in second] == ["AssessmentActualStartDate"]
    assert [e.text for e in written["N"].findall("CINdetails/Assessments/FactorsIdentifiedAtAssessment/*")] == ["21"]
    assert written["U"].find("CINdetails/Assessments/FactorsIdentifiedAtAssessment") is None


def test_the_products_own_import_reads_them_back(authority):
    xml = build_census(2026, lea="201").xml
    source = Source("cin.xml", lambda: io.BytesIO(xml), len(xml))
    assert [issue.as_line() for issue in check_files("cin_census", [source]).report.errors] == []
    # Into a database emptied of children (the product's own records would be kept as they are).
    Assessment.objects.all().delete()
    Referral.objects.all().delete()
    Child.objects.all().delete()
    import_files("cin_census", [source])
    assert Child.objects.get(la_child_id="D").disabilities == ["LD", "AUT"]
    assert Child.objects.get(la_child_id="N").disabilities == ["NONE"]
    assert dict(Assessment.objects.values_list("started_on", "factors")) == {
        date(2025, 5, 3): ["3B", "4B"],
        date(2026, 3, 2): [],
        date(2025, 7, 2): ["21"],
        date(2025, 9, 2): [],
    }


def test_annex_a_says_whether_the_child_has_a_disability_where_it_is_recorded(authority):
    assessments = {row[0]: row for row in annex_a_rows(Period(date(2025, 10, 1), date(2026, 3, 31)))[4]}
    # List 4: Child Unique ID, Gender, Ethnicity, Date of Birth, Age, Does the Child have a Disability, ...
    assert assessments["D"][5] == annex_codes.YES == "a) Yes"
    assert assessments["U"][5] == annex_codes.UNKNOWN == "c) Unknown"
    assert {row[0] for row in annex_a_rows(Period(date(2025, 7, 1), date(2025, 7, 31)))[4]} == {"N"}
    assert annex_a_rows(Period(date(2025, 7, 1), date(2025, 7, 31)))[4][0][5] == annex_codes.NO == "b) No"
