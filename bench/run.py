"""The performance benchmark (issue 6): ``make bench``, or ``python -m bench.run [--only STAGE ...]``.

Against PostgreSQL and Redis at 127.0.0.1 (override with BENCH_POSTGRES and BENCH_REDIS):

1. seed: ``seed_demo --size large`` (and ``medium``) into databases of their own, timed; a
   database seeded earlier by the same demo code is reused (``--reseed`` to redo it);
2. compute: one month, all indicators and scopes, through the service, for medium and large;
3. celery: the same month through a real Celery worker, and a 120-month backfill fanned
   out by month over the worker's processes, with the worker's peak memory;
4. pages: 20 concurrent users for 60 s (Locust) against gunicorn with production settings.

Figures go to ``bench/results/<time>.json`` and ``bench/results/latest.md``.
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, datetime
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/8")
PORT = 8765
WARM_UP_SECONDS = 15
STAGES = ["seed", "compute", "celery", "pages"]
TARGETS = {
    "month_large_seconds": 10,
    "backfill_120_seconds": 300,
    "growth_ratio": 5,
    "page_p95_ms": 200,
    "seed_large_seconds": 15 * 60,
}
DEMO_CODE = [
    "casework/demo",
    "casework/demo_names.py",
    "workforce/demo.py",
    "indicators/management/commands/seed_demo.py",
]


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


def environment(size: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{POSTGRES}/kpi_bench_{size}",
        CELERY_BROKER_URL=REDIS,
        KPI_DATA_DIR=str(ROOT / "data" / "bench"),
        DJANGO_SETTINGS_MODULE="kpi_project.settings",
    )
    return env


def manage(size: str, *arguments: str) -> None:
    subprocess.run([PYTHON, "manage.py", *arguments], cwd=ROOT, env=environment(size), check=True)


def django_step(size: str, *arguments: str, env: dict | None = None) -> dict:
    output = subprocess.run(
        [PYTHON, "-m", "bench.django_side", *arguments],
        cwd=ROOT,
        env=env or environment(size),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def psql(sql: str) -> str:
    return subprocess.run(
        ["psql", f"{POSTGRES}/postgres", "-Atqc", sql], check=True, capture_output=True, text=True
    ).stdout.strip()


def psql_on(size: str, sql: str) -> None:
    subprocess.run(["psql", f"{POSTGRES}/kpi_bench_{size}", "-qc", sql], check=True)


def psql_value(size: str, sql: str) -> str:
    return subprocess.run(
        ["psql", f"{POSTGRES}/kpi_bench_{size}", "-Atqc", sql], check=True, capture_output=True, text=True
    ).stdout.strip()


# --- Seeding ---------------------------------------------------------------------------------


def demo_fingerprint(size: str) -> str:
    digest = hashlib.sha256(size.encode())
    for name in DEMO_CODE:
        path = ROOT / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def seed(size: str, reseed: bool) -> dict:
    marker = ROOT / "data" / "bench" / f"seeded-{size}.json"
    exists = psql(f"SELECT 1 FROM pg_database WHERE datname = 'kpi_bench_{size}'") == "1"
    if exists and not reseed and marker.exists():
        stored = json.loads(marker.read_text())
        if stored["fingerprint"] == demo_fingerprint(size):
            log(f"{size}: reusing the database seeded on {stored['seeded_at']}")
            manage(size, "migrate", "--noinput", "-v0")
            return {**stored, "reused": True}
    log(f"{size}: creating kpi_bench_{size} and seeding (this takes minutes)")
    psql(f"DROP DATABASE IF EXISTS kpi_bench_{size}")
    psql(f"CREATE DATABASE kpi_bench_{size}")
    manage(size, "migrate", "--noinput", "-v0")
    manage(size, "setup_reference_data")
    started = time.perf_counter()
    manage(size, "seed_demo", "--size", size, "--seed", "1")
    seconds = round(time.perf_counter() - started, 1)
    result = {
        "fingerprint": demo_fingerprint(size),
        "seeded_at": datetime.now().isoformat(timespec="seconds"),
        "seed_seconds": seconds,
    }
    # Fresh bulk-loaded tables have no planner statistics until autovacuum gets to them.
    psql_on(size, "VACUUM ANALYZE")
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps(result))
    log(f"{size}: seeded in {seconds} s")
    return {**result, "reused": False}


# --- Celery -------------------------------------------------------------------------------


class Sampler(threading.Thread):
    """Peak resident memory of a process and its children, sampled every 0.2 s."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.peak_total = 0
        self.peak_single = 0
        self.running = True

    def run(self) -> None:
        while self.running:
            try:
                processes = [self.process, *self.process.children(recursive=True)]
                sizes = [p.memory_info().rss for p in processes]
            except psutil.Error:
                continue
            self.peak_total = max(self.peak_total, sum(sizes))
            self.peak_single = max(self.peak_single, max(sizes))
            time.sleep(0.2)


