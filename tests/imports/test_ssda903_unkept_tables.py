"""SSDA903: the tables the product keeps no record for (OC2, previous permanence, UASC): recognised, and
their codes checked."""

import pytest

from casework import codes
from casework.models import Child

from .conftest import HEADER, OC2, PREVIOUS_PERMANENCE, UASC, check_903, import_903, table
from .test_ssda903 import GOOD_HEADER

pytestmark = pytest.mark.django_db


# --- The tables the product keeps no record for: recognised, and their codes checked -----------------


def test_oc2_previous_permanence_and_uasc_tables_are_recognised_by_their_columns_and_not_imported():
    outcome = import_903(
        {
            "header.csv": table(HEADER, GOOD_HEADER),
            "health.csv": table(OC2, "C9,01/01/2010,12,,0,1,1,1,1,0,0,0"),
            "permanence.csv": table(PREVIOUS_PERMANENCE, "C9,01/01/2010,P2,SCO,01/02/2015"),
            "asylum.csv": table(UASC, "C9,1,01/01/2010,01/01/2028"),
        }
    )

    assert outcome.rows_rejected == 0, outcome.report.issues
    files = outcome.report.files
    assert files["health.csv"].table == "OC2 (children looked after for 12 months)"
    assert files["permanence.csv"].table == "Previous permanence"
    assert files["asylum.csv"].table == "UASC"
    for name in ("health.csv", "permanence.csv", "asylum.csv"):
        assert "the product has no record for it" in files[name].note
    assert list(outcome.counts) == ["Children"]


UNKEPT_ROWS = [
    pytest.param(
        OC2,
        "C9,01/01/2010,,SDQ9,0,1,1,1,1,0,0,0",
        "SDQ_REASON",
        "'SDQ9' is not a reason for no SDQ score code (DfE rule 196).",
        id="SDQ reason",
    ),
    pytest.param(
        OC2,
        "C9,01/01/2010,41,,0,1,1,1,1,0,0,0",
        "SDQ_SCORE",
        "'41' is not an SDQ score: a whole number from 0 to 40 (DfE rule 180).",
        id="SDQ score",
    ),
    pytest.param(
        OC2, "C9,01/01/2010,12,,Y,1,1,1,1,0,0,0", "CONVICTED", "'Y' is not a convicted (0 or 1) code.", id="flag"
    ),
    pytest.param(
        OC2,
        "C9,01/01/2010,12,,0,1,1,1,1,0,0,2",
        "INTERVENTION_OFFERED",
        "'2' is not an intervention offered (0 or 1) code.",
        id="another flag",
    ),
    pytest.param(
        PREVIOUS_PERMANENCE,
        "C9,01/01/2010,P9,,",
        "PREV_PERM",
        "'P9' is not a previous permanence option code (DfE rule 631).",
        id="previous permanence",
    ),
    pytest.param(
        PREVIOUS_PERMANENCE,
        "C9,01/01/2010,P1,458,01/02/2015",
        "LA_PERM",
        "'458' is not a local authority code (DfE rule 633).",
        id="authority",
    ),
    pytest.param(
        PREVIOUS_PERMANENCE,
        "C9,01/01/2010,P1,942,01/02/2015",
        "LA_PERM",
        "'942' is not a local authority code (DfE rule 633).",
        id="authority not yet formed in 2022-23",
    ),
    pytest.param(
        UASC,
        "C9,7,01/01/2010,01/01/2028",
        "SEX",
        "'7' is not a sex (1 or 2 before 2025; M, F or U from 2025) code.",
        id="UASC sex",
    ),
]


@pytest.mark.parametrize(("columns", "row", "column", "message"), UNKEPT_ROWS)
def test_a_bad_code_in_a_table_the_product_does_not_keep_is_reported_against_its_row(columns, row, column, message):
    outcome = import_903({"header.csv": table(HEADER, GOOD_HEADER), "other.csv": table(columns, row)}, year=2023)

    (issue,) = outcome.report.errors
    assert (issue.file_name, issue.row, issue.child, issue.field, issue.message) == (
        "other.csv",
        2,
        "C9",
        column,
        message,
    )


def test_a_uasc_row_giving_another_sex_than_the_header_is_rejected():
    outcome = import_903(
        {"header.csv": table(HEADER, GOOD_HEADER), "asylum.csv": table(UASC, "C9,2,01/01/2010,01/01/2028")}
    )

    (issue,) = outcome.report.errors
    assert (issue.file_name, issue.row, issue.child, issue.field, issue.message) == (
        "asylum.csv",
        2,
        "C9",
        "SEX",
        "The sex 2 (female) is not the header's (row 2), 1 (male) (DfE rule INT21): give the child's sex the same "
        "in both.",
    )
    assert outcome.rows_rejected == 1
    assert Child.objects.get().sex == codes.Sex.MALE  # the header row stands


@pytest.mark.parametrize("sex", ["1", "M", ""], ids=["same code", "same sex coded the 2025 way", "not given"])
def test_a_uasc_row_giving_the_headers_sex_or_none_is_accepted(sex):
    outcome = check_903(
        {"header.csv": table(HEADER, GOOD_HEADER), "asylum.csv": table(UASC, f"C9,{sex},01/01/2010,01/01/2028")}
    )

    assert outcome.report.errors == []


def test_an_authority_formed_in_2023_is_a_valid_previous_permanence_authority_from_2023_24():
    outcome = check_903(
        {
            "header.csv": table(HEADER, GOOD_HEADER),
            "permanence.csv": table(PREVIOUS_PERMANENCE, "C9,01/01/2010,P1,942,01/02/2024"),
        },
        year=2024,
    )

    assert outcome.report.errors == []
