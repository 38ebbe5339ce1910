"""``import_ssda903`` and ``import_cin_census``: what they print, --dry-run, and their exit status."""

import getpass
import os
import subprocess
import sys

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError

from casework.models import Child, PeriodOfCare, Placement, Referral
from imports.models import BatchStatus, ImportBatch, Origin

from .conftest import EPISODES, HEADER, cin_document, table
from .test_cin_census import FULL_EPISODE, child_xml
from .test_ssda903 import RETURN_2024

pytestmark = pytest.mark.django_db


def write(folder, files: dict[str, str]) -> list[str]:
    paths = []
    for name, content in files.items():
        path = folder / name
        path.write_text(content, encoding="utf-8")
        paths.append(str(path))
    return paths


def run(command: str, *args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_prints_the_counts_and_row_errors_and_saves_nothing(tmp_path):
    paths = write(tmp_path, {**RETURN_2024, "bad.csv": table(EPISODES, "B2,01/06/2023,S,C2,N1,QQ,PR1,,,,,,")})

    output = run("import_ssda903", *paths, "--dry-run", "--year", "2024")

    assert "SSDA903 2023-24 (collection year as given on upload)" in output
    assert "  Placements: 4 / 0 / 0" in output
    assert "Records (would be created / updated / unchanged):" in output
    assert "  bad.csv row 2, child B2, PLACE: 'QQ' is not a placement type code." in output
    assert "Dry run: nothing was saved." in output
    assert not Child.objects.exists()
    assert not ImportBatch.objects.exists()


def test_an_import_saves_the_records_and_a_record_of_the_import(tmp_path):
    paths = write(tmp_path, RETURN_2024)

    output = run("import_ssda903", *paths, "--year", "2024")

    assert "Imported." in output
    assert Placement.objects.count() == 4
    batch = ImportBatch.objects.get()
    assert (batch.origin, batch.status, batch.collection_year) == (Origin.COMMAND, BatchStatus.IMPORTED, 2024)
    assert batch.counts["Placements"]["created"] == 4
    assert sorted(batch.files.values_list("name", flat=True)) == sorted(RETURN_2024)
    assert "Run from the command line by" in batch.message


def test_a_folder_stands_for_the_files_in_it(tmp_path):
    write(tmp_path, RETURN_2024)

    run("import_ssda903", str(tmp_path), "--year", "2024")

    assert Child.objects.count() == 2


def test_without_a_year_an_ssda903_import_is_refused_rather_than_guessed(tmp_path):
    paths = write(tmp_path, RETURN_2024)

    with pytest.raises(CommandError, match="Give --year YYYY: an SSDA903 return does not say which year it is for"):
        run("import_ssda903", *paths, "--dry-run")

    assert not Child.objects.exists()


@pytest.mark.parametrize("year", ["2017", "2028"])
def test_a_year_the_import_does_not_read_is_refused(tmp_path, year):
    paths = write(tmp_path, RETURN_2024)
    with pytest.raises(CommandError, match=f"--year {year}: the product reads the 2017-18 to 2026-27"):
        run("import_ssda903", *paths, "--year", year)


def test_it_fails_when_nothing_could_be_imported(tmp_path):
    paths = write(tmp_path, {"episodes.csv": table(EPISODES, "NOBODY,01/06/2023,S,C2,N1,U6,PR1,,,,,,")})

    with pytest.raises(CommandError, match="Nothing could be imported"):
        run("import_ssda903", *paths, "--year", "2024")

    assert not Child.objects.exists()
    assert not ImportBatch.objects.exists()


def test_it_fails_on_a_path_that_does_not_exist(tmp_path):
    with pytest.raises(CommandError, match="no such file or directory"):
        run("import_ssda903", str(tmp_path / "missing.csv"))


def test_the_cin_census_command_imports_and_its_dry_run_saves_nothing(tmp_path):
    paths = write(tmp_path, {"cin.xml": cin_document(child_xml(details=FULL_EPISODE))})

    dry = run("import_cin_census", *paths, "--dry-run")
    assert "  Referrals: 1 / 0 / 0" in dry
    assert not Referral.objects.exists()

    output = run("import_cin_census", *paths)
    assert output.startswith("CIN census 2023-24 (collection year from the census header)")
    assert Referral.objects.count() == 1

    again = run("import_cin_census", *paths)
    assert "  Referrals: 0 / 0 / 1" in again


def test_the_exit_status_is_not_zero_when_the_command_is_run_as_a_program(tmp_path):
    # A file that is not a return: nothing could be imported, and no database is needed to say so.
    paths = write(tmp_path, {"notes.csv": "NAME,COMMENT\nx,y\n"})

    finished = subprocess.run(
        [sys.executable, "manage.py", "import_ssda903", *paths, "--year", "2024", "--dry-run"],
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "kpi_project.test_settings"},
        check=False,
    )

    assert finished.returncode == 1
    assert "notes.csv: not read. Its columns are not those of any SSDA903 table" in finished.stdout
    assert "Nothing could be imported" in finished.stderr