def start_worker(size: str, concurrency: int) -> subprocess.Popen:
    subprocess.run(["redis-cli", "-u", REDIS, "FLUSHDB"], check=True, capture_output=True)
    worker = subprocess.Popen(
        [PYTHON, "-m", "celery", "-A", "kpi_project", "worker", f"--concurrency={concurrency}", "--loglevel=WARNING"],
        cwd=ROOT,
        env=environment(size),
    )
    time.sleep(6)  # the worker connects and forks its processes
    return worker


def wait_for_runs(size: str, since: str, expected: int, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        state = django_step(size, "finished", since)
        done = sum(state["by_status"].get(status, 0) for status in ("succeeded", "failed"))
        if done >= expected or time.monotonic() > deadline:
            return state
        time.sleep(1)


def seconds_between(state: dict, since: str) -> float | None:
    if not state["last_finished"]:
        return None
    return round((datetime.fromisoformat(state["last_finished"]) - datetime.fromisoformat(since)).total_seconds(), 1)


def celery_stage(size: str, month: str, first: str, concurrency: int) -> dict:
    worker = start_worker(size, concurrency)
    sampler = Sampler(worker.pid)
    sampler.start()
    try:
        log(f"{size}: {month} through the Celery worker")
        since = django_step(size, "queue", month, month)["since"]
        one = wait_for_runs(size, since, 1, 600)
        # A first backfill writes every month; on a database benchmarked before, each month's
        # figures are replaced (deleted and written again), which costs more: say which it was.
        # (The month just computed above is left out.)
        computed = (
            "SELECT COUNT(DISTINCT month) FROM indicators_snapshot "
            f"WHERE month >= '{first}-01' AND month < '{month}-01'"
        )
        already = int(psql_value(size, computed))
        log(f"{size}: 120 months from {first} to {month} through {concurrency} worker processes")
        since_backfill = django_step(size, "queue", first, month)["since"]
        backfill = wait_for_runs(size, since_backfill, 120, 3600)
    finally:
        sampler.running = False
        worker.terminate()
        worker.wait(60)
    # One statement: psql runs a multi-statement -c in one transaction, where VACUUM is refused.
    psql_on(size, "VACUUM ANALYZE indicators_snapshot, indicators_snapshotrecord")
    return {
        "month_via_celery_seconds": seconds_between(one, since),
        "backfill_120_seconds": seconds_between(backfill, since_backfill),
        "backfill_months_already_computed": already,
        "backfill_runs": backfill["by_status"],
        "worker_concurrency": concurrency,
        "worker_peak_rss_mb_total": round(sampler.peak_total / 2**20),
        "worker_peak_rss_mb_one_process": round(sampler.peak_single / 2**20),
    }


# --- Pages -----------------------------------------------------------------------------------


def pages_stage(size: str, users: int, seconds: int) -> dict:
    env = environment(size)
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    setup = django_step(size, "pages", env=env)  # sessions signed with the server's secret key
    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    (workdir / "pages.json").write_text(json.dumps(setup))
    workers = str(2 * os.cpu_count() + 1)
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "kpi_project.wsgi",
            "--workers",
            workers,
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )

    def locust(run_seconds: int, csv_prefix: Path) -> None:
        subprocess.run(
            [
                PYTHON,
                "-m",
                "locust",
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{run_seconds}s",
                "--host",
                f"http://127.0.0.1:{PORT}",
                "--csv",
                str(csv_prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={**env, "BENCH_PAGES": str(workdir / "pages.json")},
            check=False,
        )

    try:
        time.sleep(5)
        # A server in use is warm: each gunicorn worker's first requests load the URLs and
        # templates and compile the due dates' SQL (hundreds of ms). The same load for a while
        # first, not counted, so that the figures are those of a server that has been running.
        log(f"{size}: warming gunicorn ({workers} workers) for {WARM_UP_SECONDS} s, not counted")
        locust(WARM_UP_SECONDS, workdir / "warm")
        log(f"{size}: {users} users for {seconds} s against gunicorn ({workers} workers)")
        locust(seconds, workdir / "load")
    finally:
        server.terminate()
        server.wait(30)
    import csv

    figures = {}
    with open(workdir / "load_stats.csv") as stats:
        for row in csv.DictReader(stats):
            figures[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "median_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
                "requests_per_second": round(float(row["Requests/s"]), 1),
            }
    shutil.rmtree(workdir, ignore_errors=True)
    return {"users": users, "seconds": seconds, "gunicorn_workers": int(workers), "by_page": figures}


# --- Report --------------------------------------------------------------------------------


def last_full_month() -> tuple[str, str]:
    today = date.today()
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    first_year, first_month = divmod(year * 12 + month - 1 - 119, 12)
    return f"{year}-{month:02d}", f"{first_year}-{first_month + 1:02d}"


def verdicts(results: dict) -> list[tuple[str, str, str, bool | None]]:
    large = results.get(results["biggest"], {})
    rows = []

    def add(label, value, target, unit, met):
        rows.append((label, "not run" if value is None else f"{value} {unit}", f"{target} {unit}", met))

    month = large.get("compute", {}).get("seconds")
    add(
        f"One month, {results['biggest']}, via the service",
        month,
        TARGETS["month_large_seconds"],
        "s",
        None if month is None else month < TARGETS["month_large_seconds"],
    )
    via = large.get("celery", {}).get("month_via_celery_seconds")
    add(
        f"One month, {results['biggest']}, via Celery",
        via,
        TARGETS["month_large_seconds"],
        "s",
        None if via is None else via < TARGETS["month_large_seconds"],
    )
    backfill = large.get("celery", {}).get("backfill_120_seconds")
    recomputed = large.get("celery", {}).get("backfill_months_already_computed")
    kind = f" ({recomputed} of the months recomputed)" if recomputed else " (first computation)"
    add(
        f"120-month backfill, {results['biggest']}, via Celery{kind if recomputed is not None else ''}",
        backfill,
        TARGETS["backfill_120_seconds"],
        "s",
        None if backfill is None else backfill < TARGETS["backfill_120_seconds"],
    )
    growth = results.get("growth", {})
    ratio = growth.get("time_ratio")
    add(
        f"Month time large/medium (data x{growth.get('data_ratio')})",
        ratio,
        TARGETS["growth_ratio"],
        "x",
        None if ratio is None else ratio <= TARGETS["growth_ratio"],
    )
    seeded = large.get("seed", {})
    seed_seconds = seeded.get("seed_seconds")
    # A database seeded earlier by the same demo code is reused: its seeding time is the one measured then.
    when_seeded = f" (seeded {seeded['seeded_at']}, same demo code)" if seeded.get("reused") else ""
    add(
        f"seed_demo --size {results['biggest']}{when_seeded}",
        seed_seconds,
        TARGETS["seed_large_seconds"],
        "s",
        None if seed_seconds is None else seed_seconds < TARGETS["seed_large_seconds"],
    )
    pages = large.get("pages", {}).get("by_page", {})
    for name, page in pages.items():
        met = page["p95_ms"] < TARGETS["page_p95_ms"] and page["failures"] == 0
        add(f"Page p95: {name} ({page['failures']} errors)", page["p95_ms"], TARGETS["page_p95_ms"], "ms", met)
    return rows


def markdown(results: dict) -> str:
    lines = [
        f"# Benchmark, {results['started']}",
        "",
        f"Machine: {os.cpu_count()} cores, {round(psutil.virtual_memory().total / 2**30)} GiB; "
        f"PostgreSQL and Redis at 127.0.0.1; git {results['git']}. Month: {results['month']}.",
        "",
        "| Measure | Figure | Target | Met |",
        "|---|---|---|---|",
    ]
    for label, figure, target, met in verdicts(results):
        lines.append(f"| {label} | {figure} | under {target} | {'-' if met is None else 'yes' if met else 'NO'} |")
    lines += ["", f"| Data | medium | {results['biggest']} |", "|---|---|---|"]
    medium, large = results.get("medium", {}).get("sizes", {}), results.get(results["biggest"], {}).get("sizes", {})
    for name in large or medium:
        lines.append(f"| {name} | {medium.get(name, '')} | {large.get(name, '')} |")
    celery = results.get(results["biggest"], {}).get("celery", {})
    if celery:
        lines += [
            "",
            f"Worker: {celery['worker_concurrency']} processes; peak memory "
            f"{celery['worker_peak_rss_mb_total']} MB in all, {celery['worker_peak_rss_mb_one_process']} MB "
            "for the largest process.",
        ]
    pages = results.get(results["biggest"], {}).get("pages", {})
    if pages:
        lines += ["", "| Page | requests | errors | median ms | p95 ms | req/s |", "|---|---|---|---|---|---|"]
        for name, page in pages["by_page"].items():
            lines.append(
                f"| {name} | {page['requests']} | {page['failures']} | {page['median_ms']:.0f} | "
                f"{page['p95_ms']:.0f} | {page['requests_per_second']} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", choices=STAGES, default=STAGES)
    parser.add_argument("--sizes", nargs="+", default=["medium", "large"], choices=["small", "medium", "large"])
    parser.add_argument("--reseed", action="store_true", help="Seed again even if a matching database exists.")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--concurrency", type=int, default=os.cpu_count())
    options = parser.parse_args()

    month, first = last_full_month()
    git = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    results = {
        "started": datetime.now().isoformat(timespec="seconds"),
        "git": git.strip(),
        "month": month,
        "biggest": options.sizes[-1],
    }
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")

    def save() -> None:
        """Written after every stage, so a stage that fails keeps the figures of those before it."""
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / f"{stamp}.json").write_text(json.dumps(results, indent=2))

    for size in options.sizes:
        figures = results.setdefault(size, {})
        figures["seed"] = seed(size, options.reseed)
        figures["sizes"] = django_step(size, "sizes")
        if "compute" in options.only:
            django_step(size, "compute", month)  # a first run warms the database's caches
            log(f"{size}: computing {month} through the service")
            figures["compute"] = django_step(size, "compute", month)
            log(f"{size}: {figures['compute']['seconds']} s")
        save()
    big = options.sizes[-1]
    if "celery" in options.only:
        results[big]["celery"] = celery_stage(big, month, first, options.concurrency)
        save()
    if "pages" in options.only:
        results[big]["pages"] = pages_stage(big, options.users, options.seconds)
        save()
    if "medium" in results and "large" in results and "compute" in options.only:
        data = results["large"]["sizes"]["contacts"] / max(results["medium"]["sizes"]["contacts"], 1)
        took = results["large"]["compute"]["seconds"] / max(results["medium"]["compute"]["seconds"], 0.01)
        results["growth"] = {"data_ratio": round(data, 1), "time_ratio": round(took, 1)}

    save()
    report = markdown(results)
    (RESULTS / "latest.md").write_text(report)
    print()
    print(report)


if __name__ == "__main__":
    main()
