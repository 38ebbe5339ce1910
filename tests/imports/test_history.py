"""Several years of SSDA903 returns as one history (issue 14): what the latest return says about a child's care
stands, a later return closes or corrects what an earlier one left open or had rejected, events outside the
return's year are refused, a re-import changes nothing, and years out of order are refused plainly."""

from datetime import date
from io import StringIO

import pytest
from auditlog.models import LogEntry

from casework.models import Adoption, LegalStatus, LookedAfterReview, MissingEpisode, PeriodOfCare, Placement
from imports.services import YearOutOfOrder

from .conftest import AD1, EPISODES, HEADER, MISSING, PLACED, REVIEWS, import_903, issues_for, table

pytestmark = pytest.mark.django_db

H1_HEADER = table(HEADER, "H1,1,15/01/2008,WBRI,,,")


def _placements(child: str) -> list[tuple]:
    return list(
        Placement.objects.filter(child__la_child_id=child)
        .order_by("started_on")
        .values_list("started_on", "ended_on", "placement_type")
    )


def test_a_period_whose_closing_episode_was_rejected_is_closed_by_next_years_return():
    # 2017-18: in care from 15 May 2017 (U1), still there on 31 March.
    import_903(
        {"header.csv": H1_HEADER, "episodes.csv": table(EPISODES, "H1,15/05/2017,S,C2,N1,U1,PR1,,,,,,")}, year=2018
    )
    # 2018-19: a move on 15 September 2018 to U3; the open episode has a REC and no DEC (DfE rule 148), so the
    # period's episodes are rejected and the product keeps what 2017-18 said.
    rejected = import_903(
        {
            "header.csv": H1_HEADER,
            "episodes.csv": table(
                EPISODES, "H1,15/05/2017,S,C2,N1,U1,PR1,15/09/2018,X1,,,,", "H1,15/09/2018,P,C2,N1,U3,PR1,,E4A,,,,"
            ),
        },
        year=2019,
    )
    assert rejected.rows_rejected == 2
    assert _placements("H1") == [(date(2017, 5, 15), None, "U1")]
    # 2019-20: the episode open on 1 April 2019, now ended on 10 October 2019 (E4A, home).
    outcome = import_903(
        {"header.csv": H1_HEADER, "episodes.csv": table(EPISODES, "H1,15/09/2018,P,C2,N1,U3,PR1,10/10/2019,E4A,,,,")},
        year=2020,
    )

    assert outcome.rows_rejected == 0, outcome.report.issues
    period = PeriodOfCare.objects.get(child__la_child_id="H1")
    assert (period.started_on, period.ended_on, period.reason_ceased) == (date(2017, 5, 15), date(2019, 10, 10), "E4A")
    assert _placements("H1") == [
        (date(2017, 5, 15), date(2018, 9, 15), "U1"),
        (date(2018, 9, 15), date(2019, 10, 10), "U3"),
    ]
    first = Placement.objects.get(child__la_child_id="H1", started_on=date(2017, 5, 15))
    assert first.source_reference == "SSDA903 2019-20 episodes.csv row 2"  # the return that ended it


def test_importing_the_latest_return_again_changes_nothing():
    files_2018 = {"header.csv": H1_HEADER, "episodes.csv": table(EPISODES, "H1,15/05/2017,S,C2,N1,U1,PR1,,,,,,")}
    files_2019 = {
        "header.csv": H1_HEADER,
        "episodes.csv": table(EPISODES, "H1,15/09/2018,P,C2,N1,U3,PR1,,,,,,"),
    }
    import_903(files_2018, year=2018)
    import_903(files_2019, year=2019)
    before = _placements("H1")

    again = import_903(files_2019, year=2019)

    assert all(count["created"] == count["updated"] == 0 for count in again.counts.values()), again.counts
    assert (
        _placements("H1")
        == before
        == [
            (date(2017, 5, 15), date(2018, 9, 15), "U1"),
            (date(2018, 9, 15), None, "U3"),
        ]
    )


