"""The DfE's CIN census rules across a child's dates (imports/cin_rules.py), one small census each.

Every census here is the 2023-24 one: the census year runs from 1 April 2023 to the reference date,
31 March 2024. The referral is on 1 June 2023 unless a test says otherwise. Each rule refuses the
rows it flags, with a message naming it; the boundary day of each is accepted.
"""

import pytest

from casework.models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionConference,
    ChildProtectionPlan,
    Referral,
    Section47Enquiry,
)

from .conftest import cin_document, import_cin
from .test_cin_census import child_xml

pytestmark = pytest.mark.django_db


def episode(referred="2023-06-01", *, closed="", nfa="false", inner="", initial="") -> str:
    closure = f"<CINclosureDate>{closed}</CINclosureDate><ReasonForClosure>RC1</ReasonForClosure>" if closed else ""
    conference = f"<DateOfInitialCPC>{initial}</DateOfInitialCPC>" if initial else ""
    return (
        f"<CINdetails><CINreferralDate>{referred}</CINreferralDate><ReferralSource>1A</ReferralSource>"
        f"<PrimaryNeedCode>N1</PrimaryNeedCode>{closure}{conference}<ReferralNFA>{nfa}</ReferralNFA>{inner}</CINdetails>"
    )


def section47(started, initial="", not_required="false") -> str:
    conference = f"<DateOfInitialCPC>{initial}</DateOfInitialCPC>" if initial else ""
    return (
        f"<Section47><S47ActualStartDate>{started}</S47ActualStartDate>{conference}"
        f"<ICPCnotRequired>{not_required}</ICPCnotRequired></Section47>"
    )


def assessment(started, authorised="") -> str:
    end = f"<AssessmentAuthorisationDate>{authorised}</AssessmentAuthorisationDate>" if authorised else ""
    return f"<Assessments><AssessmentActualStartDate>{started}</AssessmentActualStartDate>{end}</Assessments>"


def cp_plan(started, ended="", reviews=()) -> str:
    end = f"<CPPendDate>{ended}</CPPendDate>" if ended else ""
    held = "".join(f"<CPPreviewDate>{day}</CPPreviewDate>" for day in reviews)
    review_block = f"<Reviews>{held}</Reviews>" if held else ""
    return (
        f"<ChildProtectionPlans><CPPstartDate>{started}</CPPstartDate>{end}"
        f"<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>{review_block}</ChildProtectionPlans>"
    )


def cin_plan(started) -> str:
    return f"<CINPlanDates><CINPlanStartDate>{started}</CINPlanStartDate></CINPlanDates>"


def census(*episodes: str):
    return import_cin({"cin.xml": cin_document(child_xml(details="".join(episodes)), year=2024)})


def refused(outcome) -> list[tuple[str, str, str]]:
    """(where in the child's entry, column, message) of each error."""
    return [(issue.place.partition(", ")[2], issue.field, issue.message) for issue in outcome.report.errors]


# --- Events dated before their referral ----------------------------------------------------------------


def test_1104_an_initial_conference_before_the_referral_refuses_the_section_47():
    outcome = census(episode(inner=section47("2023-06-01", initial="2023-05-31")))

    assert refused(outcome) == [
        (
            "CIN episode 1, section 47 enquiry 1",
            "DateOfInitialCPC",
            "The initial child protection conference (31 May 2023) cannot be before the referral date (1 June 2023) "
            "(DfE rule 1104).",
        )
    ]
    assert Referral.objects.count() == 1
    assert not Section47Enquiry.objects.exists()
    assert not ChildProtectionConference.objects.exists()


def test_1104_and_2889_a_section_47_and_its_conference_on_the_referral_day_are_imported():
    outcome = census(episode(inner=section47("2023-06-01", initial="2023-06-01")))

    assert refused(outcome) == []
    assert Section47Enquiry.objects.count() == 1
    assert ChildProtectionConference.objects.get().held_on.isoformat() == "2023-06-01"


def test_2889_a_section_47_starting_before_the_referral_is_refused():
    outcome = census(episode(inner=section47("2023-05-31", initial="2023-06-10")))

    assert refused(outcome) == [
        (
            "CIN episode 1, section 47 enquiry 1",
            "S47ActualStartDate",
            "The section 47 enquiry cannot start (31 May 2023) before the referral date (1 June 2023) (DfE rule 2889).",
        )
    ]
    assert not Section47Enquiry.objects.exists()


