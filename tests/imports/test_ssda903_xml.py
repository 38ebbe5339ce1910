"""SSDA903 XML: the same content as the CSV tables, so the same records."""

from datetime import date

import pytest

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
from workforce.models import SocialWorker

from .conftest import (
    AD1,
    EPISODES,
    HEADER,
    MISSING,
    OC3,
    PLACED,
    REVIEWS,
    SW_EPISODES,
    check_903,
    import_903,
    messages,
    table,
)

pytestmark = pytest.mark.django_db

XML = """<?xml version='1.0' encoding='us-ascii'?>
<EXPSSDA903>
<CHILD><HEADER><CHILDID>A1</CHILDID><UPN>A123456789012</UPN><SEX>1</SEX><DOB>05/05/2012</DOB><ETHNIC>WBRI</ETHNIC>
<UASC /><AREVIEW><REVIEW>20/06/2023</REVIEW><REVIEW_CODE>PN4</REVIEW_CODE></AREVIEW><MOTHER /><MC_DOB />
<PERMANENCE><PREV_PERM>Z1</PREV_PERM></PERMANENCE></HEADER>
<EPISODE><DECOM>01/06/2023</DECOM><RNE>S</RNE><LS>C1</LS><CIN>N1</CIN><PL>U6</PL><PL_POST>AB1 2CD</PL_POST><HOME_POST />
<URN /><PLACE_PROVIDER>PR1</PLACE_PROVIDER><DEC>01/09/2023</DEC><REC>X1</REC><REASON_PLACE_CHANGE /></EPISODE>
<EPISODE><DECOM>01/09/2023</DECOM><RNE>L</RNE><LS>C2</LS><CIN>N1</CIN><PL>U6</PL><PL_POST>AB1 2CD</PL_POST><HOME_POST />
<URN /><PLACE_PROVIDER>PR1</PLACE_PROVIDER><DEC>01/11/2023</DEC><REC>X1</REC><REASON_PLACE_CHANGE /></EPISODE>
<EPISODE><DECOM>01/11/2023</DECOM><RNE>U</RNE><LS>C2</LS><CIN>N1</CIN><PL>U4</PL><PL_POST>AB1 2CD</PL_POST><HOME_POST />
<URN /><PLACE_PROVIDER>PR1</PLACE_PROVIDER><DEC>15/01/2024</DEC><REC>X1</REC><REASON_PLACE_CHANGE /></EPISODE>
<EPISODE><DECOM>15/01/2024</DECOM><RNE>P</RNE><LS>C2</LS><CIN>N1</CIN><PL>K2</PL><PL_POST>XY9 8ZW</PL_POST><HOME_POST />
<URN>1234567</URN><PLACE_PROVIDER>PR4</PLACE_PROVIDER><DEC>01/03/2024</DEC><REC>E4A</REC>
<REASON_PLACE_CHANGE>CARPL</REASON_PLACE_CHANGE></EPISODE>
<SW_EPISODE><SW_ID>SW1</SW_ID><SW_DECOM>01/06/2023</SW_DECOM><SW_DEC>15/01/2024</SW_DEC><SW_REASON>MANAGE</SW_REASON>
</SW_EPISODE>
<SW_EPISODE><SW_ID>SW2</SW_ID><SW_DECOM>15/01/2024</SW_DECOM><SW_DEC /><SW_REASON>LEFTRL</SW_REASON></SW_EPISODE>
</CHILD>
<CHILD><HEADER><CHILDID>B2</CHILDID><UPN /><SEX>F</SEX><DOB>02/02/2010</DOB><ETHNIC>BAFR</ETHNIC>
<AREVIEW><REVIEW>20/10/2023</REVIEW><REVIEW_CODE>PN1</REVIEW_CODE></AREVIEW>
<AMISSING><MISSING>M</MISSING><MIS_START>01/11/2023</MIS_START><MIS_END>03/11/2023</MIS_END></AMISSING>
<OC2><SDQ_SCORE>21</SDQ_SCORE></OC2></HEADER>
<EPISODE><DECOM>10/10/2023</DECOM><RNE>S</RNE><LS>V2</LS><CIN>N2</CIN><PL>U3</PL><PL_POST>CD3 4EF</PL_POST><HOME_POST />
<URN /><PLACE_PROVIDER>PR1</PLACE_PROVIDER><DEC /><REC /><REASON_PLACE_CHANGE /></EPISODE>
<SW_EPISODE><SW_ID>SW2</SW_ID><SW_DECOM>10/10/2023</SW_DECOM><SW_DEC /><SW_REASON /></SW_EPISODE>
</CHILD>
<CHILD><HEADER><CHILDID>P1</CHILDID><SEX>2</SEX><DOB>01/01/2020</DOB><ETHNIC>WBRI</ETHNIC>
<DATE_INT>01/03/2023</DATE_INT><DATE_MATCH>15/06/2023</DATE_MATCH><FOSTER_CARE>0</FOSTER_CARE><NB_ADOPTR>2</NB_ADOPTR>
<SEX_ADOPTR>MF</SEX_ADOPTR><LS_ADOPTR>L11</LS_ADOPTR>
<AD_PLACED><DATE_PLACED>01/03/2023</DATE_PLACED><DATE_PLACED_CEASED /><REASON_PLACED_CEASED /></AD_PLACED></HEADER>
<EPISODE><DECOM>01/05/2022</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>U6</PL><PLACE_PROVIDER>PR1</PLACE_PROVIDER>
<DEC>01/07/2023</DEC><REC>X1</REC></EPISODE>
<EPISODE><DECOM>01/07/2023</DECOM><RNE>T</RNE><LS>E1</LS><CIN>N1</CIN><PL>A6</PL><PLACE_PROVIDER>PR1</PLACE_PROVIDER>
<DEC>01/02/2024</DEC><REC>E11</REC></EPISODE>
</CHILD>
<CHILD><HEADER><CHILDID>L1</CHILDID><SEX>1</SEX><DOB>10/10/2005</DOB><ETHNIC>WBRI</ETHNIC><IN_TOUCH>YES</IN_TOUCH>
<ACTIV>F2</ACTIV><ACCOM>K1</ACCOM></HEADER></CHILD>
</EXPSSDA903>
"""

