"""A child's page: the record, its timeline and the actions offered; adding and correcting
the child's details."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from workforce.models import SocialWorker
from workforce.selectors import managed_team_ids, open_on, team_ids_for, worker_for

from .. import models as m
from .. import services
from ..chronology import chronology
from ..chronology_filter import chronology_filter, filter_events
from ..forms import ChildForm
from ..models import CaseSupervision
from ..records import FOR_MODEL, KINDS, Kind
from ..selectors import (
    DUE_FIELDS,
    add_due_dates,
    children_visible_to,
    with_case_status,
)
from ..tables import (
    DUE_LABELS,
    age_text,
    due_cell,
    legal_status_text,
    open_plans,
)
from .history import _may_see_history
from .permissions import _child_to_edit, _posted, _require, _show_errors


def _due_items(child: m.Child) -> list[dict]:
    today = timezone.localdate()
    items = []
    for field in DUE_FIELDS:
        due = getattr(child, field)
        if due is not None:
            items.append({"label": DUE_LABELS[field], "due": due, "cell": due_cell(due, today)})
    return items


def _actions(user, events, may_edit: bool) -> list[dict]:
    """The record actions the user may take, in groups, offered once they make sense."""
    if not may_edit:
        return []
    present = {type(event.record) for event in events}
    groups: dict[str, list[Kind]] = {}
    for kind in KINDS:
        if kind.needs is not None and kind.needs not in present:
            continue
        if all(user.has_perm(permission) for permission in kind.add_permissions):
            groups.setdefault(kind.group, []).append(kind)
    return [{"group": group, "kinds": kinds} for group, kinds in groups.items()]


def _manages_case(user, team_id: int | None) -> bool:
    """The user manages the team that holds the child's case now."""
    return team_id is not None and (user.is_superuser or team_id in managed_team_ids(user))


_MANAGER_RIGHTS = (
    "casework.add_allocation",
    "casework.change_allocation",
    "casework.add_casesupervision",
    "casework.change_casesupervision",
)


def _manage_actions(user, manages_case: bool) -> list[dict]:
    """A team manager's actions on a child their team holds: the allocation and case supervision."""
    if not manages_case:
        return []
    actions = []
    if user.has_perms(["casework.add_allocation", "casework.change_allocation"]):
        actions.append({"label": "Change the allocated social worker", "url_name": "casework:allocation_change"})
        actions.append({"label": "End the allocation", "url_name": "casework:allocation_end"})
    if user.has_perm("casework.add_casesupervision"):
        actions.append({"label": "Record case supervision", "url_name": "casework:supervision_create"})
    return actions


def _correction_links(user, child: m.Child, may_edit: bool, manages_case: bool):
    """The link to correct a record of the chronology ('' when the user may not correct it), with
    one ``reverse`` per kind of record rather than one per event: the links of a kind differ
    only in the record's id, at the end. A case supervision is corrected by those who may
    record one: a manager of the team holding the case."""

    def prefix(model) -> str:
        if model is CaseSupervision:
            if not manages_case or not user.has_perm("casework.change_casesupervision"):
                return ""
            return reverse("casework:supervision_update", args=[child.pk, 0])[: -len("0/")]
        kind = FOR_MODEL.get(model)
        if not may_edit or kind is None or not user.has_perm(kind.change_permission):
            return ""
        return reverse("casework:record_update", args=[child.pk, kind.slug, 0])[: -len("0/")]

    prefixes: dict[type, str] = {}  # by model: the link less the id; '' when the user may not correct

    def correct_url(record) -> str:
        model = type(record)
        if model not in prefixes:
            prefixes[model] = prefix(model)
        return f"{prefixes[model]}{record.pk}/" if prefixes[model] else ""

    return correct_url


def _timeline_item(event, correct_url: str) -> dict:
    """What the chronology shows of an event, worked out once (the page prints some twice)."""
    return {
        "title": event.title,
        "recorded_by": event.recorded_by,
        "datetime": event.datetime_attribute,
        "when": event.when,
        "details": event.details,
        "imported_from": event.imported_from,
        "correct_url": correct_url,
    }


