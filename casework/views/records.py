"""Recording and correcting any kind of record, one pair of views for every kind
(``casework.records``)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from .. import services
from ..records import BY_SLUG, Kind
from .permissions import _child_to_edit, _posted, _show_errors


def _kind(slug: str) -> Kind:
    kind = BY_SLUG.get(slug)
    if kind is None:
        raise Http404
    return kind


def record_create(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    record_kind = _kind(kind)
    child = _child_to_edit(request, pk, *record_kind.add_permissions)
    form = record_kind.form(_posted(request), child=child)
    if request.method == "POST" and SECOND_RECORD in request.POST:
        _offer_second_record(form, record_kind)
    if request.method == "POST" and form.is_valid():
        details = dict(form.cleaned_data)
        confirmed = details.pop(SECOND_RECORD, False)
        try:
            with services.second_record_confirmed(confirmed):
                services.record_create(record_kind=record_kind, child=child, by=request.user, **details)
        except ValidationError as error:
            if services.is_possible_duplicate(error):
                _offer_second_record(form, record_kind)
            _show_errors(form, error)
        else:
            messages.success(request, f"{record_kind.action.removeprefix('Record ').capitalize()} recorded.")
            return redirect("casework:child", pk=child.pk)
    context = {"form": form, "child": child, "title": record_kind.action}
    return render(request, "casework/record_form.html", context)


SECOND_RECORD = "second_record"


def _offer_second_record(form, kind: Kind) -> None:
    """The same record seems to have been posted twice: let the person say it is a second one."""
    if SECOND_RECORD in form.fields or kind.model is None:
        return
    what = kind.model._meta.verbose_name
    form.fields[SECOND_RECORD] = forms.BooleanField(
        required=False,
        label=f"This is a second {what}",
        help_text=f"Tick this only if there really were two {what}s on the same date and time.",
    )


def record_update(request: HttpRequest, pk: int, kind: str, record_pk: int) -> HttpResponse:
    record_kind = _kind(kind)
    if record_kind.model is None:  # a step that writes several records corrects none of them
        raise Http404
    child = _child_to_edit(request, pk, record_kind.change_permission)
    record = get_object_or_404(record_kind.model.objects.filter(child=child), pk=record_pk)
    if request.method == "GET":
        services.child_record_viewed(child=child, user=request.user, record=record, page="correction")
    form = record_kind.form(_posted(request), instance=record, child=child)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_correct(record_kind=record_kind, record=record, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, "Correction saved. The record's history keeps what it said before.")
            return redirect("casework:child", pk=child.pk)
    context = {"form": form, "child": child, "title": record_kind.title, "record": record}
    return render(request, "casework/record_form.html", context)
