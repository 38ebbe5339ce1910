import pytest
import time_machine
from django.urls import reverse

from indicators.models import MonthSignOff, Snapshot

from .conftest import MARCH, rows_of, text

pytestmark = pytest.mark.django_db


@time_machine.travel("2025-04-15 10:00 +01:00", tick=False)
def test_a_performance_officer_signs_off_a_month_and_the_page_shows_who_and_when(world, client_for):
    officer = client_for(world.cast.performance)

    confirm = officer.get(reverse("indicators:sign_off_month", args=["2025-03"]))
    response = officer.post(reverse("indicators:sign_off_month", args=["2025-03"]))

    assert "Once signed off, March 2025's figures and the records behind them are kept as reported" in text(confirm)
    assert response.status_code == 302
    sign_off = MonthSignOff.objects.get(month=MARCH)
    assert sign_off.signed_off_by == world.cast.performance
    assert set(Snapshot.objects.filter(month=MARCH).values_list("kind", flat=True)) == {"reported"}
    listing = officer.get(response["Location"])
    assert "March 2025 signed off: its figures are now kept as reported" in text(listing)
    rows = rows_of(listing, "sign-off-table")
    assert rows[1] == "April 2025 In progress the month has not ended"
    assert rows[2] == "March 2025 Signed off by performance on 15 April 2025 at 10:00"
    assert rows[3].startswith("February 2025 Signed off by performance on")


@time_machine.travel("2025-04-15 10:00 +01:00", tick=False)
def test_the_list_offers_sign_off_only_to_performance_officers_and_only_for_ended_months(world, client_for):
    link = reverse("indicators:sign_off_month", args=["2025-03"])

    officer = client_for(world.cast.performance).get(reverse("indicators:sign_off"))
    senior = client_for(world.cast.senior).get(reverse("indicators:sign_off"))

    assert f'href="{link}"' in officer.content.decode()
    march = rows_of(officer, "sign-off-table")[2]
    assert march.startswith("March 2025 Provisional figures computed ") and march.endswith("Sign off March 2025")
    assert reverse("indicators:sign_off_month", args=["2025-04"]) not in officer.content.decode()
    assert reverse("indicators:sign_off_month", args=["2025-02"]) not in officer.content.decode()
    assert f'href="{link}"' not in senior.content.decode()


@time_machine.travel("2025-04-15 10:00 +01:00", tick=False)
@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2025-02", "February 2025 is already signed off."),
        ("2025-04", "April 2025 has not ended yet: a month can be signed off once it is over."),
        ("2024-06", "June 2024 has no computed figures yet: compute it first."),
    ],
)
def test_a_month_that_cannot_be_signed_off_says_why_and_nothing_changes(month, message, world, client_for):
    before = list(MonthSignOff.objects.values_list("month", "signed_off_by", "signed_off_at"))

    response = client_for(world.cast.performance).post(reverse("indicators:sign_off_month", args=[month]))

    assert response.status_code == 400
    assert f"There is a problem {message}" in text(response)
    assert list(MonthSignOff.objects.values_list("month", "signed_off_by", "signed_off_at")) == before
