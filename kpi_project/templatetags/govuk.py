"""Render Django form fields as GOV.UK Design System components."""

from django import forms, template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from kpi_project.forms import DateInput, DateTimeInput

register = template.Library()


def _kind(field) -> str:
    widget = field.field.widget
    if isinstance(widget, (DateInput, DateTimeInput)):
        return "date"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
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
        widget_html = field.as_widget(attrs=attrs)
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
