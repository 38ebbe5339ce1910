"""Who holds the case, and its supervision (team managers)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from .. import allocations as workforce_services
from .. import models as m
from .. import services, validation
from ..allocation_forms import AllocationEndForm, AllocationTransferForm, CaseSupervisionForm
from ..models import Allocation, CaseSupervision
from ..selectors import (
    child_for,
    children_visible_to,
    current_allocation,
)
from .child import _manages_case
from .permissions import _posted, _require, _show_errors


def _case_to_manage(request: HttpRequest, pk: int, *permissions: str) -> tuple[m.Child, Allocation]:
    """The child and their current allocation, if the user manages the team holding the case:
    404 outside their scope, 403 without the right or for another team's case."""
    child = child_for(request.user, pk)
    _require(request.user, *permissions)
    allocation = current_allocation(child)
    if allocation is None or not _manages_case(request.user, allocation.team_id):
        raise PermissionDenied
    return child, allocation


def _allocation_text(allocation: Allocation) -> str:
    return f"{allocation.worker} ({allocation.team}) since {validation.long_date(allocation.started_on)}"


def _back_to_child_or_caseload(request: HttpRequest, child: m.Child, done: str) -> HttpResponse:
    """To the child's record, or to the team caseload once the case has left the user's sight."""
    if children_visible_to(request.user).filter(pk=child.pk).exists():
        messages.success(request, done)
        return redirect("casework:child", pk=child.pk)
    messages.success(request, f"{done} {child.first_name} is no longer on your team's caseload.")
    return redirect("casework:team_caseload")


def allocation_change(request: HttpRequest, pk: int) -> HttpResponse:
    """A team manager moves the case to another social worker (in any team) from a date."""
    child, current = _case_to_manage(request, pk, "casework.add_allocation", "casework.change_allocation")
    form = AllocationTransferForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            allocation = workforce_services.allocation_transfer(
                child=child, worker=data["worker"], team=data["team"], on=data["started_on"], reason=data["reason"]
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            done = f"{child.full_name} is allocated to {_allocation_text(allocation)}."
            return _back_to_child_or_caseload(request, child, done)
    context = {
        "form": form,
        "child": child,
        "title": "Change the allocated social worker",
        "intro": f"Allocated to {_allocation_text(current)}.",
    }
    return render(request, "casework/record_form.html", context)


def allocation_end(request: HttpRequest, pk: int) -> HttpResponse:
    """A team manager ends the allocation: the child is unallocated from the date (case closed)."""
    child, current = _case_to_manage(request, pk, "casework.change_allocation")
    form = AllocationEndForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            workforce_services.allocation_end(allocation=current, on=form.cleaned_data["ended_on"])
        except ValidationError as error:
            current.refresh_from_db()
            _show_errors(form, error)
        else:
            done = (
                f"{child.full_name}'s allocation to {current.worker} ended on {validation.long_date(current.ended_on)}."
            )
            return _back_to_child_or_caseload(request, child, done)
    context = {
        "form": form,
        "child": child,
        "title": "End the allocation",
        "intro": f"Allocated to {_allocation_text(current)}. "
        "To move the case to another worker, change the allocated social worker instead.",
    }
    return render(request, "casework/record_form.html", context)


def supervision_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A team manager records their supervision of the case (QA 1)."""
    child, _ = _case_to_manage(request, pk, "casework.add_casesupervision")
    form = CaseSupervisionForm(_posted(request), initial={"supervised_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            workforce_services.case_supervision_create(child=child, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, "Case supervision recorded.")
            return redirect("casework:child", pk=child.pk)
    context = {"form": form, "child": child, "title": "Record case supervision"}
    return render(request, "casework/record_form.html", context)


def _supervision_to_manage(
    request: HttpRequest, pk: int, supervision_pk: int, permission: str
) -> tuple[m.Child, CaseSupervision]:
    """A supervision of the child's case, to a user who may record one (``_case_to_manage``)."""
    child, _ = _case_to_manage(request, pk, permission)
    supervisions = CaseSupervision.objects.filter(child=child).select_related("supervisor")
    return child, get_object_or_404(supervisions, pk=supervision_pk)


def _supervision_text(supervision: CaseSupervision) -> str:
    supervisor = supervision.supervisor
    by = f" by {supervisor.get_full_name() or supervisor.username}" if supervisor else ""
    return f"Case supervision of {validation.long_date(supervision.supervised_on)}{by}."


def supervision_update(request: HttpRequest, pk: int, supervision_pk: int) -> HttpResponse:
    """A team manager corrects the date or the notes of a case supervision."""
    child, supervision = _supervision_to_manage(request, pk, supervision_pk, "casework.change_casesupervision")
    if request.method == "GET":
        services.child_record_viewed(child=child, user=request.user, record=supervision, page="correction")
    initial = {"supervised_on": supervision.supervised_on, "notes": supervision.notes}
    form = CaseSupervisionForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            workforce_services.case_supervision_update(supervision=supervision, **form.cleaned_data)
        except ValidationError as error:
            supervision.refresh_from_db()
            _show_errors(form, error)
        else:
            messages.success(request, "Correction saved. The record's history keeps what it said before.")
            return redirect("casework:child", pk=child.pk)
    context = {
        "form": form,
        "child": child,
        "title": "Correct case supervision",
        "intro": _supervision_text(supervision),
    }
    if request.user.has_perm("casework.delete_casesupervision"):
        context["remove"] = {
            "url": reverse("casework:supervision_remove", args=[child.pk, supervision.pk]),
            "label": "Remove this case supervision",
        }
    return render(request, "casework/record_form.html", context)


def supervision_remove(request: HttpRequest, pk: int, supervision_pk: int) -> HttpResponse:
    """A team manager removes a case supervision recorded in error, once they confirm it."""
    child, supervision = _supervision_to_manage(request, pk, supervision_pk, "casework.delete_casesupervision")
    if request.method == "POST":
        workforce_services.case_supervision_delete(supervision=supervision)
        messages.success(request, "Case supervision removed. The record's history keeps what it said.")
        return redirect("casework:child", pk=child.pk)
    services.child_record_viewed(child=child, user=request.user, record=supervision, page="removal")
    context = {
        "form": forms.Form(),  # nothing to fill in: the button confirms
        "child": child,
        "title": "Remove case supervision",
        "intro": f"{_supervision_text(supervision)} Remove it only if it was recorded in error: "
        "it leaves the chronology and the supervision figures (QA 1).",
        "submit": {"label": "Remove", "warning": True},
    }
    return render(request, "casework/record_form.html", context)
