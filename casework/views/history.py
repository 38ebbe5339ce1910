"""Who viewed and changed a child's record."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import capfirst

from core.roles import Role, roles_of
from workforce.selectors import managed_team_ids, open_on

from .. import models as m
from .. import services
from ..models import Allocation, CaseSupervision
from ..records import FOR_MODEL
from ..selectors import (
    child_for,
)


def _may_see_history(user, child: m.Child) -> bool:
    """Managers of the child's team and senior managers see who viewed and changed the record."""
    if user.is_superuser or Role.SENIOR_MANAGER in roles_of(user):
        return True
    managed = managed_team_ids(user)
    if not managed:
        return False
    team_id = getattr(child, "allocated_team_id", None)  # from with_case_status, when the page has it
    if team_id is not None:
        return team_id in managed
    return Allocation.objects.filter(open_on(timezone.localdate()), child=child, team__in=managed).exists()


_ACTIONS = {
    LogEntry.Action.CREATE: "Recorded",
    LogEntry.Action.UPDATE: "Corrected",
    LogEntry.Action.DELETE: "Deleted",
    LogEntry.Action.ACCESS: "Viewed",
}


# Where a record was viewed (``services.child_record_viewed``), when not on its own page.
_PAGES = {
    "history": "its history",
    "correction": "the correction page",
    "removal": "the page to remove it",
    "admin": "the administration site",
}


def child_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every view and change of the child's record, from the audit log, newest first."""
    child = child_for(request.user, pk)
    if not _may_see_history(request.user, child):
        raise PermissionDenied
    services.child_record_viewed(child=child, user=request.user, page="history")
    # The child's records, and who held and supervised the case.
    content_types = ContentType.objects.get_for_models(*FOR_MODEL.keys(), m.Child, Allocation, CaseSupervision)
    about_child = Q(content_type=content_types[m.Child], object_id=child.pk)
    for model, content_type in content_types.items():
        if model is not m.Child:
            about_child |= Q(content_type=content_type, object_id__in=model.objects.filter(child=child).values("pk"))
    # A removed supervision is no longer found by its id; its entries name the child.
    about_child |= Q(content_type=content_types[CaseSupervision], additional_data__child_id=child.pk)
    entries = LogEntry.objects.filter(about_child).select_related("actor", "content_type").order_by("-timestamp", "-pk")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    rows = [
        {
            "entry": entry,
            "action": _ACTIONS.get(entry.action, ""),
            "what": entry.object_repr,
            "kind": entry.content_type.model_class()._meta.verbose_name.capitalize()
            if entry.content_type.model_class()
            else "",
            "changes": [] if entry.action == LogEntry.Action.ACCESS else _changes(entry),
            "where": _PAGES.get((entry.additional_data or {}).get("page", ""), ""),
        }
        for entry in page.object_list
    ]
    return render(request, "casework/child_history.html", {"child": child, "rows": rows, "page": page})


_NOT_SHOWN = {"id", "created_at", "updated_at", "child", "recorded_by"}


def _changes(entry: LogEntry) -> list[str]:
    """'Date of visit: 2024-03-01 → 2024-03-04' for each field a correction changed; the
    values given, for a new record. Only the record's own fields, by their labels."""
    model = entry.content_type.model_class()
    lines = []
    for name, values in (entry.changes_dict or {}).items():
        if name in _NOT_SHOWN or model is None or not (isinstance(values, list) and len(values) == 2):
            continue
        try:
            field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001 - a field since removed from the model
            continue
        if not getattr(field, "concrete", False):
            continue  # reverse relations, which auditlog lists on creation
        before, after = values
        if entry.action == LogEntry.Action.CREATE:
            if after not in ("", "None", None):
                lines.append(f"{capfirst(field.verbose_name)}: {after}")
        else:
            lines.append(f"{capfirst(field.verbose_name)}: {before} → {after}")
    return lines
