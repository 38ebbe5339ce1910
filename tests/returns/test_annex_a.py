"""Annex A from a small hand-built authority, for the period 1 October 2025 to 31 March 2026.

Each child is there to test one rule; the expected cells are worked out by hand below."""

from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from casework.models import CareLeaverBirthdayRecord, Referral
from returns.annex_a.common import Period
from returns.annex_a.workbook import LISTS, annex_a_rows, write_workbook
from tests.factories import (
    AdoptionFactory,
    AllocationFactory,
    AssessmentFactory,
    ChildFactory,
    ChildProtectionConferenceFactory,
    ChildProtectionPlanFactory,
    ChildProtectionVisitFactory,
    ContactFactory,
    LegalStatusFactory,
    LookedAfterReviewFactory,
    MissingEpisodeFactory,
    PeriodOfCareFactory,
    PlacementFactory,
    ReferralFactory,
    Section47EnquiryFactory,
    SocialWorkerFactory,
    StatutoryVisitFactory,
    TeamFactory,
)

LONDON = ZoneInfo("Europe/London")
PERIOD = Period(date(2025, 10, 1), date(2026, 3, 31))
TEMPLATE = Path(settings.BASE_DIR).parent / "shared/data/statutory-samples/mixed/Annex_A_2024_Jan.xlsx"


def by_child(rows: list[list]) -> dict[str, list]:
    return {row[0]: row for row in rows}


