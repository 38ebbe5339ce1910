"""SSDA903: adoption, care leavers and social worker episodes."""

from datetime import date

import pytest

from casework import codes
from casework.models import Adoption, Allocation, CareLeaverBirthdayRecord, Child, PeriodOfCare
from imports.ssda903 import IMPORTED_TEAM
from tests.factories import ChildFactory, SocialWorkerFactory
from workforce.models import SocialWorker

from .conftest import AD1, EPISODES, HEADER, OC3, PLACED, REVIEWS, SW_EPISODES, check_903, import_903, messages, table
from .test_ssda903 import GOOD_HEADER, RETURN_2024, _episodes

pytestmark = pytest.mark.django_db


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
    assert [(a.worker.external_id, a.started_on, a.ended_on, a.reason) for a in allocations] == [
        ("SW1", date(2023, 5, 1), date(2023, 9, 1), "MANAGE"),  # why the worker changed (SW_REASON) kept
        ("SW2", date(2023, 9, 1), None, ""),
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
