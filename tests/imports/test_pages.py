"""The imports pages: performance officers upload, preview, confirm or cancel; everyone else is
refused, and a refused request changes nothing."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casework.models import Child, Placement, Referral
from imports.models import BatchStatus, ImportBatch, ImportFile, RowIssue
from indicators.reference import load_catalogue

from .conftest import EPISODES, HEADER, cin_document, table
from .test_cin_census import FULL_EPISODE, child_xml
from .test_ssda903 import RETURN_2024

pytestmark = pytest.mark.django_db

OTHERS = ["worker_a", "manager_a", "senior", "admin", "nobody"]
STOPPED = "This import has stopped: nothing has happened since"
BAD_ROW = "Z1,01/06/2023,S,C2,N1,QQ,PR1,,,,,,"


@pytest.fixture(autouse=True)
def _uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def uploads(files: dict[str, str]) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(name, content.encode(), content_type="text/csv") for name, content in files.items()]


def upload(client, files: dict[str, str], django_capture_on_commit_callbacks, **data):
    data.setdefault("year", "2024")
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/imports/", {"files": uploads(files), **data})


def checked_batch(cast, client_for, django_capture_on_commit_callbacks) -> ImportBatch:
    files = dict(RETURN_2024)
    files["more.csv"] = table(EPISODES, BAD_ROW)
    files["more-header.csv"] = table(HEADER, "Z1,1,01/01/2012,WBRI,,,")
    upload(client_for(cast.performance), files, django_capture_on_commit_callbacks, year="2024")
    return ImportBatch.objects.get()


def test_the_imports_page_is_in_the_navigation_for_performance_officers_only(cast, client_for):
    assert 'href="/imports/"' in client_for(cast.performance).get("/").content.decode()
    assert 'href="/imports/"' not in client_for(cast.senior).get("/").content.decode()


@pytest.mark.parametrize("role", OTHERS)
def test_everyone_but_performance_officers_is_refused_and_changes_nothing(
    cast, client_for, role, django_capture_on_commit_callbacks
):
    batch = checked_batch(cast, client_for, django_capture_on_commit_callbacks)
    client = client_for(getattr(cast, role))

    assert client.get("/imports/").status_code == 403
    assert upload(client, RETURN_2024, django_capture_on_commit_callbacks).status_code == 403
    for page in ("", "progress/", "row-problems.csv", "reconciliation/"):
        assert client.get(f"/imports/{batch.pk}/{page}").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/imports/{batch.pk}/confirm/").status_code == 403
        assert client.post(f"/imports/{batch.pk}/cancel/").status_code == 403

    assert ImportBatch.objects.count() == 1
    batch.refresh_from_db()
    assert batch.status == BatchStatus.READY
    assert not Child.objects.exists()


def test_an_officer_uploads_sees_the_preview_and_the_row_errors_and_nothing_is_imported_yet(
    cast, client_for, django_capture_on_commit_callbacks
):
    client = client_for(cast.performance)
    response = upload(
        client,
        {**RETURN_2024, "more.csv": table(EPISODES, BAD_ROW), "h.csv": table(HEADER, "Z1,1,01/01/2012,WBRI,,,")},
        django_capture_on_commit_callbacks,
    )

    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == f"/imports/{batch.pk}/"
    assert batch.status == BatchStatus.READY
    assert batch.created_by == cast.performance
    assert not Child.objects.exists()  # a preview imports nothing
    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert "What the import would do" in page
    assert "Placements" in page
    assert "&#x27;QQ&#x27; is not a placement type code." in page  # the row error, in the table
    assert "Confirm and import" in page
    assert RowIssue.objects.filter(batch=batch, file_name="more.csv", row=2, child="Z1", field="PLACE").exists()


def test_confirming_imports_and_deletes_the_uploaded_files(cast, client_for, django_capture_on_commit_callbacks):
    batch = checked_batch(cast, client_for, django_capture_on_commit_callbacks)
    client = client_for(cast.performance)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/imports/{batch.pk}/confirm/")

    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.IMPORTED, batch.message
    assert batch.confirmed_by == cast.performance
    assert Placement.objects.count() == 4
    assert not Child.objects.filter(la_child_id="Z1", periodofcare_set__isnull=False).exists()
    assert not ImportFile.objects.filter(batch=batch).exclude(file="").exists()
    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert "What was imported" in page
    assert "Compare the figures from this return" in page


def test_cancelling_imports_nothing(cast, client_for, django_capture_on_commit_callbacks):
    batch = checked_batch(cast, client_for, django_capture_on_commit_callbacks)

    client_for(cast.performance).post(f"/imports/{batch.pk}/cancel/")

    batch.refresh_from_db()
    assert (batch.status, batch.cancelled_by) == (BatchStatus.CANCELLED, cast.performance)
    assert not Child.objects.exists()
    assert client_for(cast.performance).post(f"/imports/{batch.pk}/confirm/").status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CANCELLED


def test_the_same_files_again_offer_nothing_to_confirm(cast, client_for, django_capture_on_commit_callbacks):
    batch = checked_batch(cast, client_for, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast.performance).post(f"/imports/{batch.pk}/confirm/")

    upload(client_for(cast.performance), RETURN_2024, django_capture_on_commit_callbacks, year="2024")

    again = ImportBatch.objects.latest("pk")
    assert not again.has_changes
    page = client_for(cast.performance).get(f"/imports/{again.pk}/").content.decode()
    assert "there is nothing to import" in page
    assert "Confirm and import" not in page


def test_a_batch_in_progress_shows_a_progress_bar_that_works_without_javascript(cast, client_for):
    batch = ImportBatch.objects.create(
        kind="ssda903",
        created_by=cast.performance,
        status=BatchStatus.CHECKING,
        stage="Checking child 40 of 100",
        progress_done=700,
        progress_total=1000,
    )
    client = client_for(cast.performance)

    page = client.get(f"/imports/{batch.pk}/").content.decode()
    progress = client.get(f"/imports/{batch.pk}/progress/").json()

    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert '<progress id="import-bar" class="app-progress" max="100" value="70"' in page
    assert "Checking child 40 of 100" in page
    assert progress == {
        "status": "checking",
        "status_label": "Checking",
        "stage": "Checking child 40 of 100",
        "percent": 70,
        "in_progress": True,
        "stale": False,
        "url": f"/imports/{batch.pk}/",
    }


def test_the_row_problems_download_as_a_spreadsheet(cast, client_for, django_capture_on_commit_callbacks):
    batch = checked_batch(cast, client_for, django_capture_on_commit_callbacks)

    response = client_for(cast.performance).get(f"/imports/{batch.pk}/row-problems.csv")

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0] == "Kind,File,Row or line,Where,Child,Field,What is wrong"
    assert "Not imported,more.csv,2,row 2,Z1,PLACE,'QQ' is not a placement type code." in text


def test_the_row_problems_can_be_filtered_by_file(cast, client_for, django_capture_on_commit_callbacks):
    batch = checked_batch(cast, client_for, django_capture_on_commit_callbacks)
    RowIssue.objects.create(batch=batch, file_name="reviews.csv", row=9, message="Something else")

    page = client_for(cast.performance).get(f"/imports/{batch.pk}/?file_name=more.csv").content.decode()

    assert "is not a placement type code" in page
    assert "Something else" not in page


def both_returns() -> dict[str, str]:
    """A year's SSDA903 (A1 and B2, and a bad episode for Z1) and its CIN census (B2 again, and RND1)."""
    referral = (
        "<CINdetails><CINreferralDate>2023-09-01</CINreferralDate><ReferralSource>2A</ReferralSource>"
        "<PrimaryNeedCode>N1</PrimaryNeedCode></CINdetails>"
    )
    census = child_xml("B2", sex="F", birth="2010-02-02", details=referral).replace("WBRI", "BAFR") + child_xml(
        details=FULL_EPISODE
    )
    return {
        **RETURN_2024,
        "more.csv": table(EPISODES, BAD_ROW),
        "h.csv": table(HEADER, "Z1,1,01/01/2012,WBRI,,,"),
        "cin.xml": cin_document(census),
    }


