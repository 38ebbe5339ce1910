"""Filtering a child's chronology by the kind of event and a date range.

The kinds are the groups of the record page's actions ("Looked after", "Courts and
permanence"...), plus allocation and supervision, so a reader filters by the same words
the page uses to record. The events are the child's (tens, at most a few hundred), already
read for the page: filtering them here costs no query.
"""

from datetime import date

from django import forms
from django.utils.text import slugify

from core.forms import DateField

from .events import Event
from .models import Allocation, CaseSupervision
from .records import FOR_MODEL, KINDS

ALLOCATION = "Allocation and supervision"

# (slug, label) in the order of the actions, then allocation and supervision.
KIND_CHOICES: list[tuple[str, str]] = [
    (slugify(group), group) for group in dict.fromkeys(kind.group for kind in KINDS)
] + [(slugify(ALLOCATION), ALLOCATION)]


def kind_of(event: Event) -> str:
    """The slug of the event's kind ('looked-after'), from its record's model."""
    model = type(event.record)
    if model in (Allocation, CaseSupervision):
        return slugify(ALLOCATION)
    kind = FOR_MODEL.get(model)
    return slugify(kind.group) if kind else ""


class ChronologyFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of event", choices=[("", "All kinds"), *KIND_CHOICES], required=False)
    since = DateField(label="From", label_for_errors="first date to show", required=False)
    until = DateField(label="To", label_for_errors="last date to show", required=False)

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "The last date to show must be the same as or after the first")
        return cleaned

    @property
    def is_filtering(self) -> bool:
        return self.is_bound and self.is_valid() and any(self.cleaned_data.get(name) for name in self.fields)


def filter_events(events: list[Event], *, kind: str = "", since: date | None = None, until: date | None = None):
    """The events of that kind (any when ''), on or after ``since`` and on or before ``until``
    (both inclusive, either may be None)."""
    return [
        event
        for event in events
        if (not kind or kind_of(event) == kind)
        and (since is None or event.day >= since)
        and (until is None or event.day <= until)
    ]


def chronology_filter(params) -> tuple[ChronologyFilterForm, dict]:
    """The form from the query string, and the filter it asks for ({} when none or invalid:
    the whole chronology shows with the form's errors)."""
    asked = any(key.startswith(("kind", "since", "until")) for key in params)
    form = ChronologyFilterForm(params if asked else None)
    if not asked or not form.is_valid():
        return form, {}
    return form, {name: form.cleaned_data.get(name) for name in ("kind", "since", "until")}
