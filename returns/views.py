"""The returns pages, for performance officers (``casework.import_returns``, the permission of
the people who send and receive the statutory returns); everyone else gets a 403."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from .annex_a.common import Period
from .annex_a.workbook import LISTS, annex_a_bytes, file_name
from .audit import record_annex_a
from .forms import AnnexAForm, ReturnCheckForm
from .selectors import children_by_id
from .validation import check_return, counts_by_rule

PERMISSION = "casework.import_returns"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_permission(request: HttpRequest) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def annex_a(request: HttpRequest) -> HttpResponse:
    """Choose a period; the download is the workbook, audited."""
    _require_permission(request)
    form = AnnexAForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        period = Period(form.cleaned_data["start"], form.cleaned_data["end"])
        content, counts = annex_a_bytes(period)
        with transaction.atomic():
            record_annex_a(user=request.user, period=period, counts=counts, how=request.get_full_path())
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{file_name(period)}"'
        return response
    return render(request, "returns/annex_a.html", {"form": form, "lists": LISTS}, status=400 if form.errors else 200)


@require_http_methods(["GET"])
def return_checks(request: HttpRequest) -> HttpResponse:
    """The failures the product's import checks find in the return it would send, by rule and by
    child, each child linked to their record. Nothing is saved."""
    _require_permission(request)
    asked = "year" in request.GET
    form = ReturnCheckForm(request.GET if asked else None)
    context = {"form": form, "checked": False}
    if asked and form.is_valid():
        failures = check_return(form.cleaned_data["return_name"], form.cleaned_data["year"])
        children = children_by_id({failure.child for failure in failures if failure.child})
        context.update(
            checked=True,
            failures=[(failure, children.get(failure.child)) for failure in failures],
            errors=sum(failure.severity == "error" for failure in failures),
            by_rule=counts_by_rule(failures),
        )
    return render(request, "returns/checks.html", context, status=400 if form.errors else 200)
