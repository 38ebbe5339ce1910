"""The report pages write their figures, table rows and selects in Python: each must be the
markup the templates wrote before, character for character (but for the white space a
figure's template left at the end of its cell)."""

from datetime import date
from decimal import Decimal

import django_tables2 as tables
import pytest
from django import forms
from django.template import Context, Template
from django.utils.translation import gettext_lazy

from core.navigation import reverse_path
from core.templatetags.govuk import _django_select_templates, _select_html, govuk_field
from indicators.models import IndicatorStatus, Method, Snapshot, SnapshotKind, Unit
from indicators.selectors import Figure, records_url
from indicators.tables import FigureColumn
from indicators.templatetags.figures import figure_html
from tests.factories import IndicatorFactory, TeamFactory

pytestmark = pytest.mark.django_db

MONTH = date(2025, 2, 1)

# indicators/includes/figure.html as it was, for comparison.
FIGURE_TEMPLATE = (
    "{% load govuk %}{% if figure %}{% if not figure.indicator.is_live %}"
    '<span class="app-figure app-figure--tbc">To be confirmed</span>'
    "{% elif figure.is_not_computed_for_scope %}"
    '<span class="app-figure app-figure--none">not computed at this level</span>'
    '{% elif figure.exists %}<span class="app-figure"><a class="govuk-link app-figure__link" '
    'href="{{ figure.records_url }}"><span class="app-rating {{ figure.rating|rating_class }}" '
    'data-rating="{{ figure.rating }}">{{ figure.text }}</span></a>'
    '{% if figure.rating %}<span class="app-figure__note">{{ figure.rating }}</span>{% endif %}'
    '{% if figure.is_provisional %}<span class="app-figure__note app-provisional">Provisional</span>{% endif %}'
    '{% if figure.is_hand_reported %}<span class="app-figure__note">Reported by hand</span>{% endif %}'
    '{% if figure.small_number %}<span class="app-figure__note app-small-number">Small number: fewer than 5'
    "</span>{% endif %}"
    '{% if figure.restatement %}<span class="app-figure__note app-figure__restated">Restated: '
    '<a class="govuk-link" href="{{ figure.restated_records_url }}">{{ figure.restated_text }}</a> '
    "({{ figure.difference_text }})</span>{% endif %}</span>"
    '{% else %}<span class="app-figure app-figure--none">no data</span>{% endif %}{% endif %}'
)


def snapshot(kind=SnapshotKind.PROVISIONAL, numerator="9", denominator="10", value="90", rating="Outstanding", **extra):
    return Snapshot(
        kind=kind,
        numerator=None if numerator is None else Decimal(numerator),
        denominator=None if denominator is None else Decimal(denominator),
        value=None if value is None else Decimal(value),
        rating=rating,
        method=extra.pop("method", Method.COMPUTED),
        **extra,
    )


def figures() -> dict[str, Figure | None]:
    visits = IndicatorFactory(code="CP 13")
    plans = IndicatorFactory(code="2.5", unit=Unit.COUNT, has_worker_scope=False)
    caseload = IndicatorFactory(code="W 1e", unit=Unit.AVERAGE)
    pending = IndicatorFactory(code="QA 1", status=IndicatorStatus.TO_BE_CONFIRMED)
    reported = snapshot(SnapshotKind.REPORTED, rating="Good", value="85")
    return {
        "none": None,
        "to be confirmed": Figure(pending, MONTH, "authority", provisional=snapshot()),
        "not computed for workers": Figure(plans, MONTH, "worker:3"),
        "no snapshot": Figure(visits, MONTH, "team:4"),
        "provisional": Figure(visits, MONTH, "team:4", provisional=snapshot()),
        "reported, unrated": Figure(visits, MONTH, "authority", reported=snapshot(SnapshotKind.REPORTED, rating="")),
        "outside the expected range": Figure(
            visits, MONTH, "authority", reported=snapshot(SnapshotKind.REPORTED, rating="Outside expected range")
        ),
        "small number": Figure(visits, MONTH, "worker:7", provisional=snapshot(numerator="1", denominator="3")),
        "small average": Figure(
            caseload, MONTH, "team:unallocated", provisional=snapshot(numerator="30", denominator="2")
        ),
        "count": Figure(plans, MONTH, "authority", provisional=snapshot(numerator="3", denominator=None, value="3")),
        "hand-reported": Figure(
            visits, MONTH, "authority", reported=snapshot(SnapshotKind.REPORTED, numerator=None, method=Method.MANUAL)
        ),
        "no data in it": Figure(
            visits, MONTH, "authority", provisional=snapshot(numerator="0", denominator="0", value=None)
        ),
        "restated": Figure(
            visits, MONTH, "authority", reported=reported, restated=snapshot(SnapshotKind.RESTATED, numerator="8")
        ),
        "restated the same": Figure(
            visits,
            MONTH,
            "authority",
            reported=reported,
            restated=snapshot(SnapshotKind.RESTATED, rating="Good", value="85"),
        ),
        "restated, no data": Figure(
            visits, MONTH, "authority", reported=reported, restated=snapshot(SnapshotKind.RESTATED, value=None)
        ),
    }


def test_a_figure_is_written_as_its_template_wrote_it():
    template = Template(FIGURE_TEMPLATE)
    for name, shown in figures().items():
        assert figure_html(shown) == template.render(Context({"figure": shown})), name