def test_the_day_the_child_moved_in_with_adopters_survives_a_return_starting_with_the_t_episode():
    header = table(HEADER, "A7,2,01/06/2016,WBRI,,,")
    # 2018-19: in care from 1 May 2018; moved in with the adopters on 9 March 2019 (A4); on 31 March 2019 a
    # placement order, same carers (T, A6).
    import_903(
        {
            "header.csv": header,
            "episodes.csv": table(
                EPISODES,
                "A7,01/05/2018,S,C2,N1,U3,PR1,09/03/2019,X1,,,,",
                "A7,09/03/2019,P,C2,N1,A4,PR1,31/03/2019,X1,,,,",
                "A7,31/03/2019,T,E1,N1,A6,PR1,,,,,,",
            ),
        },
        year=2019,
    )
    assert Adoption.objects.get(child__la_child_id="A7").moved_in_on == date(2019, 3, 9)
    # 2019-20: starts with the T episode, adopted on 20 November 2019.
    outcome = import_903(
        {
            "header.csv": header,
            "episodes.csv": table(EPISODES, "A7,31/03/2019,T,E1,N1,A6,PR1,20/11/2019,E11,,,,"),
            "ad1.csv": table(AD1, "A7,01/06/2016,10/01/2019,01/02/2019,0,2,MF,L11"),
        },
        year=2020,
    )

    assert outcome.rows_rejected == 0, outcome.report.issues
    adoption = Adoption.objects.get(child__la_child_id="A7")
    assert (adoption.decision_on, adoption.matched_on, adoption.moved_in_on, adoption.adoption_order_on) == (
        date(2019, 1, 10),
        date(2019, 2, 1),
        date(2019, 3, 9),
        date(2019, 11, 20),
    )


def test_reviews_and_missing_episodes_outside_the_returns_year_are_refused():
    outcome = import_903(
        {
            "header.csv": H1_HEADER,
            "episodes.csv": table(EPISODES, "H1,15/05/2017,S,C2,N1,U1,PR1,,,,,,"),
            "reviews.csv": table(REVIEWS, "H1,15/01/2008,01/06/2017,PN1", "H1,15/01/2008,01/06/2022,PN1"),
            "missing.csv": table(
                MISSING,
                "H1,15/01/2008,M,01/07/2017,03/07/2017",
                "H1,15/01/2008,M,01/05/2018,03/05/2018",
                "H1,15/01/2008,A,28/03/2018,02/04/2018",
            ),
        },
        year=2018,
    )

    assert [(i.row, i.field) for i in issues_for(outcome, "reviews.csv")] == [(3, "REVIEW")]
    assert "outside the 2017-18 collection year" in issues_for(outcome, "reviews.csv")[0].message
    assert [(i.row, i.field, i.message[-15:]) for i in issues_for(outcome, "missing.csv")] == [
        (3, "MIS_START", "(DfE rule 570)."),
        (3, "MIS_END", "(DfE rule 571)."),
        (4, "MIS_END", "(DfE rule 571)."),
    ]
    assert list(LookedAfterReview.objects.values_list("held_on", flat=True)) == [date(2017, 6, 1)]
    assert MissingEpisode.objects.count() == 1


def test_an_episode_ending_after_the_returns_year_is_refused():
    outcome = import_903(
        {"header.csv": H1_HEADER, "episodes.csv": table(EPISODES, "H1,15/05/2017,S,C2,N1,U1,PR1,02/04/2018,E4A,,,,")},
        year=2018,
    )

    [issue] = issues_for(outcome, "episodes.csv")
    assert (issue.field, issue.message) == (
        "DEC",
        "The episode ends on 2 April 2018, after the end of the 2017-18 collection year (31 March 2018) "
        "(DfE rule 385): an episode open on 31 March has no end date yet.",
    )
    assert not PeriodOfCare.objects.exists()


