"""The returns write the details the product now records, where the DfE's rules ask for them, for
2025-26 (collection year 2026):

- SSDA903 MOTHER and MC_DOB for a girl looked after in the year, not on short breaks only (393, 399);
- SSDA903 CIN, the period of care's category of need, on each of its episodes (rule 504);
- SSDA903 REASON_PLACE_CHANGE on the episode a move ends (rule 225), from the placement the child
  moved on from; not on an episode that does not end in a move, nor on one that ends in the next
  year (DEC not known), nor around a temporary placement (rule 226);
- AD1's adopters (151), placed for adoption's REASON_PLACED_CEASED when the decision was reversed
  in the year (119);
- the census's PrimaryNeedCode (8610) and ReasonForClosure (8805), the reason only for a case
  closed by 31 March;

and the product's imports keep them, so they come back when the returns are imported.
"""

from datetime import date
from xml.etree import ElementTree as ET

import pytest

from casework.models import Adoption, Child, PeriodOfCare, Placement, Referral
from returns.cin_census.writer import build_census
from returns.ssda903.tables import COLUMNS, build_return
from tests.factories import (
    AdoptionFactory,
    ChildFactory,
    LegalStatusFactory,
    PeriodOfCareFactory,
    PlacementFactory,
    ReferralFactory,
)

from .test_round_trip import round_trip


def care(la_child_id: str, started: date, ended: date | None = None, reason: str = "", **child_details):
    child = ChildFactory(la_child_id=la_child_id, date_of_birth=date(2012, 1, 1), **child_details)
    period = PeriodOfCareFactory(
        child=child, started_on=started, ended_on=ended, reason_ceased=reason, category_of_need="N4"
    )
    LegalStatusFactory(period_of_care=period, child=child, started_on=started, code="C2")
    return child, period


def placement(period, start, end, kind="U6", why=""):
    return PlacementFactory(
        period_of_care=period,
        child=period.child,
        started_on=start,
        ended_on=end,
        placement_type=kind,
        carer_reference=f"{kind}-{start}",
        reason_place_change=why,
    )


@pytest.fixture
def authority(db):
    # M: U6 to K2 on 1 October 2025 (CARPL), K2 to U4 on 1 April 2026 (ALLEG: after the year).
    _, m = care("M", date(2025, 5, 1))
    placement(m, date(2025, 5, 1), date(2025, 10, 1), why="CARPL")
    placement(m, date(2025, 10, 1), date(2026, 4, 1), kind="K2", why="ALLEG")
    placement(m, date(2026, 4, 1), None, kind="U4")
    # T: U6, a temporary stay (T1) from 1 December 2025, back to U6 on 10 December: no reason (226).
    _, t = care("T", date(2025, 5, 1))
    placement(t, date(2025, 5, 1), date(2025, 12, 1), why="OTHER")
    placement(t, date(2025, 12, 1), date(2025, 12, 10), kind="T1", why="OTHER")
    placement(t, date(2025, 12, 10), None, why="")
    # A: adopted on 1 March 2026 by a male and female couple, not the foster carers.
    a, a_care = care("A", date(2024, 2, 1), date(2026, 3, 1), "E11")
    placement(a_care, date(2024, 2, 1), date(2025, 9, 1), why="PLACE")
    placement(a_care, date(2025, 9, 1), date(2026, 3, 1), kind="A6")
    AdoptionFactory(
        child=a, period_of_care=a_care, decision_on=date(2025, 5, 1), matched_on=date(2025, 8, 1),
        moved_in_on=date(2025, 9, 1), adoption_order_on=date(2026, 3, 1), by_foster_carers="0",
        number_of_adopters="2", sex_of_adopters="MF", legal_status_of_adopters="L3",
    )  # fmt: skip
    # R: a decision to place for adoption reversed on 1 February 2026 (RD1).
    r, r_care = care("R", date(2024, 6, 1))
    placement(r_care, date(2024, 6, 1), None)
    AdoptionFactory(
        child=r, period_of_care=r_care, decision_on=date(2025, 4, 10), ceased_on=date(2026, 2, 1), reason_ceased="RD1"
    )
    # Motherhood: W, a girl looked after, a mother since 3 March 2025; X, a girl, not a mother; Y, a
    # girl on short breaks only (V3: not asked, DfE rule 399); Z, a boy (not asked).
    for la_child_id, details in {
        "W": {"sex": "F", "is_mother": "1", "first_child_born_on": date(2025, 3, 3)},
        "X": {"sex": "F", "is_mother": "0"},
        "Y": {"sex": "F", "is_mother": "0"},
        "Z": {"sex": "M"},
    }.items():
        _, period = care(la_child_id, date(2025, 5, 1), **details)
        placement(period, date(2025, 5, 1), None)
    PeriodOfCare.objects.get(child__la_child_id="Y").legal_statuses.update(code="V3")
    # Referrals: N closed on 31 March 2026 (RC7); O closed on 1 April 2026 (after the year).
    n = ChildFactory(la_child_id="N")
    ReferralFactory(
        child=n, received_on=date(2025, 6, 1), closed_on=date(2026, 3, 31), primary_need="N4", reason_for_closure="RC7"
    )
    o = ChildFactory(la_child_id="O")
    ReferralFactory(
        child=o, received_on=date(2025, 6, 1), closed_on=date(2026, 4, 1), primary_need="N1", reason_for_closure="RC7"
    )


