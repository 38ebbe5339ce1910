"""The Annex A page: performance officers only; a bad period saves and downloads nothing."""

from datetime import date
from io import BytesIO

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tests.factories import ChildFactory, ReferralFactory

URL = reverse("returns:annex_a")


def period(start: str, end: str) -> dict:
    (d1, m1, y1), (d2, m2, y2) = start.split("/"), end.split("/")
    return {"start_day": d1, "start_month": m1, "start_year": y1, "end_day": d2, "end_month": m2, "end_year": y2}


def annex_a_entries():
    return LogEntry.objects.filter(additional_data__return="Annex A")


@pytest.mark.parametrize("who", ["worker_a", "manager_a", "senior", "admin", "nobody"])
def test_only_performance_officers_may_download(cast, client_for, who):
    client = client_for(getattr(cast, who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, period("1/10/2025", "31/3/2026")).status_code == 403
    assert not annex_a_entries().exists()


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_download_is_the_workbook_for_the_period_and_is_audited(cast, client_for):
    child = ChildFactory(la_child_id="R1")
    ReferralFactory(child=child, received_on=date(2026, 3, 31))
    ReferralFactory(child=child, received_on=date(2026, 4, 1))
    response = client_for(cast.performance).post(URL, period("1/10/2025", "31/3/2026"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="annex-a-2025-10-01-to-2026-03-31.xlsx"'
    workbook = openpyxl.load_workbook(BytesIO(response.content))
    assert [row[0] for row in workbook["List 3"].iter_rows(min_row=2, values_only=True)] == ["R1"]
    (entry,) = annex_a_entries()
    assert entry.actor == cast.performance
    assert (entry.additional_data["from"], entry.additional_data["to"]) == ("2025-10-01", "2026-03-31")
    assert entry.additional_data["rows"] == 2  # the referral on lists 3 and 6


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("1/10/2025", "30/9/2025", "The period must end on or after the day it starts."),
        ("30/2/2026", "31/3/2026", "The first day must be a real date"),
        ("1/10/2025", "31/3/", "The last day must include a year"),
    ],
)
def test_a_bad_period_is_explained_and_nothing_is_downloaded(cast, client_for, start, end, message):
    response = client_for(cast.performance).post(URL, period(start, end))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()
    assert not annex_a_entries().exists()


def test_the_page_offers_six_months_up_to_yesterday(cast, client_for, time_machine):
    time_machine.move_to("2026-04-15 09:00 +01:00")
    page = client_for(cast.performance).get(URL).content.decode()
    assert 'name="start_year" type="text" inputmode="numeric" autocomplete="off" value="2025"' in page
    assert 'name="end_day" type="text" inputmode="numeric" autocomplete="off" value="14"' in page


def test_the_download_costs_a_bounded_number_of_queries_however_many_children(
    cast, client_for, django_assert_max_num_queries
):
    client = client_for(cast.performance)
    for number in range(30):
        child = ChildFactory(la_child_id=f"Q{number}")
        ReferralFactory(child=child, received_on=date(2026, 1, 1 + number))
    # The session, the user and their permissions (4); one query a list with rows to find (9); the
    # audit entry and the session's save, each in a savepoint (6).
    with django_assert_max_num_queries(19):
        response = client.post(URL, period("1/10/2025", "31/3/2026"))
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(BytesIO(response.content))["List 3"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 30
