"""Every sample file in ../shared/data/statutory-samples/ (public, synthetic, deliberately dirty)
imports, or is rejected row by row or as a file, without an unhandled error."""

from pathlib import Path

import pytest
from django.conf import settings

from casework.models import Child, PeriodOfCare, Placement, Referral
from imports.readers import Source
from imports.services import YearRequired, check_files, import_files

pytestmark = pytest.mark.django_db

SAMPLES = Path(settings.BASE_DIR).parent / "shared" / "data" / "statutory-samples"
ALL_FILES = (
    sorted(p for p in SAMPLES.rglob("*") if p.is_file() and p.name != "README.md" and "rule_info" not in p.parts)
    if SAMPLES.is_dir()
    else []
)

needs_samples = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason=f"The shared samples are not here ({SAMPLES}): nothing to read."
)


def sources(paths: list[Path]) -> list[Source]:
    return [Source(path.name, (lambda path=path: path.open("rb")), path.stat().st_size) for path in paths]


def assert_reported(outcome) -> None:
    """Every row read was either imported or rejected with a message naming it."""
    rejected_rows = {(issue.file_name, issue.row, issue.place) for issue in outcome.report.errors}
    assert len(rejected_rows) >= outcome.rows_rejected or outcome.rows_rejected == 0
    for issue in outcome.report.issues:
        assert issue.message, issue
        assert issue.file_name


@needs_samples
@pytest.mark.parametrize("path", ALL_FILES, ids=lambda path: str(path.relative_to(SAMPLES)))
@pytest.mark.parametrize("kind", ["ssda903", "cin_census"])
def test_every_sample_file_is_imported_or_rejected_without_an_unhandled_error(path, kind):
    try:
        outcome = import_files(kind, sources([path]), year=2018 if kind == "ssda903" else None)
    except YearRequired as refusal:  # a census whose header gives no year: said plainly, nothing read
        assert "give the collection year" in str(refusal)
        assert not Child.objects.exists()
        return

    assert_reported(outcome)
    assert outcome.report.files[path.name]  # the file is named in the report, read or not


@needs_samples
def test_the_ssda903_csv_set_imports_its_good_rows_and_a_second_import_changes_nothing():
    paths = sorted((SAMPLES / "ssda903-fake").glob("*.csv"))

    first = import_files("ssda903", sources(paths), year=2018)

    assert_reported(first)
    assert Child.objects.count() > 2000
    assert PeriodOfCare.objects.count() > 1000
    assert Placement.objects.count() > 1000
    assert 0 < first.rows_rejected < first.rows_read
    second = check_files("ssda903", sources(paths), year=2018)
    assert all(count["created"] == count["updated"] == 0 for count in second.counts.values()), second.counts
    assert second.rows_rejected == first.rows_rejected


@needs_samples
def test_the_ssda903_xml_sample_imports():
    outcome = import_files("ssda903", sources([SAMPLES / "ssda903-fake" / "fake_903.xml"]), year=2018)

    assert_reported(outcome)
    assert PeriodOfCare.objects.exists()


@needs_samples
def test_the_cin_census_samples_of_every_year_import_together():
    paths = sorted((SAMPLES / "cin-census-fake").glob("*.xml")) + [SAMPLES / "mixed" / "cin-2022.xml"]

    outcome = import_files("cin_census", sources(paths))

    assert_reported(outcome)
    # The fake censuses are random: 402 of their 413 referrals say ReferralNFA true and most have activity
    # recorded against them (DfE rule 8831), and many close outside the census year (8620). Each referral
    # is either imported or refused with a message; every one refused by a rule across the dates names it.
    episodes = sum(path.read_text(errors="replace").count("<CINdetails>") for path in paths)
    refused = {(issue.file_name, issue.row) for issue in outcome.report.errors if "(referral)" in issue.place}
    assert Referral.objects.count() >= 30
    assert Referral.objects.count() + len(refused) <= episodes
    by_rule = [issue for issue in outcome.report.errors if "(referral)" in issue.place and "DfE rule" in issue.message]
    assert {issue.message.rsplit("DfE rule ", 1)[1][:4] for issue in by_rule} >= {"8831", "8620"}
    again = check_files("cin_census", sources(paths))
    assert all(count["created"] == count["updated"] == 0 for count in again.counts.values()), again.counts