def test_the_figure_tag_writes_figure_html():
    shown = figures()["restated"]
    tag = Template("{% load figures %}<td>{% figure figure %}</td>").render(Context({"figure": shown}))
    assert tag == f"<td>{figure_html(shown)}</td>"


def test_record_urls_are_the_reversed_path_and_the_encoded_query():
    visits = IndicatorFactory(code="CP 13")
    url = records_url(visits, "team:4", MONTH, kind="restated")
    assert url == f"/performance/indicators/{visits.pk}/records/?scope=team%3A4&month=2025-02&kind=restated"
    assert reverse_path("indicators:records", visits.pk) == f"/performance/indicators/{visits.pk}/records/"


# --- Table rows ---------------------------------------------------------------------------

# tables/govuk.html's rows as the template wrote them.
ROWS_TEMPLATE = """{% load l10n %}
      {% for row in table.paginated_rows %}
      <tr class="govuk-table__row {{ row.attrs.class }}"{% for name, value in row.attrs.items %}{% if name != "class" %} {{ name }}="{{ value }}"{% endif %}{% endfor %}>
        {% for column, cell in row.items %}
        <td class="govuk-table__cell{% if column.attrs.td.class %} {{ column.attrs.td.class }}{% endif %}">{% if column.localize == None %}{{ cell }}{% else %}{% if column.localize %}{{ cell|localize }}{% else %}{{ cell|unlocalize }}{% endif %}{% endif %}</td>
        {% endfor %}
      </tr>
      {% empty %}
      <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="{{ table.columns|length }}">{{ table.empty_text|default:"Nothing to show." }}</td></tr>
      {% endfor %}"""  # noqa: E501


class SampleTable(tables.Table):
    name = tables.Column(attrs={"td": {"class": lambda value: "app-big" if value == "B & co" else "app-small"}})
    amount = tables.Column(localize=True, attrs={"td": {"class": "govuk-table__cell--numeric"}})
    raw = tables.Column(localize=False)
    when = tables.DateColumn(format="j M Y")
    link = tables.Column(linkify=lambda record: f"/x/?a={record['amount']}&b=2")
    empty = tables.Column(default="none")
    figure = FigureColumn(verbose_name="Figure")
    linked_figure = FigureColumn(verbose_name="Linked", accessor="figure", linkify=lambda: "/linked/")
    own_figure = FigureColumn(verbose_name="Own", accessor="figure")
    hidden = tables.Column(visible=False)

    class Meta:
        row_attrs = {"data-name": lambda record: record["name"], "class": "app-row"}
        empty_text = "Nothing <here>"

    def render_own_figure(self, value):
        return f"own {value!r}"


def sample_rows() -> list[dict]:
    shown = figures()
    return [
        {
            "name": name,
            "amount": amount,
            "raw": raw,
            "when": when,
            "link": "<b>",
            "empty": None,
            "figure": shown[figure],
            "hidden": 1,
        }
        for name, amount, raw, when, figure in (
            ("A", 1234, 5678, date(2025, 2, 3), "provisional"),
            ("B & co", Decimal("12.5"), Decimal("0.25"), None, "none"),
            ('"C"', None, 9, date(2024, 12, 25), "restated"),
        )
    ]


@pytest.mark.parametrize("rows", ["some", "none"])
def test_table_rows_are_written_as_the_template_wrote_them(rows):
    data = sample_rows() if rows == "some" else []
    old = Template(ROWS_TEMPLATE).render(Context({"table": SampleTable(data)}))
    new = Template("{% load govuk %}{% govuk_table_rows table %}").render(Context({"table": SampleTable(data)}))
    assert new == old
    assert ("app-big" in new and "own &lt;Figure" in new) if data else "Nothing &lt;here&gt;" in new


# --- Selects ------------------------------------------------------------------------------


class ChoicesForm(forms.Form):
    month = forms.ChoiceField(
        label="Month", choices=[("2025-02", "February 2025"), ("2025-01", gettext_lazy("January 2025 & <b>"))]
    )
    grouped = forms.ChoiceField(
        label="Grouped",
        choices=[("", "Choose"), ("Teams", [(1, "Team 1"), (2, 'Team "2"')]), (3, "Other")],
        required=False,
        disabled=True,
        help_text="Pick one",
    )
    team = forms.ModelChoiceField(label="Team", queryset=None)
    shown = forms.ChoiceField(
        label="Shown", choices=[("a", "A")], widget=forms.Select(attrs={"data-x": "1 < 2", "hidden": True})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from workforce.models import Team

        self.fields["team"].queryset = Team.objects.order_by("name")


@pytest.mark.parametrize("bound", [False, True])
def test_a_select_is_written_as_django_writes_it(bound):
    TeamFactory(name="Alpha & Omega")
    TeamFactory(name="Beta")
    data = {"month": "2025-01", "grouped": "2", "team": "nonsense", "shown": "a"} if bound else None
    form = ChoicesForm(data, initial={"month": "2025-02", "grouped": 3})
    if bound:
        assert not form.is_valid()
    assert _django_select_templates(form.renderer)  # written in Python, not by the templates
    for field in form:
        attrs = {"class": "govuk-select", "aria-describedby": f"{field.auto_id}-hint"}
        assert _select_html(field, attrs) == field.as_widget(attrs=attrs), field.name
        assert str(govuk_field(field)).count("<option") == len(list(field.subwidgets))
