"""Administrators type thresholds and milestones in the seed's forms and see them back."""

import pytest
from django.urls import reverse

from indicators.models import Indicator, Milestone, ThresholdSet
from indicators.reference import load_reference_data

pytestmark = pytest.mark.django_db


def form_data(response) -> dict:
    """The POST the admin change form would send as rendered (main form and inlines)."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({f"{formset.prefix}-{key}": value for key, value in formset.management_form.initial.items()})
        forms.extend(formset.forms)
    for form in forms:
        for field in form:
            value = field.value()
            if value is None:
                continue
            if isinstance(value, bool):
                if value:
                    data[field.html_name] = "on"
                continue
            data[field.html_name] = value if not isinstance(value, dict) else __import__("json").dumps(value)
    return data


@pytest.fixture
def loaded():
    list(load_reference_data())
    return Indicator.objects.get(code="4.3")


def test_the_seed_forms_are_shown_back_as_typed(cast, client_for, loaded):
    response = client_for(cast.admin).get(reverse("admin:indicators_indicator_change", args=[loaded.pk]))
    html = response.content.decode()
    for typed in ('value="20-15"', 'value="10-14"', 'value="below 10"'):
        assert typed in html


def test_an_administrator_changes_a_band_in_the_seed_form(cast, client_for, loaded):
    client = client_for(cast.admin)
    url = reverse("admin:indicators_indicator_change", args=[loaded.pk])
    data = form_data(client.get(url))
    data["thresholds-0-good"] = "9-14"
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert ThresholdSet.objects.get(indicator=loaded).good == "9-14"


def test_a_band_in_no_known_form_gets_a_clear_error_and_nothing_is_saved(cast, client_for, loaded):
    client = client_for(cast.admin)
    url = reverse("admin:indicators_indicator_change", args=[loaded.pk])
    data = form_data(client.get(url))
    data["thresholds-0-good"] = "ten to fourteen"
    milestone_field = next(key for key in data if key.startswith("milestones-") and key.endswith("-target"))
    data[milestone_field] = "25 or so"
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "&#x27;ten to fourteen&#x27; is not a band" in html
    assert "&#x27;25 or so&#x27; is not a band" in html
    assert ThresholdSet.objects.get(indicator=loaded).good == "10-14"
    assert set(Milestone.objects.filter(indicator=loaded).values_list("target", flat=True)) == {"20", "15"}


def test_changing_a_parameter_moves_the_definition_version(cast, client_for):
    list(load_reference_data())
    indicator = Indicator.objects.get(code="CP 13")
    client = client_for(cast.admin)
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    data = form_data(client.get(url))
    data["parameters"] = '{"visit_interval_days": 21}'
    assert client.post(url, data).status_code == 302
    indicator.refresh_from_db()
    assert indicator.parameters == {"visit_interval_days": 21}
    assert indicator.definition_version == 2


def test_snapshots_are_read_only_in_the_admin(cast, client_for, loaded):
    from indicators.models import Snapshot

    snapshot = Snapshot.objects.filter(method="manual").first()
    response = client_for(cast.admin).post(
        reverse("admin:indicators_snapshot_change", args=[snapshot.pk]), {"value": "1"}
    )
    assert response.status_code == 403
    snapshot.refresh_from_db()
    assert snapshot.value != 1
