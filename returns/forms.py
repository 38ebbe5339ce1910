from datetime import timedelta

from django import forms
from django.utils import timezone

from core.periods import add_months
from kpi_project.forms import DateField


class AnnexAForm(forms.Form):
    """The period of an Annex A download; both days are included."""

    start = DateField(label="From", label_for_errors="first day", help_text="The first day, for example 1 10 2025.")
    end = DateField(label="To", label_for_errors="last day", help_text="The last day, included.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        # Ofsted asks for the six months before the inspection is announced.
        self.fields["end"].initial = today - timedelta(days=1)
        self.fields["start"].initial = add_months(today, -6)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The period must end on or after the day it starts.")
        return cleaned