def test_an_earlier_year_after_a_later_one_is_refused_plainly_and_nothing_changes():
    import_903(
        {"header.csv": H1_HEADER, "episodes.csv": table(EPISODES, "H1,15/09/2018,P,C2,N1,U3,PR1,,,,,,")}, year=2019
    )

    with pytest.raises(YearOutOfOrder) as refusal:
        import_903(
            {"header.csv": H1_HEADER, "episodes.csv": table(EPISODES, "H1,15/05/2017,S,C2,N1,U1,PR1,,,,,,")},
            year=2018,
        )

    assert str(refusal.value) == (
        "The product already holds the 2018-19 SSDA903 return, so the 2017-18 return cannot be imported now: an "
        "authority's returns are imported oldest first, each year's correcting the one before."
    )
    assert _placements("H1") == [(date(2018, 9, 15), None, "U3")]


def test_the_command_refuses_an_earlier_year_with_a_message_not_a_traceback(tmp_path):
    from django.core.management import CommandError, call_command

    later = tmp_path / "2019"
    later.mkdir()
    (later / "header.csv").write_text(H1_HEADER)
    (later / "episodes.csv").write_text(table(EPISODES, "H1,15/09/2018,P,C2,N1,U3,PR1,,,,,,"))
    call_command("import_ssda903", str(later), "--year", "2019", stdout=StringIO())
    earlier = tmp_path / "2018"
    earlier.mkdir()
    (earlier / "header.csv").write_text(H1_HEADER)

    with pytest.raises(CommandError, match=r"already holds the 2018-19 SSDA903 return.*Nothing was imported\.$"):
        call_command("import_ssda903", str(earlier), "--year", "2018", stdout=StringIO())


def test_an_ad1_decision_before_the_earliest_file_is_kept_with_a_warning():
    # The first return imported (2018-19) starts with the episode open on 1 April 2018, a move (P) on
    # 1 January 2018: care began earlier, and the decision of 10 October 2017 with it.
    outcome = import_903(
        {
            "header.csv": table(HEADER, "D1,1,01/03/2015,WBRI,,,"),
            "episodes.csv": table(
                EPISODES,
                "D1,01/01/2018,P,E1,N1,U3,PR1,15/06/2018,X1,,,,",
                "D1,15/06/2018,P,E1,N1,A5,PR1,20/02/2019,E11,,,,",
            ),
            "ad1.csv": table(AD1, "D1,01/03/2015,10/10/2017,01/12/2017,1,2,MF,L11"),
        },
        year=2019,
    )

    assert outcome.rows_rejected == 0, outcome.report.issues
    [warning] = [issue for issue in outcome.report.warnings if issue.file_name == "ad1.csv"]
    assert warning.field == "DATE_INT" and "before the earliest episode the product has" in warning.message
    adoption = Adoption.objects.get(child__la_child_id="D1")
    assert (adoption.decision_on, adoption.matched_on, adoption.moved_in_on, adoption.adoption_order_on) == (
        date(2017, 10, 10),
        date(2017, 12, 1),
        date(2018, 6, 15),
        date(2019, 2, 20),
    )
    assert adoption.period_of_care.started_on == date(2018, 1, 1)


def test_an_ad1_decision_before_a_period_that_began_with_s_is_still_refused():
    outcome = import_903(
        {
            "header.csv": table(HEADER, "D2,1,01/03/2015,WBRI,,,"),
            "episodes.csv": table(EPISODES, "D2,01/01/2018,S,E1,N1,A5,PR1,20/02/2019,E11,,,,"),
            "ad1.csv": table(AD1, "D2,01/03/2015,10/10/2017,01/12/2017,1,2,MF,L11"),
        },
        year=2019,
    )

    [issue] = issues_for(outcome, "ad1.csv")
    assert (issue.severity, issue.field) == ("error", "DATE_INT") and "(DfE rule 334)" in issue.message


