"""The children in need census: every schema year from 2021 to 2026, its records, its bad rows."""

from datetime import date

import pytest

from casework import codes
from casework.models import (
    Assessment,
    Child,
    ChildInNeedPlan,
    ChildProtectionConference,
    ChildProtectionPlan,
    PeriodOfCare,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
)
from tests.factories import ChildFactory, ChildProtectionPlanFactory

from .conftest import EPISODES, HEADER, check_cin, cin_document, import_903, import_cin, messages, table

pytestmark = pytest.mark.django_db


def child_xml(
    child_id="RND1",
    *,
    sex_element="Sex",
    sex="1",
    birth="2015-03-27",
    details="",
    extra_identifiers="",
) -> str:
    return f"""    <Child>
      <ChildIdentifiers>
        <LAchildID>{child_id}</LAchildID>
        <UPN>A123456789123</UPN>
        <PersonBirthDate>{birth}</PersonBirthDate>{extra_identifiers}
        <{sex_element}>{sex}</{sex_element}>
      </ChildIdentifiers>
      <ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities></ChildCharacteristics>
{details}
    </Child>"""


FULL_EPISODE = """      <CINdetails>
        <CINreferralDate>2023-05-02</CINreferralDate>
        <ReferralSource>3A</ReferralSource>
        <PrimaryNeedCode>N1</PrimaryNeedCode>
        <CINclosureDate>2024-03-01</CINclosureDate>
        <ReasonForClosure>RC1</ReasonForClosure>
        <DateOfInitialCPC>2023-06-01</DateOfInitialCPC>
        <Assessments>
          <AssessmentActualStartDate>2023-05-03</AssessmentActualStartDate>
          <AssessmentInternalReviewDate>2023-05-20</AssessmentInternalReviewDate>
          <AssessmentAuthorisationDate>2023-06-10</AssessmentAuthorisationDate>
          <FactorsIdentifiedAtAssessment><AssessmentFactors>2A</AssessmentFactors></FactorsIdentifiedAtAssessment>
        </Assessments>
        <CINPlanDates><CINPlanStartDate>2023-06-12</CINPlanStartDate><CINPlanEndDate>2023-09-01</CINPlanEndDate></CINPlanDates>
        <Section47>
          <S47ActualStartDate>2023-05-10</S47ActualStartDate>
          <InitialCPCtarget>2023-06-01</InitialCPCtarget>
          <DateOfInitialCPC>2023-06-01</DateOfInitialCPC>
          <ICPCnotRequired>false</ICPCnotRequired>
        </Section47>
        <ReferralNFA>0</ReferralNFA>
        <ChildProtectionPlans>
          <CPPstartDate>2023-09-01</CPPstartDate>
          <CPPendDate>2024-02-20</CPPendDate>
          <InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>
          <LatestCategoryOfAbuse>EMO</LatestCategoryOfAbuse>
          <NumberOfPreviousCPP>0</NumberOfPreviousCPP>
          <Reviews><CPPreviewDate>2023-11-20</CPPreviewDate><CPPreviewDate>2024-02-19</CPPreviewDate></Reviews>
        </ChildProtectionPlans>
      </CINdetails>"""


def test_a_census_becomes_referrals_assessments_plans_enquiries_and_conferences():
    outcome = import_cin({"cin.xml": cin_document(child_xml(details=FULL_EPISODE))})

    assert outcome.rows_rejected == 0, outcome.report.issues
    child = Child.objects.get(la_child_id="RND1")
    assert (child.date_of_birth, child.sex, child.ethnicity, child.source) == (
        date(2015, 3, 27),
        "M",
        "WBRI",
        codes.Source.CIN_CENSUS,
    )
    referral = Referral.objects.get()
    assert (referral.received_on, referral.source_of_referral, referral.closed_on) == (
        date(2023, 5, 2),
        "3A",
        date(2024, 3, 1),
    )
    assessment = Assessment.objects.get()
    assert (assessment.started_on, assessment.authorised_on, assessment.referral) == (
        date(2023, 5, 3),
        date(2023, 6, 10),
        referral,
    )
    plan = ChildInNeedPlan.objects.get()
    assert (plan.started_on, plan.ended_on) == (date(2023, 6, 12), date(2023, 9, 1))
    discussion = StrategyDiscussion.objects.get()
    enquiry = Section47Enquiry.objects.get()
    assert (discussion.held_on, enquiry.started_on, enquiry.strategy_discussion) == (
        date(2023, 5, 10),
        date(2023, 5, 10),
        discussion,
    )
    # The episode's DateOfInitialCPC is the same conference as the enquiry's: one conference.
    initial = ChildProtectionConference.objects.get(kind="initial")
    assert (initial.held_on, initial.section47) == (date(2023, 6, 1), enquiry)
    protection = ChildProtectionPlan.objects.get()
    assert (protection.started_on, protection.ended_on, protection.category) == (
        date(2023, 9, 1),
        date(2024, 2, 20),
        "NEG",
    )
    reviews = ChildProtectionConference.objects.filter(kind="review").order_by("held_on")
    assert list(reviews.values_list("held_on", flat=True)) == [date(2023, 11, 20), date(2024, 2, 19)]
    assert assessment.source_reference == "CIN census 2023-24 cin.xml Child 1 (RND1), CIN episode 1, assessment 1"


