"""Field errors stay field errors (issue 14): a bad value the DfE reports against its field does not lose the rest
of the row, numbers written as decimals are the same codes, and control characters in identifiers are refused
row by row (never a traceback, on PostgreSQL too)."""

from datetime import date

import pytest

from casework import codes
from casework.models import Adoption, CareLeaverBirthdayRecord, Child, PeriodOfCare, Placement

from .conftest import AD1, EPISODES, HEADER, OC3, SW_EPISODES, import_903, issues_for, table

pytestmark = pytest.mark.django_db


def test_an_invalid_accom_is_reported_and_the_row_keeps_its_activity():
    # Born 10 June 2005: 18th birthday on 10 June 2023, in the 2023-24 year.
    outcome = import_903(
        {
            "header.csv": table(HEADER, "L1,1,10/06/2005,WBRI,,,"),
            "oc3.csv": table(OC3, "L1,10/06/2005,YES,F2,Z9"),
        }
    )

    record = CareLeaverBirthdayRecord.objects.get(child__la_child_id="L1")
    assert (record.age, record.in_touch, record.activity, record.accommodation) == (
        18,
        "YES",
        "F2",
        codes.CareLeaverAccommodation.NOT_KNOWN,
    )
    [issue] = issues_for(outcome, "oc3.csv")
    assert (issue.severity, issue.field) == ("error", "ACCOM")
    assert "'Z9' is not an accommodation code (DfE rule 133)" in issue.message
    assert outcome.rows_rejected == 0


def test_a_code_written_as_a_decimal_is_the_same_code():
    outcome = import_903(
        {
            "header.csv": table(HEADER, "M1,2.0,01/01/2008,WBRI,,1.0,"),
            "episodes.csv": table(EPISODES, "M1,01/06/2023,S,C2,N1,U1,PR1,,,,,,"),
        }
    )

    assert outcome.rows_rejected == 0, outcome.report.issues
    child = Child.objects.get(la_child_id="M1")
    assert child.sex == codes.Sex.FEMALE
    assert PeriodOfCare.objects.filter(child=child, started_on=date(2023, 6, 1)).exists()


def test_a_value_that_only_looks_like_a_code_is_still_refused():
    outcome = import_903({"header.csv": table(HEADER, "M2,1.5,01/01/2008,WBRI,,1.5,")})

    [sex, mother] = issues_for(outcome, "header.csv")
    assert (sex.field, sex.message) == ("SEX", "'1.5' is not a sex (1 or 2 before 2025; M, F or U from 2025) code.")
    assert (mother.field, mother.message) == (
        "MOTHER",
        "'1.5' is not a mother (0 or 1) code. The rest of the row is kept.",
    )
    assert not Child.objects.exists()  # the sex is needed for the child: the row is refused for it


def test_a_child_id_with_a_nul_byte_is_refused_by_row_and_the_others_are_imported():
    outcome = import_903(
        {
            "header.csv": table(HEADER, "N\x001,1,01/01/2010,WBRI,,,", "N2,1,01/01/2010,WBRI,,,"),
            "episodes.csv": table(
                EPISODES, "N\x001,01/06/2023,S,C2,N1,U1,PR1,,,,,,", "N2,01/06/2023,S,C2,N1,U1,PR1,,,,,,"
            ),
        }
    )

    assert list(Child.objects.values_list("la_child_id", flat=True)) == ["N2"]
    refused = [issue for issue in outcome.report.issues if issue.field == "CHILD"]
    assert {(issue.file_name, issue.row) for issue in refused} == {("header.csv", 2), ("episodes.csv", 2)}
    assert all("'N?1' holds a control character" in issue.message for issue in refused)
    assert outcome.rows_rejected == 2


def test_a_social_worker_id_with_a_control_character_is_refused_on_its_row():
    outcome = import_903(
        {
            "header.csv": table(HEADER, "S1,1,01/01/2010,WBRI,,,"),
            "episodes.csv": table(EPISODES, "S1,01/06/2023,S,C2,N1,U1,PR1,,,,,,"),
            "sw.csv": table(SW_EPISODES, "S1,01/01/2010,SW\x00123,01/06/2023,,"),
        }
    )

    [issue] = issues_for(outcome, "sw.csv")
    assert issue.field == "SW_ID" and "holds a control character" in issue.message
    assert PeriodOfCare.objects.filter(child__la_child_id="S1").exists()