CSV = {
    "header.csv": table(
        HEADER,
        "A1,1,05/05/2012,WBRI,A123456789012,,",
        "B2,F,02/02/2010,BAFR,,,",
        "P1,2,01/01/2020,WBRI,,,",
        "L1,1,10/10/2005,WBRI,,,",
    ),
    "episodes.csv": table(
        EPISODES,
        "A1,01/06/2023,S,C1,N1,U6,PR1,01/09/2023,X1,,,AB1 2CD,",
        "A1,01/09/2023,L,C2,N1,U6,PR1,01/11/2023,X1,,,AB1 2CD,",
        "A1,01/11/2023,U,C2,N1,U4,PR1,15/01/2024,X1,,,AB1 2CD,",
        "A1,15/01/2024,P,C2,N1,K2,PR4,01/03/2024,E4A,CARPL,,XY9 8ZW,1234567",
        "B2,10/10/2023,S,V2,N2,U3,PR1,,,,,CD3 4EF,",
        "P1,01/05/2022,S,C2,N1,U6,PR1,01/07/2023,X1,,,,",
        "P1,01/07/2023,T,E1,N1,A6,PR1,01/02/2024,E11,,,,",
    ),
    "reviews.csv": table(REVIEWS, "A1,05/05/2012,20/06/2023,PN4", "B2,02/02/2010,20/10/2023,PN1"),
    "missing.csv": table(MISSING, "B2,02/02/2010,M,01/11/2023,03/11/2023"),
    "placed.csv": table(PLACED, "P1,01/01/2020,01/03/2023,,"),
    "ad1.csv": table(AD1, "P1,01/01/2020,01/03/2023,15/06/2023,0,2,MF,L11"),
    "oc3.csv": table(OC3, "L1,10/10/2005,YES,F2,K1"),
    "sw.csv": table(
        SW_EPISODES,
        "A1,05/05/2012,SW1,01/06/2023,15/01/2024,MANAGE",
        "A1,05/05/2012,SW2,15/01/2024,,LEFTRL",
        "B2,02/02/2010,SW2,10/10/2023,,",
    ),
}

