"""Render Django form fields and table rows as GOV.UK Design System components."""

import django_tables2 as tables
from django import forms, template
from django.template.base import render_value_in_context
from django.template.loader import render_to_string
from django.templatetags.l10n import localize, unlocalize
from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, mark_safe

from core.forms import DateInput, DateTimeInput

register = template.Library()


def _kind(field) -> str:
    widget = field.field.widget
    if isinstance(widget, (DateInput, DateTimeInput)):
        return "date"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.CheckboxSelectMultiple):  # before RadioSelect: Django derives it from that
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


_WIDGET_CLASS = {
    "input": "govuk-input",
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "file": "govuk-file-upload",
}


# --- Selects ------------------------------------------------------------------------------

SELECT_TEMPLATE = forms.Select.template_name
OPTION_TEMPLATE = forms.Select.option_template_name


def _formatted(value) -> str:
    """{{ value|stringformat:'s' }}"""
    return conditional_escape(value if isinstance(value, SafeData) else "%s" % (value,))  # noqa: UP031


def _attrs_html(attrs: dict) -> str:
    """django/forms/widgets/attrs.html"""
    return "".join(
        f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class _PythonSelects:
    """A form renderer that writes a select (django/forms/widgets/select.html and
    select_option.html) in Python, and leaves every other template to the form's own
    renderer: the report pages' month and team choosers have some 240 options, each an
    include of two templates. The markup is Django's, character for character (tested)."""

    def __init__(self, renderer):
        self.renderer = renderer

    def render(self, template_name, context, request=None):
        widget = context["widget"]
        if template_name != SELECT_TEMPLATE or not _django_select_templates(self.renderer):
            return self.renderer.render(template_name, context, request=request)
        html = [f'<select name="{conditional_escape(widget["name"])}"{_attrs_html(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                html.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                if option["template_name"] != OPTION_TEMPLATE or not isinstance(option["label"], (str, Promise)):
                    html.append("\n  " + self.renderer.render(option["template_name"], {"widget": option}) + "\n")
                    continue
                html.append(
                    f'\n  <option value="{_formatted(option["value"])}"{_attrs_html(option["attrs"])}>'
                    f"{conditional_escape(option['label'])}</option>\n"
                )
            if group_name:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        return "".join(html)


_DJANGO_TEMPLATES: dict[type, bool] = {}


def _django_select_templates(renderer) -> bool:
    """The renderer finds Django's own select templates (no project overrides them)."""
    key = type(renderer)
    if key not in _DJANGO_TEMPLATES:
        _DJANGO_TEMPLATES[key] = all(
            "/django/forms/templates/" in str(getattr(getattr(renderer.get_template(name), "origin", None), "name", ""))
            for name in (SELECT_TEMPLATE, OPTION_TEMPLATE)
        )
    return _DJANGO_TEMPLATES[key]


def _select_html(field, attrs: dict) -> str:
    """field.as_widget(attrs=attrs) for a select, through _PythonSelects."""
    widget = field.field.widget
    if field.field.localize:
        widget.is_localized = True
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    return widget.render(
        name=field.html_name, value=field.value(), attrs=attrs, renderer=_PythonSelects(field.form.renderer)
    )


@register.simple_tag
def govuk_field(field, width: str = ""):
    kind = _kind(field)
    if kind == "hidden":
        return mark_safe(str(field))
    describedby = []
    if field.help_text:
        describedby.append(f"{field.auto_id}-hint")
    if field.errors:
        describedby.append(f"{field.auto_id}-error")
    widget_html = ""
    if kind in _WIDGET_CLASS:
        css = [_WIDGET_CLASS[kind]]
        if width:
            css.append(f"govuk-input--width-{width}" if kind == "input" else "")
        if field.errors:
            css.append(f"{_WIDGET_CLASS[kind]}--error")
        attrs = {"class": " ".join(c for c in css if c)}
        if describedby:
            attrs["aria-describedby"] = " ".join(describedby)
        widget_html = _select_html(field, attrs) if kind == "select" else field.as_widget(attrs=attrs)
    elif kind == "date":
        widget_html = field.as_widget()
    context = {
        "field": field,
        "kind": kind,
        "widget_html": widget_html,
        "describedby": " ".join(describedby),
        "options": list(field.subwidgets) if kind in ("radios", "checkboxes") else [],
    }
    return mark_safe(render_to_string("forms/field.html", context))


@register.filter
def rating_class(rating: str) -> str:
    """'Outside expected range' -> 'app-rating--outside-expected-range'."""
    return "app-rating--" + "-".join((rating or "none").lower().split())


@register.filter
def field_anchor(field) -> str:
    """The id an error summary link points at: the first box of a date, or the first option."""
    kind = _kind(field)
    if kind in ("date", "radios", "checkboxes"):
        return f"{field.auto_id}_0"
    return field.auto_id


# --- Tables -------------------------------------------------------------------------------


def _static_td_class(table, bound_column) -> tuple[bool, str | None]:
    """(True, the cell class) where every cell of the column has the same class: no callable
    in the column's or table's attributes and no table-wide rule for class names."""
    attrs = {**table.attrs, **bound_column.column.attrs}
    cell = attrs.get("td", attrs.get("cell", {}))
    if any(callable(value) for value in cell.values()):
        return False, None
    if type(table).get_column_class_names is not tables.Table.get_column_class_names:
        return False, None
    return True, bound_column.attrs["td"].get("class")


def _cell_text(cell, localized, context) -> str:
    """{% if column.localize == None %}{{ cell }}{% elif column.localize %}{{ cell|localize }}
    {% else %}{{ cell|unlocalize }}{% endif %}, as django-tables2's own templates write it."""
    if localized is None:
        return render_value_in_context(cell, context)
    return render_value_in_context(localize(cell) if localized else unlocalize(cell), context)


# The white space the template's loops left between rows and cells.
ROW_START, CELLS_START, CELL_START, CELL_END = "\n      ", "\n        ", "\n        ", "\n        "
ROW_END = "\n      </tr>\n      "


@register.simple_tag(takes_context=True)
def govuk_table_rows(context, table) -> str:
    """The rows of a django-tables2 table (tables/govuk.html), written in Python: a report
    page has several hundred cells, and a template loop looked up each cell's column
    attributes and localisation through a dozen template variables.

    Each cell is django-tables2's own (``BoundRow.get_cell``), except in a column that offers
    ``cell_html(bound_column, record)`` (a figure, ``indicators.tables.FigureColumn``) and
    has no ``render_<name>`` on the table or link around it: that column's cells are its
    ``cell_html``, the same markup without the per-cell machinery."""
    columns = []
    for bound_column in table.columns:
        static, td_class = _static_td_class(table, bound_column)
        fast = getattr(bound_column.column, "cell_html", None)
        if fast is not None and (bound_column.link or bound_column.render != bound_column.column.render):
            fast = None
        columns.append((bound_column, static, td_class, fast, bound_column.localize))
    html = []
    for row in table.paginated_rows:
        attrs = row.attrs
        row_class = render_value_in_context(attrs.get("class", ""), context)
        extra = "".join(
            f' {render_value_in_context(name, context)}="{render_value_in_context(value, context)}"'
            for name, value in attrs.items()
            if name != "class"
        )
        html.append(f'{ROW_START}<tr class="govuk-table__row {row_class}"{extra}>{CELLS_START}')
        record = row.record
        for bound_column, static, td_class, fast, localized in columns:
            cell = fast(bound_column, record) if fast is not None else row.get_cell(bound_column.name)
            # As BoundRow.items() leaves them, for attributes computed from the cell.
            bound_column.current_value = cell
            bound_column.current_record = record
            if not static:
                td_class = bound_column.attrs["td"].get("class")
            td = f" {render_value_in_context(td_class, context)}" if td_class else ""
            html.append(
                f'{CELL_START}<td class="govuk-table__cell{td}">{_cell_text(cell, localized, context)}</td>{CELL_END}'
            )
        html.append(ROW_END)
    if not html:
        return format_html(
            ROW_START
            + ROW_START
            + '<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="{}">{}</td></tr>'
            + ROW_START,
            len(table.columns),
            table.empty_text or "Nothing to show.",
        )
    return mark_safe(ROW_START + "".join(html))  # noqa: S308 - every value above is escaped
