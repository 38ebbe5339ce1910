from datetime import timedelta

from django import forms
from django.utils import timezone

from core.forms import DateField
from core.periods import add_months


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


class ReturnCheckForm(forms.Form):
    """Which return to check, for which collection year (named by the year it ends)."""

    YEARS = {"SSDA903": (2018, 2027), "CIN census": (2021, 2026)}

    return_name = forms.ChoiceField(
        label="Return", choices=[(name, name) for name in YEARS], widget=forms.RadioSelect, initial="SSDA903"
    )
    year = forms.IntegerField(
        label="Collection year",
        help_text="The year the collection ends: 2026 for April 2025 to March 2026.",
        error_messages={"invalid": "Enter the collection year as four digits, like 2026."},
    )

    def clean(self):
        cleaned = super().clean()
        name, year = cleaned.get("return_name"), cleaned.get("year")
        if name and year is not None:
            first, last = self.YEARS[name]
            if not first <= year <= last:
                self.add_error("year", f"The product writes the {name} for the years {first} to {last}.")
        return cleaned


class ReconciliationForm(forms.Form):
    """The collection year whose March figures to reconcile (both returns are written for it)."""

    FIRST, LAST = 2021, 2026  # the years both the SSDA903 and the CIN census are written for

    year = forms.IntegerField(
        label="Collection year",
        help_text="The year the collection ends: 2026 for April 2025 to March 2026 (March 2026's figures).",
        error_messages={"invalid": "Enter the collection year as four digits, like 2026."},
    )

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not self.FIRST <= year <= self.LAST:
            raise forms.ValidationError(f"Both returns are written for the years {self.FIRST} to {self.LAST}.")
        return year