# What a record is, without where it came from: the same data must give the same records.
FIELDS = {
    Child: ["la_child_id", "date_of_birth", "sex", "ethnicity", "upn"],
    PeriodOfCare: ["child__la_child_id", "started_on", "ended_on", "reason_ceased"],
    LegalStatus: ["child__la_child_id", "period_of_care__started_on", "started_on", "code"],
    Placement: [
        "child__la_child_id",
        "period_of_care__started_on",
        "started_on",
        "ended_on",
        "placement_type",
        "provider",
        "carer_reference",
        "is_long_term",
        "reason_new_episode",
        "postcode",
        "urn",
    ],
    LookedAfterReview: ["child__la_child_id", "held_on", "participation"],
    MissingEpisode: ["child__la_child_id", "kind", "started_at", "ended_at"],
    Adoption: ["child__la_child_id", "decision_on", "matched_on", "moved_in_on", "adoption_order_on", "ceased_on"],
    CareLeaverBirthdayRecord: ["child__la_child_id", "age", "birthday_on", "in_touch", "activity", "accommodation"],
    SocialWorker: ["external_id", "first_name", "last_name", "team__name", "started_on", "source"],
    Allocation: ["child__la_child_id", "worker__external_id", "team__name", "started_on", "ended_on", "source"],
}


def snapshot() -> dict:
    return {model: sorted(model.objects.values_list(*fields)) for model, fields in FIELDS.items()}


def test_csv_and_xml_of_the_same_return_give_the_same_records(django_db_blocker):
    from_csv = import_903(CSV)
    assert from_csv.rows_rejected == 0, from_csv.report.issues
    records_from_csv = snapshot()
    for model in reversed(list(FIELDS)):
        model.objects.all().delete()

    from_xml = import_903({"fake_903.xml": XML})

    assert from_xml.rows_rejected == 0, from_xml.report.issues
    assert snapshot() == records_from_csv
    assert records_from_csv[Placement]  # not two empty sets
    assert len(records_from_csv[Allocation]) == 3


def test_social_worker_episodes_in_the_xml_become_allocations():
    import_903({"fake_903.xml": XML})

    allocations = Allocation.objects.filter(child__la_child_id="A1").order_by("started_on")
    assert [(a.worker.external_id, a.started_on, a.ended_on) for a in allocations] == [
        ("SW1", date(2023, 6, 1), date(2024, 1, 15)),
        ("SW2", date(2024, 1, 15), None),
    ]
    assert allocations[1].source_reference == "SSDA903 2023-24 fake_903.xml CHILD 1 (A1), SW_EPISODE 2"
    assert SocialWorker.objects.get(external_id="SW2").started_on == date(2023, 10, 10)  # B2's, the earliest


def test_xml_rows_are_named_by_their_element_and_line():
    broken = XML.replace("<PL>K2</PL>", "<PL>QQ</PL>")

    outcome = check_903({"fake_903.xml": broken})

    (issue, *dependants) = outcome.report.errors
    assert (issue.file_name, issue.place, issue.field, issue.message) == (
        "fake_903.xml",
        "CHILD 1 (A1), EPISODE 4",
        "PLACE",
        "'QQ' is not a placement type code.",
    )
    assert issue.row == 12  # the line of <EPISODE>
    # The rest of that period of care, and the review that needed it, are not imported either.
    assert [(d.place, d.message) for d in dependants] == [
        ("CHILD 1 (A1), EPISODE 3", "Not imported: the episode after it (CHILD 1 (A1), EPISODE 4) was rejected."),
        (
            "CHILD 1 (A1), EPISODE 1",
            "Not imported: another episode of the same period of care (CHILD 1 (A1), EPISODE 3) was rejected.",
        ),
        (
            "CHILD 1 (A1), EPISODE 2",
            "Not imported: another episode of the same period of care (CHILD 1 (A1), EPISODE 3) was rejected.",
        ),
        (
            "CHILD 1 (A1), AREVIEW 1",
            "Not imported: the period of care covering this date was rejected (CHILD 1 (A1), EPISODE 3).",
        ),
    ]


def test_the_xml_is_imported_with_its_references():
    import_903({"fake_903.xml": XML})

    placement = Placement.objects.get(placement_type="K2")
    assert placement.source_reference == "SSDA903 2023-24 fake_903.xml CHILD 1 (A1), EPISODE 4"
    assert placement.started_on == date(2024, 1, 15)


