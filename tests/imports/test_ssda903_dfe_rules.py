"""The DfE's SSDA903 rules that change the figures, enforced at import (issue 14), each built from the
issue's example. Rules that change no figure are queries: reported, the row kept."""

from datetime import date

import pytest

from casework.models import CareLeaverBirthdayRecord, MissingEpisode, PeriodOfCare, Placement
from casework.timescales import new_placements

from .conftest import EPISODES, HEADER, MISSING, OC3, import_903, issues_for, messages, table

pytestmark = pytest.mark.django_db


def _return(*episodes: str, **tables: str) -> dict[str, str]:
    return {
        "header.csv": table(HEADER, "C9,1,01/01/2010,WBRI,,,"),
        "episodes.csv": table(EPISODES, *episodes),
        **tables,
    }


def _rule_errors(outcome, rule: str) -> list[tuple[int, str]]:
    """The rows the rule refused (not those refused only because they depend on one: no field)."""
    return [(i.row, i.field) for i in outcome.report.errors if f"(DfE rule {rule})" in i.message and i.field]


# --- RNE: T and U keep the carer, B changes it -----------------------------------------------------------


def test_moves_under_rne_b_are_moves_and_t_and_u_keep_the_carer():
    # The issue's child moved twice under B and showed as "stable since 2019". Here: started in a foster
    # placement, two moves under B (legal status and carer change), then T (long-term, same carer) and
    # U (placement order, A5 with the same carers, rule 217).
    outcome = import_903(
        _return(
            "C9,01/05/2019,S,V2,N1,U6,PR1,01/09/2019,X1,,,,",
            "C9,01/09/2019,B,C1,N1,U6,PR1,01/01/2020,X1,,,,",
            "C9,01/01/2020,B,C2,N1,U6,PR1,01/06/2020,X1,,,,",
            "C9,01/06/2020,T,C2,N1,U4,PR1,01/01/2021,X1,,,,",
            "C9,01/01/2021,U,E1,N1,A5,PR1,,,,,,",
        ),
        year=2021,
    )

    assert outcome.report.errors == []
    placements = Placement.objects.filter(child__la_child_id="C9")
    starts = sorted(new_placements(placements).values_list("started_on", flat=True))
    # Three carers: the first placement and the two B moves; T and U continue the third.
    assert starts == [date(2019, 5, 1), date(2019, 9, 1), date(2020, 1, 1)]


def test_adoption_by_the_foster_carers_with_a_new_carer_is_a_query():
    outcome = import_903(
        _return("C9,01/05/2023,S,C2,N1,U6,PR1,01/09/2023,X1,,,,", "C9,01/09/2023,P,E1,N1,A5,PR1,,,,,,")
    )

    assert outcome.report.errors == []
    assert [(i.row, i.field, i.message) for i in outcome.report.warnings] == [
        (
            3,
            "RNE",
            "A5 is placed for adoption with the current foster carers, so the carer does not change: the RNE must "
            "be S, T or U, not P (DfE rule 217). Imported as the file gives it.",
        )
    ]
    assert Placement.objects.count() == 2


# --- REC -------------------------------------------------------------------------------------------------


def test_care_ended_by_e14_remand_ended_closes_the_period():
    # The issue's child left care on 5 December 2020 (E14) and was still in care in 2022.
    outcome = import_903(_return("C9,01/10/2020,S,J1,N1,K2,PR1,05/12/2020,E14,,,,"), year=2021)

    assert outcome.report.errors == []
    period = PeriodOfCare.objects.get()
    assert (period.ended_on, period.reason_ceased) == (date(2020, 12, 5), "E14")
    assert period.get_reason_ceased_display() == "E14: Accommodation on remand ended"


# --- OC3: field errors keep the row ----------------------------------------------------------------------


def _care_leaver(in_touch: str, activity: str, accommodation: str):
    outcome = import_903(
        {
            "header.csv": table(HEADER, "L1,1,10/10/2005,WBRI,,,"),
            "oc3.csv": table(OC3, f"L1,10/10/2005,{in_touch},{activity},{accommodation}"),
        }
    )
    return outcome, CareLeaverBirthdayRecord.objects.get()


@pytest.mark.parametrize("accommodation", ["S1", "X1"])
def test_accommodation_s1_and_x1_are_refused_as_a_field_error_keeping_the_activity(accommodation):
    outcome, record = _care_leaver("YES", "F2", accommodation)

    assert outcome.rows_rejected == 0
    # An error in ACCOM alone: said as an error, once, and the row kept.
    assert [(i.severity, i.field, i.message) for i in outcome.report.issues] == [
        (
            "error",
            "ACCOM",
            f"'{accommodation}' is not an accommodation code (DfE rule 133): imported as 0, information not "
            "known. The rest of the row is kept.",
        )
    ]  # not also rule 345: the file's code was not 0
    assert (record.activity, record.accommodation) == ("F2", "0")