@pytest.mark.parametrize(
    ("year", "sex_element", "sex", "expected"),
    [
        (2021, "GenderCurrent", "1", "M"),
        (2022, "GenderCurrent", "2", "F"),
        (2023, "GenderCurrent", "0", "U"),
        (2024, "GenderCurrent", "9", "U"),
        (2025, "Sex", "F", "F"),
        (2026, "Sex", "M", "M"),
        (2026, "Sex", "1", "M"),
    ],
)
def test_every_schema_year_is_read_with_its_sex_element(year, sex_element, sex, expected):
    details = (
        f"<CINdetails><CINreferralDate>{year - 1}-06-01</CINreferralDate><ReferralSource>1A</ReferralSource>"
        "<PrimaryNeedCode>N4</PrimaryNeedCode><ReferralNFA>false</ReferralNFA></CINdetails>"
    )

    outcome = import_cin(
        {f"cin-{year}.xml": cin_document(child_xml(sex_element=sex_element, sex=sex, details=details), year=year)}
    )

    assert outcome.rows_rejected == 0, outcome.report.issues
    assert outcome.collection_year == year
    assert Child.objects.get().sex == expected
    assert Referral.objects.get().source_reference.startswith(f"CIN census {year - 1}-{year % 100:02d} ")


def test_a_census_outside_the_schema_years_is_rejected_as_a_file():
    outcome = check_cin({"old.xml": cin_document(child_xml(), year=2019)})

    assert messages(outcome) == ["This census is for 2018-19: the import reads the 2020-21 to 2025-26 schemas."]
    assert outcome.nothing_importable


