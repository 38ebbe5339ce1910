"""A real Celery worker killed (SIGKILL) in the middle of a month.

The product runs in processes of its own here (its own database and broker, so the test's database is
untouched): migrate, reference data, a month marked for recomputation, and a worker that starts
computing it. The month is held mid-computation (a lock on the database, taken by the test), the
worker is killed, and the test watches the month come back:

- only the pool process killed: its parent hands the task back to the broker at once
  (``reject_on_worker_lost``), the next process takes over the month;
- the whole worker killed: nothing is left to hand anything back, and the message is gone; a new
  worker's beat starts a drain within a minute, which finds the run left "running" by a process that
  no longer exists, records it as abandoned, and computes the month.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db  # the test's own database is not used, but its settings are

MONTH = "2026-10-01"


class Product:
    """The product in a fresh database of its own, driven through its commands and a real worker."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.env = {
            **os.environ,
            "KPI_DATA_DIR": str(root),
            "DJANGO_SETTINGS_MODULE": "kpi_project.settings",
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "PYTHONUNBUFFERED": "1",
        }
        self.server_url = ""
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith("postgres"):
            self.server_url = url.rsplit("/", 1)[0] + "/postgres"
            self.database = f"kpi_killed_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(self.server_url, autocommit=True) as server:
                server.execute(f"CREATE DATABASE {self.database}")
            self.env["DATABASE_URL"] = url.rsplit("/", 1)[0] + f"/{self.database}"
            self.env["CELERY_BROKER_URL"] = "redis://127.0.0.1:6379/12"
        else:
            self.env.pop("DATABASE_URL", None)
            self.env.pop("CELERY_BROKER_URL", None)  # the filesystem broker, in root
        self.workers: list[subprocess.Popen] = []
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("setup_reference_data")
        if self.server_url:
            subprocess.run(["redis-cli", "-n", "12", "flushdb"], check=True, capture_output=True)

    # --- Running it ---------------------------------------------------------------------------------

    def manage(self, *args: str) -> str:
        finished = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=self.env, capture_output=True, text=True
        )
        assert finished.returncode == 0, finished.stderr[-3000:]
        return finished.stdout

    def python(self, code: str) -> str:
        return self.manage("shell", "-c", code)

    def start_worker(self, *, beat: bool = False) -> subprocess.Popen:
        command = [sys.executable, "-m", "celery", "-A", "kpi_project", "worker", "--loglevel=INFO"]
        command += ["--pool=prefork", "--concurrency=1", "--without-gossip", "--without-mingle"]
        if beat:
            command += ["-B", "--schedule", str(self.root / "beat-schedule")]
        log = open(self.root / f"worker-{len(self.workers)}.log", "w")  # noqa: SIM115
        worker = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.workers.append(worker)
        return worker

    def stop(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(10)
        if self.server_url:
            with psycopg.connect(self.server_url, autocommit=True) as server:
                server.execute(f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")
            subprocess.run(["redis-cli", "-n", "12", "flushdb"], capture_output=True)

    # --- Reading its database -----------------------------------------------------------------------

    def query(self, sql: str) -> list[tuple]:
        if self.server_url:
            with psycopg.connect(self.env["DATABASE_URL"], autocommit=True) as database:
                return database.execute(sql).fetchall()
        with sqlite3.connect(self.root / "db.sqlite3", timeout=30) as database:
            return database.execute(sql).fetchall()

    def runs(self) -> list[tuple[str, str]]:
        return self.query(f"SELECT status, worker FROM indicators_computationrun WHERE month = '{MONTH}' ORDER BY id")

    def waiting(self) -> int:
        return (
            self.query("SELECT COUNT(*) FROM core_pendingmonth")[0][0]
            + self.query("SELECT COUNT(*) FROM core_recomputerequest")[0][0]
        )

    def wait_for(self, condition, seconds: float, what: str):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            time.sleep(0.05)
        logs = "\n".join((path.read_text()[-2000:]) for path in sorted(self.root.glob("worker-*.log")))
        raise AssertionError(f"{what} did not happen within {seconds} s. Worker logs:\n{logs}")

    # --- Holding a month mid-computation ------------------------------------------------------------

    def hold_writes(self):
        """A connection that keeps the computation from writing its figures until released."""
        if self.server_url:
            holder = psycopg.connect(self.env["DATABASE_URL"])
            holder.execute("LOCK TABLE indicators_snapshotrecord IN EXCLUSIVE MODE")
            return holder
        holder = sqlite3.connect(self.root / "db.sqlite3", timeout=30, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        return holder


@pytest.fixture
def product(tmp_path):
    product = Product(tmp_path)
    yield product
    product.stop()


def mark_october(product: Product) -> None:
    product.python(
        "import datetime; from core.recompute import mark_stale; "
        "mark_stale(datetime.date(2026, 10, 1), last_day=datetime.date(2026, 10, 1), reason='test')"
    )


def running_pid(product: Product) -> int | None:
    runs = product.runs()
    if runs and runs[-1][0] == "running":
        return int(runs[-1][1].rsplit(":", 1)[1])
    return None


def computed(product: Product) -> bool:
    return product.waiting() == 0 and any(status == "succeeded" for status, _ in product.runs())


def test_a_pool_process_killed_mid_month_hands_the_month_to_the_next_process(product):
    holder = product.hold_writes() if product.server_url else None
    mark_october(product)
    product.start_worker()
    pid = product.wait_for(lambda: running_pid(product), 60, "the worker starting October")
    if holder is None:
        holder = product.hold_writes()  # SQLite: hold the write lock as soon as the run has begun

    os.kill(pid, signal.SIGKILL)
    holder.close()

    product.wait_for(lambda: computed(product), 60, "October computed by the next process")
    statuses = [status for status, _ in product.runs()]
    assert statuses[0] == "abandoned" and statuses[-1] == "succeeded", statuses
    assert product.query(
        f"SELECT COUNT(*) FROM indicators_snapshot WHERE month = '{MONTH}' AND scope_key = 'authority'"
    ) == [(48,)]


def test_a_whole_worker_killed_mid_month_is_taken_over_by_the_beats_drain(product):
    holder = product.hold_writes() if product.server_url else None
    mark_october(product)
    first = product.start_worker()
    product.wait_for(lambda: running_pid(product), 60, "the worker starting October")
    if holder is None:
        holder = product.hold_writes()

    os.killpg(first.pid, signal.SIGKILL)  # the worker and its pool: nothing is left to hand the task back
    first.wait(10)
    holder.close()
    assert [status for status, _ in product.runs()] == ["running"]
    assert product.waiting() == 1

    product.start_worker(beat=True)
    product.wait_for(lambda: computed(product), 150, "October computed from the beat's drain")
    statuses = [status for status, _ in product.runs()]
    assert statuses[0] == "abandoned" and statuses[-1] == "succeeded", statuses
    error = product.query("SELECT error FROM indicators_computationrun ORDER BY id LIMIT 1")[0][0]
    assert "stopped before it finished" in error