def test_in_touch_with_nothing_known_is_a_query_and_the_row_is_kept():
    outcome, record = _care_leaver("YES", "0", "K1")

    assert outcome.rows_rejected == 0
    assert [(i.field, i.message) for i in outcome.report.warnings] == [
        (
            "ACTIV",
            "The authority is in touch with this young person (IN_TOUCH YES), but the activity or accommodation "
            "is 0, not known (DfE rule 345).",
        )
    ]
    assert (record.activity, record.accommodation) == ("0", "K1")


def test_activity_p3_is_not_education_or_work():
    outcome, record = _care_leaver("YES", "P3", "K1")

    assert outcome.rows_rejected == 0
    [issue] = issues_for(outcome, "oc3.csv", 2)
    assert (issue.severity, issue.field) == ("error", "ACTIV")
    assert "'P3' is not an activity code (DfE rule 132)" in issue.message
    assert (record.activity, record.accommodation) == ("0", "K1")


def test_a_young_person_recorded_as_died_has_no_activity_or_accommodation():
    outcome, record = _care_leaver("DIED", "F2", "K1")

    assert outcome.rows_rejected == 0
    assert [(i.severity, i.field, i.message) for i in outcome.report.issues] == [
        (
            "error",
            "ACTIV",
            "IN_TOUCH is DIED (died), so the activity and accommodation must be 0 (DfE rule 344): imported as 0, "
            "information not known. The rest of the row is kept.",
        )
    ]
    # Not in education or work (CL 1) nor NEET (CL 2), nor suitably accommodated (CL 3).
    assert (record.in_touch, record.activity, record.accommodation) == ("DIED", "0", "0")


# --- Temporary placements (rules 380, 381, 383) ----------------------------------------------------------


def test_a_temporary_placement_is_not_a_move():
    outcome = import_903(
        _return(
            "C9,01/05/2023,S,C2,N1,U6,PR1,10/08/2023,X1,,,AB1 2CD,",
            "C9,10/08/2023,P,C2,N1,T0,PR1,14/08/2023,X1,,,,",
            "C9,14/08/2023,P,C2,N1,U6,PR1,,,,,AB1 2CD,",
        )
    )

    assert outcome.report.errors == []
    placement = Placement.objects.get()  # one placement across the hospital stay
    assert (placement.started_on, placement.ended_on, placement.placement_type) == (date(2023, 5, 1), None, "U6")


def test_temporary_placements_breaking_the_dfe_rules_are_refused():
    outcome = import_903(
        {
            "header.csv": table(
                HEADER, "A1,1,01/01/2010,WBRI,,,", "B2,1,01/01/2010,WBRI,,,", "C3,1,01/01/2010,WBRI,,,"
            ),
            "episodes.csv": table(
                EPISODES,
                # A1: care starts with a temporary placement (380).
                "A1,01/05/2023,S,C2,N1,T2,PR1,,,,,,",
                # B2: care ends in a temporary placement (381).
                "B2,01/05/2023,S,C2,N1,U6,PR1,10/08/2023,X1,,,,",
                "B2,10/08/2023,P,C2,N1,T3,PR1,14/08/2023,E4A,,,,",
                # C3: after the stay the child does not return to the normal placement (383).
                "C3,01/05/2023,S,C2,N1,U6,PR1,10/08/2023,X1,,,,",
                "C3,10/08/2023,P,C2,N1,T0,PR1,14/08/2023,X1,,,,",
                "C3,14/08/2023,P,C2,N1,K2,PR1,,,,,,",
            ),
        }
    )

    assert _rule_errors(outcome, "380") == [(2, "RNE")]
    assert _rule_errors(outcome, "381") == [(4, "REC")]
    assert _rule_errors(outcome, "383") == [(7, "PLACE")]
    assert not Placement.objects.exists()  # each period of care stands or falls whole


# --- Care ending and starting again (rules 431, 437) ------------------------------------------------------


def test_leaving_and_reentering_care_the_same_day_is_refused():
    outcome = import_903(
        _return("C9,01/05/2023,S,C2,N1,U6,PR1,01/09/2023,E4A,,,,", "C9,01/09/2023,S,V2,N1,U6,PR1,,,,,,")
    )

    assert _rule_errors(outcome, "431") == [(3, "DECOM")]
    # The first period of care stands; no second one restarts the child's time in care.
    assert list(PeriodOfCare.objects.values_list("started_on", "ended_on")) == [(date(2023, 5, 1), date(2023, 9, 1))]


