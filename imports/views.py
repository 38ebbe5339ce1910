"""The imports pages, for performance officers (``casework.import_returns``); everyone else gets
a 403 and changes nothing. Writes go through ``imports.services``."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tables2 import RequestConfig

from core.exports import record_export

from . import reconcile903, reconciliation, services
from .filters import RowIssueFilter
from .forms import UploadForm
from .models import BatchStatus, ImportBatch, ReturnKind, Severity
from .tables import ImportBatchTable, RowIssueTable
from .uploads import max_file_bytes

PERMISSION = "casework.import_returns"


def _require_permission(request: HttpRequest) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def batch_for(request: HttpRequest, pk: int) -> ImportBatch:
    """The batch, for a user who may import returns (any officer may pick up a colleague's)."""
    _require_permission(request)
    return get_object_or_404(ImportBatch.objects.select_related("created_by", "confirmed_by", "cancelled_by"), pk=pk)


@require_http_methods(["GET", "POST"])
def import_list(request: HttpRequest) -> HttpResponse:
    _require_permission(request)
    posted = request.method == "POST"
    form = UploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        refused=getattr(request, "refused_uploads", None),
    )
    if request.method == "POST" and form.is_valid():
        batch = services.batch_create(
            kind=form.cleaned_data["kind"],
            files=form.cleaned_data["files"],
            year=form.cleaned_data["year"],
            by=request.user,
        )
        return redirect(batch)
    table = ImportBatchTable(ImportBatch.objects.select_related("created_by"))
    RequestConfig(request).configure(table)
    return render(request, "imports/list.html", {"form": form, "table": table, "max_file_bytes": max_file_bytes()})


@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = batch_for(request, pk)
    files = list(batch.files.all())
    issues = RowIssueFilter(
        request.GET or None, queryset=batch.issues.all(), file_names=[f.name for f in files], parts=batch.parts
    )
    table = RowIssueTable(issues.qs)
    RequestConfig(request).configure(table)
    return render(
        request,
        "imports/detail.html",
        {
            "batch": batch,
            "files": files,
            "counts": _count_rows(batch.counts),
            "parts": [{**part, "count_rows": _count_rows(part["counts"])} for part in batch.parts]
            if batch.is_mixed
            else [],
            "filter": issues,
            "table": table,
            "error_count": batch.issues.filter(severity=Severity.ERROR).count(),
            "stale": services.batch_is_stale(batch),
        },
    )


def _count_rows(counts: dict) -> list[dict]:
    return [{"label": label, **numbers} for label, numbers in counts.items()]


@require_GET
def import_progress(request: HttpRequest, pk: int) -> JsonResponse:
    """For the page's script: the batch's progress, polled every second or two."""
    batch = batch_for(request, pk)
    return JsonResponse(
        {
            "status": batch.status,
            "status_label": batch.get_status_display(),
            "stage": batch.stage,
            "percent": batch.percent_done,
            "in_progress": batch.is_in_progress,
            "stale": services.batch_is_stale(batch),
            "url": reverse("imports:detail", args=[batch.pk]),
        }
    )


@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    batch = batch_for(request, pk)
    if not batch.has_changes:
        messages.error(request, "There is nothing to import: everything in these files is already in the product.")
    elif not services.batch_confirm(batch=batch, by=request.user):
        messages.error(request, f"This import cannot be confirmed now: it is {batch.get_status_display().lower()}.")
    return redirect(batch)


@require_POST
def import_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a check or an import that stopped (its worker died) again, with the same files."""
    batch = batch_for(request, pk)
    was_importing = batch.status == BatchStatus.IMPORTING
    if services.batch_rerun(batch=batch, by=request.user):
        what = "import" if was_importing else "check"
        messages.success(request, f"The {what} has started again from the beginning, with the same files.")
    else:
        messages.error(
            request,
            "This was not started again: it is still running (it reported progress in the last few minutes), "
            f"or it is no longer in progress ({batch.get_status_display().lower()}).",
        )
    return redirect(batch)


@require_POST
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    batch = batch_for(request, pk)
    if services.batch_cancel(batch=batch, by=request.user):
        messages.success(request, "The import was cancelled: nothing was imported, and the files were deleted.")
    else:
        messages.error(request, f"This import cannot be cancelled: it is {batch.get_status_display().lower()}.")
    return redirect(batch)


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_GET
def import_issues_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """Every row problem as CSV, to work through in a spreadsheet."""
    batch = batch_for(request, pk)
    writer = csv.writer(_Echo())
    header = ["Kind", "File", "Row or line", "Where", "Child", "Field", "What is wrong"]
    rows = (
        [
            issue.get_severity_display(),
            issue.file_name,
            issue.row or "",
            issue.location,
            issue.child,
            issue.field,
            issue.message,
        ]
        for issue in batch.issues.order_by("file_name", "row", "pk").iterator(chunk_size=2000)
    )
    name = f"import-{batch.pk}-row-problems"
    # Row problems name children (their IDs, dates): the download is audited like every other export.
    record_export(
        user=request.user,
        subject=batch,
        export_format="csv",
        name=name,
        rows=batch.issues.count(),
        details={"path": request.get_full_path(), "import_batch": batch.pk},
    )
    response = StreamingHttpResponse(_lines(writer, header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _lines(writer, header, rows):
    yield "\ufeff"  # so that Excel reads the file as UTF-8
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([_as_text(value) for value in row])


def _as_text(value) -> str:
    """A value from an uploaded file must not run as a spreadsheet formula when the CSV is opened."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@require_GET
def import_reconciliation(request: HttpRequest, pk: int) -> HttpResponse:
    batch = batch_for(request, pk)
    if batch.status != BatchStatus.IMPORTED or not batch.collection_year:
        messages.error(request, "Reconciliation is for a return that has been imported.")
        return redirect(batch)
    month = reconciliation.chosen_month(batch, request.GET.get("month"))
    children = reconcile903.compare_children(batch) if batch.kind in (ReturnKind.SSDA903, ReturnKind.BOTH) else None
    return render(
        request,
        "imports/reconciliation.html",
        {"batch": batch, "children": children, **reconciliation.compare(batch, month)},
    )