BAD_ELEMENTS = [
    pytest.param(
        "<CINdetails><CINreferralDate>2023-02-30</CINreferralDate><ReferralSource>1A</ReferralSource></CINdetails>",
        "CINreferralDate",
        "'2023-02-30' is not a real date (DfE rule 8600).",
        id="impossible referral date",
    ),
    pytest.param(
        "<CINdetails><CINreferralDate>2023-05-02</CINreferralDate><ReferralSource>99</ReferralSource></CINdetails>",
        "ReferralSource",
        "'99' is not a referral source code (DfE rule 8866).",
        id="unknown referral source",
    ),
    pytest.param(
        "<CINdetails><CINreferralDate>2023-05-02</CINreferralDate><ReferralSource>1A</ReferralSource>"
        "<CINclosureDate>2023-04-01</CINclosureDate><ReasonForClosure>RC1</ReasonForClosure></CINdetails>",
        "CINclosureDate",
        "The case cannot close before the referral date (2 May 2023) (DfE rule 8630).",
        id="closed before referred",
    ),
    pytest.param(
        "<CINdetails><CINreferralDate>2023-05-02</CINreferralDate><ReferralSource>1A</ReferralSource>"
        "<Assessments><AssessmentActualStartDate>2023-05-01</AssessmentActualStartDate></Assessments></CINdetails>",
        "AssessmentActualStartDate",
        "The assessment cannot start before the referral (2 May 2023) (DfE rule 1103).",
        id="assessment before referral",
    ),
    pytest.param(
        "<CINdetails><CINreferralDate>2023-05-02</CINreferralDate><ReferralSource>1A</ReferralSource>"
        "<Assessments><AssessmentActualStartDate>2023-05-03</AssessmentActualStartDate>"
        "<AssessmentAuthorisationDate>2023-05-01</AssessmentAuthorisationDate></Assessments></CINdetails>",
        "AssessmentAuthorisationDate",
        "The assessment cannot be completed before it started (3 May 2023) (DfE rule 8608).",
        id="authorised before start",
    ),
    pytest.param(
        "<CINdetails><CINreferralDate>2023-05-02</CINreferralDate><ReferralSource>1A</ReferralSource>"
        "<Section47><S47ActualStartDate>2023-05-10</S47ActualStartDate><DateOfInitialCPC>2023-05-05</DateOfInitialCPC>"
        "</Section47></CINdetails>",
        "DateOfInitialCPC",
        "The conference cannot be before the section 47 enquiry started (10 May 2023) (DfE rule 8615).",
        id="conference before its enquiry",
    ),
    pytest.param(
        "<CINdetails><CINreferralDate>2023-05-02</CINreferralDate><ReferralSource>1A</ReferralSource>"
        "<ChildProtectionPlans><CPPstartDate>2023-06-01</CPPstartDate><InitialCategoryOfAbuse>XYZ</InitialCategoryOfAbuse>"
        "</ChildProtectionPlans></CINdetails>",
        "InitialCategoryOfAbuse",
        "'XYZ' is not a category of abuse code (DfE rule 8905).",
        id="unknown category",
    ),
    pytest.param(
        "<CINdetails><CINreferralDate>2023-05-02</CINreferralDate><ReferralSource>1A</ReferralSource>"
        "<ChildProtectionPlans><CPPstartDate>2023-06-01</CPPstartDate><CPPendDate>2023-08-01</CPPendDate>"
        "<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><Reviews><CPPreviewDate>2023-09-01</CPPreviewDate>"
        "</Reviews></ChildProtectionPlans></CINdetails>",
        "CPPreviewDate",
        "The review conference on 1 September 2023 is outside its child protection plan (from 1 June 2023 to "
        "1 August 2023).",
        id="review outside its plan",
    ),
    pytest.param(
        "<CINdetails><CINreferralDate>2023-05-02</CINreferralDate><ReferralSource>1A</ReferralSource>"
        "<ChildProtectionPlans><CPPstartDate>2023-06-01</CPPstartDate><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>"
        "</ChildProtectionPlans><ChildProtectionPlans><CPPstartDate>2023-07-01</CPPstartDate>"
        "<InitialCategoryOfAbuse>PHY</InitialCategoryOfAbuse></ChildProtectionPlans></CINdetails>",
        "CPPstartDate",
        "This child protection plan (from 1 July 2023, still open) overlaps the child protection plan from "
        "1 June 2023, still open (cin.xml Child 1 (RND1), CIN episode 1, child protection plan 1): a child has one "
        "at a time (DfE rule 8940).",
        id="overlapping plans",
    ),
    pytest.param(
        "<CINdetails><CINreferralDate>2099-05-02</CINreferralDate><ReferralSource>1A</ReferralSource></CINdetails>",
        "CINreferralDate",
        "The referral date (2 May 2099) is after the census's reference date (31 March 2024) (DfE rule 8600).",
        id="in the future, after the census",
    ),
]


@pytest.mark.parametrize(("details", "column", "message"), BAD_ELEMENTS)
def test_a_bad_element_is_rejected_with_its_message(details, column, message):
    outcome = import_cin({"cin.xml": cin_document(child_xml(details=details))})

    first = outcome.report.errors[0]
    assert (first.field, first.message) == (column, message)
    assert first.row is not None and first.child == "RND1"


def test_a_rejected_element_saves_nothing_of_itself_or_what_hangs_on_it():
    details = (
        "<CINdetails><CINreferralDate>2023-05-02</CINreferralDate><ReferralSource>99</ReferralSource>"
        "<Assessments><AssessmentActualStartDate>2023-05-03</AssessmentActualStartDate></Assessments>"
        "<CINPlanDates><CINPlanStartDate>2023-06-12</CINPlanStartDate></CINPlanDates></CINdetails>"
    )

    outcome = import_cin({"cin.xml": cin_document(child_xml(details=details))})

    assert messages(outcome) == [
        "'99' is not a referral source code (DfE rule 8866).",
        "Not imported: its referral was rejected.",
    ]
    assert not Referral.objects.exists()
    assert not Assessment.objects.exists()
    assert ChildInNeedPlan.objects.count() == 1  # a plan does not hang on the referral


@pytest.mark.parametrize(
    ("identifiers", "column", "message"),
    [
        ("", "LAchildID", "The child's ID (LAchildID) is missing: nothing of theirs can be imported (DfE rule 8500)."),
        (
            "RND1234567890123456789",
            "LAchildID",
            "'RND1234567890123456789' is too long for the child's ID (LAchildID): at most 20 characters.",
        ),
    ],
)
def test_a_child_whose_identifiers_fail_is_rejected_with_all_of_their_elements(identifiers, column, message):
    outcome = import_cin({"cin.xml": cin_document(child_xml(identifiers, details=FULL_EPISODE))})

    assert outcome.report.errors[0].field == column
    assert message in outcome.report.errors[0].message
    assert outcome.nothing_importable
    assert not Child.objects.exists()