def test_1105_a_protection_plan_starting_before_the_referral_is_refused_with_its_reviews():
    outcome = census(episode(inner=cp_plan("2023-05-31", reviews=["2023-08-20"])))

    assert refused(outcome) == [
        (
            "CIN episode 1, child protection plan 1",
            "CPPstartDate",
            "The child protection plan cannot start (31 May 2023) before the referral date (1 June 2023) "
            "(DfE rule 1105).",
        ),
        (
            "CIN episode 1, child protection plan 1, review 1",
            "",
            "Not imported: its child protection plan was rejected.",
        ),
    ]
    assert not ChildProtectionPlan.objects.exists()
    assert not ChildProtectionConference.objects.exists()


def test_4015_a_child_in_need_plan_starting_before_the_referral_is_refused_and_on_the_day_is_kept():
    outcome = census(
        episode(closed="2023-08-31", inner=cin_plan("2023-05-31")), episode("2023-09-01", inner=cin_plan("2023-09-01"))
    )

    assert refused(outcome) == [
        (
            "CIN episode 1, CIN plan 1",
            "CINPlanStartDate",
            "The child in need plan cannot start (31 May 2023) before the referral date (1 June 2023) (DfE rule 4015).",
        )
    ]
    assert [plan.started_on.isoformat() for plan in ChildInNeedPlan.objects.all()] == ["2023-09-01"]
    assert Referral.objects.count() == 2


def test_8815_8816_8820_two_open_episodes_are_both_refused():
    # Both are open and acted on (8815); the first is not the latest (8816); the second starts inside
    # the first, which is still open at the reference date (8820). The DfE flags both.
    outcome = census(episode(), episode("2023-09-01"))

    more_than_one = (
        "More than one open CIN episode (no CINclosureDate) that is not a referral with no further action is "
        "given for this child: close all but the current one (DfE rule 8815)."
    )
    assert refused(outcome) == [
        ("CIN episode 1 (referral)", "CINclosureDate", more_than_one),
        ("CIN episode 2 (referral)", "CINclosureDate", more_than_one),
        (
            "CIN episode 1 (referral)",
            "CINreferralDate",
            "This CIN episode (referred 1 June 2023) is open and not a referral with no further action, but it is "
            "not the child's latest: Child 1 (RND1), CIN episode 2 (referral) was referred 1 September 2023 "
            "(DfE rule 8816).",
        ),
        (
            "CIN episode 2 (referral)",
            "CINreferralDate",
            "This CIN episode (referred 1 September 2023) overlaps Child 1 (RND1), CIN episode 1 (referral) (referred "
            "1 June 2023, still open): a child's CIN episodes cannot overlap, though one may start the day another "
            "closes (DfE rule 8820).",
        ),
    ]
    assert not Referral.objects.exists()


# --- Activity on a referral with no further action ---------------------------------------------------------


def test_8831_activity_on_a_no_further_action_referral_refuses_the_referral_and_the_activity():
    outcome = census(
        episode(nfa="true", inner=assessment("2023-06-02") + section47("2023-06-03")),
        episode("2023-09-01", closed="2023-09-01", nfa="1", initial="2023-09-01"),
    )

    reason = "is recorded against a referral with no further action (ReferralNFA) (DfE rule 8831)."
    assert refused(outcome) == [
        ("CIN episode 1, assessment 1", "AssessmentActualStartDate", f"An assessment {reason}"),
        ("CIN episode 1, section 47 enquiry 1", "S47ActualStartDate", f"A section 47 enquiry {reason}"),
        ("CIN episode 1 (referral)", "ReferralNFA", f"Activity {reason}"),
        ("CIN episode 2 (referral)", "DateOfInitialCPC", f"An initial conference {reason}"),
    ]
    assert not Referral.objects.exists()
    assert not Assessment.objects.exists()
    assert not Section47Enquiry.objects.exists()
    assert not ChildProtectionConference.objects.exists()


def test_8831_a_no_further_action_referral_without_activity_is_imported():
    outcome = census(episode(closed="2023-06-01", nfa="true"))

    assert refused(outcome) == []
    assert Referral.objects.count() == 1


# --- Overlapping CIN episodes ---------------------------------------------------------------------------------


def test_8820_an_episode_may_start_the_day_the_last_one_closed():
    outcome = census(episode("2023-05-01", closed="2023-09-01"), episode("2023-09-01"))

    assert refused(outcome) == []
    assert Referral.objects.count() == 2


