"""The SSDA903 return written from a small hand-built authority, for 2025-26 (collection year 2026)."""

import csv
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from casework.models import CareLeaverBirthdayRecord, Child
from imports import ssda903 as importer
from imports.readers import Source
from imports.services import check_files
from returns.ssda903.tables import COLUMNS, build_return, write_return
from tests.factories import (
    AdoptionFactory,
    AllocationFactory,
    ChildFactory,
    LegalStatusFactory,
    LookedAfterReviewFactory,
    MissingEpisodeFactory,
    PeriodOfCareFactory,
    PlacementFactory,
    SocialWorkerFactory,
    TeamFactory,
)

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def authority(db):
    team = TeamFactory(name="Children in Care")
    worker = SocialWorkerFactory(team=team, swe_number="SW123456", started_on=date(2020, 1, 1))
    # F: in care from 1 June 2025: V2 then a care order on 1 August; foster care then, on
    # 1 December, a children's home; the change of status and the move on different days.
    f = ChildFactory(la_child_id="F", sex="M", ethnicity="BAFR", date_of_birth=date(2011, 2, 2), upn="A123456789012")
    care = PeriodOfCareFactory(child=f, started_on=date(2025, 6, 1))
    LegalStatusFactory(period_of_care=care, child=f, started_on=date(2025, 6, 1), code="V2")
    LegalStatusFactory(period_of_care=care, child=f, started_on=date(2025, 8, 1), code="C2")
    PlacementFactory(
        period_of_care=care,
        child=f,
        started_on=date(2025, 6, 1),
        ended_on=date(2025, 12, 1),
        placement_type="U6",
        provider="PR1",
        carer_reference="FC-1",
        postcode="AB1 2CD",
        urn="SC111111",
    )
    PlacementFactory(
        period_of_care=care,
        child=f,
        started_on=date(2025, 12, 1),
        placement_type="K2",
        provider="PR4",
        carer_reference="CH-9",
        postcode="EF3 4GH",
        urn="SC123456",
        reason_new_episode="P",
    )
    LookedAfterReviewFactory(child=f, held_on=date(2025, 6, 20), participation="PN1")
    LookedAfterReviewFactory(child=f, held_on=date(2026, 4, 2), participation="PN1")  # next year
    MissingEpisodeFactory(
        child=f,
        kind="M",
        started_at=datetime(2025, 11, 10, 20, 0, tzinfo=LONDON),
        ended_at=datetime(2025, 11, 11, 9, 0, tzinfo=LONDON),
    )
    AllocationFactory(child=f, worker=worker, team=team, started_on=date(2025, 6, 1))

    # E: left care on 2 April 2025 (an episode ending in the year), home to parents.
    e = ChildFactory(la_child_id="E", sex="F", ethnicity="WBRI", date_of_birth=date(2010, 1, 1))
    e_care = PeriodOfCareFactory(child=e, started_on=date(2024, 5, 1), ended_on=date(2025, 4, 2), reason_ceased="E4A")
    LegalStatusFactory(period_of_care=e_care, child=e, started_on=date(2024, 5, 1), code="C2")
    PlacementFactory(
        period_of_care=e_care,
        child=e,
        started_on=date(2024, 5, 1),
        ended_on=date(2025, 4, 2),
        placement_type="U4",
        provider="PR1",
        postcode="AB1 2CD",
        urn="SC222222",
    )

    # D: left care on 31 March 2025, the day before the year: not in the return.
    d = ChildFactory(la_child_id="D", date_of_birth=date(2012, 1, 1))
    d_care = PeriodOfCareFactory(child=d, started_on=date(2024, 5, 1), ended_on=date(2025, 3, 31), reason_ceased="E8")
    LegalStatusFactory(period_of_care=d_care, child=d, started_on=date(2024, 5, 1), code="V2")
    PlacementFactory(period_of_care=d_care, child=d, started_on=date(2024, 5, 1), ended_on=date(2025, 3, 31))

    # G: a care leaver whose 19th birthday is in the year.
    g = ChildFactory(la_child_id="G", sex="F", ethnicity="WIRI", date_of_birth=date(2006, 9, 1))
    CareLeaverBirthdayRecord.objects.create(
        child=g, age=19, birthday_on=date(2025, 9, 1), in_touch="YES", activity="F1", accommodation="U1"
    )

    # H: adopted on 1 March 2026 after a placement for adoption.
    h = ChildFactory(la_child_id="H", sex="M", ethnicity="WBRI", date_of_birth=date(2023, 6, 1))
    h_care = PeriodOfCareFactory(child=h, started_on=date(2024, 2, 1), ended_on=date(2026, 3, 1), reason_ceased="E11")
    LegalStatusFactory(period_of_care=h_care, child=h, started_on=date(2024, 2, 1), code="E1")
    PlacementFactory(
        period_of_care=h_care,
        child=h,
        started_on=date(2024, 2, 1),
        ended_on=date(2025, 9, 1),
        placement_type="U6",
        provider="PR1",
        postcode="AB1 2CD",
        urn="SC333333",
    )
    PlacementFactory(
        period_of_care=h_care,
        child=h,
        started_on=date(2025, 9, 1),
        ended_on=date(2026, 3, 1),
        placement_type="A6",
        provider="PR1",
        postcode="AB1 2CD",
        urn="XXXXXXX",
    )
    AdoptionFactory(
        child=h, period_of_care=h_care, decision_on=date(2025, 5, 1), matched_on=date(2025, 8, 1),
        moved_in_on=date(2025, 9, 1), adoption_order_on=date(2026, 3, 1),
    )  # fmt: skip