def test_a_bad_ethnicity_upn_or_mothers_details_do_not_lose_the_child():
    outcome = import_903(
        {
            "header.csv": table(HEADER, "F1,2,01/01/2008,ZZZZ,A12345678901234567,7,32/13/2020"),
            "episodes.csv": table(EPISODES, "F1,01/06/2023,S,C2,N1,U1,PR1,,,,,,"),
        }
    )

    child = Child.objects.get(la_child_id="F1")
    assert (child.ethnicity, child.upn) == (codes.Ethnicity.NOBT, "")
    assert PeriodOfCare.objects.filter(child=child).exists()
    assert outcome.rows_rejected == 0
    assert sorted(issue.field for issue in issues_for(outcome, "header.csv")) == ["ETHNIC", "MC_DOB", "MOTHER", "UPN"]
    assert all(issue.message.endswith("The rest of the row is kept.") for issue in issues_for(outcome, "header.csv"))


def test_a_bad_ethnicity_does_not_overwrite_the_one_the_product_knows():
    import_903({"header.csv": table(HEADER, "F2,2,01/01/2008,WBRI,,,")})

    import_903({"header.csv": table(HEADER, "F2,2,01/01/2008,ZZZZ,,,")})

    assert Child.objects.get(la_child_id="F2").ethnicity == "WBRI"


@pytest.mark.parametrize(
    ("episode", "column", "message"),
    [
        (
            "C9,01/06/2023,S,C2,N1,U6,PR1,,,SWAP,,,",
            "REASON_PLACE_CHANGE",
            "'SWAP' is not a reason for the change of placement code (DfE rule 1009).",
        ),
        ("C9,01/06/2023,S,C2,N0,U6,PR1,,,,,,", "CIN", "'N0' is not a category of need (N1 to N8) code (DfE rule 145)."),
        # N9 was once accepted; the DfE's list (rule 145) stops at N8.
        ("C9,01/06/2023,S,C2,N9,U6,PR1,,,,,,", "CIN", "'N9' is not a category of need (N1 to N8) code (DfE rule 145)."),
        (
            "C9,01/06/2023,S,C2,N1,U6,PR1,,,,NOWHERE,,",
            "HOME_POST",
            "'NOWHERE' is not a postcode: give it in full, as in AB1 2CD (DfE rule 392c).",
        ),
        (
            "C9,01/06/2023,S,C2,N1,U6,PR1,,,,,1234 5AB,",
            "PL_POST",
            "'1234 5AB' is not a postcode: give it in full, as in AB1 2CD (DfE rule 392c).",
        ),
        (
            "C9,01/06/2023,S,C2,N1,U6,PR1,,,,,,12345678901",
            "URN",
            "'12345678901' is too long for the Ofsted URN: at most 10 characters.",
        ),
    ],
    ids=[
        "reason for the change",
        "category of need",
        "category of need N9",
        "home postcode",
        "placement postcode",
        "URN",
    ],
)
def test_a_bad_value_in_an_episodes_detail_keeps_the_period_of_care(episode, column, message):
    outcome = import_903(
        {"header.csv": table(HEADER, "C9,1,01/01/2005,WBRI,,,"), "episodes.csv": table(EPISODES, episode)}
    )

    [issue] = issues_for(outcome, "episodes.csv")
    assert (issue.severity, issue.field, issue.message) == ("error", column, f"{message} The rest of the row is kept.")
    assert outcome.rows_rejected == 0
    placement = Placement.objects.get(child__la_child_id="C9")
    assert (placement.started_on, placement.placement_type, placement.postcode, placement.urn) == (
        date(2023, 6, 1),
        "U6",
        "",
        "",
    )


def test_bad_details_of_the_adopters_keep_the_decision_and_the_match():
    outcome = import_903(
        {
            "header.csv": table(HEADER, "P1,2,01/01/2020,WBRI,,,"),
            "episodes.csv": table(
                EPISODES, "P1,01/05/2022,S,C2,N1,U6,PR1,01/07/2023,X1,,,,", "P1,01/07/2023,T,E1,N1,A6,PR1,,,,,,"
            ),
            "ad1.csv": table(AD1, "P1,01/01/2020,01/03/2023,15/06/2023,7,3,XY,L99"),
        }
    )

    assert outcome.rows_rejected == 0
    assert sorted(issue.field for issue in issues_for(outcome, "ad1.csv")) == [
        "FOSTER_CARE",
        "LS_ADOPTR",
        "NB_ADOPTR",
        "SEX_ADOPTR",
    ]
    adoption = Adoption.objects.get(child__la_child_id="P1")
    assert (adoption.decision_on, adoption.matched_on, adoption.moved_in_on) == (
        date(2023, 3, 1),
        date(2023, 6, 15),
        date(2023, 7, 1),
    )