def test_8820_an_episode_starting_before_the_last_one_closed_is_refused():
    outcome = census(episode("2023-05-01", closed="2023-09-01"), episode("2023-08-31"))

    assert refused(outcome) == [
        (
            "CIN episode 2 (referral)",
            "CINreferralDate",
            "This CIN episode (referred 31 August 2023) overlaps Child 1 (RND1), CIN episode 1 (referral) (referred "
            "1 May 2023, closed 1 September 2023): a child's CIN episodes cannot overlap, though one may start the "
            "day another closes (DfE rule 8820).",
        )
    ]
    assert list(Referral.objects.values_list("received_on", flat=True)).__len__() == 1
    assert Referral.objects.get().received_on.isoformat() == "2023-05-01"


def test_8815_8816_8820_an_open_no_further_action_referral_does_not_count_as_open():
    outcome = census(episode("2023-05-01", nfa="true"), episode("2023-09-01"))

    assert refused(outcome) == []
    assert Referral.objects.count() == 2


# --- Concurrent section 47s and assessments -----------------------------------------------------------------


def test_8839_and_8890_two_section_47s_awaiting_a_conference_are_refused():
    outcome = census(episode(inner=section47("2023-06-02") + section47("2023-06-05")))

    waiting = (
        "2 section 47 enquiries in this CIN episode have no initial conference and are not marked as not needing "
        "one: only one can be ongoing (DfE rule 8839)."
    )
    assert refused(outcome) == [
        ("CIN episode 1, section 47 enquiry 1", "DateOfInitialCPC", waiting),
        ("CIN episode 1, section 47 enquiry 2", "DateOfInitialCPC", waiting),
        (
            "CIN episode 1, section 47 enquiry 2",
            "S47ActualStartDate",
            "This section 47 enquiry starts (5 June 2023) while another is ongoing: Child 1 (RND1), CIN episode 1, "
            "section 47 enquiry 1 started 2 June 2023, no initial conference yet (DfE rule 8890).",
        ),
    ]
    assert not Section47Enquiry.objects.exists()


def test_8839_and_8890_a_section_47_that_needs_no_conference_is_not_ongoing():
    outcome = census(episode(inner=section47("2023-06-02", not_required="true") + section47("2023-06-05")))

    assert refused(outcome) == []
    assert Section47Enquiry.objects.count() == 2


@pytest.mark.parametrize(("second_start", "refused_count"), [("2023-06-20", 1), ("2023-06-21", 0)])
def test_8890_a_section_47_may_start_the_day_after_the_last_ones_conference(second_start, refused_count):
    # The first enquiry's initial conference is on 20 June: a second starting that day is during it.
    outcome = census(
        episode(inner=section47("2023-06-02", initial="2023-06-20") + section47(second_start, initial="2023-07-10"))
    )

    assert [message for *_, message in refused(outcome) if "8890" in message].__len__() == refused_count
    assert Section47Enquiry.objects.count() == 2 - refused_count


def test_8896_two_open_assessments_in_an_episode_are_refused_and_one_open_is_kept():
    outcome = census(
        episode(inner=assessment("2023-06-02") + assessment("2023-06-05")),
        episode(
            "2023-05-01", closed="2023-05-20", inner=assessment("2023-05-02", "2023-05-10") + assessment("2023-05-12")
        ),
    )

    open_twice = (
        "2 assessments in this CIN episode have no authorisation date: only one can be open at a time (DfE rule 8896)."
    )
    assert refused(outcome) == [
        ("CIN episode 1, assessment 1", "AssessmentAuthorisationDate", open_twice),
        ("CIN episode 1, assessment 2", "AssessmentAuthorisationDate", open_twice),
    ]
    assert Assessment.objects.count() == 2  # the second episode's


# --- A plan that starts and ends the same day -----------------------------------------------------------------


@pytest.mark.parametrize(("ended", "refused_count"), [("2023-07-01", 1), ("2023-07-02", 0)])
def test_8840_a_protection_plan_cannot_start_and_end_the_same_day(ended, refused_count):
    outcome = census(episode(inner=cp_plan("2023-07-01", ended)))

    expected = [
        (
            "CIN episode 1, child protection plan 1",
            "CPPendDate",
            "The child protection plan cannot start and end on the same day (1 July 2023) (DfE rule 8840).",
        )
    ]
    assert refused(outcome) == expected[:refused_count]
    assert ChildProtectionPlan.objects.count() == 1 - refused_count


# --- Rows outside the census year ----------------------------------------------------------------------------


