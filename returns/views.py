"""The returns pages, for performance officers (``casework.import_returns``, the permission of
the people who send and receive the statutory returns); everyone else gets a 403."""

import csv
import io
import zipfile

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from .annex_a.common import Period
from .annex_a.workbook import LISTS, annex_a_bytes, file_name
from .audit import record_annex_a, record_return
from .cin_census.writer import build_census
from .forms import AnnexAForm, ReconciliationForm, ReturnCheckForm
from .reconciliation import reconcile
from .selectors import children_by_id
from .validation import CSV_HEADER, SSDA903, check_return, counts_by_rule, csv_rows, ssda903_sources

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


@require_http_methods(["GET"])
def return_reconciliation(request: HttpRequest) -> HttpResponse:
    """March's looked-after and CP figures from the records (the scorecard's) beside the same figures
    from the returns the product would send, each difference listed by child with its reason."""
    _require_permission(request)
    asked = "year" in request.GET
    form = ReconciliationForm(request.GET if asked else None)
    context = {"form": form, "lines": None}
    if asked and form.is_valid():
        context["lines"] = reconcile(form.cleaned_data["year"])
    return render(request, "returns/reconciliation.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def return_download(request: HttpRequest) -> HttpResponse:
    """The SSDA903 return (its CSV tables in a zip) or the CIN census (XML) for a collection year, audited."""
    _require_permission(request)
    form = ReturnCheckForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        name, year = form.cleaned_data["return_name"], form.cleaned_data["year"]
        if name == SSDA903:
            buffer = io.BytesIO()
            counts = {}
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for source in ssda903_sources(year):
                    with source.open() as table:
                        data = table.read()
                    archive.writestr(source.name, data)
                    counts[source.name] = max(data.count(b"\n") - 1, 0)
            content, content_type, download = buffer.getvalue(), "application/zip", f"ssda903-{year}.zip"
        else:
            census = build_census(year)
            content, content_type, download = census.xml, "application/xml", f"cin-census-{year}.xml"
            counts = census.counts
        with transaction.atomic():
            record_return(
                user=request.user,
                name=download,
                what=name,
                year=year,
                counts=counts,
                how=request.get_full_path(),
                export_format="zip" if name == SSDA903 else "xml",
            )
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{download}"'
        return response
    return render(request, "returns/download.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET"])
def return_checks_csv(request: HttpRequest) -> HttpResponse:
    """The failures as CSV, to work through in a spreadsheet; audited, as they name children."""
    _require_permission(request)
    form = ReturnCheckForm(request.GET)
    if not form.is_valid():
        return render(request, "returns/checks.html", {"form": form, "checked": False}, status=400)
    name, year = form.cleaned_data["return_name"], form.cleaned_data["year"]
    failures = check_return(name, year)
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(CSV_HEADER)
    writer.writerows([[_as_text(value) for value in row] for row in csv_rows(failures)])
    download = f"{'ssda903' if name == SSDA903 else 'cin-census'}-{year}-failures.csv"
    with transaction.atomic():
        record_return(
            user=request.user,
            name=download,
            what=f"{name} failures",
            year=year,
            counts={"failures": len(failures)},
            how=request.get_full_path(),
            export_format="csv",
        )
    response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{download}"'
    return response


def _as_text(value) -> str:
    """A value must not run as a spreadsheet formula when the CSV is opened."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