@pytest.fixture
def authority(db):
    duty = TeamFactory(name="Duty")
    care = TeamFactory(name="Children in Care")
    first = SocialWorkerFactory(team=duty, first_name="Dana", last_name="Duty")
    second = SocialWorkerFactory(team=care, first_name="Cal", last_name="Carer")

    # A: contacts either side of both ends of the period; referrals 12 months apart; handed
    # from one worker to another on 1 January 2026.
    a = ChildFactory(la_child_id="A", sex="F", ethnicity="WBRI", date_of_birth=date(2015, 5, 5))
    for moment in [(2025, 9, 30, 23, 30), (2025, 10, 1, 0, 30), (2026, 3, 31, 23, 0), (2026, 4, 1, 0, 10)]:
        ContactFactory(child=a, received_at=datetime(*moment, tzinfo=LONDON), source_of_contact="6")
    ReferralFactory(child=a, received_on=date(2024, 9, 30))  # more than 12 months before the next
    ReferralFactory(child=a, received_on=date(2025, 1, 15))
    ReferralFactory(
        child=a,
        received_on=date(2025, 10, 1),
        closed_on=date(2025, 10, 5),
        source_of_referral="3D",
        primary_need="N4",
        reason_for_closure="RC8",
    )
    ReferralFactory(child=a, received_on=date(2026, 4, 1))  # after the period
    AllocationFactory(child=a, worker=first, team=duty, started_on=date(2025, 1, 1), ended_on=date(2026, 1, 1))
    AllocationFactory(child=a, worker=second, team=care, started_on=date(2026, 1, 1))

    # B: a referral on the last day, its assessment authorised after the period.
    b = ChildFactory(la_child_id="B", sex="M", ethnicity="APKN", date_of_birth=date(2012, 4, 1))
    referral_b = ReferralFactory(child=b, received_on=date(2026, 3, 31))
    AssessmentFactory(
        child=b, referral=referral_b, started_on=date(2026, 3, 31), authorised_on=date(2026, 4, 10), outcome="cin"
    )

    # C: one assessment finished the day before the period, one the day it starts.
    c = ChildFactory(la_child_id="C", sex="U", ethnicity="NOBT")
    AssessmentFactory(child=c, started_on=date(2025, 6, 1), authorised_on=date(2025, 9, 30), outcome="nfa")
    AssessmentFactory(
        child=c,
        started_on=date(2025, 8, 1),
        child_seen_on=date(2025, 8, 5),
        authorised_on=date(2025, 10, 1),
        outcome="cin",
    )

    # D: a plan ending on the first day (not open in the period), then a new plan with visits.
    d = ChildFactory(la_child_id="D", date_of_birth=date(2019, 1, 1))
    ChildProtectionPlanFactory(child=d, started_on=date(2025, 5, 1), ended_on=date(2025, 10, 1), category="EMO")
    plan = ChildProtectionPlanFactory(child=d, started_on=date(2025, 11, 1), category="NEG")
    ChildProtectionVisitFactory(plan=plan, child=d, visited_on=date(2026, 3, 20), seen_alone=True)
    ChildProtectionVisitFactory(plan=plan, child=d, visited_on=date(2026, 4, 2), seen_alone=False)
    ChildProtectionConferenceFactory(child=d, kind="review", held_on=date(2026, 1, 20), outcome="continues")
    enquiry = Section47EnquiryFactory(
        child=d, started_on=date(2025, 10, 20), outcome="icpc", completed_on=date(2025, 10, 28)
    )
    ChildProtectionConferenceFactory(
        child=d, kind="initial", section47=enquiry, held_on=date(2025, 11, 1), outcome="plan"
    )

    # F: in care since June 2025 after an earlier period that ended within 12 months; moved from
    # foster care to a children's home on 1 December 2025; missing once, absent once.
    f = ChildFactory(la_child_id="F", sex="M", ethnicity="BAFR", date_of_birth=date(2011, 2, 2))
    PeriodOfCareFactory(child=f, started_on=date(2024, 1, 1), ended_on=date(2025, 1, 1), reason_ceased="E4A")
    care = PeriodOfCareFactory(child=f, started_on=date(2025, 6, 1))
    LegalStatusFactory(period_of_care=care, child=f, started_on=date(2025, 6, 1), code="V2")
    LegalStatusFactory(period_of_care=care, child=f, started_on=date(2025, 8, 1), code="C2")
    PlacementFactory(
        period_of_care=care,
        child=f,
        started_on=date(2025, 6, 1),
        ended_on=date(2025, 12, 1),
        placement_type="U6",
        carer_reference="FC-1",
        provider="PR1",
    )
    PlacementFactory(
        period_of_care=care,
        child=f,
        started_on=date(2025, 12, 1),
        placement_type="K2",
        carer_reference="CH-9",
        provider="PR4",
        postcode="AB1 2CD",
        urn="SC123456",
    )
    LookedAfterReviewFactory(child=f, held_on=date(2026, 2, 10))
    StatutoryVisitFactory(child=f, visited_on=date(2026, 3, 3))
    MissingEpisodeFactory(
        child=f,
        kind="M",
        started_at=datetime(2025, 11, 10, 20, 0, tzinfo=LONDON),
        interview_offered_at=datetime(2025, 11, 12, 9, 0, tzinfo=LONDON),
    )
    MissingEpisodeFactory(child=f, kind="A", started_at=datetime(2026, 1, 10, 20, 0, tzinfo=LONDON))
    ReferralFactory(child=f, received_on=date(2025, 5, 1))

    # G: a former relevant care leaver, 20 at the end of the period.
    g = ChildFactory(la_child_id="G", sex="F", ethnicity="WIRI", date_of_birth=date(2006, 1, 1))
    PeriodOfCareFactory(child=g, started_on=date(2021, 1, 1), ended_on=date(2024, 1, 1), reason_ceased="E17")
    CareLeaverBirthdayRecord.objects.create(
        child=g, age=19, birthday_on=date(2025, 1, 1), in_touch="YES", activity="F1", accommodation="U1"
    )

    # H: placed for adoption; the adoption order comes after the period.
    h = ChildFactory(la_child_id="H", date_of_birth=date(2023, 6, 1))
    h_care = PeriodOfCareFactory(child=h, started_on=date(2024, 2, 1))
    AdoptionFactory(
        child=h,
        period_of_care=h_care,
        decision_on=date(2025, 7, 1),
        placement_order_on=date(2025, 9, 1),
        adoption_order_on=date(2026, 5, 1),
    )
    # I: adopted before the period: not on list 10.
    i = ChildFactory(la_child_id="I", date_of_birth=date(2022, 6, 1))
    AdoptionFactory(child=i, decision_on=date(2024, 7, 1), adoption_order_on=date(2025, 9, 30))


def test_list_1_holds_contacts_received_within_the_period_by_local_day(authority):
    rows = annex_a_rows(PERIOD)[1]
    assert [(row[0], row[5]) for row in rows] == [("A", date(2025, 10, 1)), ("A", date(2026, 3, 31))]
    assert rows[0][1:5] == ["b) Female", "a) WBRI", date(2015, 5, 5), 10]
    assert rows[0][6] == "q) 6: Police"


def test_list_3_counts_earlier_referrals_in_the_twelve_months_and_marks_nfa(authority):
    rows = annex_a_rows(PERIOD)[3]
    assert [(row[0], row[5]) for row in rows] == [("A", date(2025, 10, 1)), ("B", date(2026, 3, 31))]
    a, b = rows
    # A: closed without an assessment (NFA); one referral (15 January 2025) in the 12 months
    # before; 30 September 2024 is a day too early. Allocated at the end of the period to Cal.
    assert a[6:] == ["j) 3D: Health services", "a) Yes", 1, "Children in Care", "Cal Carer"]
    assert b[7:9] == ["b) No", 0]
    assert b[9:] == [None, None]  # never allocated