def test_no_episode_follows_a_death():
    outcome = import_903(
        _return("C9,01/05/2023,S,C2,N1,U6,PR1,01/09/2023,E2,,,,", "C9,01/10/2023,S,V2,N1,U6,PR1,,,,,,")
    )

    assert _rule_errors(outcome, "437") == [(2, "REC")]
    assert [(i.row, i.message) for i in outcome.report.errors if i.row == 3] == [
        (3, "Not imported: the child's care ended with REC E2 (row 2) and no episode can follow (DfE rule 437).")
    ]
    assert not PeriodOfCare.objects.exists()


# --- Missing episodes (rules 577, 578, 581) ---------------------------------------------------------------


def test_missing_episodes_outside_care_are_refused():
    # The issue's child left care on 8 June 2017 and has a missing episode in February 2018.
    outcome = import_903(
        {
            **_return("C9,01/05/2017,S,C2,N1,U6,PR1,08/06/2017,E4A,,,,"),
            "missing.csv": table(
                MISSING,
                "C9,01/01/2010,M,10/02/2018,12/02/2018",  # after care ended: 578
                "C9,01/01/2010,M,10/04/2017,12/04/2017",  # in the year, before care began: 581
                "C9,01/01/2010,A,07/06/2017,",  # still open after care ended: 577
                "C9,01/01/2010,M,05/05/2017,06/05/2017",  # in care: imported
                "C9,01/01/2010,M,01/03/2017,02/03/2017",  # before care and before the year: 571 alone
            ),
        },
        year=2018,
    )

    assert _rule_errors(outcome, "578") == [(2, "MIS_START")]
    assert _rule_errors(outcome, "581") == [(3, "MIS_START")]
    assert _rule_errors(outcome, "577") == [(4, "MIS_END")]
    # One message for a row: the first rule that explains it (the collection year, checked on the row alone).
    assert [(i.row, i.field) for i in outcome.report.errors if i.row == 6] == [(6, "MIS_END")]
    assert "(DfE rule 571)" in issues_for(outcome, "missing.csv", 6)[0].message
    assert list(MissingEpisode.objects.values_list("started_at__date", flat=True)) == [date(2017, 5, 5)]
    assert messages(outcome)[0] == (
        "The child went missing on 10 February 2018, after they ceased to be looked after on 8 June 2017 "
        "(DfE rule 578)."
    )


def test_lac20_counts_neither_a_hospital_stay_nor_a_same_carer_change_as_a_move_but_counts_b():
    from tests.indicators.helpers import compute

    # C9: in the same foster placement since May 2020 but for four days in hospital in August 2023: in.
    # D9: in care since May 2019, moved under B (legal status and carer) in June 2023: out.
    # E9: in care since May 2019; long-term with the same carer under T in June 2023: in.
    import_903(
        {
            "header.csv": table(HEADER, *(f"{c},1,01/01/2010,WBRI,,," for c in ("C9", "D9", "E9"))),
            "episodes.csv": table(
                EPISODES,
                "C9,01/05/2020,S,C2,N1,U6,PR1,10/08/2023,X1,,,,",
                "C9,10/08/2023,P,C2,N1,T0,PR1,14/08/2023,X1,,,,",
                "C9,14/08/2023,P,C2,N1,U6,PR1,,,,,,",
                "D9,01/05/2019,S,V2,N1,U6,PR1,01/06/2023,X1,,,,",
                "D9,01/06/2023,B,C2,N1,U6,PR1,,,,,,",
                "E9,01/05/2019,S,C2,N1,U6,PR1,01/06/2023,X1,,,,",
                "E9,01/06/2023,T,C2,N1,U4,PR1,,,,,,",
            ),
        }
    )

    assert compute("LAC 20", date(2024, 3, 1))["authority"] == (2, 3, 66.7)


def test_a_temporary_stay_over_the_year_end_continues_the_placement_from_the_year_before():
    first = import_903(
        _return("C9,01/05/2023,S,C2,N1,U6,PR1,10/03/2024,X1,,,,", "C9,10/03/2024,P,C2,N1,T0,PR1,,,,,,"), year=2024
    )
    second = import_903(
        _return("C9,10/03/2024,P,C2,N1,T0,PR1,14/04/2024,X1,,,,", "C9,14/04/2024,P,C2,N1,U6,PR1,,,,,,"), year=2025
    )

    assert (first.report.errors, second.report.errors) == ([], [])
    placement = Placement.objects.get()
    assert (placement.started_on, placement.ended_on, placement.placement_type) == (date(2023, 5, 1), None, "U6")
    assert PeriodOfCare.objects.get().started_on == date(2023, 5, 1)