def _record_entries(after: int = 0):
    """The audit entries of the imported records (not of the batch, nor of the cast's teams and workers)."""
    return LogEntry.objects.filter(content_type__app_label__in=["casework", "workforce"], pk__gt=after)


def _last_entry() -> int:
    return LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_every_record_a_command_imports_is_audited_under_its_batch_and_the_user_given(tmp_path, cast):
    paths = write(tmp_path, RETURN_2024)
    before = _last_entry()

    output = run("import_ssda903", *paths, "--year", "2024", "--user", cast.performance.username)

    assert "Imported." in output
    batch = ImportBatch.objects.get()
    assert (batch.created_by, batch.run_by, batch.origin) == (cast.performance, getpass.getuser(), Origin.COMMAND)
    entries = _record_entries(before)
    assert entries.filter(content_type=ContentType.objects.get_for_model(Placement)).count() == 4
    assert {entry.additional_data["import_batch"] for entry in entries} == {batch.pk}
    assert {entry.actor for entry in entries} == {cast.performance}
    assert set(PeriodOfCare.objects.values_list("recorded_by", flat=True)) == {cast.performance.pk}
    # The batch's own entry too: who made it.
    made = LogEntry.objects.get_for_object(batch).get(action=LogEntry.Action.CREATE)
    assert made.actor == cast.performance
    assert f"Run from the command line by performance ({getpass.getuser()})." in batch.message


def test_without_a_user_the_command_records_the_server_account(tmp_path):
    paths = write(tmp_path, RETURN_2024)

    run("import_ssda903", *paths, "--year", "2024")

    batch = ImportBatch.objects.get()
    assert (batch.created_by, batch.run_by) == (None, getpass.getuser())
    assert {entry.additional_data["import_batch"] for entry in _record_entries()} == {batch.pk}
    assert {entry.actor for entry in _record_entries()} == {None}


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("nobody-here", "--user nobody-here: there is no active user with that username."),
        ("worker.a", "--user worker.a: this user may not import statutory returns."),
    ],
)
def test_the_user_given_must_exist_and_may_import_returns(tmp_path, cast, username, message):
    paths = write(tmp_path, RETURN_2024)

    with pytest.raises(CommandError, match=message):
        run("import_ssda903", *paths, "--year", "2024", "--user", username)

    assert not Child.objects.exists()
    assert not ImportBatch.objects.exists()


def test_a_command_import_that_fails_while_writing_leaves_no_records_and_no_batch(tmp_path, monkeypatch):
    from imports import writer

    def fail(*args, **kwargs):
        raise RuntimeError("the disk filled up")

    monkeypatch.setattr(writer, "_log_entry", fail)
    paths = write(tmp_path, RETURN_2024)

    with pytest.raises(RuntimeError):
        run("import_ssda903", *paths, "--year", "2024")

    assert not Child.objects.exists()
    assert not ImportBatch.objects.exists()
    assert not LogEntry.objects.exclude(content_type__app_label="auth").exists()  # the logins made for the test aside


def test_the_command_says_what_a_later_year_removed_and_refuses_an_earlier_year_naming_the_later_ones(tmp_path):
    header = table(HEADER, "H1,1,15/01/2008,WBRI,,,")
    years = {
        2018: table(EPISODES, "H1,15/05/2017,S,C1,N1,U1,PR1,15/01/2018,X1,,,,", "H1,15/01/2018,P,C1,N1,U3,PR1,,,,,,"),
        2019: table(EPISODES, "H1,15/05/2017,S,C1,N1,U1,PR1,,,,,,"),  # the move 2017-18 gave never happened
        2020: table(EPISODES, "H1,15/05/2017,S,C1,N1,U1,PR1,,,,,,"),
    }
    outputs = {}
    for year, episodes in years.items():
        folder = tmp_path / str(year)
        folder.mkdir()
        paths = write(folder, {"header.csv": header, "episodes.csv": episodes})
        outputs[year] = run("import_ssda903", *paths, "--year", str(year))

    assert "  Placements: 0 / 1 / 0 (1 removed: an earlier year's, replaced by this return)" in outputs[2019]
    assert Placement.objects.get().ended_on is None
    with pytest.raises(CommandError) as refusal:
        run("import_ssda903", str(tmp_path / "2018"), "--year", "2018")
    assert str(refusal.value).startswith(
        "The product already holds the 2018-19 and 2019-20 SSDA903 returns, so the 2017-18 return cannot be "
        "imported now"
    )
