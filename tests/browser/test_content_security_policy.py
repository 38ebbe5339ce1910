"""The Content-Security-Policy in a real browser: the product's own pages (the trend chart, the upload
form's progress bar, GOV.UK Frontend's components, the admin) run with it and the browser reports no
violation."""

from datetime import date

import pytest
from django.urls import reverse

from tests.casework.conftest import allocate
from tests.factories import ChildFactory, IndicatorFactory, SnapshotFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHART = "() => window.Chart && Chart.getChart('trend-chart')"


def violations_on(page, path: str) -> list[str]:
    """What the browser refused on the page, as the page's own securitypolicyviolation events say."""
    page.goto(path)
    page.wait_for_load_state("networkidle")
    return page.evaluate("() => window.__violations || []")


def watch(page) -> None:
    page.add_init_script(
        "window.__violations = []; document.addEventListener('securitypolicyviolation', "
        "(event) => window.__violations.push(event.violatedDirective + ' ' + event.blockedURI));"
    )


def test_the_pages_run_under_the_policy_without_a_violation(cast, page_for):
    child = allocate(ChildFactory(first_name="Amy"), cast.social_worker_a)
    indicator = IndicatorFactory(code="CP 13", title="Children visited")
    SnapshotFactory(indicator=indicator, month=date(2025, 2, 1), numerator=2, denominator=10)

    worker = page_for(cast.worker_a)
    watch(worker)
    for path in ["/", reverse("casework:child", args=[child.pk]), f"/children/{child.pk}/record/contact/"]:
        assert violations_on(worker, path) == [], path

    senior = page_for(cast.senior)
    watch(senior)
    assert violations_on(senior, reverse("indicators:indicator", args=[indicator.pk]) + "?month=2025-02") == []
    senior.wait_for_function(CHART)  # the chart drew: its script ran under the policy

    officer = page_for(cast.performance)
    watch(officer)
    assert violations_on(officer, "/imports/") == []

    admin = page_for(cast.admin)
    watch(admin)
    assert violations_on(admin, "/admin/indicators/indicator/") == []
