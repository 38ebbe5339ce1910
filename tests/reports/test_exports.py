"""Every report table downloads as CSV and Excel: formula-safe, and audited."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from indicators.commentary import commentary_save
from indicators.models import Indicator, Scorecard
from tests.factories import ScorecardRowFactory
from workforce.models import Team

from .conftest import FEBRUARY, team_key

pytestmark = pytest.mark.django_db

DANGEROUS = ['=HYPERLINK("http://x","y")', "+SUM(A1:A2)", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\tTAB", "\rCR"]


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def xlsx_rows(response) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [tuple(cell for cell in row) for row in sheet.iter_rows()]


@pytest.fixture
def dangerous_scorecard(world):
    """Text cells that a spreadsheet would run as formulas: in a comment row, a measure, commentary."""
    for offset, payload in enumerate(DANGEROUS[:3]):
        ScorecardRowFactory(
            scorecard=world.scorecard, position=10 + offset, row_type="comment", indicator=None, text=payload
        )
    ScorecardRowFactory(scorecard=world.scorecard, position=20, indicator=world.visits, text=DANGEROUS[3])
    commentary_save(
        indicator=world.visits, month=FEBRUARY, scope_key="authority", text=DANGEROUS[4], by=world.cast.senior
    )
    commentary_save(
        indicator=world.long_plans, month=FEBRUARY, scope_key="authority", text=DANGEROUS[5], by=world.cast.senior
    )
    return world


@pytest.fixture
def scorecard_export(world, client_for):
    """scorecard_export(format) -> the senior manager's download of the test scorecard."""
    senior = client_for(world.cast.senior)
    url = reverse("indicators:scorecard", args=[world.scorecard.slug])
    return lambda export_format: senior.get(f"{url}?_export={export_format}")


def test_the_scorecard_csv_quotes_every_cell_that_could_be_a_formula(dangerous_scorecard, scorecard_export):
    response = scorecard_export("csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="action-plan-test-northbridge-council-2025-02.csv"'
    cells = [cell for row in csv_rows(response) for cell in row]
    for payload in DANGEROUS:
        assert "'" + payload in cells, payload
        assert payload not in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_the_scorecard_xlsx_quotes_every_cell_that_could_be_a_formula(dangerous_scorecard, scorecard_export):
    response = scorecard_export("xlsx")

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    cells = [cell for row in xlsx_rows(response) for cell in row if cell.value is not None]
    texts = {cell.value: cell for cell in cells if isinstance(cell.value, str)}
    for payload in DANGEROUS:
        # XML reads a carriage return back as a line feed; the quote in front is what matters.
        quoted = "'" + payload.replace("\r", "\n")
        assert quoted in texts, payload
        assert texts[quoted].data_type == "s"  # a string, not a formula
    assert not [cell for cell in cells if cell.data_type == "f"]


def test_the_scorecard_export_carries_the_figures_as_numbers(scorecard_export):
    response = scorecard_export("xlsx")

    rows = xlsx_rows(response)
    header = [cell.value for cell in rows[0]]
    assert header[:10] == [
        "Row",
        "Section or group",
        "Theme",
        "Action plan",
        "PI ref",
        "Measure",
        "Stat neighbour average",
        "Adequate",
        "Good",
        "Outstanding",
    ]
    visits = next(row for row in rows if row[4].value == "CP 13")
    values = dict(zip(header, [cell.value for cell in visits], strict=True))
    assert values["Feb-25"] == 50 and isinstance(values["Feb-25"], float | int | Decimal)
    assert (values["Feb-25: numerator"], values["Feb-25: denominator"]) == (2, 4)
    assert (values["Feb-25: rating"], values["Feb-25: kind"]) == ("Inadequate", "As reported")
    assert values["Stat neighbour average"] == 85.5
    assert (values["Adequate"], values["Good"], values["Outstanding"]) == ("70-79", "80-89", "90+")
    assert (values["Milestone Dec-24"], values["Milestone Mar-25"]) == ("80+", "85+")
    assert [row[0].value for row in rows[1:]] == ["section", "indicator", "comment", "indicator"]


def test_every_export_is_audited_with_who_what_and_when(world, client_for):
    senior = client_for(world.cast.senior)

    response = senior.get(reverse("indicators:scorecard", args=[world.scorecard.slug]) + "?month=2025-02&_export=csv")

    assert response.status_code == 200
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert entry.actor == world.cast.senior
    assert entry.content_type == ContentType.objects.get_for_model(Scorecard)
    assert entry.object_pk == str(world.scorecard.pk)
    assert entry.changes_text == "Exported action-plan-test-northbridge-council-2025-02 as CSV (4 rows)"
    assert entry.additional_data["export"] == "csv"
    assert entry.additional_data["scope"] == "authority"
    assert entry.additional_data["month"] == "2025-02"
    assert entry.additional_data["rows"] == 4
    assert entry.additional_data["path"].endswith("_export=csv")


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_each_report_table_exports_and_is_audited(export_format, world, client_for):
    cast = world.cast
    visits = world.visits.pk
    exports = [
        (cast.manager_a, reverse("indicators:team_kpis") + "?table=team", Team, 2),
        (cast.manager_a, reverse("indicators:team_kpis") + "?table=workers", Team, 1),
        (cast.senior, reverse("indicators:indicator", args=[visits]) + "?", Indicator, 24),
        (
            cast.manager_a,
            reverse("indicators:records", args=[visits]) + f"?scope={team_key(cast.team_a)}",
            Indicator,
            3,
        ),
    ]
    for user, url, subject, rows in exports:
        response = client_for(user).get(f"{url}&_export={export_format}")
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"].split(", ")
        entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("pk")
        assert (entry.actor, entry.content_type.model_class(), entry.additional_data["rows"]) == (user, subject, rows)
        assert entry.additional_data["export"] == export_format


def test_a_records_export_holds_only_the_children_the_user_may_open(world, client_for):
    response = client_for(world.cast.manager_a).get(
        reverse("indicators:records", args=[world.visits.pk]) + "?scope=authority&month=2025-02&_export=csv"
    )

    rows = csv_rows(response)
    assert rows[0][:3] == ["Record", "Child ID", "Team"]
    assert sorted(row[0] for row in rows[1:]) == ["Amy Adams", "Ann Archer", "Rae Rowe"]
    assert "Bob Baker" not in response.content.decode()


def test_an_export_refused_or_malformed_writes_no_audit_entry(world, client_for):
    manager = client_for(world.cast.manager_a)

    assert manager.get(reverse("indicators:scorecard", args=[world.scorecard.slug]) + "?_export=csv").status_code == 403
    assert manager.get(reverse("indicators:team_kpis") + "?_export=pdf").status_code == 404
    assert manager.get(reverse("indicators:team_kpis") + "?_export=csv&table=everything").status_code == 404

    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()
