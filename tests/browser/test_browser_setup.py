"""A missing Chromium fails the browser tests with what to install; only KPI_SKIP_BROWSER=1
skips them. Chromium is looked up on PATH before Debian's fixed path."""

from pathlib import Path

import pytest

from . import conftest


@pytest.fixture
def no_chromium(monkeypatch, tmp_path):
    monkeypatch.delenv(conftest.SKIP_VARIABLE, raising=False)
    monkeypatch.setattr(conftest.shutil, "which", lambda name: None)
    monkeypatch.setattr(conftest, "CHROMIUM", tmp_path / "no-chromium-here")


def test_a_missing_chromium_fails_the_run_saying_what_to_install_and_how_to_opt_out(no_chromium):
    with pytest.raises(pytest.fail.Exception) as failure:
        conftest.require_chromium()

    message = str(failure.value)
    assert "sudo apt-get install chromium" in message and "make browser" in message
    assert "KPI_SKIP_BROWSER=1" in message


def test_kpi_skip_browser_1_skips_instead(no_chromium, monkeypatch):
    monkeypatch.setenv("KPI_SKIP_BROWSER", "1")

    with pytest.raises(pytest.skip.Exception, match="KPI_SKIP_BROWSER=1"):
        conftest.require_chromium()


def test_any_other_value_of_the_variable_does_not_skip(no_chromium, monkeypatch):
    monkeypatch.setenv("KPI_SKIP_BROWSER", "0")

    with pytest.raises(pytest.fail.Exception):
        conftest.require_chromium()


def test_chromium_on_path_comes_before_the_fixed_path(monkeypatch, tmp_path):
    fixed = tmp_path / "usr-bin-chromium"
    fixed.touch()
    monkeypatch.delenv(conftest.SKIP_VARIABLE, raising=False)
    monkeypatch.setattr(conftest, "CHROMIUM", fixed)
    on_path = {"chromium": "/opt/chromium/bin/chromium"}
    monkeypatch.setattr(conftest.shutil, "which", on_path.get)

    assert conftest.require_chromium() == Path("/opt/chromium/bin/chromium")

    monkeypatch.setattr(conftest.shutil, "which", lambda name: None)
    assert conftest.require_chromium() == fixed
