"""Five years of an authority's SSDA903 returns, imported oldest first, give the figures the files give
(issue 14): children in care at 31 March, LAC 11, LAC 20 and AD 7 at each year's end, and the OC3 rows,
against the truth the corpus generator knows (``corpus903``)."""

from datetime import date

import pytest
from django.db.models import Q
from django.utils.timezone import localtime

from casework.models import CareLeaverBirthdayRecord, MissingEpisode, PeriodOfCare
from imports.services import YearOutOfOrder
from indicators.reference import load_catalogue
from indicators.services import figures_for_month

from .conftest import import_903
from .corpus903 import YEARS, Corpus, year_end

pytestmark = pytest.mark.django_db
REFUSED_ROWS = {2018: 1, 2019: 2}
ERRORS_FOR = {2018: {"EREV"}, 2019: {"E148", "EACC"}}


def in_care_at(day: date) -> set[str]:
    periods = PeriodOfCare.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day), started_on__lte=day)
    return set(periods.values_list("child__la_child_id", flat=True))


def fraction(figure) -> tuple[int, int]:
    return int(figure.numerator or 0), int(figure.denominator or 0)


def product_figures(day: date) -> dict[str, tuple[int, int]]:
    figures = figures_for_month(date(day.year, day.month, 1), codes=["LAC 11", "LAC 20", "AD 7"])
    return {code: fraction(figure) for code, figure in figures.items()}


def truth(corpus: Corpus, day: date) -> dict[str, tuple[int, int]]:
    return {"LAC 11": corpus.lac_11(day), "LAC 20": corpus.lac_20(day), "AD 7": corpus.ad_7(day)}


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus(seed=14, children=60)


def test_the_corpus_holds_its_edges_and_enough_children_for_the_figures_to_mean_something(corpus):
    # Worked by hand for the edges; the random children make every figure's denominator non-empty.
    assert {"E148", "EREV", "EADT", "EAD1", "EACC", "EMUM", "ECOR", "EMIS"} <= {kid.id for kid in corpus.kids}
    assert corpus.ad_7(date(2019, 3, 31))[1] >= 1  # EADT: 15 May 2018 to 9 March 2019
    assert ("EMIS", date(2019, 3, 28), date(2019, 4, 3)) in corpus.missing() and len(corpus.missing()) > 5
    assert (date(2019, 3, 9) - date(2018, 5, 15)).days == 298
    for year in YEARS:
        assert corpus.lac_11(year_end(year))[1] > 0 and corpus.lac_20(year_end(year))[1] > 0
        assert len(corpus.in_care(year_end(year))) > 5


def test_five_years_imported_in_order_give_the_figures_the_files_give(corpus):
    load_catalogue()
    for year in YEARS:
        outcome = import_903(corpus.files(year), year=year)
        day = year_end(year)
        # Each year, once imported: its 31 March as the files give it.
        assert in_care_at(day) == corpus.in_care(day), year
        assert product_figures(day) == truth(corpus, day), year
        # The rows the DfE's rules refuse, and only those: EREV's stray review (2017-18), E148's episodes
        # (rule 148, 2018-19); EACC's ACCOM is an error in that field alone.
        assert outcome.rows_rejected == REFUSED_ROWS.get(year, 0), outcome.report.errors
        assert {issue.child for issue in outcome.report.errors} == ERRORS_FOR.get(year, set()), year
    # Once all five are in: every year's 31 March, the later returns' corrections included.
    for year in YEARS:
        day = year_end(year)
        assert in_care_at(day) == corpus.in_care(day), year
        assert product_figures(day) == truth(corpus, day), year
    records = CareLeaverBirthdayRecord.objects.values_list(
        "child__la_child_id", "birthday_on", "in_touch", "activity", "accommodation"
    )
    assert set(records) == corpus.care_leavers()
    missing = {
        (episode.child.la_child_id, localtime(episode.started_at).date(), localtime(episode.ended_at).date())
        for episode in MissingEpisode.objects.select_related("child").exclude(ended_at=None)
    }
    assert missing == corpus.missing() and not MissingEpisode.objects.filter(ended_at=None).exists()


def test_importing_the_latest_return_again_changes_nothing(corpus):
    load_catalogue()
    for year in YEARS:
        import_903(corpus.files(year), year=year)

    again = import_903(corpus.files(YEARS[-1]), year=YEARS[-1])

    assert all(count["created"] == count["updated"] == 0 for count in again.counts.values()), again.counts
    day = year_end(YEARS[-1])
    assert product_figures(day) == truth(corpus, day)


def test_the_edges_come_out_as_the_files_say(corpus):
    for year in YEARS:
        import_903(corpus.files(year), year=year)

    e148 = PeriodOfCare.objects.get(child__la_child_id="E148")
    assert (e148.started_on, e148.ended_on) == (date(2017, 5, 15), date(2019, 10, 15))
    assert "EREV" in in_care_at(date(2022, 3, 31))
    assert not CareLeaverBirthdayRecord.objects.filter(child__la_child_id="EREV").exists()
    from casework.models import Adoption, LegalStatus, LookedAfterReview, Placement

    assert not LookedAfterReview.objects.filter(child__la_child_id="EREV").exists()
    eadt = Adoption.objects.get(child__la_child_id="EADT")
    assert (eadt.decision_on, eadt.moved_in_on, eadt.adoption_order_on) == (
        date(2019, 1, 15),
        date(2019, 3, 9),
        date(2019, 11, 15),
    )
    assert Adoption.objects.get(child__la_child_id="EAD1").decision_on == date(2016, 9, 15)
    ecor = Placement.objects.filter(child__la_child_id="ECOR").order_by("started_on")
    assert [(p.started_on, p.ended_on, p.placement_type) for p in ecor] == [
        (date(2017, 5, 15), date(2017, 12, 15), "U1"),
        (date(2017, 12, 15), None, "U4"),
    ]
    assert list(LegalStatus.objects.filter(child__la_child_id="ECOR").values_list("code", flat=True)) == ["C1"]
    assert CareLeaverBirthdayRecord.objects.get(child__la_child_id="EACC").activity == "F2"


def test_importing_a_year_out_of_order_is_refused_plainly(corpus):
    import_903(corpus.files(2018), year=2018)
    import_903(corpus.files(2020), year=2020)
    before = PeriodOfCare.objects.count()

    with pytest.raises(YearOutOfOrder, match="already holds the 2019-20 SSDA903 return"):
        import_903(corpus.files(2019), year=2019)

    assert PeriodOfCare.objects.count() == before


@pytest.mark.parametrize("seed", [3, 7])
def test_other_authorities_give_their_files_figures_too(seed):
    # Two more random authorities of 120 children: only the edges' rows are refused, and every 31 March's
    # figures are the files'.
    corpus = Corpus(seed=seed, children=120)
    load_catalogue()
    for year in YEARS:
        outcome = import_903(corpus.files(year), year=year)
        assert {issue.child for issue in outcome.report.errors} == ERRORS_FOR.get(year, set()), outcome.report.errors
    for year in YEARS:
        day = year_end(year)
        assert in_care_at(day) == corpus.in_care(day), year
        assert product_figures(day) == truth(corpus, day), year