CHRONOLOGY_PAGE = 100  # events on a page of the chronology, newest first


def child_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request.user, "casework.view_child")
    today = timezone.localdate()
    child = get_object_or_404(with_case_status(children_visible_to(request.user), today), pk=pk)
    # The due dates only of the rules that can apply to the child (most children have none).
    add_due_dates(child, today)
    # The user's roles, asked here (may they see the history) and by the page's header, once.
    prefetch_related_objects([request.user], "groups")
    services.child_record_viewed(child=child, user=request.user)
    events = chronology(child)
    # The child came through the user's scope, so recording on them needs only the right.
    may_edit = request.user.has_perm("casework.change_child")
    # Whether the user manages the team holding the case: asked (a query) only of a manager.
    manages_case = any(request.user.has_perm(right) for right in _MANAGER_RIGHTS) and _manages_case(
        request.user, child.allocated_team_id
    )
    correct_url = _correction_links(request.user, child, may_edit, manages_case)
    filter_form, wanted = chronology_filter(request.GET)
    shown = filter_events(events, **wanted)
    # The newest events a page: a child looked after for ten years has hundreds, and printing
    # them all made the record of the children people open most the slowest page of the day.
    page = Paginator(shown, CHRONOLOGY_PAGE).get_page(request.GET.get("page"))
    timeline = [_timeline_item(event, correct_url(event.record)) for event in page.object_list]
    kept = request.GET.copy()
    kept.pop("page", None)
    context = {
        "child": child,
        "age": age_text(child),
        "legal_status": legal_status_text(child.legal_status),
        "plans": open_plans(child),
        "due_items": _due_items(child),
        "timeline": timeline,
        "page": page,
        "page_query": kept.urlencode(),
        "shown_count": len(shown),
        "event_count": len(events),
        "filter_form": filter_form,
        "is_filtered": bool(wanted),
        "actions": _actions(request.user, events, may_edit),
        "manage_actions": _manage_actions(request.user, manages_case),
        "may_edit": may_edit,
        "may_see_history": _may_see_history(request.user, child),
    }
    return render(request, "casework/child_detail.html", context)


def _workers_to_allocate(user):
    """A manager recording a child allocates them to a worker in a team they manage."""
    managed = managed_team_ids(user)
    if not managed:
        return None
    return SocialWorker.objects.filter(open_on(timezone.localdate()), team__in=managed).select_related("team")


def child_create(request: HttpRequest) -> HttpResponse:
    _require(request.user, "casework.add_child", "workforce.view_socialworker")
    if not team_ids_for(request.user):
        raise PermissionDenied  # nobody to allocate the child to, so nobody could see them
    workers = _workers_to_allocate(request.user)
    form = ChildForm(_posted(request), workers=workers, initial={"allocate_to": worker_for(request.user)})
    if workers is not None:
        form.fields["allocate_to"].required = True
    if request.method == "POST" and form.is_valid():
        details = {name: value for name, value in form.cleaned_data.items() if name != "allocate_to"}
        try:
            child = services.child_create(allocate_to=form.cleaned_data.get("allocate_to"), by=request.user, **details)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, f"{child.full_name} recorded, with ID {child.la_child_id}.")
            return redirect("casework:child", pk=child.pk)
    return render(request, "casework/child_form.html", {"form": form, "title": "Record a new child"})


def child_update(request: HttpRequest, pk: int) -> HttpResponse:
    child = _child_to_edit(request, pk, "casework.change_child")
    if request.method == "GET":
        services.child_record_viewed(child=child, user=request.user, page="correction")
    form = ChildForm(_posted(request), instance=child)
    if request.method == "POST" and form.is_valid():
        try:
            services.child_update(child=child, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            child.refresh_from_db()
            _show_errors(form, error)
        else:
            messages.success(request, f"{child.full_name}'s details corrected.")
            return redirect("casework:child", pk=child.pk)
    return render(
        request, "casework/child_form.html", {"form": form, "child": child, "title": "Correct the child's details"}
    )
