"""SSDA903 CSV tables: recognised by their columns, mapped to periods of care, placements,
legal statuses, reviews, missing episodes, adoption, care leavers and allocations."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from casework import codes
from casework.models import (
    Adoption,
    CareLeaverBirthdayRecord,
    Child,
    LegalStatus,
    LookedAfterReview,
    MissingEpisode,
    PeriodOfCare,
    Placement,
)

from .conftest import (
    EPISODES,
    HEADER,
    MISSING,
    OC3,
    PLACED,
    REVIEWS,
    check_903,
    import_903,
    issues_for,
    messages,
    table,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")

# A year's return (2023-24). A1: looked after from 1 June 2023 (C1, then C2 by a change of legal
# status only), a change of placement type with the same carer (T), then a move (P), home on
# 1 March 2024. B2 (SEX coded the 2025 way): looked after from 10 October 2023, still in care.
RETURN_2024 = {
    "header.csv": table(HEADER, "A1,1,05/05/2012,WBRI,A123456789012,,", "B2,F,02/02/2010,BAFR,,,"),
    "episodes.csv": table(
        EPISODES,
        "A1,01/06/2023,S,C1,N1,U6,PR1,01/09/2023,X1,,,AB1 2CD,",
        "A1,01/09/2023,L,C2,N1,U6,PR1,01/11/2023,X1,,,AB1 2CD,",
        "A1,01/11/2023,T,C2,N1,U4,PR1,15/01/2024,X1,,,AB1 2CD,",
        "A1,15/01/2024,P,C2,N1,K2,PR4,01/03/2024,E4A,CARPL,,XY9 8ZW,1234567",
        "B2,10/10/2023,S,V2,N2,U3,PR1,,,,tw9 1ab,CD3 4EF,",
    ),
    "reviews.csv": table(REVIEWS, "B2,02/02/2010,20/10/2023,PN1", "A1,05/05/2012,20/06/2023,PN4"),
    "missing.csv": table(MISSING, "B2,02/02/2010,M,01/11/2023,03/11/2023"),
}


def test_a_years_return_becomes_periods_of_care_legal_statuses_and_placements():
    outcome = import_903(RETURN_2024)

    assert outcome.rows_rejected == 0, outcome.report.issues
    first = Child.objects.get(la_child_id="A1")
    assert (first.date_of_birth, first.sex, first.ethnicity, first.upn) == (
        date(2012, 5, 5),
        codes.Sex.MALE,
        "WBRI",
        "A123456789012",
    )
    assert first.source == codes.Source.SSDA903
    period = PeriodOfCare.objects.get(child=first)
    assert (period.started_on, period.ended_on, period.reason_ceased) == (date(2023, 6, 1), date(2024, 3, 1), "E4A")
    statuses = list(LegalStatus.objects.filter(child=first).order_by("started_on").values_list("started_on", "code"))
    assert statuses == [(date(2023, 6, 1), "C1"), (date(2023, 9, 1), "C2")]
    placements = list(Placement.objects.filter(child=first).order_by("started_on"))
    assert [(p.started_on, p.ended_on, p.placement_type) for p in placements] == [
        (date(2023, 6, 1), date(2023, 11, 1), "U6"),  # the L episode continued this placement
        (date(2023, 11, 1), date(2024, 1, 15), "U4"),
        (date(2024, 1, 15), date(2024, 3, 1), "K2"),
    ]
    # T: a change of placement type with the same carer is not a move; P is.
    assert placements[0].carer_reference == placements[1].carer_reference
    assert placements[2].carer_reference != placements[1].carer_reference
    assert [p.is_long_term for p in placements] == [False, True, False]
    assert (placements[2].provider, placements[2].postcode, placements[2].urn) == ("PR4", "XY9 8ZW", "1234567")
    assert all(p.period_of_care_id == period.pk for p in placements)

    second = Child.objects.get(la_child_id="B2")
    assert second.sex == codes.Sex.FEMALE
    open_period = PeriodOfCare.objects.get(child=second)
    assert open_period.ended_on is None
    assert (open_period.home_postcode, period.home_postcode) == ("TW9 1AB", "")  # HOME_POST, as B2's return gives it
    assert Placement.objects.get(child=second).ended_on is None
    assert LookedAfterReview.objects.get(child=second).participation == "PN1"
    missing = MissingEpisode.objects.get(child=second)
    assert (missing.kind, missing.started_at, missing.ended_at) == (
        "M",
        datetime(2023, 11, 1, tzinfo=LONDON),
        datetime(2023, 11, 3, tzinfo=LONDON),
    )


def test_imported_records_carry_their_source_and_row():
    import_903(RETURN_2024)

    placement = Placement.objects.get(child__la_child_id="A1", placement_type="K2")
    assert placement.source == codes.Source.SSDA903
    assert placement.source_reference == "SSDA903 2023-24 episodes.csv row 5"
    assert placement.is_imported
    review = LookedAfterReview.objects.get(child__la_child_id="B2")
    assert review.source_reference == "SSDA903 2023-24 reviews.csv row 2"
    assert Child.objects.get(la_child_id="B2").source_reference == "SSDA903 2023-24 header.csv row 3"


@pytest.mark.parametrize(("sex", "expected"), [("1", "M"), ("2", "F"), ("M", "M"), ("F", "F"), ("U", "U")])
def test_sex_is_read_in_both_codings(sex, expected):
    import_903({"header.csv": table(HEADER, f"S1,{sex},01/01/2015,WBRI,,,")})

    assert Child.objects.get(la_child_id="S1").sex == expected


def test_tables_are_recognised_by_their_columns_whatever_the_file_is_called():
    files = {
        "first.csv": "\ufeff" + table(" CHILD , SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB ", "R1,1,01/01/2015,WBRI,,,"),
        "export (3).csv": table(EPISODES, "R1,01/06/2023,S,C2,N1,U6,PR1,,,,,,"),
    }
    outcome = import_903(files)

    assert outcome.report.files["first.csv"].table == "Header"
    assert outcome.report.files["export (3).csv"].table == "Episodes"
    assert PeriodOfCare.objects.filter(child__la_child_id="R1").exists()


def test_a_file_whose_columns_match_no_table_is_rejected_naming_the_closest():
    columns = EPISODES + ",LA,YEAR"
    outcome = check_903({"episodes.csv": table(columns, "E1,01/06/2023,S,C2,N1,U6,PR1,,,,,,,Barking,2023")})

    (problem,) = issues_for(outcome, "episodes.csv")
    assert "not those of any SSDA903 table" in problem.message
    assert "Closest: the Episodes table (not expected LA, YEAR)" in problem.message
    assert outcome.nothing_importable


# --- Every kind of bad row: rejected with its message, and nothing from it saved ----------------

GOOD_HEADER = "C9,1,01/01/2010,WBRI,,,"


def _episodes(*rows: str) -> dict[str, str]:
    return {"header.csv": table(HEADER, GOOD_HEADER), "episodes.csv": table(EPISODES, *rows)}


BAD_EPISODES = [
    pytest.param(
        "C9,01/06/2023,S,C2,N1,K3,PR1,,,,,,", "PLACE", "'K3' was not a placement type in 2023-24.", id="K3 before 2025"
    ),
    pytest.param(
        "C9,01/06/2023,S,C2,N1,Q7,PR1,,,,,,", "PLACE", "'Q7' is not a placement type code.", id="no such place"
    ),
    pytest.param("C9,01/06/2023,S,Z9,N1,U6,PR1,,,,,,", "LS", "'Z9' is not a legal status code.", id="legal status"),
    pytest.param(
        "C9,01/06/2023,Q,C2,N1,U6,PR1,,,,,,", "RNE", "'Q' is not a reason for new episode code.", id="reason new"
    ),
    pytest.param(
        "C9,01/06/2023,S,C2,N1,U6,PR1,01/08/2023,E99,,,,",
        "REC",
        "'E99' is not a reason the episode ceased code.",
        id="reason ceased",
    ),
    pytest.param(
        "C9,31/02/2023,S,C2,N1,U6,PR1,,,,,,", "DECOM", "'31/02/2023' is not a real date.", id="impossible date"
    ),
    pytest.param(
        "C9,2023/06/01,S,C2,N1,U6,PR1,,,,,,",
        "DECOM",
        "'2023/06/01' is not a date: write it as dd/mm/yyyy (or yyyy-mm-dd).",
        id="unreadable date",
    ),
    pytest.param(
        "C9,01/06/2023,S,C2,N1,U6,PR1,01/05/2023,E4A,,,,",
        "DEC",
        "The episode cannot end (1 May 2023) before it began (1 June 2023) (DfE rule 356).",
        id="ends before it starts",
    ),
    pytest.param(
        "C9,01/06/2023,S,C2,N1,U6,PR1,01/08/2023,,,,,",
        "REC",
        "The episode has an end date (DEC) but no reason it ceased (REC) (DfE rule 148).",
        id="end without reason",
    ),
    pytest.param(
        "C9,01/06/2023,S,C2,N1,U6,PR1,01/08/2023,X1,,,,",
        "REC",
        "REC X1 means a new episode starts on 1 August 2023, but there is none in the files (DfE rule 388).",
        id="X1 without a next episode",
    ),
    pytest.param(
        "C9,01/06/2009,S,C2,N1,U6,PR1,,,,,,",
        "DECOM",
        "Period of care dated 1 June 2009: that is before the child was born (1 January 2010). Check the date.",
        id="before birth",
    ),
    pytest.param(
        "C9,01/06/1901,S,C2,N1,U6,PR1,,,,,,",
        "DECOM",
        "Period of care dated 1 June 1901: that is before 1 January 1990. Check the year.",
        id="a mistyped year",
    ),
    pytest.param(
        "C9,01/06/2099,S,C2,N1,U6,PR1,,,,,,",
        "DECOM",
        "The episode starts on 1 June 2099, after the end of the 2023-24 collection year (31 March 2024) "
        "(DfE rule 354).",
        id="in the future",
    ),
    # A bad REASON_PLACE_CHANGE, CIN, postcode or URN is an error in that field alone: test_field_errors.
]


@pytest.mark.parametrize(("episode", "column", "message"), BAD_EPISODES)
def test_a_bad_episode_is_rejected_with_its_message_and_nothing_saved(episode, column, message):
    outcome = import_903(_episodes(episode), year=2024)

    (issue,) = [issue for issue in outcome.report.errors if issue.file_name == "episodes.csv"]
    assert (issue.row, issue.child, issue.field, issue.message) == (2, "C9", column, message)
    assert not PeriodOfCare.objects.exists()
    assert not Placement.objects.exists()
    assert not LegalStatus.objects.exists()


def test_placement_types_follow_the_collection_year():
    # DfE rule 146: K3 from 2024-25; H5, P2 and Z1 withdrawn and Z11 to Z14 added in 2025-26.
    still_2025 = check_903(_episodes("C9,01/06/2024,S,C2,N1,H5,PR1,,,,,,"), year=2025)
    withdrawn = check_903(_episodes("C9,01/06/2025,S,C2,N1,H5,PR1,,,,,,"), year=2026)
    z1_withdrawn = check_903(_episodes("C9,01/06/2025,S,C2,N1,Z1,PR1,,,,,,"), year=2026)
    added_2025 = check_903(_episodes("C9,01/06/2024,S,C2,N1,K3,PR1,,,,,,"), year=2025)
    added_2026 = check_903(_episodes("C9,01/06/2024,S,C2,N1,Z11,PR1,,,,,,"), year=2025)
    allowed_2026 = check_903(_episodes("C9,01/06/2025,S,C2,N1,Z11,PR1,,,,,,"), year=2026)
    # An episode that ended before 2025-26 keeps the codes of its own year.
    historic = check_903(_episodes("C9,01/06/2024,S,C2,N1,P2,PR1,01/02/2025,E4A,,,,"), year=2026)

    assert messages(still_2025) == []
    assert messages(withdrawn) == ["'H5' was not a placement type in 2025-26."]
    assert messages(z1_withdrawn) == ["'Z1' was not a placement type in 2025-26."]
    assert messages(added_2025) == []
    assert messages(added_2026) == ["'Z11' was not a placement type in 2024-25."]
    assert messages(allowed_2026) == []
    assert messages(historic) == []


def test_overlapping_episodes_reject_the_whole_period_of_care():
    outcome = import_903(
        _episodes(
            "C9,01/06/2023,S,C2,N1,U6,PR1,01/09/2023,X1,,,,",
            "C9,01/08/2023,P,C2,N1,U4,PR1,,,,,,",
        )
    )

    errors = outcome.report.errors
    assert (errors[0].row, errors[0].field) == (3, "DECOM")
    assert errors[0].message == (
        "This episode starts on 1 August 2023, before the episode from 1 June 2023 (row 2) ended on "
        "1 September 2023: episodes cannot overlap (DfE rule 501)."
    )
    assert (errors[1].row, errors[1].message) == (
        2,
        "Not imported: another episode of the same period of care (row 3) was rejected.",
    )
    assert not PeriodOfCare.objects.exists()


def test_an_episode_that_leaves_a_gap_after_x1_is_rejected():
    outcome = check_903(
        _episodes("C9,01/06/2023,S,C2,N1,U6,PR1,01/09/2023,X1,,,,", "C9,05/09/2023,P,C2,N1,U4,PR1,,,,,,")
    )

    assert (
        "ended on 1 September 2023 with REC X1 (a new episode starts the same day), but this one starts on "
        "5 September 2023 (DfE rule 433)." in messages(outcome)[0]
    )


def test_an_episode_after_care_ended_must_start_a_new_period():
    outcome = check_903(
        _episodes("C9,01/06/2023,S,C2,N1,U6,PR1,01/09/2023,E4A,,,,", "C9,01/10/2023,P,C2,N1,U4,PR1,,,,,,")
    )

    assert messages(outcome)[0].startswith("The child ceased to be looked after on 1 September 2023 (row 2, REC E4A)")


def test_a_change_of_legal_status_only_must_keep_the_placement():
    outcome = check_903(
        _episodes("C9,01/06/2023,S,C1,N1,U6,PR1,01/09/2023,X1,,,,", "C9,01/09/2023,L,C2,N1,K2,PR1,,,,,,")
    )

    assert messages(outcome)[0].startswith("RNE L is a change of legal status only, but the placement changed")


def test_a_new_period_starts_at_each_rne_s():
    import_903(
        _episodes(
            "C9,01/06/2023,S,C2,N1,U6,PR1,01/09/2023,E4A,,,,",
            "C9,01/11/2023,S,V2,N1,U3,PR1,,,,,,",
        )
    )

    periods = list(PeriodOfCare.objects.order_by("started_on").values_list("started_on", "ended_on"))
    assert periods == [(date(2023, 6, 1), date(2023, 9, 1)), (date(2023, 11, 1), None)]


def test_a_child_missing_from_the_header_is_rejected_in_every_table():
    outcome = import_903(
        {
            "header.csv": table(HEADER, GOOD_HEADER),
            "episodes.csv": table(EPISODES, "NOPE,01/06/2023,S,C2,N1,U6,PR1,,,,,,"),
            "reviews.csv": table(REVIEWS, "NOPE,01/01/2010,01/07/2023,PN1"),
        }
    )

    assert {(issue.file_name, issue.message) for issue in outcome.report.errors} == {
        ("episodes.csv", "Child NOPE is not in the header file: add their header row."),
        ("reviews.csv", "Child NOPE is not in the header file: add their header row."),
    }
    assert not Child.objects.filter(la_child_id="NOPE").exists()


def test_a_child_given_twice_in_the_header_is_rejected_with_their_rows():
    outcome = import_903(
        {
            "header.csv": table(HEADER, "D1,1,01/01/2010,WBRI,,,", "D1,2,01/01/2011,WBRI,,,"),
            "episodes.csv": table(EPISODES, "D1,01/06/2023,S,C2,N1,U6,PR1,,,,,,"),
        }
    )

    assert messages(outcome) == [
        "This child appears 2 times in the header (row 2, row 3): give each child once.",
        "This child appears 2 times in the header (row 2, row 3): give each child once.",
        "Not imported: the child's header row was rejected.",
    ]
    assert not Child.objects.exists()


@pytest.mark.parametrize(
    ("header", "column", "message"),
    [
        ("H1,7,01/01/2010,WBRI,,,", "SEX", "'7' is not a sex (1 or 2 before 2025; M, F or U from 2025) code."),
        ("H1,1,,WBRI,,,", "DOB", "The date of birth (DOB) is missing."),
        # A bad ETHNIC is an error in that field alone: test_field_errors.
        (
            "H1,1,01/01/2099,WBRI,,,",
            "DOB",
            "The date of birth cannot be in the future. For an unborn child, give the expected date instead.",
        ),
        (
            "H123456789012345678901,1,01/01/2010,WBRI,,,",
            "CHILD",
            "'H123456789012345678901' is too long for the child's ID (CHILD): at most 20 characters.",
        ),
    ],
)
def test_a_bad_header_row_is_rejected_with_its_message(header, column, message):
    outcome = import_903({"header.csv": table(HEADER, header)})

    (issue,) = outcome.report.errors
    assert (issue.field, issue.message) == (column, message)
    assert not Child.objects.exists()


def test_a_date_of_birth_that_disagrees_with_the_header_is_rejected():
    outcome = import_903(
        {"header.csv": table(HEADER, GOOD_HEADER), "reviews.csv": table(REVIEWS, "C9,02/01/2010,01/07/2023,PN1")}
    )

    assert messages(outcome) == ["The date of birth 2 January 2010 is not the header's (row 2), 1 January 2010."]


def test_a_review_is_rejected_when_the_child_was_not_looked_after_or_it_is_in_the_future():
    outcome = import_903(
        {
            "header.csv": table(HEADER, GOOD_HEADER),
            "episodes.csv": table(EPISODES, "C9,01/06/2023,S,C2,N1,U6,PR1,,,,,,"),
            "reviews.csv": table(
                REVIEWS, "C9,01/01/2010,01/05/2023,PN1", "C9,01/01/2010,01/01/2099,PN1", "C9,01/01/2010,01/07/2023,PN9"
            ),
        }
    )

    assert [(issue.row, issue.field, issue.message) for issue in issues_for(outcome, "reviews.csv")] == [
        (
            2,
            "REVIEW",
            "The child was not looked after on 1 May 2023: no period of care in the files or the product covers "
            "that day (was the episode rejected, or is the review date wrong?).",
        ),
        (
            3,
            "REVIEW",
            "The review is dated 1 January 2099, outside the 2023-24 collection year (1 April 2023 to 31 March "
            "2024): correct the date or give it in its year's return.",
        ),
        (4, "REVIEW_CODE", "'PN9' is not a review participation (PN0 to PN7) code."),
    ]
    assert not LookedAfterReview.objects.exists()


def test_a_missing_episode_that_ends_before_it_starts_is_rejected():
    outcome = import_903(
        {
            "header.csv": table(HEADER, GOOD_HEADER),
            "missing.csv": table(MISSING, "C9,01/01/2010,M,05/07/2023,01/07/2023"),
        }
    )

    assert messages(outcome) == ["The child cannot return before they went missing (5 July 2023 at 00:00)."]
    assert not MissingEpisode.objects.exists()


ADOPTION_EPISODES = table(
    EPISODES,
    "P1,01/05/2022,S,C2,N1,U6,PR1,01/07/2023,X1,,,,",
    "P1,01/07/2023,T,E1,N1,A6,PR1,,,,,,",
)
# What the row would have saved: nothing of it may be (the adoption record itself comes from the A6 episode).
BIRTHDAYS = CareLeaverBirthdayRecord.objects.all
MISSING_EPISODES = MissingEpisode.objects.all
ADOPTION_DATES = Adoption.objects.exclude(decision_on=None, matched_on=None, ceased_on=None).all
BAD_CODES = [
    pytest.param(
        "oc3.csv",
        table(OC3, "C9,01/01/2005,MAYBE,F2,K1"),
        "IN_TOUCH",
        "'MAYBE' is not an in touch code.",
        BIRTHDAYS,
        id="OC3 in touch",
    ),
    # A bad ACTIV or ACCOM is an error in that field alone (DfE rules 132, 133): test_field_errors.
    # AD1's details of the adopters are errors in their fields alone: test_field_errors.
    pytest.param(
        "placed.csv",
        table(PLACED, "P1,01/01/2020,01/03/2023,01/06/2023,RD9"),
        "REASON_PLACED_CEASED",
        "'RD9' is not a reason the decision was reversed code (DfE rule 120).",
        ADOPTION_DATES,
        id="placed for adoption reason ceased",
    ),
    pytest.param(
        "missing.csv",
        table(MISSING, "C9,01/01/2005,X,01/11/2023,03/11/2023"),
        "MISSING",
        "'X' is not a missing or absent (M or A) code.",
        MISSING_EPISODES,
        id="missing kind",
    ),
]


@pytest.mark.parametrize(("name", "content", "column", "message", "saved"), BAD_CODES)
def test_a_bad_code_is_rejected_with_its_column_and_nothing_is_saved_from_its_row(
    name, content, column, message, saved
):
    files = {
        "header.csv": table(HEADER, "C9,1,01/01/2005,WBRI,,,", "P1,2,01/01/2020,WBRI,,,"),
        "episodes.csv": ADOPTION_EPISODES,
        name: content,
    }

    outcome = import_903(files, year=2024)

    (issue,) = outcome.report.errors
    assert (issue.file_name, issue.row, issue.field, issue.message) == (name, 2, column, message)
    assert not saved().exists()
    assert Placement.objects.count() == 2  # the rest of the return is imported


def test_a_row_with_the_wrong_number_of_values_is_rejected():
    outcome = check_903({"header.csv": HEADER + "\nW1,1,01/01/2010,WBRI,,,,EXTRA\n"})

    assert messages(outcome)[0] == "This row has 8 values, but the file's header has 7 columns."