def test_a_years_ssda903_and_cin_census_are_uploaded_previewed_and_imported_together(
    cast, client_for, django_capture_on_commit_callbacks
):
    client = client_for(cast.performance)

    upload(client, both_returns(), django_capture_on_commit_callbacks)

    batch = ImportBatch.objects.get()
    assert (batch.kind, batch.status, batch.collection_year) == ("both", BatchStatus.READY, 2024)
    assert not Child.objects.exists()
    ssda903, census = batch.parts
    assert (ssda903["label"], ssda903["year_label"], ssda903["rows_rejected"]) == (
        "SSDA903 (children looked after)",
        "2023-24",
        1,
    )
    # B2 is in both: created by the SSDA903, found there by the census.
    assert ssda903["counts"]["Children"] == {"created": 3, "updated": 0, "unchanged": 0}
    assert census["counts"]["Children"] == {"created": 1, "updated": 0, "unchanged": 1}
    assert census["counts"]["Referrals"] == {"created": 2, "updated": 0, "unchanged": 0}
    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert "SSDA903 (children looked after), 2023-24" in page
    assert "Children in need census, 2023-24" in page
    assert page.count("Confirm and import") == 1
    only_census = client.get(f"/imports/{batch.pk}/?part=cin_census").content.decode()
    assert "is not a placement type code" not in only_census
    assert "is not a placement type code" in client.get(f"/imports/{batch.pk}/?part=ssda903").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/imports/{batch.pk}/confirm/")

    batch.refresh_from_db()
    assert batch.status == BatchStatus.IMPORTED, batch.message
    child = Child.objects.get(la_child_id="B2")
    assert Placement.objects.filter(child=child).count() == 1
    assert Referral.objects.get(child=child).received_on.isoformat() == "2023-09-01"
    assert (child.ethnicity, child.upn) == ("BAFR", "A123456789123")  # the census added the UPN
    assert Child.objects.count() == 4  # A1, B2 and Z1 (whose episode failed), RND1