def test_the_same_plan_given_twice_is_imported_once():
    plan = (
        "<ChildProtectionPlans><CPPstartDate>2023-06-01</CPPstartDate><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>"
        "</ChildProtectionPlans>"
    )
    details = (
        f"<CINdetails><CINreferralDate>2023-05-02</CINreferralDate><ReferralSource>1A</ReferralSource>{plan}{plan}"
        "</CINdetails>"
    )

    outcome = import_cin({"cin.xml": cin_document(child_xml(details=details))})

    assert outcome.rows_rejected == 0
    assert messages(outcome, "warning") == [
        "The same child protection plan is given again (Child 1 (RND1), CIN episode 1, child protection plan 1): "
        "it is imported once (DfE rule 8940)."
    ]
    assert ChildProtectionPlan.objects.count() == 1


def test_a_child_given_twice_in_a_file_is_rejected():
    outcome = check_cin({"cin.xml": cin_document(child_xml() + child_xml())})

    assert messages(outcome)[0] == (
        "This child is given 2 times in the file (Child 1 (RND1), Child 2 (RND1)): give each child once "
        "(DfE rule 8510)."
    )


def test_reimporting_the_census_changes_nothing():
    files = {"cin.xml": cin_document(child_xml(details=FULL_EPISODE))}
    import_cin(files)

    outcome = import_cin(files)

    assert all(count["created"] == count["updated"] == 0 for count in outcome.counts.values()), outcome.counts
    assert ChildProtectionConference.objects.count() == 3


def test_next_years_census_updates_a_plan_that_has_since_ended():
    open_plan = FULL_EPISODE.replace("<CPPendDate>2024-02-20</CPPendDate>", "").replace(
        "<CPPreviewDate>2024-02-19</CPPreviewDate>", ""
    )
    import_cin({"cin-2024.xml": cin_document(child_xml(details=open_plan), year=2024)})

    outcome = import_cin({"cin-2025.xml": cin_document(child_xml(details=FULL_EPISODE), year=2025)})

    assert outcome.counts["Child protection plans"] == {"created": 0, "updated": 1, "unchanged": 0}
    assert ChildProtectionPlan.objects.get().ended_on == date(2024, 2, 20)
    assert ChildProtectionConference.objects.filter(kind="review").count() == 2


def test_the_census_joins_a_child_from_the_ssda903_return_by_their_id():
    import_903(
        {
            "header.csv": table(HEADER, "RND1,1,27/03/2015,WBRI,,,"),
            "episodes.csv": table(EPISODES, "RND1,01/06/2023,S,C2,N1,U6,PR1,,,,,,"),
        }
    )

    import_cin({"cin.xml": cin_document(child_xml(details=FULL_EPISODE))})

    child = Child.objects.get()
    assert PeriodOfCare.objects.get().child == child
    assert ChildProtectionPlan.objects.get().child == child


def _census_without_sex_or_ethnicity(ethnicity: str = "") -> str:
    """RND1 with a UPN (the SSDA903 header below has none), no sex and, unless given, no ethnicity."""
    characteristics = f"<Ethnicity>{ethnicity}</Ethnicity>" if ethnicity else ""
    return f"""    <Child>
      <ChildIdentifiers><LAchildID>RND1</LAchildID><UPN>A123456789123</UPN><PersonBirthDate>2015-03-27</PersonBirthDate>
      </ChildIdentifiers>
      <ChildCharacteristics>{characteristics}</ChildCharacteristics>
{FULL_EPISODE}
    </Child>"""


SAME_CHILD_IN_THE_SSDA903 = {
    "header.csv": table(HEADER, "RND1,2,27/03/2015,WBRI,,,"),
    "episodes.csv": table(EPISODES, "RND1,01/06/2023,S,C2,N1,U6,PR1,,,,,,"),
}


def test_each_return_adds_what_it_knows_of_a_child_and_importing_both_again_changes_nothing(_no_recomputation):
    from auditlog.models import LogEntry

    census = {"cin.xml": cin_document(_census_without_sex_or_ethnicity())}
    import_903(SAME_CHILD_IN_THE_SSDA903)
    import_cin(census)
    entries = LogEntry.objects.count()
    _no_recomputation.clear()

    again = [import_903(SAME_CHILD_IN_THE_SSDA903), import_cin(census), import_903(SAME_CHILD_IN_THE_SSDA903)]

    # The SSDA903 gave the sex and ethnicity, the census the UPN; neither's blanks clear the other's.
    child = Child.objects.get()
    assert (child.sex, child.ethnicity, child.upn) == ("F", "WBRI", "A123456789123")
    for outcome in again:
        assert outcome.counts["Children"] == {"created": 0, "updated": 0, "unchanged": 1}
        assert all(count["created"] == count["updated"] == 0 for count in outcome.counts.values()), outcome.counts
    assert LogEntry.objects.count() == entries
    assert _no_recomputation == []