def rows(table: str) -> list[dict]:
    return [dict(zip(COLUMNS[table], row, strict=True)) for row in build_return(2026).tables[table]]


def test_the_reason_for_a_move_is_on_the_episode_the_move_ends(authority):
    written = rows("episodes")
    # The category of need is the period's, on every episode (DfE rule 504).
    assert {e["CIN"] for e in written} == {"N4"}
    episodes = [(e["CHILD"], e["DECOM"], e["PLACE"], e["REC"], e["REASON_PLACE_CHANGE"]) for e in written]
    assert [e for e in episodes if e[0] == "M"] == [
        ("M", "01/05/2025", "U6", "X1", "CARPL"),
        ("M", "01/10/2025", "K2", "", ""),  # its move is on 1 April 2026, after the year
    ]
    assert [e for e in episodes if e[0] == "T"] == [
        ("T", "01/05/2025", "U6", "X1", ""),
        ("T", "01/12/2025", "T1", "X1", ""),
        ("T", "10/12/2025", "U6", "", ""),
    ]


def test_the_adopters_and_the_reason_a_decision_was_reversed_are_written(authority):
    (ad1,) = rows("ad1")
    assert [ad1[c] for c in ("CHILD", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")] == [
        "A",
        "0",
        "2",
        "MF",
        "L3",
    ]
    placed = {row["CHILD"]: row for row in rows("placed_for_adoption")}
    assert (placed["R"]["DATE_PLACED_CEASED"], placed["R"]["REASON_PLACED_CEASED"]) == ("01/02/2026", "RD1")


def test_the_census_gives_the_primary_need_and_the_reason_only_for_a_case_closed_in_the_year(authority):
    root = ET.fromstring(build_census(2026).xml)
    details = {
        child.findtext("ChildIdentifiers/LAchildID"): child.find("CINdetails")
        for child in root.iter("Child")
        if child.find("CINdetails") is not None
    }
    n, o = details["N"], details["O"]
    assert (n.findtext("PrimaryNeedCode"), n.findtext("CINclosureDate"), n.findtext("ReasonForClosure")) == (
        "N4",
        "2026-03-31",
        "RC7",
    )
    assert (o.findtext("PrimaryNeedCode"), o.findtext("CINclosureDate"), o.findtext("ReasonForClosure")) == (
        "N1",
        None,
        None,
    )
    # In the schema's order: the need after the source, the reason after the closure date.
    tags = [element.tag for element in n]
    assert tags.index("ReferralSource") < tags.index("PrimaryNeedCode") < tags.index("CINclosureDate")
    assert tags.index("CINclosureDate") < tags.index("ReasonForClosure")


@pytest.fixture(autouse=True)
def _no_recomputation(monkeypatch):
    monkeypatch.setattr("core.recompute.send_on_commit", lambda *args, **kwargs: None)


def test_the_details_come_back_when_the_returns_are_imported_into_an_empty_database(authority, tmp_path):
    round_trip(tmp_path)
    assert set(PeriodOfCare.objects.values_list("category_of_need", flat=True)) == {"N4"}
    w = Child.objects.get(la_child_id="W")
    assert (w.is_mother, w.first_child_born_on) == ("1", date(2025, 3, 3))
    moved_on = Placement.objects.get(child__la_child_id="M", started_on=date(2025, 5, 1))
    assert moved_on.reason_place_change == "CARPL"
    # The next move is after the year: the 2025-26 return does not know it yet.
    assert Placement.objects.get(child__la_child_id="M", started_on=date(2025, 10, 1)).reason_place_change == ""
    adopted = Adoption.objects.get(child__la_child_id="A")
    assert (adopted.by_foster_carers, adopted.number_of_adopters) == ("0", "2")
    assert (adopted.sex_of_adopters, adopted.legal_status_of_adopters) == ("MF", "L3")
    assert Adoption.objects.get(child__la_child_id="R").reason_ceased == "RD1"
    n = Referral.objects.get(child__la_child_id="N")
    assert (n.primary_need, n.reason_for_closure) == ("N4", "RC7")
    o = Referral.objects.get(child__la_child_id="O")
    assert (o.primary_need, o.closed_on, o.reason_for_closure) == ("N1", None, "")


def test_motherhood_is_written_for_the_girls_it_is_asked_of(authority):
    header = {row["CHILD"]: (row["MOTHER"], row["MC_DOB"]) for row in rows("header")}
    assert header["W"] == ("1", "03/03/2025")
    assert header["X"] == ("0", "")
    assert header["Y"] == ("", "")
    assert header["Z"] == ("", "")
