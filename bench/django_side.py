"""The benchmark's steps that run inside Django, one per call, printing one JSON line.

``python -m bench.django_side STEP [ARGS]`` with DATABASE_URL and CELERY_BROKER_URL set by
``bench.run``. Kept apart from the runner so that each measurement starts a fresh process
(no warm caches from an earlier step) and the runner itself needs no Django.
"""

import json
import os
import sys
import time


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kpi_project.settings")
    import django

    django.setup()


def sizes() -> dict:
    """Row counts of the tables the calculators read, so runs on different data compare."""
    from django.db import connection

    tables = {
        "children": "casework_child",
        "contacts": "casework_contact",
        "referrals": "casework_referral",
        "assessments": "casework_assessment",
        "periods_of_care": "casework_periodofcare",
        "placements": "casework_placement",
        "statutory_visits": "casework_statutoryvisit",
        "cp_plans": "casework_childprotectionplan",
        "cp_visits": "casework_childprotectionvisit",
        "allocations": "workforce_allocation",
        "social_workers": "workforce_socialworker",
        "teams": "workforce_team",
    }
    counts = {}
    with connection.cursor() as cursor:
        for name, table in tables.items():
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - fixed names above
            counts[name] = cursor.fetchone()[0]
    return counts


def compute(month: str) -> dict:
    """One month through the service, in this process: all indicators, every scope."""
    from core.periods import parse_month
    from indicators.services import compute_month

    started = time.perf_counter()
    run = compute_month(parse_month(month), trigger="bench")
    seconds = time.perf_counter() - started
    from indicators.models import SnapshotRecord

    rows = SnapshotRecord.objects.filter(snapshot__run=run).count()
    return {"seconds": round(seconds, 2), "snapshots": run.snapshot_count, "drill_down_rows": rows}


def queue(first: str, last: str) -> dict:
    """Queue one compute_month task per month (the fan-out), returning when they are queued."""
    from django.utils import timezone

    from indicators.tasks import compute_months

    since = timezone.now().isoformat()
    compute_months.delay(first, last, "bench")
    return {"since": since}


def finished(since: str) -> dict:
    """How many runs started by the bench since then have finished, and how."""
    from django.db.models import Count, Max, Min
    from django.utils.dateparse import parse_datetime

    from indicators.models import ComputationRun

    runs = ComputationRun.objects.filter(trigger="bench", started_at__gte=parse_datetime(since))
    by_status = dict(runs.values_list("status").annotate(count=Count("id")))
    bounds = runs.aggregate(first=Min("started_at"), last=Max("finished_at"))
    return {
        "by_status": by_status,
        "first_started": bounds["first"].isoformat() if bounds["first"] else None,
        "last_finished": bounds["last"].isoformat() if bounds["last"] else None,
    }


def pages() -> dict:
    """Sessions for the load test's users, and the pages they open (real ids from the data)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from casework.models import Child
    from indicators.models import Indicator, Scorecard, Snapshot, SnapshotKind
    from workforce.models import Team

    def session_for(username: str) -> str:
        user = get_user_model().objects.get(username=username)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.set_expiry(4 * 60 * 60)
        session.save()
        return session.session_key

    cp13 = Indicator.objects.get(code="CP 13")
    latest = (
        Snapshot.objects.filter(indicator=cp13, scope_type="authority")
        .exclude(kind=SnapshotKind.RESTATED)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    month = latest.strftime("%Y-%m") if latest else ""
    teams = list(Team.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)[:20])
    children = list(Child.objects.filter(is_restricted=False).order_by("pk").values_list("pk", flat=True)[:2000:40])
    scorecard = Scorecard.objects.order_by("pk").values_list("slug", flat=True).first()
    from django.utils import timezone

    from casework.models import Allocation

    def caseload_children(**who) -> list[str]:
        """Records the user opens: children of their own caseload (or team's)."""
        today = timezone.localdate()
        allocated = Allocation.objects.filter(started_on__lte=today, ended_on__isnull=True, **who)
        return [f"/children/{pk}/" for pk in allocated.order_by("child_id").values_list("child_id", flat=True)[:50]]

    worker = get_user_model().objects.get(username="social.worker").social_worker
    managed = list(get_user_model().objects.get(username="team.manager").managed_teams.values_list("pk", flat=True))
    return {
        "sessions": [session_for("senior.manager") for _ in range(20)],
        # The day's pages for a team-bound social worker and a team manager (issue 15).
        "worker_sessions": [session_for("social.worker") for _ in range(20)],
        "manager_sessions": [session_for("team.manager") for _ in range(20)],
        "worker_children": caseload_children(worker=worker),
        "manager_children": caseload_children(team__in=managed),
        "month": month,
        "urls": {
            "scorecard": f"/performance/scorecards/{scorecard}/",
            "team": [f"/performance/team/?team={pk}" for pk in teams],
            "indicator": f"/performance/indicators/{cp13.pk}/?scope=authority&month={month}",
            "drill_down": f"/performance/indicators/{cp13.pk}/records/?scope=authority&month={month}",
            "child": [f"/children/{pk}/" for pk in children],
        },
    }


STEPS = {"sizes": sizes, "compute": compute, "queue": queue, "finished": finished, "pages": pages}

if __name__ == "__main__":
    _setup()
    step, *arguments = sys.argv[1:]
    print(json.dumps(STEPS[step](*arguments)))
