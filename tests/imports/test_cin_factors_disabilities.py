"""The CIN census's Disabilities and FactorsIdentifiedAtAssessment, imported onto the child and the
assessment; a list the census's rules refuse is reported against its field and not kept, the rest kept."""

from datetime import date

import pytest

from casework.models import Assessment, Child

from .conftest import cin_document, import_cin, messages

pytestmark = pytest.mark.django_db


def census(disabilities: str, assessment: str) -> str:
    return cin_document(
        f"""    <Child>
      <ChildIdentifiers>
        <LAchildID>RND1</LAchildID>
        <PersonBirthDate>2015-03-27</PersonBirthDate>
        <Sex>F</Sex>
      </ChildIdentifiers>
      <ChildCharacteristics><Ethnicity>WBRI</Ethnicity>{disabilities}</ChildCharacteristics>
      <CINdetails>
        <CINreferralDate>2023-05-02</CINreferralDate>
        <ReferralSource>3A</ReferralSource>
        <Assessments>
          <AssessmentActualStartDate>2023-05-03</AssessmentActualStartDate>{assessment}
        </Assessments>
        <ReferralNFA>false</ReferralNFA>
      </CINdetails>
    </Child>"""
    )


def disabled(*codes: str) -> str:
    return "<Disabilities>" + "".join(f"<Disability>{code}</Disability>" for code in codes) + "</Disabilities>"


def completed(*factors: str) -> str:
    given = "".join(f"<AssessmentFactors>{code}</AssessmentFactors>" for code in factors)
    return (
        "<AssessmentAuthorisationDate>2023-06-10</AssessmentAuthorisationDate>"
        f"<FactorsIdentifiedAtAssessment>{given}</FactorsIdentifiedAtAssessment>"
    )


def test_the_childs_disabilities_and_the_assessments_factors_are_imported():
    outcome = import_cin({"cin.xml": census(disabled("HEAR", "COMM"), completed("1B", "3B", "24A"))})
    assert outcome.report.errors == []
    assert Child.objects.get().disabilities == ["HEAR", "COMM"]
    assessment = Assessment.objects.get()
    assert (assessment.authorised_on, assessment.factors) == (date(2023, 6, 10), ["1B", "3B", "24A"])


def test_reimporting_them_changes_nothing():
    document = census(disabled("NONE"), completed("21"))
    import_cin({"cin.xml": document})
    again = import_cin({"cin.xml": document})
    assert (Child.objects.get().disabilities, Assessment.objects.get().factors) == (["NONE"], ["21"])
    assert all(counts.get("updated", 0) == 0 for counts in again.counts.values()), again.counts


@pytest.mark.parametrize(
    ("disabilities", "factors", "column", "message"),
    [
        (
            disabled("NONE", "MOB"),
            completed("3B"),
            "Disability",
            "'NONE' (no disability) is given with a disability: give one or the other. The rest of the row is kept.",
        ),
        (
            disabled("WINGS"),
            completed("3B"),
            "Disability",
            "'WINGS' is not a code in the list for disabilities. The rest of the row is kept.",
        ),
        (
            disabled("LD"),
            completed("21", "3B"),
            "AssessmentFactors",
            "'21' (no factors identified) is given with other factors: give one or the other. The rest of the row "
            "is kept.",
        ),
        (
            disabled("LD"),
            completed("18A"),
            "AssessmentFactors",
            "'18A' is not a code in the list for factors identified at the assessment. The rest of the row is kept.",
        ),
        (
            disabled("LD"),
            "<FactorsIdentifiedAtAssessment><AssessmentFactors>3B</AssessmentFactors></FactorsIdentifiedAtAssessment>",
            "AssessmentFactors",
            "Factors are given for an assessment that is not completed (no AssessmentAuthorisationDate): they are "
            "not kept. The rest of the row is kept.",
        ),
    ],
    ids=["none-with-another", "unknown-disability", "21-with-another", "unknown-factor", "factors-while-open"],
)
def test_a_list_the_rules_refuse_is_reported_and_not_kept(disabilities, factors, column, message):
    outcome = import_cin({"cin.xml": census(disabilities, factors)})
    assert [(issue.field, issue.message) for issue in outcome.report.errors] == [(column, message)]
    child, assessment = Child.objects.get(), Assessment.objects.get()
    kept = {"Disability": child.disabilities, "AssessmentFactors": assessment.factors}
    assert kept[column] == []
    assert messages(outcome) == [message]