def test_a_later_return_replaces_the_placements_and_legal_statuses_an_earlier_one_gave_in_its_span():
    # 2017-18 said: a move to U3 on 15 January 2018 and a care order (C2) that day. 2018-19's return gives the
    # episodes again from 15 December 2017: the move was to U4, on that day, and the legal status never changed.
    import_903(
        {
            "header.csv": H1_HEADER,
            "episodes.csv": table(
                EPISODES,
                "H1,15/05/2017,S,C1,N1,U1,PR1,15/01/2018,X1,,,,",
                "H1,15/01/2018,P,C2,N1,U3,PR1,,,,,,",
            ),
        },
        year=2018,
    )
    outcome = import_903(
        {"header.csv": H1_HEADER, "episodes.csv": table(EPISODES, "H1,15/12/2017,P,C1,N1,U4,PR1,,,,,,")},
        year=2019,
    )

    assert outcome.rows_rejected == 0, outcome.report.issues
    assert _placements("H1") == [(date(2017, 5, 15), date(2017, 12, 15), "U1"), (date(2017, 12, 15), None, "U4")]
    statuses = LegalStatus.objects.filter(child__la_child_id="H1").values_list("started_on", "code")
    assert list(statuses) == [(date(2017, 5, 15), "C1")]
    assert outcome.counts["Placements"] == {"created": 1, "updated": 1, "unchanged": 0, "removed": 1}
    assert outcome.counts["Legal statuses"]["removed"] == 1
    removed = [w.message for w in outcome.report.warnings if "is removed" in w.message]
    assert removed == [
        "The placement from 15 January 2018, still open (imported from SSDA903 2017-18 episodes.csv row 3) is not in "
        "this return's episodes, which begin on or before it: this return replaces it, so it is removed.",
        "The legal status from 15 January 2018, still open (imported from SSDA903 2017-18 episodes.csv row 3) is "
        "not in this return's episodes, which begin on or before it: this return replaces it, so it is removed.",
    ]
    deleted = LogEntry.objects.filter(action=LogEntry.Action.DELETE).values_list("additional_data", flat=True)
    assert len(deleted) == 2 and all("import_batch" in data for data in deleted)


def test_the_refusal_names_every_later_year_held_in_a_bounded_number_of_queries(django_assert_max_num_queries):
    from imports.history import later_years_held

    for year, row in ((2019, "H1,15/09/2018,P,C2,N1,U3,PR1,,,,,,"), (2020, "H1,15/09/2018,P,C2,N1,U3,PR1,,,,,,")):
        import_903({"header.csv": H1_HEADER, "episodes.csv": table(EPISODES, row)}, year=year)
    import_903(
        {"header.csv": H1_HEADER, "reviews.csv": table(REVIEWS, "H1,15/01/2008,01/06/2020,PN1")}, year=2021
    )  # 2020-21 gave a review only

    with django_assert_max_num_queries(6):
        assert later_years_held(2018) == [2019, 2021]  # 2019-20 changed nothing: no record names it
    assert later_years_held(2021) == []


def test_a_decision_to_place_for_adoption_after_the_returns_year_is_refused():
    outcome = import_903(
        {
            "header.csv": table(HEADER, "P9,1,01/03/2016,WBRI,,,"),
            "episodes.csv": table(EPISODES, "P9,01/06/2017,S,C2,N1,U3,PR1,,,,,,"),
            "placed.csv": table(PLACED, "P9,01/03/2016,01/09/2017,01/05/2018,RD1"),
        },
        year=2018,
    )

    [issue] = issues_for(outcome, "placed.csv")
    assert (issue.field, issue.message) == (
        "DATE_PLACED_CEASED",
        "The date 1 May 2018 is after the end of the 2017-18 collection year (31 March 2018) (DfE rule 117).",
    )
    assert not Adoption.objects.exists()