def test_episodes_follow_each_change_of_legal_status_and_placement(authority):
    episodes = [row for row in build_return(2026).tables["episodes"]]
    by_child = {}
    for row in episodes:
        by_child.setdefault(row[0], []).append(dict(zip(COLUMNS["episodes"], row, strict=True)))
    assert sorted(by_child) == ["E", "F", "H"]  # D left care the day before the year
    f = by_child["F"]
    assert [(e["DECOM"], e["RNE"], e["LS"], e["PLACE"], e["DEC"], e["REC"]) for e in f] == [
        ("01/06/2025", "S", "V2", "U6", "01/08/2025", "X1"),
        ("01/08/2025", "L", "C2", "U6", "01/12/2025", "X1"),
        ("01/12/2025", "P", "C2", "K2", "", ""),
    ]
    assert (f[2]["PLACE_PROVIDER"], f[2]["PL_POST"], f[2]["URN"]) == ("PR4", "EF3 4GH", "SC123456")
    # E's episode began before the year and ended in it: it is there, with the reason care ended.
    assert [(e["DECOM"], e["RNE"], e["DEC"], e["REC"]) for e in by_child["E"]] == [
        ("01/05/2024", "S", "02/04/2025", "E4A")
    ]
    assert [(e["RNE"], e["PLACE"], e["DEC"], e["REC"]) for e in by_child["H"]] == [
        ("S", "U6", "01/09/2025", "X1"),
        ("P", "A6", "01/03/2026", "E11"),
    ]


def test_the_other_tables_hold_the_years_records(authority):
    tables = build_return(2026).tables
    assert tables["header"] == [
        ["E", "F", "01/01/2010", "WBRI", "", "", ""],
        ["F", "M", "02/02/2011", "BAFR", "A123456789012", "", ""],
        ["G", "F", "01/09/2006", "WIRI", "", "", ""],
        ["H", "M", "01/06/2023", "WBRI", "", "", ""],
    ]
    assert tables["reviews"] == [["F", "02/02/2011", "20/06/2025", "PN1"]]  # not the review of April 2026
    assert tables["missing"] == [["F", "02/02/2011", "M", "10/11/2025", "11/11/2025"]]
    assert tables["oc3"] == [["G", "01/09/2006", "YES", "F1", "U1"]]
    assert tables["ad1"] == [["H", "01/06/2023", "01/05/2025", "01/08/2025", "", "", "", ""]]
    assert tables["placed_for_adoption"] == [["H", "01/06/2023", "01/05/2025", "", ""]]
    assert tables["sw_episodes"] == [["F", "02/02/2011", "SW123456", "01/06/2025", "", ""]]


def test_sex_is_written_one_or_two_before_2024_25(authority):
    header = {row[0]: row for row in build_return(2024).tables["header"]}
    assert sorted(header) == ["H"]  # in care from February 2024; the others came later
    assert header["H"][1] == "1"
    assert {row[0]: row[1] for row in build_return(2025).tables["header"]}["H"] == "M"


