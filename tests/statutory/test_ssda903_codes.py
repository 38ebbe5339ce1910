"""Every SSDA903 code list, pinned to the DfE validator's rule that holds it (csc-validator-be-903,
lac_validator/rules/lac20YY_YY/rule_NNN.py). A change to a list must change its pin, with the rule."""

import pytest

from casework import codes
from casework.statutory import ssda903 as dfe


def test_reasons_for_a_new_episode_are_rule_143s_and_t_and_u_keep_the_carer():
    assert set(dfe.ReasonNewEpisode.values) == {"S", "P", "L", "T", "U", "B"}
    # Rule 217: a child placed for adoption with their current foster carers (A3, A5) has RNE S, T or U,
    # so T and U keep the carer; rule 436: U and B change legal status and placement; rule 380: a
    # temporary placement (a new carer) starts with P or B.
    assert set(dfe.SAME_CARER_REASONS) == {"T", "U"}
    assert dfe.ReasonNewEpisode.STATUS_AND_PLACEMENT == "B"
    assert "same carer" not in dfe.ReasonNewEpisode.STATUS_AND_PLACEMENT.label
    assert "same carer" in dfe.ReasonNewEpisode("T").label
    assert dfe.ADOPTION_WITH_FOSTER_CARERS == ("A3", "A5")


def test_legal_statuses_are_rule_144s():
    assert set(dfe.LegalStatusCode.values) == {
        "C1", "C2", "D1", "E1", "V2", "V3", "V4", "J1", "J2", "J3", "L1", "L2", "L3",
    }  # fmt: skip


def test_reasons_an_episode_ceased_are_rule_149s_with_e14_and_the_right_e5_to_e7():
    assert {*dfe.ReasonEpisodeCeased.values, dfe.END_OF_EPISODE_ONLY} == {
        "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48",
        "E5", "E6", "E7", "E8", "E9", "E14", "E15", "E16", "E17", "X1",
    }  # fmt: skip
    assert dfe.ReasonEpisodeCeased("E14").label == "E14: Accommodation on remand ended"
    # Rule 387: E5 and E6 are independent living; rule 389: E7 is adult social care.
    assert "independent living" in dfe.ReasonEpisodeCeased("E5").label
    assert "independent living" in dfe.ReasonEpisodeCeased("E6").label
    assert "adult social care" in dfe.ReasonEpisodeCeased("E7").label
    assert dfe.ReasonEpisodeCeased("E9").label == "E9: Sentenced to custody"
    # Rule 437: no episode after a death (E2) or an age assessment of 18 or over (E15).
    assert dfe.FINAL_REASONS_CEASED == ("E2", "E15")


_RULE_146_2023 = {
    "A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1",
    "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1",
}  # fmt: skip


@pytest.mark.parametrize(
    ("collection_year", "expected"),
    [
        (2018, _RULE_146_2023),  # 2017-18: before the validator's first ruleset, the 2022-23 list
        (2023, _RULE_146_2023),
        (2024, _RULE_146_2023),
        (2025, _RULE_146_2023 | {"K3"}),  # 2024-25 (the validator writes "k3")
        (2026, _RULE_146_2023 - {"H5", "P2", "Z1"} | {"K3", "Z11", "Z12", "Z13", "Z14"}),  # 2025-26
        (2027, _RULE_146_2023 - {"H5", "P2", "Z1"} | {"K3", "Z11", "Z12", "Z13", "Z14"}),
    ],
)
def test_placement_types_are_rule_146s_for_each_year(collection_year, expected):
    assert dfe.placement_codes_for_year(collection_year) == expected


def test_temporary_placements_and_long_term_fostering():
    assert dfe.TEMPORARY_PLACEMENT_TYPES == ("T0", "T1", "T2", "T3", "T4")  # rules 380, 381, 383
    assert dfe.LONG_TERM_FOSTERING == ("U1", "U4")
    assert dfe.ADOPTION_PLACEMENT_TYPES == ("A3", "A4", "A5", "A6")


def test_care_leaver_activities_are_rule_132s_without_f3_and_p3():
    assert set(dfe.CareLeaverActivity.values) == {
        "F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0",
    }  # fmt: skip
    assert set(dfe.EET_ACTIVITIES) == {"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"}
    assert set(dfe.NEET_ACTIVITIES) == {"G4", "G5", "G6"}


