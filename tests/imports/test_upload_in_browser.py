"""In a real browser: the upload page shows how much of the files has gone up, then opens the new
import; a refused upload shows its errors on the same page. (Without JavaScript the form posts as
usual: the other page tests.)"""

import pytest

from imports.models import BatchStatus, ImportBatch
from tests.browser.conftest import browser, page_for  # noqa: F401 (fixtures)

from .make_return import ssda903_tables

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def slow_upload(page, bytes_per_second: int) -> None:
    """Throttle the page's uploads, so that the progress can be seen."""
    session = page.context.new_cdp_session(page)
    session.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 20, "downloadThroughput": -1, "uploadThroughput": bytes_per_second},
    )


def test_the_upload_shows_its_progress_then_opens_the_import(cast, page_for, tmp_path, settings):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    paths = []
    for name, text in ssda903_tables(2000).items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    page = page_for(cast.performance)
    page.goto("/imports/")
    assert page.locator("#upload-progress").is_hidden()
    slow_upload(page, 60_000)

    page.get_by_label("Files of the return").set_input_files(paths)
    page.get_by_label("Collection year").select_option("2024")
    page.get_by_role("button", name="Upload and check").click()

    page.wait_for_function("() => document.getElementById('upload-bar').value > 0")
    assert page.locator("#upload-progress").is_visible()
    assert "Uploading the files:" in page.locator("#upload-stage").inner_text()
    assert page.get_by_role("button", name="Upload and check").is_disabled()
    page.wait_for_url("**/imports/*/", timeout=60_000)
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.READY
    assert f"Import {batch.pk}" in page.locator("h1").inner_text()


def test_a_refused_upload_shows_what_is_wrong_on_the_same_page(cast, page_for, tmp_path):  # noqa: F811
    notes = tmp_path / "notes.xml"
    notes.write_text("<Notes><Note>not a return</Note></Notes>", encoding="utf-8")
    page = page_for(cast.performance)
    page.goto("/imports/")
    page.evaluate("window.sameDocument = true")  # lost if the browser loaded a new page

    page.get_by_label("Files of the return").set_input_files([str(notes)])
    page.get_by_role("button", name="Upload and check").click()

    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "notes.xml is neither an SSDA903 table" in summary.inner_text()
    assert page.evaluate("window.sameDocument") is True
    assert page.title().startswith("Error: ")
    assert not ImportBatch.objects.exists()
    # The form still uploads with its progress after the errors are shown.
    assert page.locator("#upload-progress").count() == 1


def test_a_file_past_the_limit_is_refused_in_the_browser_before_anything_is_sent(cast, page_for, tmp_path, settings):  # noqa: F811
    settings.KPI_IMPORT_MAX_FILE_MB = 1
    big = tmp_path / "episodes.csv"
    big.write_bytes(b"CHILD,DECOM\n" + b"A1,01/06/2023\n" * 200_000)  # 2.8 MB
    page = page_for(cast.performance)
    page.goto("/imports/")
    sent = []
    page.on("request", lambda request: sent.append(request.method) if request.method == "POST" else None)

    page.get_by_label("Files of the return").set_input_files([str(big)])
    page.get_by_label("Collection year").select_option("2024")
    page.get_by_role("button", name="Upload and check").click()

    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "episodes.csv is larger than 1 MB, the largest file the product takes" in summary.inner_text()
    assert sent == []
    assert not ImportBatch.objects.exists()