def test_the_products_own_import_reads_every_table_and_finds_no_error(authority, tmp_path):
    paths = write_return(build_return(2026), tmp_path)
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            assert importer.recognise(next(csv.reader(handle))) is not None, path.name
    sources = [Source(p.name, (lambda p=p: p.open("rb")), p.stat().st_size) for p in paths]
    outcome = check_files("ssda903", sources, year=2026)
    assert [issue.as_line() for issue in outcome.report.errors] == []


def test_the_command_writes_the_tables_and_refuses_a_year_the_import_cannot_read(authority, tmp_path):
    call_command("export_ssda903", "--year", "2026", str(tmp_path / "out"))
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(f"{name}.csv" for name in COLUMNS)
    with pytest.raises(CommandError, match="collection year from 2018"):
        call_command("export_ssda903", "--year", "2030", str(tmp_path / "x"))


def test_missing_episodes_are_written_only_while_looked_after(authority):
    # E left care on 2 April 2025. Missing on 1 April (in care, back the next day, care's last day): written.
    # Missing on 20 May 2025, from home: not an SSDA903 episode (DfE rule 578), as is one from the day care
    # ended to the day after (rule 577).
    e = Child.objects.get(la_child_id="E")
    for start, end in [((2025, 4, 1), (2025, 4, 2)), ((2025, 5, 20), (2025, 5, 21)), ((2025, 4, 2), (2025, 4, 3))]:
        MissingEpisodeFactory(
            child=e,
            kind="M",
            started_at=datetime(*start, 20, 0, tzinfo=LONDON),
            ended_at=datetime(*end, 9, 0, tzinfo=LONDON),
        )

    assert build_return(2026).tables["missing"] == [
        ["E", "01/01/2010", "M", "01/04/2025", "02/04/2025"],
        ["F", "02/02/2011", "M", "10/11/2025", "11/11/2025"],
    ]


def test_the_home_postcode_and_why_the_worker_changed_are_written_as_recorded(authority):
    f = Child.objects.get(la_child_id="F")
    f.periodofcare_set.update(home_postcode="TW9 1AB")
    first = f.allocations.get()
    first.reason, first.ended_on = "FCONTA", date(2025, 10, 1)
    first.save()
    AllocationFactory(
        child=f, worker=SocialWorkerFactory(team=first.team, swe_number="SW654321"), team=first.team,
        started_on=date(2025, 10, 1), reason="LEFTRL",
    )  # fmt: skip
    tables = build_return(2026).tables
    episodes = [dict(zip(COLUMNS["episodes"], row, strict=True)) for row in tables["episodes"] if row[0] == "F"]
    assert [(e["HOME_POST"], e["PL_POST"]) for e in episodes] == [
        ("TW9 1AB", "AB1 2CD"), ("TW9 1AB", "AB1 2CD"), ("TW9 1AB", "EF3 4GH"),
    ]  # fmt: skip
    assert tables["sw_episodes"] == [
        ["F", "02/02/2011", "SW123456", "01/06/2025", "01/10/2025", "FCONTA"],
        ["F", "02/02/2011", "SW654321", "01/10/2025", "", "LEFTRL"],
    ]


def test_short_breaks_are_written_with_no_postcodes_nor_urn(db):
    child = ChildFactory(la_child_id="V", date_of_birth=date(2015, 1, 1))
    care = PeriodOfCareFactory(child=child, started_on=date(2025, 5, 1), home_postcode="TW9 1AB")
    LegalStatusFactory(period_of_care=care, child=child, started_on=date(2025, 5, 1), code="V3")
    PlacementFactory(
        period_of_care=care, child=child, started_on=date(2025, 5, 1), placement_type="K2", provider="PR1",
        postcode="TW1 3AF", urn="SC444444",
    )  # fmt: skip
    [row] = build_return(2026).tables["episodes"]
    episode = dict(zip(COLUMNS["episodes"], row, strict=True))
    # DfE rules 214, 398 and 420: no location for short breaks.
    assert (episode["LS"], episode["HOME_POST"], episode["PL_POST"], episode["URN"]) == ("V3", "", "", "")
