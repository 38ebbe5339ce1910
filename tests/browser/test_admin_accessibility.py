"""The admin pages the product customises (indicators with their thresholds, benchmarks and
milestones; scorecards and their rows) in a real browser: no serious or critical axe-core
violation, and no sideways scroll at 1,366 px."""

import pytest
from django.urls import reverse

from indicators.models import Indicator, Scorecard

from .conftest import serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = "() => document.documentElement.scrollWidth"


@pytest.fixture
def seeded():
    from indicators.reference import load_catalogue, load_scorecards, load_seed_003_configuration

    load_catalogue()
    load_scorecards()
    load_seed_003_configuration()


def admin_pages():
    action_plan = Scorecard.objects.get(slug="action-plan-2013-14")
    # An indicator the seed gives thresholds, a benchmark and milestones (all three inlines filled).
    indicator = Indicator.objects.filter(milestones__isnull=False, benchmarks__isnull=False).distinct().first()
    return {
        "admin home": reverse("admin:index"),
        "indicators": reverse("admin:indicators_indicator_changelist"),
        "an indicator, its thresholds, benchmarks and milestones": reverse(
            "admin:indicators_indicator_change", args=[indicator.pk]
        ),
        "scorecards": reverse("admin:indicators_scorecard_changelist"),
        "the Action plan scorecard and its rows": reverse("admin:indicators_scorecard_change", args=[action_plan.pk]),
        "a new scorecard": reverse("admin:indicators_scorecard_add"),
    }


def every_admin_list(user) -> dict[str, str]:
    """The list page of every model the administrator may see, and its first record's page."""
    from django.contrib import admin
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    pages = {}
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_permission(request):
            continue
        opts = model._meta
        pages[f"{opts.verbose_name_plural}"] = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        first = model_admin.get_queryset(request).order_by("pk").first()
        if first is not None:
            pages[f"a {opts.verbose_name}"] = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk]
            )
    return pages


@pytest.mark.parametrize("which", ["customised", "every list"])
def test_the_admin_pages_are_accessible_and_fit_the_screen(cast, page_for, seeded, which):
    page = page_for(cast.admin)
    page.set_viewport_size({"width": 1366, "height": 768})
    problems = {}
    pages = admin_pages() if which == "customised" else every_admin_list(cast.admin)
    for name, url in pages.items():
        page.goto(url)
        violations = serious_accessibility_violations(page)
        width = page.evaluate(WIDTH)
        if violations or width > 1366:
            problems[name] = {"width": width, "violations": violations[:5], "count": len(violations)}
    for name, problem in problems.items():
        print(name, problem["width"], problem["count"])
        for violation in problem["violations"]:
            print("   ", violation[:400])
    assert problems == {}
