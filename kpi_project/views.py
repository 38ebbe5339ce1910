from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from .navigation import navigation_for
from .roles import primary_role

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
    from .home import day_work

    items = [{**item, "description": DESCRIPTIONS.get(item["label"], "")} for item in navigation_for(request)]
    return render(request, "home.html", {"items": items, "role": primary_role(request.user), **day_work(request.user)})


@login_not_required
def health(request: HttpRequest) -> JsonResponse:
    """For the load balancer: the database answers. Says nothing about any child."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
