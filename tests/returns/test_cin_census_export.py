"""The children in need census written from a small hand-built authority, for 2025-26 (2026)."""

import io
from datetime import date
from xml.etree import ElementTree as ET

import pytest
from django.core.management import CommandError, call_command

from imports.readers import Source
from imports.services import check_files
from returns.cin_census.writer import build_census
from tests.factories import (
    AssessmentFactory,
    ChildFactory,
    ChildInNeedPlanFactory,
    ChildProtectionConferenceFactory,
    ChildProtectionPlanFactory,
    ReferralFactory,
    Section47EnquiryFactory,
)


@pytest.fixture
def authority(db):
    # P: referred in May 2025, assessed, enquiry, initial conference, plan with a review; the
    # plan still open at 31 March.
    p = ChildFactory(la_child_id="P", sex="F", ethnicity="WBRI", date_of_birth=date(2016, 1, 1), upn="A123456789012")
    referral = ReferralFactory(child=p, received_on=date(2025, 5, 2), source_of_referral="3A")
    AssessmentFactory(
        child=p, referral=referral, started_on=date(2025, 5, 3), authorised_on=date(2025, 6, 10), outcome="strategy"
    )
    enquiry = Section47EnquiryFactory(
        child=p, started_on=date(2025, 5, 10), outcome="icpc", completed_on=date(2025, 5, 30)
    )
    ChildProtectionConferenceFactory(
        child=p, kind="initial", section47=enquiry, held_on=date(2025, 6, 1), outcome="plan"
    )
    ChildProtectionPlanFactory(child=p, started_on=date(2025, 6, 1), category="NEG")
    ChildProtectionConferenceFactory(child=p, kind="review", held_on=date(2025, 11, 20), outcome="continues")
    # N: referred in January 2025, on a CIN plan, case closed on 1 April 2025 (in the year).
    n = ChildFactory(la_child_id="N", sex="M", ethnicity="APKN", date_of_birth=date(2014, 4, 4))
    closed = ReferralFactory(
        child=n, received_on=date(2025, 1, 10), closed_on=date(2025, 4, 1), source_of_referral="2A"
    )
    AssessmentFactory(child=n, referral=closed, started_on=date(2025, 1, 11), authorised_on=date(2025, 2, 1))
    ChildInNeedPlanFactory(child=n, started_on=date(2025, 2, 2), ended_on=date(2025, 4, 1))
    # X: case closed on 31 March 2025, the day before the year: not in the census.
    x = ChildFactory(la_child_id="X", date_of_birth=date(2013, 3, 3))
    ReferralFactory(child=x, received_on=date(2025, 1, 10), closed_on=date(2025, 3, 31))
    # L: a referral received on 1 April 2026, after the year: not in the census.
    later = ChildFactory(la_child_id="L")
    ReferralFactory(child=later, received_on=date(2026, 4, 1))


def children(xml: bytes) -> dict[str, ET.Element]:
    root = ET.fromstring(xml)
    return {child.find("ChildIdentifiers/LAchildID").text: child for child in root.iter("Child")}


def test_the_census_holds_the_episodes_open_in_the_year(authority):
    census = build_census(2026, lea="201")
    found = children(census.xml)
    assert sorted(found) == ["N", "P"]
    root = ET.fromstring(census.xml)
    assert root.find("Header/CollectionDetails/ReferenceDate").text == "2026-03-31"
    assert root.find("Header/Source/LEA").text == "201"

    p = found["P"]
    assert p.find("ChildIdentifiers/Sex").text == "F"
    assert p.find("ChildIdentifiers/GenderCurrent") is None
    (episode,) = p.findall("CINdetails")
    assert [e.tag for e in episode] == [
        "CINreferralDate",
        "ReferralSource",
        "Assessments",
        "Section47",
        "ReferralNFA",
        "ChildProtectionPlans",
    ]
    assert episode.find("ReferralNFA").text == "false"  # open
    assert episode.find("Assessments/AssessmentAuthorisationDate").text == "2025-06-10"
    assert episode.find("Section47/DateOfInitialCPC").text == "2025-06-01"
    plan = episode.find("ChildProtectionPlans")
    assert plan.find("CPPendDate") is None
    assert plan.find("InitialCategoryOfAbuse").text == "NEG"
    assert [r.text for r in plan.findall("Reviews/CPPreviewDate")] == ["2025-11-20"]
    assert plan.find("NumberOfPreviousCPP").text == "0"

    (closed,) = found["N"].findall("CINdetails")
    assert closed.find("CINclosureDate").text == "2025-04-01"
    assert closed.find("ReferralNFA").text == "false"  # assessed
    # ... before the year: the assessment authorised on 1 February 2025 is not in this census (DfE rule 8696).
    assert closed.find("Assessments") is None
    assert closed.find("CINPlanDates/CINPlanEndDate").text == "2025-04-01"
    assert census.counts == {
        "children": 2,
        "referrals": 2,
        "assessments": 1,
        "section47s": 1,
        "cp_plans": 1,
        "cp_reviews": 1,
        "cin_plans": 1,
    }


def test_before_2024_25_sex_is_written_as_gender_one_or_two(authority):
    ReferralFactory(child=ChildFactory(la_child_id="OLD", sex="F"), received_on=date(2024, 3, 1))
    old = children(build_census(2024).xml)["OLD"]
    assert old.find("ChildIdentifiers/GenderCurrent").text == "2"
    assert old.find("ChildIdentifiers/Sex") is None
    # 2024-25 is the first year of Sex, M/F/U (DfE rule 8750).
    assert children(build_census(2025).xml)["N"].find("ChildIdentifiers/Sex").text == "M"


def test_the_products_own_import_reads_it_with_no_error(authority):
    xml = build_census(2026, lea="201").xml
    outcome = check_files("cin_census", [Source("cin.xml", lambda: io.BytesIO(xml), len(xml))])
    assert outcome.collection_year == 2026
    assert [issue.as_line() for issue in outcome.report.errors] == []


def test_the_command_refuses_a_year_outside_the_schemas_and_a_bad_authority_number(authority, tmp_path):
    out = tmp_path / "cin.xml"
    call_command("export_cin_census", "--year", "2026", "--lea", "201", str(out))
    assert sorted(children(out.read_bytes())) == ["N", "P"]
    with pytest.raises(CommandError, match="from 2021 to 2026"):
        call_command("export_cin_census", "--year", "2027", str(out))
    with pytest.raises(CommandError, match="three digits"):
        call_command("export_cin_census", "--year", "2026", "--lea", "20", str(out))


def test_a_plan_ended_before_the_year_is_left_out_but_counted_as_previous(authority):
    from casework.models import Child, Referral

    p = Child.objects.get(la_child_id="P")
    Referral.objects.filter(child=p).update(received_on=date(2023, 12, 1))
    ChildProtectionPlanFactory(child=p, started_on=date(2024, 1, 1), ended_on=date(2024, 6, 1), category="PHY")
    (episode,) = children(build_census(2026).xml)["P"].findall("CINdetails")
    (plan,) = episode.findall("ChildProtectionPlans")
    assert (plan.find("CPPstartDate").text, plan.find("NumberOfPreviousCPP").text) == ("2025-06-01", "1")
