"""SSDA903 CSV tables: recognised by their columns, mapped to periods of care, placements,
legal statuses, reviews, missing episodes, adoption, care leavers and allocations."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry

from casework import codes
from casework.models import (
    Adoption,
    Allocation,
    CareLeaverBirthdayRecord,
    Child,
    LegalStatus,
    LookedAfterReview,
    MissingEpisode,
    PeriodOfCare,
    Placement,
)
from imports.services import YearOutOfOrder
from imports.ssda903 import IMPORTED_TEAM
from tests.factories import ChildFactory, PeriodOfCareFactory, SocialWorkerFactory
from workforce.models import SocialWorker

from .conftest import (
    AD1,
    EPISODES,
    HEADER,
    MISSING,
    OC2,
    OC3,
    PLACED,
    PREVIOUS_PERMANENCE,
    REVIEWS,
    SW_EPISODES,
    UASC,
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
        "B2,10/10/2023,S,V2,N2,U3,PR1,,,,,CD3 4EF,",
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


# --- Re-importing, next year, and the product's own records ----------------------------------------


def test_importing_the_same_files_again_changes_nothing():
    import_903(RETURN_2024)
    stamps = list(Placement.objects.order_by("pk").values_list("pk", "updated_at"))
    entries = LogEntry.objects.count()

    outcome = import_903(RETURN_2024)

    assert all(count["created"] == count["updated"] == 0 for count in outcome.counts.values()), outcome.counts
    assert outcome.counts["Placements"]["unchanged"] == 4
    assert list(Placement.objects.order_by("pk").values_list("pk", "updated_at")) == stamps
    assert LogEntry.objects.count() == entries


def test_next_years_return_adds_and_updates_without_duplicating():
    import_903(RETURN_2024)
    # 2024-25: B2's open episode is given again, now ended by a move (X1), and the new placement.
    next_year = {
        "header.csv": table(HEADER, "B2,F,02/02/2010,BAFR,,,"),
        "episodes.csv": table(
            EPISODES,
            "B2,10/10/2023,S,V2,N2,U3,PR1,01/06/2024,X1,,,CD3 4EF,",
            "B2,01/06/2024,P,V2,N2,K2,PR4,,,,,EF5 6GH,",
        ),
        "reviews.csv": table(REVIEWS, "B2,02/02/2010,20/10/2023,PN1", "B2,02/02/2010,20/04/2024,PN2"),
    }

    outcome = import_903(next_year, year=2025)

    assert outcome.counts["Periods of care"] == {"created": 0, "updated": 0, "unchanged": 1}
    assert outcome.counts["Placements"] == {"created": 1, "updated": 1, "unchanged": 0}
    # The review of 20 October 2023 is in the 2023-24 year: not this return's to give (it stays as imported).
    assert outcome.counts["Looked-after reviews"] == {"created": 1, "updated": 0, "unchanged": 0}
    assert [(issue.row, issue.field) for issue in issues_for(outcome, "reviews.csv")] == [(2, "REVIEW")]
    assert LookedAfterReview.objects.filter(child__la_child_id="B2").count() == 2
    placements = list(Placement.objects.filter(child__la_child_id="B2").order_by("started_on"))
    assert [(p.started_on, p.ended_on, p.placement_type) for p in placements] == [
        (date(2023, 10, 10), date(2024, 6, 1), "U3"),
        (date(2024, 6, 1), None, "K2"),
    ]
    assert PeriodOfCare.objects.filter(child__la_child_id="B2").count() == 1
    assert placements[1].source_reference == "SSDA903 2024-25 episodes.csv row 3"


def test_a_return_that_starts_mid_period_continues_the_period_already_in_the_product():
    import_903(RETURN_2024)
    # The 2024-25 return gives B2's episodes open on 1 April 2024 only from a later change (L).
    outcome = import_903(
        {
            "header.csv": table(HEADER, "B2,F,02/02/2010,BAFR,,,"),
            "episodes.csv": table(EPISODES, "B2,01/05/2024,L,C2,N2,U3,PR1,,,,,CD3 4EF,"),
        },
        year=2025,
    )

    assert outcome.rows_rejected == 0, outcome.report.issues
    assert PeriodOfCare.objects.filter(child__la_child_id="B2").count() == 1
    assert Placement.objects.filter(child__la_child_id="B2").count() == 1  # L continues the placement
    codes_by_date = LegalStatus.objects.filter(child__la_child_id="B2").order_by("started_on")
    assert list(codes_by_date.values_list("started_on", "code")) == [
        (date(2023, 10, 10), "V2"),
        (date(2024, 5, 1), "C2"),
    ]


def test_an_older_return_does_not_undo_a_newer_one():
    import_903(
        {
            "header.csv": table(HEADER, "B2,F,02/02/2010,BAFR,,,"),
            "episodes.csv": table(EPISODES, "B2,10/10/2023,S,V2,N2,U3,PR1,01/06/2024,E4A,,,,"),
        },
        year=2025,
    )

    # 2023-24 after 2024-25: refused whole, before a row is checked (tests/imports/test_history.py).
    with pytest.raises(YearOutOfOrder):
        import_903(RETURN_2024)

    assert PeriodOfCare.objects.get(child__la_child_id="B2").ended_on == date(2024, 6, 1)
    assert not Child.objects.filter(la_child_id="A1").exists()


def test_a_child_recorded_in_the_product_is_joined_by_their_id_and_kept_as_recorded():
    child = ChildFactory(la_child_id="B2", first_name="Bea", last_name="Boateng", date_of_birth=date(2010, 2, 2))

    outcome = import_903(RETURN_2024)

    child.refresh_from_db()
    assert (child.first_name, child.source) == ("Bea", codes.Source.MANUAL)
    assert PeriodOfCare.objects.get(child=child).started_on == date(2023, 10, 10)
    assert outcome.counts["Children"] == {"created": 1, "updated": 0, "unchanged": 1}


def test_a_period_that_overlaps_one_recorded_in_the_product_is_rejected():
    child = ChildFactory(la_child_id="C9", date_of_birth=date(2010, 1, 1))
    PeriodOfCareFactory(child=child, started_on=date(2023, 5, 1))

    outcome = import_903(_episodes("C9,01/06/2023,S,C2,N1,U6,PR1,,,,,,"))

    assert messages(outcome) == [
        "This period of care (from 1 June 2023, still open) overlaps the one from 1 May 2023, still open "
        "recorded in the product: a child has one period of care at a time."
    ]
    assert PeriodOfCare.objects.count() == 1


# --- Adoption, care leavers and social workers ------------------------------------------------------


def test_adoption_dates_come_from_the_decision_the_match_and_the_adoptive_placement():
    files = {
        "header.csv": table(HEADER, "P1,2,01/01/2020,WBRI,,,"),
        "episodes.csv": table(
            EPISODES,
            "P1,01/05/2022,S,C2,N1,U6,PR1,01/07/2023,X1,,,,",
            "P1,01/07/2023,T,E1,N1,A6,PR1,01/02/2024,E11,,,,",
        ),
        "placed_for_adoption.csv": table(PLACED, "P1,01/01/2020,01/03/2023,,"),
        "ad1.csv": table(AD1, "P1,01/01/2020,01/03/2023,15/06/2023,0,2,MF,L11"),
    }

    outcome = import_903(files)

    assert outcome.rows_rejected == 0, outcome.report.issues
    adoption = Adoption.objects.get()
    period = PeriodOfCare.objects.get()
    assert (adoption.decision_on, adoption.matched_on, adoption.moved_in_on, adoption.adoption_order_on) == (
        date(2023, 3, 1),
        date(2023, 6, 15),
        date(2023, 7, 1),
        date(2024, 2, 1),
    )
    assert adoption.period_of_care == period
    assert adoption.source_reference == "SSDA903 2023-24 placed_for_adoption.csv row 2"


def test_a_decision_to_place_for_adoption_outside_care_is_rejected():
    outcome = import_903(
        {
            "header.csv": table(HEADER, "P1,2,01/01/2020,WBRI,,,"),
            "placed_for_adoption.csv": table(PLACED, "P1,01/01/2020,01/03/2023,,"),
        }
    )

    assert messages(outcome)[0].startswith("The child was not looked after on 1 March 2023")
    assert not Adoption.objects.exists()


def test_care_leavers_get_the_birthday_that_falls_in_the_collection_year():
    outcome = import_903(
        {"header.csv": table(HEADER, "L1,1,10/10/2005,WBRI,,,"), "oc3.csv": table(OC3, "L1,10/10/2005,YES,F2,K1")}
    )

    assert outcome.rows_rejected == 0
    record = CareLeaverBirthdayRecord.objects.get()
    assert (record.age, record.birthday_on, record.in_touch, record.activity, record.accommodation) == (
        18,
        date(2023, 10, 10),
        "YES",
        "F2",
        "K1",
    )


def test_a_care_leaver_outside_this_years_cohort_is_rejected():
    outcome = import_903(
        {"header.csv": table(HEADER, "L1,1,10/10/2015,WBRI,,,"), "oc3.csv": table(OC3, "L1,10/10/2015,YES,F2,K1")}
    )

    assert messages(outcome) == [
        "The young person's 17th to 21st birthdays do not fall in 2023-24, so they are not in this year's care "
        "leaver cohort (DfE rule 391)."
    ]


def test_social_worker_episodes_become_allocations_to_workers_found_or_made_by_their_id():
    known = SocialWorkerFactory(first_name="Kim", last_name="Known", external_id="SW1")
    files = {
        "header.csv": table(HEADER, GOOD_HEADER),
        "sw_episodes.csv": table(
            SW_EPISODES, "C9,01/01/2010,SW1,01/05/2023,01/09/2023,MANAGE", "C9,01/01/2010,SW2,01/09/2023,,"
        ),
    }

    import_903(files)

    allocations = list(Allocation.objects.order_by("started_on"))
    assert [(a.worker.external_id, a.started_on, a.ended_on) for a in allocations] == [
        ("SW1", date(2023, 5, 1), date(2023, 9, 1)),
        ("SW2", date(2023, 9, 1), None),
    ]
    assert allocations[0].worker == known and allocations[0].team == known.team
    made = allocations[1].worker
    assert (made.team.name, made.started_on, made.full_name) == (IMPORTED_TEAM, date(2023, 9, 1), "Social worker SW2")
    assert all(a.source == codes.Source.SSDA903 for a in allocations)
    assert [a.source_reference for a in allocations] == [
        "SSDA903 2023-24 sw_episodes.csv row 2",
        "SSDA903 2023-24 sw_episodes.csv row 3",
    ]
    # The worker and the team the import made say where they came from; the known worker is the product's.
    assert (made.source, made.source_reference) == (codes.Source.SSDA903, "SSDA903 2023-24 sw_episodes.csv row 3")
    assert made.team.source == codes.Source.SSDA903
    assert (known.source, known.team.source) == ("", "")


def test_an_older_return_changes_no_allocation_a_newer_one_gave():
    newer = {
        "header.csv": table(HEADER, GOOD_HEADER),
        "sw_episodes.csv": table(
            SW_EPISODES, "C9,01/01/2010,SW1,01/05/2023,01/09/2024,MANAGE", "C9,01/01/2010,SW2,01/09/2024,,LEFTRL"
        ),
    }
    import_903(newer, year=2025)
    before = list(Allocation.objects.order_by("started_on").values_list("worker__external_id", "team", "ended_on"))
    # 2023-24, imported afterwards: SW1's episode still open at its year end, under another worker's ID.
    older = {
        "header.csv": table(HEADER, GOOD_HEADER),
        "sw_episodes.csv": table(SW_EPISODES, "C9,01/01/2010,SW7,01/05/2023,,MANAGE"),
    }

    outcome = import_903(older, year=2024)

    assert outcome.counts["Allocations"] == {"created": 0, "updated": 0, "unchanged": 1}
    assert "Social workers" not in outcome.counts  # no worker is made for an allocation that is kept
    after = list(Allocation.objects.order_by("started_on").values_list("worker__external_id", "team", "ended_on"))
    assert after == before
    (warning,) = messages(outcome, "warning")
    assert warning.startswith(
        "This allocation is already in the product (imported from SSDA903 2024-25 sw_episodes.csv row 2) and is "
        "kept as it is: worker Social worker SW1 in the product, Social worker SW7 in the return; ended on"
    )


def test_an_imported_allocation_is_marked_with_its_return_year_and_row_on_the_chronology():
    from casework.chronology import chronology

    import_903(
        {
            "header.csv": table(HEADER, GOOD_HEADER),
            "sw_episodes.csv": table(SW_EPISODES, "C9,01/01/2010,SW2,01/09/2023,,"),
        }
    )

    (event,) = [event for event in chronology(Child.objects.get()) if isinstance(event.record, Allocation)]
    assert event.title == f"Allocated to Social worker SW2 ({IMPORTED_TEAM})"
    assert event.imported_from == "Imported: SSDA903 return, SSDA903 2023-24 sw_episodes.csv row 2"


def _sw_episodes(*rows: str) -> dict[str, str]:
    return {"header.csv": table(HEADER, GOOD_HEADER), "sw_episodes.csv": table(SW_EPISODES, *rows)}


def test_overlapping_social_worker_episodes_are_rejected():
    outcome = import_903(_sw_episodes("C9,01/01/2010,SW1,01/05/2023,,", "C9,01/01/2010,SW2,01/09/2023,,"))

    assert messages(outcome) == [
        "This episode begins on 1 September 2023, but the social worker episode from 1 May 2023 (row 2) has no "
        "end date (SW_DEC) (DfE rule SW08STG2)."
    ]
    assert Allocation.objects.count() == 1


def test_a_social_worker_episode_that_begins_before_the_previous_one_ended_is_rejected():
    outcome = import_903(
        _sw_episodes("C9,01/01/2010,SW2,01/08/2023,,CHCHAN", "C9,01/01/2010,SW1,01/05/2023,01/09/2023,MANAGE")
    )

    (issue,) = outcome.report.errors
    assert (issue.row, issue.field, issue.message) == (
        2,
        "SW_DECOM",
        "This episode begins on 1 August 2023, before the social worker episode from 1 May 2023 (row 3) ended on "
        "1 September 2023 (DfE rule SW10STG2).",
    )
    assert list(Allocation.objects.values_list("worker__external_id", flat=True)) == ["SW1"]


@pytest.mark.parametrize(
    ("episode", "column", "message"),
    [
        pytest.param(
            "C9,01/01/2010,SW1,01/05/2009,,",
            "SW_DECOM",
            "Social worker episode dated 1 May 2009: that is before the child was born (1 January 2010). "
            "Check the date.",
            id="before birth",
        ),
        pytest.param(
            "C9,01/01/2010,SW1,01/05/2023,01/05/2099,",
            "SW_DEC",
            "The social worker episode cannot end in the future.",
            id="ends in the future",
        ),
        pytest.param(
            "C9,01/01/2010,SW1,01/05/2099,,",
            "SW_DECOM",
            "The social worker episode cannot begin in the future.",
            id="future",
        ),
        pytest.param(
            "C9,01/01/2010,SW1,01/05/2023,01/04/2023,",
            "SW_DEC",
            "The episode cannot end (1 April 2023) before it began (1 May 2023).",
            id="ends before it began",
        ),
        pytest.param(
            "C9,01/01/2010,,01/05/2023,,", "SW_ID", "The social worker's ID (SW_ID) is missing.", id="no SW_ID"
        ),
        pytest.param(
            "C9,01/01/2010,SW1,01/05/2023,,SWLAZY",
            "SW_REASON",
            "'SWLAZY' is not a reason for the change of social worker code (DfE rule SW13STG1).",
            id="reason for the change",
        ),
        pytest.param(
            "C9,01/01/2010,W1234,01/05/2023,,",
            "SW_ID",
            "'W1234' is not a social worker ID: it must begin with SW or XX, in capitals (DfE rule SW02STG1).",
            id="SW_ID not beginning SW or XX",
        ),
        pytest.param(
            "C9,01/01/2010,sw1234,01/05/2023,,",
            "SW_ID",
            "'sw1234' is not a social worker ID: it must begin with SW or XX, in capitals (DfE rule SW02STG1).",
            id="SW_ID in small letters",
        ),
    ],
)
def test_a_bad_social_worker_episode_is_rejected_and_nothing_saved_from_it(episode, column, message):
    outcome = import_903(_sw_episodes(episode))

    (issue,) = outcome.report.errors
    assert (issue.file_name, issue.row, issue.child, issue.field, issue.message) == (
        "sw_episodes.csv",
        2,
        "C9",
        column,
        message,
    )
    assert not Allocation.objects.exists()
    assert not SocialWorker.objects.exists()


def test_social_worker_ids_beginning_sw_or_xx_are_accepted():
    outcome = import_903(
        _sw_episodes("C9,01/01/2010,SW1234,01/05/2023,01/09/2023,MANAGE", "C9,01/01/2010,XX7,01/09/2023,,")
    )

    assert outcome.rows_rejected == 0, outcome.report.issues
    assert sorted(Allocation.objects.values_list("worker__external_id", flat=True)) == ["SW1234", "XX7"]


def test_from_2025_26_a_social_worker_id_needs_two_characters_after_sw_or_xx():
    # Before 2025-26 the DfE's check is of the first two characters only.
    assert check_903(_sw_episodes("C9,01/01/2010,SW,01/05/2024,,"), year=2025).report.errors == []
    two_after = import_903(_sw_episodes("C9,01/01/2010,XX12,01/05/2025,,"), year=2026)
    assert two_after.rows_rejected == 0, two_after.report.issues

    outcome = import_903(_sw_episodes("C9,01/01/2010,SW1,01/06/2025,,"), year=2026)

    (issue,) = outcome.report.errors
    assert (issue.file_name, issue.row, issue.field, issue.message) == (
        "sw_episodes.csv",
        2,
        "SW_ID",
        "'SW1' is too short for a social worker ID: from 2025-26 it is SW or XX followed by at least two more "
        "characters (DfE rule SW02STG1).",
    )
    assert list(Allocation.objects.values_list("worker__external_id", flat=True)) == ["XX12"]
    assert not SocialWorker.objects.filter(external_id="SW1").exists()


def test_next_years_return_ends_an_allocation_and_starts_the_next_one():
    import_903(_sw_episodes("C9,01/01/2010,SW1,01/05/2023,,MANAGE"))

    outcome = import_903(
        _sw_episodes("C9,01/01/2010,SW1,01/05/2023,01/06/2024,MANAGE", "C9,01/01/2010,SW2,01/06/2024,,LEFTRL"),
        year=2025,
    )

    assert outcome.rows_rejected == 0, outcome.report.issues
    assert outcome.counts["Allocations"] == {"created": 1, "updated": 1, "unchanged": 0}
    allocations = Allocation.objects.order_by("started_on").values_list("worker__external_id", "ended_on")
    assert list(allocations) == [("SW1", date(2024, 6, 1)), ("SW2", None)]


def test_the_others_are_checked_against_an_allocation_whose_correction_was_rejected():
    import_903(_sw_episodes("C9,01/01/2010,SW1,01/05/2023,,MANAGE"))

    # The correction that would end SW1's allocation fails on its own date, so the allocation stays open,
    # and the next episode cannot start while it is.
    outcome = import_903(
        _sw_episodes("C9,01/01/2010,SW1,01/05/2023,01/06/2099,MANAGE", "C9,01/01/2010,SW2,01/06/2024,,LEFTRL"),
        year=2025,
    )

    assert [(issue.row, issue.field) for issue in outcome.report.errors] == [(2, "SW_DEC"), (3, "SW_DECOM")]
    assert "overlaps the child's allocation from 1 May 2023, still open imported from SSDA903 2023-24" in (
        outcome.report.errors[1].message
    )
    assert list(Allocation.objects.values_list("worker__external_id", "ended_on")) == [("SW1", None)]


def test_a_new_period_cannot_start_the_day_an_episode_ended_with_care_continuing():
    outcome = check_903(
        _episodes("C9,01/06/2023,S,C2,N1,U6,PR1,01/09/2023,X1,,,,", "C9,01/09/2023,S,C2,N1,U4,PR1,,,,,,")
    )

    assert messages(outcome)[0] == (
        "RNE S starts a new period of care, but the episode before (row 2) ended on 1 September 2023 with REC X1 "
        "(care continues) (DfE rule 431)."
    )
    # Checked as the episodes are chained and among the DfE's rules across episodes: said once.
    assert [(i.row, i.field) for i in outcome.report.errors if i.row == 3] == [(3, "DECOM")]


def test_a_child_recorded_with_another_date_of_birth_keeps_it_and_the_return_is_checked_against_its_header():
    ChildFactory(la_child_id="C9", date_of_birth=date(2010, 1, 5))

    outcome = import_903(
        {"header.csv": table(HEADER, GOOD_HEADER), "reviews.csv": table(REVIEWS, "C9,01/01/2010,01/07/2023,PN1")}
    )

    assert messages(outcome, "warning") == [
        "The product records this child's date of birth as 5 January 2010; the product's is kept, and the records "
        "are checked against it."
    ]
    assert Child.objects.get().date_of_birth == date(2010, 1, 5)
    # The review's DOB is the header's, so it is not rejected for that (it is for the child not being in care).
    assert "not the header's" not in " ".join(messages(outcome))


def test_a_period_shortened_by_a_later_return_must_still_cover_the_visits_recorded_in_it():
    from tests.factories import StatutoryVisitFactory

    import_903(RETURN_2024)
    child = Child.objects.get(la_child_id="B2")
    StatutoryVisitFactory(child=child, visited_on=date(2024, 3, 10))

    outcome = import_903(
        {
            "header.csv": table(HEADER, "B2,F,02/02/2010,BAFR,,,"),
            "episodes.csv": table(EPISODES, "B2,10/10/2023,S,V2,N2,U3,PR1,01/03/2024,E4A,,,CD3 4EF,"),
        },
        year=2025,
    )

    assert messages(outcome) == [
        "The statutory visit of 10 March 2024 would no longer be in a period of care. Correct or remove it first."
    ]
    assert PeriodOfCare.objects.get(child=child).ended_on is None


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