def test_care_leaver_accommodation_is_rule_133s_without_s1_and_x1():
    assert set(dfe.CareLeaverAccommodation.values) == {
        "B1", "B2", "C1", "C2", "D1", "D2", "E1", "E2", "G1", "G2", "H1", "H2", "K1", "K2", "R1", "R2",
        "S2", "T1", "T2", "U1", "U2", "V1", "V2", "W1", "W2", "X2", "Y1", "Y2", "Z1", "Z2", "0",
    }  # fmt: skip
    # The second character says whether it is suitable.
    assert (dfe.SUITABLE, dfe.UNSUITABLE) == ("1", "2")


def test_in_touch_is_rule_131s_and_review_participation_rule_167s():
    assert set(dfe.InTouch.values) == {"YES", "NO", "DIED", "REFU", "NREQ", "RHOM"}
    assert set(dfe.NO_OUTCOMES) == {"DIED", "RHOM"}  # rule 344
    assert set(dfe.ReviewParticipation.values) == {f"PN{n}" for n in range(8)}


def test_the_product_reads_the_one_list():
    # casework.codes names the statutory module's lists; it holds no copy of its own.
    assert codes.ReasonNewEpisode is dfe.ReasonNewEpisode
    assert codes.PlacementType is dfe.PlacementType
    assert codes.CareLeaverActivity is dfe.CareLeaverActivity
    assert codes.EET_ACTIVITIES is dfe.EET_ACTIVITIES
    from casework import timescales as rules
    from indicators.calculators import care_leavers

    assert rules.SAME_CARER_REASONS is dfe.SAME_CARER_REASONS
    assert care_leavers.EET_ACTIVITIES is dfe.EET_ACTIVITIES


def test_the_lists_the_product_keeps_no_record_for_are_the_validators():
    assert {f"N{n}" for n in range(1, 9)} == dfe.CATEGORY_OF_NEED  # rule 145: N1 to N8, no N9
    assert {
        "CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE", "CUSTOD", "OTHER",
    } == dfe.REASONS_PLACE_CHANGE  # rule 1009  # fmt: skip
    assert {"RD1", "RD2", "RD3", "RD4"} == dfe.REASON_PLACED_CEASED  # rule 120
    assert {"1", "2"} == dfe.NUMBER_OF_ADOPTERS  # rule 175
    assert {"M1", "F1", "MM", "FF", "MF"} == dfe.SEX_OF_ADOPTERS  # rule 176
    assert {"L0", "L11", "L12", "L2", "L3", "L4"} == dfe.LEGAL_STATUS_OF_ADOPTERS  # rule 177
    assert {
        "MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN", "SWDIED", "OTHERS",
    } == dfe.SW_REASONS  # rule SW13STG1 (from 2023-24)  # fmt: skip
    assert {"SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5"} == dfe.SDQ_REASONS  # rule 196
    assert {"P1", "P2", "P3", "P4", "Z1"} == dfe.PREVIOUS_PERMANENCE  # rule 631


def test_the_reasons_a_social_worker_changed_are_offered_from_rule_sw13stg1s_list():
    from casework.models import Allocation

    offered = dict(Allocation._meta.get_field("reason").choices)
    assert set(offered) == dfe.SW_REASONS  # every code of rule SW13STG1, and no other
    # Rule SW10bSTG2's message names FCONTA "first contact"; the validator gives no other meaning.
    assert dfe.FIRST_CONTACT == "FCONTA" and offered["FCONTA"] == "FCONTA: first contact"
    assert all(label == code for code, label in offered.items() if code != "FCONTA")


@pytest.mark.parametrize("postcode", ["TW9 1AB", "SW1A 1AA", "B26 1DB", "tw91ab", "EC1V 9HX"])
def test_a_postcode_in_full_is_one(postcode):
    assert dfe.POSTCODE.match(postcode)


@pytest.mark.parametrize("postcode", ["TW9", "TW9 1A", "12345", "TW9 1AB X", "SW1A-1AA"])
def test_part_of_a_postcode_or_something_else_is_not(postcode):
    assert not dfe.POSTCODE.match(postcode)
