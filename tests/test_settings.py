"""Settings in both runtimes, production hardening, and the broker the tests run on."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-secret-for-the-test-only-" + "k" * 30,
    "DJANGO_ALLOWED_HOSTS": "kpi.example.gov.uk",
}


def run_django(code: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "CELERY_"))}
    clean.update({"DJANGO_SETTINGS_MODULE": "kpi_project.settings", "KPI_DATA_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings as s; " + code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_with_no_variables_it_uses_sqlite_in_the_data_folder_and_a_filesystem_broker(tmp_path):
    result = run_django(
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], s.CELERY_BROKER_URL, s.DEBUG)",
        {},
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    engine, name, broker, debug = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert name == str(tmp_path / "db.sqlite3")
    assert broker == "filesystem://"
    assert (tmp_path / "celery-broker" / "out").is_dir()
    assert debug == "True"


def test_database_url_and_broker_url_select_postgresql_and_redis(tmp_path):
    result = run_django(
        "d=s.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['HOST'], d['PORT'], s.CELERY_BROKER_URL)",
        {"DATABASE_URL": "postgres://kpi@127.0.0.1:5432/kpi_prod", "CELERY_BROKER_URL": "redis://127.0.0.1:6379/3"},
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "kpi_prod",
        "127.0.0.1",
        "5432",
        "redis://127.0.0.1:6379/3",
    ]


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**PRODUCTION}
    del env["DJANGO_SECRET_KEY"]
    result = run_django("print('started')", env, tmp_path)
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_settings_pass_the_deployment_checks(tmp_path):
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "CELERY_"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean, **PRODUCTION, "KPI_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "kpi_project.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_sessions_expire_after_thirty_idle_minutes_over_https_only(tmp_path):
    result = run_django(
        "print(s.SESSION_COOKIE_AGE, s.SESSION_SAVE_EVERY_REQUEST, s.SESSION_EXPIRE_AT_BROWSER_CLOSE,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)",
        PRODUCTION,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1800", "True", "True", "True", "True", "True"]


def test_the_suite_runs_on_the_database_the_environment_names():
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected


@pytest.mark.django_db(transaction=True)
def test_a_task_travels_through_the_configured_broker_to_a_real_worker():
    """Not eager: the message goes through the filesystem broker or Redis to a worker thread."""
    from celery.contrib.testing.worker import start_worker

    from kpi_project.celery import app

    received = threading.Event()

    @app.task(name="tests.broker_round_trip")
    def round_trip(token: str) -> None:
        if token == "hello":
            received.set()

    app.conf.task_always_eager = False
    # Messages earlier tests sent through this broker (drains, import starts) would reach the solo
    # worker first, and each may run for a while: this test is about the round trip alone.
    app.control.purge()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            round_trip.delay("hello")
            assert received.wait(timeout=30), f"no worker received the task through {settings.CELERY_BROKER_URL}"
    finally:
        app.conf.task_always_eager = True


def test_the_static_files_collect_for_production_with_every_stylesheet_reference_found(tmp_path, settings):
    # Production serves hashed, compressed files (whitenoise's manifest storage), which refuses to
    # collect a stylesheet that points at a file that is not there, e.g. an MOJ icon looked for
    # among GOV.UK's images.
    import json

    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    paths = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    assert "app.css" in paths and "print.css" in paths
    assert "govuk/assets/images/icon-toggle-plus-minus.svg" in paths


@pytest.mark.django_db
def test_postgresql_connections_do_not_jit_compile_the_indicator_queries():
    # JIT compiling a calculator's many small subqueries took seconds for a query that runs in
    # milliseconds (EXPLAIN ANALYZE on LAC 10: 1.6 s of 2.1 s).
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