def test_list_4_holds_assessments_open_in_the_period(authority):
    rows = by_child(annex_a_rows(PERIOD)[4])
    assert sorted(rows) == ["B", "C"]  # C's assessment authorised the day before the period is not there
    assert rows["C"][6:10] == [date(2025, 8, 1), "a) Yes", date(2025, 10, 1), "a) Yes"]
    # B's is authorised after the period: not yet known at its end.
    assert rows["B"][6:10] == [date(2026, 3, 31), "b) No", None, None]
    assert rows["C"][1:5] == ["c) Not stated/recorded", "s) NOBT", date(2015, 5, 5), 10]


def test_list_5_gives_the_initial_conference_and_the_counts(authority):
    (row,) = annex_a_rows(PERIOD)[5]
    assert row[0] == "D"
    assert row[6:12] == [date(2025, 10, 20), "b) No", date(2025, 11, 1), "a) Yes", 1, 1]


def test_list_6_gives_the_case_status_at_the_end_of_the_period(authority):
    rows = by_child(annex_a_rows(PERIOD)[6])
    # A's referral of 1 October closed on 5 October; its referral of 1 April 2026 is after the period.
    assert sorted(rows) == ["A", "B", "F"]
    assert rows["A"][9:12] == [
        date(2025, 10, 5),
        "RC8 - Case closed after assessment, no further action",
        "e) Closed episode",
    ]
    assert rows["F"][11] == "a) Looked after child"
    assert rows["F"][8] == date(2026, 3, 3)  # last seen: the statutory visit
    assert rows["B"][11] == "d) Open assessment"
    assert rows["B"][8] is None


def test_list_6_gives_the_primary_need_and_the_reason_for_a_closure_within_the_period(authority):
    # F's episode closes after the period: neither its closure nor its reason is known at the end.
    Referral.objects.filter(child__la_child_id="F").update(
        primary_need="N1", closed_on=date(2026, 4, 20), reason_for_closure="RC7"
    )
    rows = by_child(annex_a_rows(PERIOD)[6])
    assert rows["A"][7] == "N4 - Family in acute stress"
    assert rows["A"][9:11] == [date(2025, 10, 5), "RC8 - Case closed after assessment, no further action"]
    assert rows["F"][7] == "N1 - Abuse or neglect"
    assert rows["F"][9:12] == [None, None, "a) Looked after child"]
    assert rows["B"][7] is None  # no primary need recorded yet: an empty cell


def test_every_primary_need_and_reason_for_closure_the_product_records_has_its_annex_a_value():
    from casework.statutory.cin_census import PRIMARY_NEED_CHOICES, REASON_FOR_CLOSURE_CHOICES
    from returns.annex_a.codes import PRIMARY_NEED, REASON_FOR_CLOSURE

    assert list(PRIMARY_NEED) == [code for code, _ in PRIMARY_NEED_CHOICES] == [f"N{n}" for n in range(10)]
    assert list(REASON_FOR_CLOSURE) == [code for code, _ in REASON_FOR_CLOSURE_CHOICES]
    assert [value.split(" - ")[0] for value in REASON_FOR_CLOSURE.values()] == [f"RC{n}" for n in range(1, 10)]
    assert all(value.startswith(f"{code} - ") for code, value in PRIMARY_NEED.items())


def test_list_7_leaves_out_a_plan_that_ended_on_the_first_day(authority):
    (row,) = annex_a_rows(PERIOD)[7]
    assert row[0] == "D"
    assert row[6:15] == [
        date(2025, 11, 1),
        "a) Neglect",
        "a) Neglect",
        date(2026, 3, 20),  # the visit of 2 April 2026 is after the period
        "a) Yes",
        date(2026, 1, 20),
        None,
        "b) No",
        1,
    ]


def test_list_8_gives_the_current_legal_status_and_placement(authority):
    rows = by_child(annex_a_rows(PERIOD)[8])
    assert sorted(rows) == ["F", "H"]
    f = dict(zip(LISTS[7].headers, rows["F"], strict=True))
    assert f["Date Started to be Looked After"] == date(2025, 6, 1)
    assert f["Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)"] == (
        "a) Yes"
    )
    assert f["Start date of current legal status"] == date(2025, 8, 1)
    assert f["Child's Legal Status"] == "C2: FCO"
    assert f["Number of Placements in the Last 12 months"] == 2
    assert f["Start Date of Most Recent Placement"] == date(2025, 12, 1)
    assert f["Placement Type"] == "p) K2: Children's Homes"
    assert f["Placement Provider"] == "e) PR4: Private provision"
    assert (f["Placement postcode"], f["URN of Placement"]) == ("AB1 2CD", "SC123456")
    assert f["Date of Latest Statutory Review"] == date(2026, 2, 10)
    assert f["Date of Last Social Work Visit"] == date(2026, 3, 3)
    missing = [value for header, value in f.items() if "Missing" in header or "Absent" in header]
    assert missing == [1, 1]
    assert f["Was the child offered a Return Interview after their last missing episode (Y/N)?"] == "a) Yes"
    assert f["Did the child accept a Return Interview after their last missing episode (Y/N)?"] == "b) No"
    assert f["Date Ceased to be Looked After"] is None
    assert rows["H"][9] == "b) No"  # no earlier period of care