def test_xml_that_is_not_well_formed_is_rejected_as_a_file():
    outcome = check_903({"broken.xml": XML[:-40]})

    assert messages(outcome)[0].startswith("The file is not well-formed XML (line")
    assert outcome.nothing_importable


def test_xml_that_declares_entities_is_refused():
    hostile = (
        '<?xml version="1.0"?><!DOCTYPE EXPSSDA903 [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        "<EXPSSDA903><CHILD><HEADER><CHILDID>&b;</CHILDID></HEADER></CHILD></EXPSSDA903>"
    )

    outcome = check_903({"hostile.xml": hostile})

    assert "declares a document type or entities" in messages(outcome)[0]
    assert outcome.nothing_importable


def test_a_cin_census_given_as_an_ssda903_return_is_named_for_what_it_is():
    outcome = check_903({"census.xml": "<Message><Children/></Message>"})

    assert messages(outcome) == [
        "This XML is not an SSDA903 return (its root is <Message>). It looks like a CIN census: import it as one."
    ]


# Each bad element: (what to change in the XML, where it is, the column, the message, what is not saved).
BAD_XML = [
    pytest.param(
        ("<REVIEW_CODE>PN1</REVIEW_CODE>", "<REVIEW_CODE>PN8</REVIEW_CODE>"),
        "CHILD 2 (B2), AREVIEW 1",
        "REVIEW_CODE",
        "'PN8' is not a review participation (PN0 to PN7) code.",
        lambda: LookedAfterReview.objects.filter(child__la_child_id="B2"),
        id="review participation",
    ),
    pytest.param(
        ("<MISSING>M</MISSING>", "<MISSING>Q</MISSING>"),
        "CHILD 2 (B2), AMISSING 1",
        "MISSING",
        "'Q' is not a missing or absent (M or A) code.",
        lambda: MissingEpisode.objects.all(),
        id="missing kind",
    ),
    pytest.param(
        ("<MIS_END>03/11/2023</MIS_END>", "<MIS_END>31/11/2023</MIS_END>"),
        "CHILD 2 (B2), AMISSING 1",
        "MIS_END",
        "'31/11/2023' is not a real date.",
        lambda: MissingEpisode.objects.all(),
        id="impossible date",
    ),
    pytest.param(
        ("<LS>V2</LS>", "<LS>V9</LS>"),
        "CHILD 2 (B2), EPISODE 1",
        "LS",
        "'V9' is not a legal status code.",
        lambda: PeriodOfCare.objects.filter(child__la_child_id="B2"),
        id="episode legal status",
    ),
    pytest.param(
        ("<SEX>F</SEX>", "<SEX>X</SEX>"),
        "CHILD 2 (B2), HEADER",
        "SEX",
        "'X' is not a sex (1 or 2 before 2025; M, F or U from 2025) code.",
        lambda: Child.objects.filter(la_child_id="B2"),
        id="header sex",
    ),
    pytest.param(
        ("<IN_TOUCH>YES</IN_TOUCH>", "<IN_TOUCH>SOMETIMES</IN_TOUCH>"),
        "CHILD 4 (L1), HEADER (OC3)",
        "IN_TOUCH",
        "'SOMETIMES' is not an in touch code.",
        lambda: CareLeaverBirthdayRecord.objects.all(),
        id="care leaver in touch",
    ),
    pytest.param(
        ("<DATE_PLACED>01/03/2023</DATE_PLACED>", "<DATE_PLACED>1 March 2023</DATE_PLACED>"),
        "CHILD 3 (P1), AD_PLACED 1",
        "DATE_PLACED",
        "'1 March 2023' is not a date: write it as dd/mm/yyyy (or yyyy-mm-dd).",
        lambda: Adoption.objects.exclude(decision_on=date(2023, 3, 1)).exclude(decision_on=None),
        id="placed for adoption date",
    ),
    pytest.param(
        ("<SW_REASON>LEFTRL</SW_REASON>", "<SW_REASON>BORED</SW_REASON>"),
        "CHILD 1 (A1), SW_EPISODE 2",
        "SW_REASON",
        "'BORED' is not a reason for the change of social worker code (DfE rule SW13STG1).",
        lambda: Allocation.objects.filter(child__la_child_id="A1", started_on=date(2024, 1, 15)),
        id="social worker reason",
    ),
    pytest.param(
        ("<OC2><SDQ_SCORE>21</SDQ_SCORE></OC2>", "<OC2><SDQ_SCORE>21</SDQ_SCORE><SDQ_REASON>SDQ0</SDQ_REASON></OC2>"),
        "CHILD 2 (B2), OC2 1",
        "SDQ_REASON",
        "'SDQ0' is not a reason for no SDQ score code (DfE rule 196).",
        lambda: Child.objects.none(),  # OC2 has no record in the product
        id="OC2 SDQ reason",
    ),
]


