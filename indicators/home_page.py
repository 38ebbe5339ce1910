"""The home page: what each role has to do today, above the links to every page.

What the home page shows each role: the sections it asks of casework and of the indicators.

A social worker: their overdue work and what is due in the next 14 days. A team manager: the
team's overdue work by worker, children of workers who have left, unallocated children, case
supervision due, and the team's measures whose band changed since the month before. A senior
manager or performance officer: the authority's measures whose band changed, the milestones
off track and the months waiting for sign-off. Each section costs a fixed number of queries.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.navigation import navigation_for
from core.roles import primary_role

DESCRIPTIONS = {
    "My caseload": "The children allocated to you, with what is due for each.",
    "Team caseload": "Every child allocated to your team and who holds them.",
    "Due and overdue": "Visits, reviews and plans due soon or overdue.",
    "Children": "Find a child's record.",
    "Foster carers": "Foster carer households, their approval and annual reviews.",
    "Team KPIs": "Your team's indicators beside the authority's, with each worker's figures.",
    "Scorecards": "The improvement scorecards, month by month, with ratings and milestones.",
    "Imports": "Bring in SSDA903 and children in need census returns.",
    "Teams": "Teams, their funded posts and current caseloads.",
    "Social workers": "Social workers, their teams and caseloads.",
    "Administration": "Thresholds, benchmarks, milestones, users and teams.",
}


def home(request: HttpRequest) -> HttpResponse:
    """The day's work for the user's roles (``day_work``), above the links to every page."""
    items = [{**item, "description": DESCRIPTIONS.get(item["label"], "")} for item in navigation_for(request)]
    return render(request, "home.html", {"items": items, "role": primary_role(request.user), **day_work(request.user)})


def day_work(user) -> dict:
    from casework.home import children_of_leavers, my_due_work, team_due_work, unallocated_children
    from indicators.home import band_changes, latest_month, milestones_off_track, months_waiting_for_sign_off
    from indicators.selectors import AUTHORITY, sees_all_kpis, sees_team_kpis
    from workforce.models import Team
    from workforce.selectors import managed_team_ids, worker_for

    if not user.is_authenticated:
        return {}
    today = timezone.localdate()
    context: dict = {"today": today}
    if worker_for(user) is not None and user.has_perm("casework.view_child"):
        context["my_work"] = my_due_work(user, today)
    managed = managed_team_ids(user) if user.has_perm("casework.view_child") else set()
    month = latest_month() if sees_team_kpis(user) else None
    context["figures_month"] = month
    if managed:
        context["team_work"] = team_due_work(user, today)
        context["leavers_children"] = children_of_leavers(user, today)
        context["unallocated"] = unallocated_children(user, today)
        if month is not None:
            teams = Team.objects.filter(pk__in=managed).order_by("name").values_list("pk", "name")
            context["team_band_changes"] = band_changes({f"team:{pk}": name for pk, name in teams}, month)
    if sees_all_kpis(user):
        if month is not None:
            context["band_changes"] = band_changes({AUTHORITY: settings.AUTHORITY_NAME}, month)
            context["off_track"] = milestones_off_track(month)
        context["waiting_sign_off"] = months_waiting_for_sign_off()
    return context
