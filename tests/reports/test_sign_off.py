import csv
import io
from datetime import UTC, datetime

import openpyxl
import pytest
import time_machine
from auditlog.models import LogEntry
from django.urls import reverse

from indicators.models import MonthSignOff, Snapshot

from .conftest import FEBRUARY, MARCH, rows_of, text

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
        ("2025-02", "February 2025 is already signed off (by"),
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


@pytest.fixture
def signed_by_a_formula(world):
    """February's sign-off by an officer whose name a spreadsheet would run as a formula."""
    officer = world.cast.performance
    officer.first_name, officer.last_name = "=HYPERLINK(1)", "Smith"
    officer.save()
    MonthSignOff.objects.filter(month=FEBRUARY).update(
        signed_off_at=datetime(2025, 3, 3, 9, 30, tzinfo=UTC)  # 09:30 GMT, before summer time
    )
    return world


@time_machine.travel("2025-04-15 10:00 +01:00", tick=False)
def test_the_sign_off_list_downloads_as_csv_formula_safe_and_audited(signed_by_a_formula, client_for):
    officer = signed_by_a_formula.cast.performance

    response = client_for(officer).get(reverse("indicators:sign_off") + "?_export=csv")

    assert response["Content-Disposition"] == 'attachment; filename="sign-off-2025-04-15.csv"'
    assert "no-store" in response["Cache-Control"].split(", ")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Month",
        "Status",
        "Signed off by",
        "Signed off at",
        "Provisional authority figures",
        "Figures last computed",
    ]  # no "Sign off" links column
    assert len(rows) == 13  # the 12 months shown, April 2025 back to May 2024
    assert rows[1][:3] == ["2025-04", "In progress", ""]
    assert rows[2][:2] == ["2025-03", "Provisional"] and rows[2][4] == "2"  # CP 13 and 2.5 for the authority
    assert rows[3][:4] == ["2025-02", "Signed off", "'=HYPERLINK(1) Smith", "2025-03-03 09:30:00"]
    assert rows[5][:2] == ["2024-12", "No figures"]
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert (entry.actor, entry.content_type.model_class(), entry.object_pk) == (officer, MonthSignOff, "")
    assert entry.changes_text == "Exported sign-off-2025-04-15 as CSV (12 rows)"
    assert (entry.additional_data["export"], entry.additional_data["rows"]) == ("csv", 12)


@time_machine.travel("2025-04-15 10:00 +01:00", tick=False)
def test_the_sign_off_list_downloads_as_excel_with_times_as_times_and_no_formulas(signed_by_a_formula, client_for):
    response = client_for(signed_by_a_formula.cast.senior).get(reverse("indicators:sign_off") + "?_export=xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    february = [cell.value for cell in next(row for row in sheet.iter_rows() if row[0].value == "2025-02")]
    assert february[:4] == ["2025-02", "Signed off", "'=HYPERLINK(1) Smith", datetime(2025, 3, 3, 9, 30)]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert LogEntry.objects.get(action=LogEntry.Action.ACCESS).actor == signed_by_a_formula.cast.senior


def test_a_team_manager_can_neither_see_nor_download_the_sign_off_list(world, client_for):
    manager = client_for(world.cast.manager_a)

    assert manager.get(reverse("indicators:sign_off")).status_code == 403
    assert manager.get(reverse("indicators:sign_off") + "?_export=csv").status_code == 403
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()