def test_the_upload_page_takes_both_returns_and_offers_the_progress_of_the_upload(cast, client_for):
    page = client_for(cast.performance).get("/imports/").content.decode()

    assert "its children in need census XML, or both" in page
    assert 'id="upload-progress"' in page and "hidden" in page  # shown by the script while the files go up
    assert "imports/upload.mjs" in page


def test_the_reconciliation_page_shows_the_returns_figures_beside_all_records(
    cast, client_for, django_capture_on_commit_callbacks
):
    load_catalogue()
    batch = checked_batch(cast, client_for, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast.performance).post(f"/imports/{batch.pk}/confirm/")

    response = client_for(cast.performance).get(f"/imports/{batch.pk}/reconciliation/?month=2024-01")

    page = response.content.decode()
    assert response.status_code == 200
    assert "January 2024" in page
    for code in ("LAC 11", "LAC 20", "AD 7", "CL 1", "CL 3a"):
        assert code in page


def test_a_value_from_a_file_cannot_run_as_a_formula_in_the_download(cast, client_for):
    batch = ImportBatch.objects.create(kind="ssda903", created_by=cast.performance, status=BatchStatus.READY)
    RowIssue.objects.create(batch=batch, file_name="x.csv", row=2, child="=HYPERLINK(1)", message="bad")

    response = client_for(cast.performance).get(f"/imports/{batch.pk}/row-problems.csv")

    assert "'=HYPERLINK(1)" in b"".join(response.streaming_content).decode("utf-8-sig")


def test_two_files_with_the_same_name_are_refused(cast, client_for, django_capture_on_commit_callbacks):
    files = [
        SimpleUploadedFile("episodes.csv", table(HEADER, "Z1,1,01/01/2012,WBRI,,,").encode()),
        SimpleUploadedFile("episodes.csv", table(EPISODES, BAD_ROW).encode()),
    ]

    response = client_for(cast.performance).post("/imports/", {"files": files})

    assert "Two files are called episodes.csv" in response.content.decode()
    assert not ImportBatch.objects.exists()


# --- An import whose worker died ----------------------------------------------------------------------


def importing_batch(cast, client_for, django_capture_on_commit_callbacks, *, silent_for: timedelta) -> ImportBatch:
    """A confirmed batch whose import task never ran to the end (the worker was killed), last heard
    from ``silent_for`` ago."""
    batch = checked_batch(cast, client_for, django_capture_on_commit_callbacks)
    client_for(cast.performance).post(f"/imports/{batch.pk}/confirm/")  # the task is queued, never run
    ImportBatch.objects.filter(pk=batch.pk).update(
        stage="Saving: 10 of 40 records and audit entries", progress_done=600, progress_at=timezone.now() - silent_for
    )
    batch.refresh_from_db()
    assert batch.status == BatchStatus.IMPORTING
    return batch


def test_an_import_that_stopped_can_be_run_again_and_imports_the_files(
    cast, client_for, django_capture_on_commit_callbacks
):
    batch = importing_batch(cast, client_for, django_capture_on_commit_callbacks, silent_for=timedelta(minutes=20))
    client = client_for(cast.performance)

    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert STOPPED in page
    assert "Nothing was saved: an import is written all at once, or not at all." in page
    assert "Run the import again" in page
    assert client.get(f"/imports/{batch.pk}/progress/").json()["stale"] is True

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/imports/{batch.pk}/run-again/")

    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.IMPORTED, batch.message
    assert Placement.objects.count() == 4