@pytest.mark.parametrize(("change", "place", "column", "message", "saved"), BAD_XML)
def test_a_bad_xml_element_is_rejected_by_its_place_and_nothing_is_saved_from_it(change, place, column, message, saved):
    old, new = change
    assert XML.count(old) == 1

    outcome = import_903({"fake_903.xml": XML.replace(old, new)})

    (issue, *dependants) = outcome.report.errors
    assert (issue.file_name, issue.place, issue.field, issue.message) == ("fake_903.xml", place, column, message)
    assert issue.row is not None  # its line
    assert all(d.message.startswith("Not imported:") for d in dependants)
    assert not saved().exists()
    assert Placement.objects.filter(child__la_child_id="A1").count() == 3  # the rest is imported


def test_a_child_without_a_header_is_rejected_whole():
    outcome = import_903(
        {
            "fake_903.xml": XML.replace("<CHILD><HEADER><CHILDID>B2</CHILDID>", "<CHILD><NOTE>").replace(
                "<OC2><SDQ_SCORE>21</SDQ_SCORE></OC2></HEADER>", "</NOTE>"
            )
        }
    )

    assert messages(outcome)[0] == "This CHILD has no HEADER: none of its records can be imported."
    assert not Child.objects.filter(la_child_id="B2").exists()
    assert Child.objects.count() == 3


NEXT_YEAR_XML = """<?xml version='1.0' encoding='us-ascii'?>
<EXPSSDA903>
<CHILD><HEADER><CHILDID>B2</CHILDID><SEX>F</SEX><DOB>02/02/2010</DOB><ETHNIC>BAFR</ETHNIC></HEADER>
<EPISODE><DECOM>10/10/2023</DECOM><RNE>S</RNE><LS>V2</LS><CIN>N2</CIN><PL>U3</PL><PL_POST>CD3 4EF</PL_POST>
<PLACE_PROVIDER>PR1</PLACE_PROVIDER><DEC>01/06/2024</DEC><REC>X1</REC></EPISODE>
<EPISODE><DECOM>01/06/2024</DECOM><RNE>P</RNE><LS>V2</LS><CIN>N2</CIN><PL>K3</PL><PL_POST>EF5 6GH</PL_POST>
<PLACE_PROVIDER>PR4</PLACE_PROVIDER><DEC /><REC /><REASON_PLACE_CHANGE>CARPL</REASON_PLACE_CHANGE></EPISODE>
</CHILD>
</EXPSSDA903>
"""


def test_xml_returns_of_two_collection_years_follow_each_other_with_each_years_codes():
    import_903({"fake_903.xml": XML})  # 2023-24
    # The next year's file said to be 2023-24's: K3 was not a placement type then.
    as_last_year = check_903({"fake_903_2025.xml": NEXT_YEAR_XML}, year=2024)
    assert "'K3' was not a placement type in 2023-24." in messages(as_last_year)

    # 2024-25: K3 (supported accommodation) is a placement type from 2025.
    outcome = import_903({"fake_903_2025.xml": NEXT_YEAR_XML}, year=2025)

    assert outcome.collection_year == 2025
    assert outcome.rows_rejected == 0, outcome.report.issues
    assert outcome.counts["Placements"] == {"created": 1, "updated": 1, "unchanged": 0}
    placements = Placement.objects.filter(child__la_child_id="B2").order_by("started_on")
    assert [(p.placement_type, p.ended_on) for p in placements] == [("U3", date(2024, 6, 1)), ("K3", None)]
    assert placements[1].source_reference == "SSDA903 2024-25 fake_903_2025.xml CHILD 1 (B2), EPISODE 2"
