"""Forms a team manager uses on a child's record: who holds the case, and case supervision.

A form checks each answer on its own; whether it makes sense beside the child's other
allocations is the service's rule (``casework.allocations``), shown in the same error summary.
"""

from django import forms
from django.utils import timezone

from core.forms import DateField, NamedErrorsForm
from workforce.models import SocialWorker, Team
from workforce.selectors import open_on

from .statutory.ssda903 import SW_REASON_CHOICES


class _WorkerChoice(forms.ModelChoiceField):
    def label_from_instance(self, worker: SocialWorker) -> str:
        return f"{worker.full_name} ({worker.team})"


class AllocationTransferForm(NamedErrorsForm):
    """The child's case moves to another worker (and their team, or another) from a date."""

    worker = _WorkerChoice(
        label="New social worker",
        queryset=SocialWorker.objects.none(),
        empty_label="Choose a social worker",
        help_text="Social workers in post today, in any team.",
        error_messages={"required": "Choose the new social worker"},
    )
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.filter(is_active=True),
        required=False,
        empty_label="The social worker's own team",
        help_text="Only if the case is held in a team other than the worker's own.",
    )
    started_on = DateField(label="Date of the change", help_text="The current allocation ends on this day.")
    reason = forms.ChoiceField(
        label="Why the social worker changed",
        choices=[("", "Choose"), *SW_REASON_CHOICES],
        help_text="The reason the SSDA903 return asks for. FCONTA (first contact) only for a child who had "
        "no social worker until this day.",
        error_messages={"required": "Choose why the social worker changed"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        in_post = open_on(timezone.localdate())
        self.fields["worker"].queryset = (
            SocialWorker.objects.filter(in_post).select_related("team").order_by("team__name", "last_name")
        )


class AllocationEndForm(NamedErrorsForm):
    ended_on = DateField(
        label="Date the allocation ends",
        help_text="Usually the day the case closed. The child is unallocated from this day.",
    )


class CaseSupervisionForm(NamedErrorsForm):
    supervised_on = DateField(label="Date of supervision")
    notes = forms.CharField(
        label="Decisions and actions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What was agreed for the child, and by when.",
    )