def test_list_9_holds_care_leavers_by_the_indicators_rule(authority):
    (row,) = annex_a_rows(PERIOD)[9]
    assert row[:5] == ["G", "b) Female", "b) WIRI", date(2006, 1, 1), 20]
    assert row[10:] == [
        "b) Former relevant child",
        None,
        "a) Yes",
        None,
        "U: Independent living",
        "a) Suitable",
        "F1: Full-time higher education",
    ]


def test_list_10_hides_dates_after_the_period(authority):
    (row,) = annex_a_rows(PERIOD)[10]
    assert row[0] == "H"
    assert row[7:13] == [date(2024, 2, 1), date(2025, 7, 1), date(2025, 9, 1), None, None, None]


def test_the_period_must_not_end_before_it_starts():
    with pytest.raises(ValueError):
        Period(date(2026, 3, 31), date(2026, 3, 30))


def test_the_lists_cost_one_query_each_at_most(authority, django_assert_max_num_queries):
    # Lists 2 and 11 need none; each other list is one query, whatever the number of rows.
    with django_assert_max_num_queries(9):
        annex_a_rows(PERIOD)


@pytest.mark.skipif(not TEMPLATE.exists(), reason="the shared Ofsted template is not on this machine")
def test_the_headers_are_the_templates():
    template = openpyxl.load_workbook(TEMPLATE, read_only=True)
    for annex_list in LISTS:
        sheet = template[annex_list.sheet_name]
        headers = [cell.value for cell in next(sheet.iter_rows(min_row=1, max_row=1))]
        headers = [header.strip() for header in headers if header is not None]
        assert [header.strip() for header in annex_list.headers] == headers, annex_list.sheet_name


def test_the_workbook_writes_dates_as_dates_shown_day_first(authority):
    buffer = BytesIO()
    write_workbook(annex_a_rows(PERIOD), buffer)
    workbook = openpyxl.load_workbook(BytesIO(buffer.getvalue()))
    assert workbook.sheetnames == [f"List {number}" for number in range(1, 12)]
    contacts = workbook["List 1"]
    assert contacts["A2"].value == "A"
    assert contacts["F2"].value == datetime(2025, 10, 1)
    assert contacts["F2"].number_format == "dd/mm/yyyy"
    assert contacts.max_row == 3
    assert workbook["List 2"].max_row == 1  # headers only


def test_the_command_writes_the_workbook_and_refuses_a_backwards_period(authority, tmp_path):
    from auditlog.models import LogEntry

    out = tmp_path / "annex.xlsx"
    call_command("export_annex_a", "--from", "2025-10-01", "--to", "2026-03-31", str(out))
    assert openpyxl.load_workbook(out)["List 3"].max_row == 3
    entry = LogEntry.objects.get(additional_data__return="Annex A")
    assert entry.additional_data["rows_by_list"]["3"] == 2
    with pytest.raises(CommandError, match="before --from"):
        call_command("export_annex_a", "--from", "2026-03-31", "--to", "2026-03-30", str(out))
    with pytest.raises(CommandError, match="real date"):
        call_command("export_annex_a", "--from", "2026-02-30", "--to", "2026-03-30", str(out))


def test_list_8_has_the_children_the_scorecard_counts_as_looked_after_at_the_end(authority):
    """The inspection list and the scorecard cannot disagree: the children on list 8 still looked
    after at 31 March are LAC 10's children for March (its drill-down, one row per child)."""
    from casework.models import Child
    from tests.indicators.helpers import compute, records

    compute("LAC 10", date(2026, 3, 1))
    scorecard = set(
        Child.objects.filter(pk__in=records("LAC 10", date(2026, 3, 1))).values_list("la_child_id", flat=True)
    )
    ceased = LISTS[7].headers.index("Date Ceased to be Looked After")
    annex = {row[0] for row in annex_a_rows(PERIOD)[8] if row[ceased] is None}
    assert annex == scorecard == {"F", "H"}