def test_an_import_that_stopped_can_be_cancelled_and_nothing_is_imported(
    cast, client_for, django_capture_on_commit_callbacks
):
    batch = importing_batch(cast, client_for, django_capture_on_commit_callbacks, silent_for=timedelta(minutes=20))

    client_for(cast.performance).post(f"/imports/{batch.pk}/cancel/")

    batch.refresh_from_db()
    assert (batch.status, batch.cancelled_by) == (BatchStatus.CANCELLED, cast.performance)
    assert not Child.objects.exists()
    assert not ImportFile.objects.filter(batch=batch).exclude(file="").exists()


def test_an_import_still_reporting_progress_can_be_neither_run_again_nor_cancelled(
    cast, client_for, django_capture_on_commit_callbacks
):
    batch = importing_batch(cast, client_for, django_capture_on_commit_callbacks, silent_for=timedelta(minutes=1))
    client = client_for(cast.performance)

    assert STOPPED not in client.get(f"/imports/{batch.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/imports/{batch.pk}/run-again/")
        client.post(f"/imports/{batch.pk}/cancel/")

    batch.refresh_from_db()
    assert (batch.status, batch.stage, batch.progress_done) == (
        BatchStatus.IMPORTING,
        "Saving: 10 of 40 records and audit entries",
        600,
    )
    assert not Child.objects.exists()


@pytest.mark.parametrize("role", OTHERS)
def test_only_performance_officers_can_run_a_stopped_import_again(
    cast, client_for, django_capture_on_commit_callbacks, role
):
    batch = importing_batch(cast, client_for, django_capture_on_commit_callbacks, silent_for=timedelta(minutes=20))

    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(getattr(cast, role)).post(f"/imports/{batch.pk}/run-again/").status_code == 403

    batch.refresh_from_db()
    assert batch.status == BatchStatus.IMPORTING
    assert not Child.objects.exists()


def test_a_check_that_stopped_can_be_run_again(cast, client_for, django_capture_on_commit_callbacks):
    batch = checked_batch(cast, client_for, django_capture_on_commit_callbacks)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.CHECKING, counts={}, progress_at=timezone.now() - timedelta(minutes=20)
    )
    client = client_for(cast.performance)

    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert "The check of these files has stopped" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/imports/{batch.pk}/run-again/")

    batch.refresh_from_db()
    assert batch.status == BatchStatus.READY
    assert batch.counts["Placements"]["created"] == 4
    assert not Child.objects.exists()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_an_import_cancelled_while_it_ran_saves_nothing_when_it_gets_to_the_end(
    cast, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    import threading

    from django.db import connections

    from imports import services
    from imports.services import batches, run

    batch = checked_batch(cast, client_for, django_capture_on_commit_callbacks)
    monkeypatch.setattr(batches, "send_on_commit", lambda *args: None)  # the import's task is never sent
    client_for(cast.performance).post(f"/imports/{batch.pk}/confirm/")
    ImportBatch.objects.filter(pk=batch.pk).update(progress_at=timezone.now() - timedelta(minutes=20))
    checked = run._run

    def check_then_cancelled(*args, **kwargs):
        outcome = checked(*args, **kwargs)

        def cancel() -> None:
            # The batch is cancelled from another connection while this slow, not dead, run is still working
            # (the page refuses to cancel a run holding the import lock; this is the cancel that got in first).
            ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.CANCELLED)
            connections.close_all()

        officer = threading.Thread(target=cancel)
        officer.start()
        officer.join(30)
        return outcome

    monkeypatch.setattr(run, "_run", check_then_cancelled)

    services.batch_import(batch.pk)

    batch.refresh_from_db()
    assert batch.status == BatchStatus.CANCELLED
    assert not Child.objects.exists()
    assert not Placement.objects.exists()


def test_an_upload_of_an_earlier_year_than_one_imported_is_refused_on_its_page(
    cast, client_for, django_capture_on_commit_callbacks
):
    from .conftest import import_903

    import_903(RETURN_2024, year=2025)  # the same files said to be 2024-25's: the product holds 2024-25
    client = client_for(cast.performance)

    upload(client, RETURN_2024, django_capture_on_commit_callbacks, year="2024")

    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.FAILED
    assert batch.message == (
        "The product already holds the 2024-25 SSDA903 return, so the 2023-24 return cannot be imported now: an "
        "authority's returns are imported oldest first, each year's correcting the one before. Nothing was imported."
    )
    assert "already holds the 2024-25 SSDA903 return" in client.get(f"/imports/{batch.pk}/").content.decode()