@pytest.mark.parametrize(("referred", "in_year"), [("2024-03-31", True), ("2024-04-01", False)])
def test_8600_a_referral_after_the_reference_date_is_refused(referred, in_year):
    outcome = census(episode(referred))

    expected = [
        (
            "CIN episode 1 (referral)",
            "CINreferralDate",
            "The referral date (1 April 2024) is after the census's reference date (31 March 2024) (DfE rule 8600).",
        )
    ]
    assert refused(outcome) == ([] if in_year else expected)
    assert Referral.objects.count() == (1 if in_year else 0)


@pytest.mark.parametrize(
    ("closed", "in_year"),
    [("2023-03-31", False), ("2023-04-01", True), ("2024-03-31", True), ("2024-04-01", False)],
)
def test_8620_a_closure_outside_the_census_year_refuses_the_referral_and_its_assessments(closed, in_year):
    outcome = census(episode("2023-01-10", closed=closed, inner=assessment("2023-01-11", "2023-02-01")))

    messages = [message for *_, message in refused(outcome)]
    if in_year:
        # The assessment authorised on 1 February 2023 is before the census year: 8696.
        assert messages == [
            "The assessment's authorisation date (1 February 2023) is outside the census year (1 April 2023 to "
            "31 March 2024) (DfE rule 8696)."
        ]
        assert Referral.objects.count() == 1
    else:
        assert messages[0].startswith("The case closure date (")
        assert messages[0].endswith("is outside the census year (1 April 2023 to 31 March 2024) (DfE rule 8620).")
        assert not Referral.objects.exists()
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    ("authorised", "in_year"),
    [("2023-03-31", False), ("2023-04-01", True), ("2024-03-31", True), ("2024-04-01", False)],
)
def test_8696_an_assessment_authorised_outside_the_census_year_is_refused(authorised, in_year):
    outcome = census(episode("2023-03-01", inner=assessment("2023-03-02", authorised)))

    assert ([] if in_year else ["AssessmentAuthorisationDate"]) == [column for _, column, _ in refused(outcome)]
    assert Assessment.objects.count() == (1 if in_year else 0)
    assert Referral.objects.count() == 1


def test_every_message_of_these_rules_names_its_dfe_rule():
    outcome = census(
        episode("2023-05-01", closed="2023-09-01", inner=section47("2023-04-20", initial="2023-04-25")),
        episode("2023-08-31", inner=cp_plan("2023-07-01", "2023-07-01") + cin_plan("2023-08-01")),
    )

    own = [message for *_, message in refused(outcome) if not message.startswith("Not imported")]
    assert own and all("(DfE rule " in message for message in own)


# --- The import's own messages name the DfE rule too ------------------------------------------------------


def test_field_errors_name_the_dfe_rule_for_that_field():
    identifiers = child_xml(sex="7", details=episode("")).replace("WBRI", "XXXX")
    outcome = import_cin({"cin.xml": cin_document(identifiers, year=2024)})

    assert [(column, message) for _, column, message in refused(outcome)] == [
        ("Sex", "'7' is not a sex (1, 2, 0 or 9; or M, F or U) code (DfE rule 4180)."),
        ("Ethnicity", "'XXXX' is not an ethnicity code (DfE rule 4220)."),
        ("", "Not imported: the child's identifiers were rejected."),
    ]


def test_a_missing_referral_date_and_a_closure_without_reason_name_their_rules():
    outcome = census(
        episode(""),
        episode("2023-06-01", closed="2023-07-01").replace("<ReasonForClosure>RC1</ReasonForClosure>", ""),
    )

    assert [(column, message) for _, column, message in refused(outcome)] == [
        ("CINreferralDate", "The referral date (CINreferralDate) is missing (DfE rule 8600).")
    ]
    warnings = [issue.message for issue in outcome.report.warnings]
    assert warnings == ["The case closed but the reason for closure is missing (DfE rule 8805)."]


@pytest.mark.parametrize("year", [2021, 2022, 2025, 2026])
def test_the_census_year_of_the_rules_is_the_files_own(year):
    # In the 20xx census, a case closed on 31 March 20xx is in the year; one closed on 1 April is not.
    details = episode(f"{year - 1}-05-01", closed=f"{year}-03-31") + episode(f"{year}-03-31", closed=f"{year}-04-01")
    sex = "GenderCurrent" if year < 2025 else "Sex"
    outcome = import_cin({"cin.xml": cin_document(child_xml(sex_element=sex, details=details), year=year)})

    assert [(place, column) for place, column, _ in refused(outcome)] == [
        ("CIN episode 2 (referral)", "CINclosureDate")
    ]
    assert f"(1 April {year - 1} to 31 March {year}) (DfE rule 8620)." in refused(outcome)[0][2]
    assert Referral.objects.count() == 1