def test_a_blank_in_one_return_does_not_clear_what_the_other_gave():
    import_cin({"cin.xml": cin_document(_census_without_sex_or_ethnicity())})

    outcome = import_903(SAME_CHILD_IN_THE_SSDA903)  # no UPN in the header

    assert outcome.counts["Children"] == {"created": 0, "updated": 1, "unchanged": 0}  # sex and ethnicity added
    child = Child.objects.get()
    assert (child.sex, child.ethnicity, child.upn) == ("F", "WBRI", "A123456789123")


def test_a_different_known_value_updates_the_child_as_a_correction():
    import_903(SAME_CHILD_IN_THE_SSDA903)

    outcome = import_cin({"cin.xml": cin_document(_census_without_sex_or_ethnicity("WIRI"))})

    assert outcome.counts["Children"] == {"created": 0, "updated": 1, "unchanged": 0}
    assert Child.objects.get().ethnicity == "WIRI"


def test_a_plan_that_overlaps_one_recorded_in_the_product_is_rejected():
    child = ChildFactory(la_child_id="RND1", date_of_birth=date(2015, 3, 27))
    ChildProtectionPlanFactory(child=child, started_on=date(2023, 8, 1))

    outcome = import_cin({"cin.xml": cin_document(child_xml(details=FULL_EPISODE))})

    assert [issue.field for issue in outcome.report.errors] == ["CPPstartDate", "", ""]
    assert "overlaps the child protection plan from 1 August 2023, still open recorded in the product" in (
        outcome.report.errors[0].message
    )
    assert ChildProtectionPlan.objects.count() == 1


def test_an_unborn_child_is_imported_with_their_expected_date_of_birth():
    unborn = child_xml(birth="").replace(
        "<PersonBirthDate></PersonBirthDate>", "<ExpectedPersonBirthDate>2024-06-01</ExpectedPersonBirthDate>"
    )
    details = (
        "<CINdetails><CINreferralDate>2024-02-01</CINreferralDate><ReferralSource>3B</ReferralSource></CINdetails>"
    )
    unborn = unborn.replace("\n\n    </Child>", f"\n{details}\n    </Child>")

    outcome = import_cin({"cin.xml": cin_document(unborn)})

    assert outcome.rows_rejected == 0, outcome.report.issues
    child = Child.objects.get()
    assert (child.date_of_birth, child.expected_date_of_birth) == (None, date(2024, 6, 1))


def test_a_plan_recorded_in_the_product_is_kept_and_the_difference_reported():
    child = ChildFactory(la_child_id="RND1", date_of_birth=date(2015, 3, 27))
    ChildProtectionPlanFactory(child=child, started_on=date(2023, 9, 1), category="PHY")

    outcome = import_cin({"cin.xml": cin_document(child_xml(details=FULL_EPISODE))})

    plan = ChildProtectionPlan.objects.get()
    assert (plan.ended_on, plan.category, plan.source) == (None, "PHY", codes.Source.MANUAL)
    assert (
        "This child protection plan is already in the product (recorded in the product) and is kept as it is: "
        "end date empty in the product, 20 February 2024 in the return; category of abuse PHY in the product, "
        "NEG in the return."
    ) in messages(outcome, "warning")


def test_a_plan_ended_by_a_later_census_must_still_hold_its_visits():
    from tests.factories import ChildProtectionVisitFactory

    open_plan = FULL_EPISODE.replace("<CPPendDate>2024-02-20</CPPendDate>", "").replace(
        "<CPPreviewDate>2024-02-19</CPPreviewDate>", ""
    )
    import_cin({"cin-2024.xml": cin_document(child_xml(details=open_plan), year=2024)})
    plan = ChildProtectionPlan.objects.get()
    ChildProtectionVisitFactory(plan=plan, child=plan.child, visited_on=date(2024, 3, 1))

    outcome = import_cin({"cin-2025.xml": cin_document(child_xml(details=FULL_EPISODE), year=2025)})

    assert "A visit under this plan on 1 March 2024 would fall outside the plan. Correct the visit first." in (
        messages(outcome)
    )
    plan.refresh_from_db()
    assert plan.ended_on is None
