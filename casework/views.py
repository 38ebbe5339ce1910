"""Pages for children's records.

Thin views: each checks the model permission it needs, reads only through a selector
that takes the user (a child outside the user's scope is a 404, the same as one that does
not exist), and writes only through a service. A user who may read a child but not
record on them (senior managers, performance officers) sees no record actions, and a
POST from them is refused with 403 before anything is read from it.
"""

from auditlog.models import LogEntry
from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Q, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core.roles import Role, roles_of
from workforce.models import SocialWorker
from workforce.selectors import managed_team_ids, open_on, team_ids_for, worker_for

from . import allocations as workforce_services
from . import models as m
from . import services, validation
from .allocation_forms import AllocationEndForm, AllocationTransferForm, CaseSupervisionForm
from .chronology import chronology
from .chronology_filter import chronology_filter, filter_events
from .filters import ChildFilter, ChildSearchFilter, DueFilter, FosterCarerHouseholdFilter, TeamCaseloadFilter
from .forms import ChildForm, FosterCarerHouseholdForm, FosterCarerReviewForm
from .models import Allocation, CaseSupervision
from .records import BY_SLUG, FOR_MODEL, KINDS, Kind
from .selectors import (
    DUE_FIELDS,
    add_due_dates,
    can_edit_child,
    caseload_of,
    child_for,
    children_of_workers_who_have_left,
    children_visible_to,
    current_allocation,
    households_visible_to,
    may_read_fostering,
    may_record_fostering,
    team_caseload_of,
    with_allocated_worker,
    with_case_status,
    with_next_due,
    with_review_status,
)
from .tables import (
    DUE_LABELS,
    CaseloadTable,
    ChildTable,
    DueTable,
    FosterCarerHouseholdTable,
    age_text,
    due_cell,
    legal_status_text,
    next_review_due,
    open_plans,
)

# --- Permissions --------------------------------------------------------------------------------


def _require(user, *permissions: str) -> None:
    if not all(user.has_perm(permission) for permission in permissions):
        raise PermissionDenied


def _child_to_edit(request: HttpRequest, pk: int, *permissions: str) -> m.Child:
    """The child, if the user may record on them: 404 outside their scope, 403 without the right."""
    child = child_for(request.user, pk)
    _require(request.user, *permissions)
    if not can_edit_child(request.user, child):
        raise PermissionDenied
    return child


class PermissionMixin:
    permission_required: tuple[str, ...] = ("casework.view_child",)

    def dispatch(self, request, *args, **kwargs):
        _require(request.user, *self.permission_required)
        return super().dispatch(request, *args, **kwargs)


def _posted(request: HttpRequest):
    """The submitted data, even when empty (an empty form must show "Enter the ...")."""
    return request.POST if request.method == "POST" else None


def _show_errors(form, error: ValidationError) -> None:
    """The service's errors beside the fields they are about, the rest at the top of the summary."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, field_messages in error.message_dict.items():
        target = field if field in form.fields else None
        for message in field_messages:
            form.add_error(target, message)


# --- Lists of children ----------------------------------------------------------------------------


class CaseloadView(PermissionMixin, SingleTableMixin, FilterView):
    table_class = CaseloadTable
    filterset_class = ChildFilter
    template_name = "casework/caseload.html"
    heading = ""

    def children(self):
        raise NotImplementedError

    def get_queryset(self):
        return with_next_due(with_case_status(self.children()))

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.heading, **kwargs)


class MyCaseloadView(CaseloadView):
    heading = "My caseload"

    def children(self):
        return caseload_of(self.request.user)

    def get_table_kwargs(self):
        return {"exclude": ("allocated_worker", "allocated_team")}

    def get_context_data(self, **kwargs):
        worker = worker_for(self.request.user)
        return super().get_context_data(no_worker=worker is None, **kwargs)


class TeamCaseloadView(CaseloadView):
    heading = "Team caseload"
    filterset_class = TeamCaseloadFilter

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not managed_team_ids(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def children(self):
        return team_caseload_of(self.request.user)


class ChildSearchView(PermissionMixin, SingleTableMixin, FilterView):
    table_class = ChildTable
    filterset_class = ChildSearchFilter
    template_name = "casework/child_search.html"

    def get_queryset(self):
        return with_case_status(children_visible_to(self.request.user))

    def get_context_data(self, **kwargs):
        return super().get_context_data(may_add_child=self.request.user.has_perm("casework.add_child"), **kwargs)


class DueView(PermissionMixin, SingleTableMixin, FilterView):
    """Visits and reviews due, across the user's caseload or (for a manager) their team's."""

    permission_required = ("casework.view_child", "casework.add_statutoryvisit")
    table_class = DueTable
    filterset_class = DueFilter
    template_name = "casework/due.html"

    @cached_property
    def _manages_and_has_caseload(self) -> tuple[bool, bool]:
        # Asked once a request: the list, the table and the page all need it.
        return bool(managed_team_ids(self.request.user)), worker_for(self.request.user) is not None

    def scope(self) -> str:
        manages, has_caseload = self._manages_and_has_caseload
        wanted = self.request.GET.get("scope")
        if wanted == "team" and manages or wanted == "mine" and has_caseload:
            return wanted
        return "team" if manages else "mine"

    def get_queryset(self):
        user = self.request.user
        children = team_caseload_of(user) if self.scope() == "team" else caseload_of(user)
        return with_next_due(with_allocated_worker(children)).order_by(
            F("next_due").asc(nulls_last=True), "last_name", "first_name", "pk"
        )

    def get_table_kwargs(self):
        kwargs = {"user": self.request.user}
        return {**kwargs, "exclude": ("allocated_worker",)} if self.scope() == "mine" else kwargs

    # The section of children allocated to a worker who has left shows this many; the team
    # caseload's filter lists them all.
    LEFT_SHOWN = 20

    def get_context_data(self, **kwargs):
        manages, has_caseload = self._manages_and_has_caseload
        left = []
        if self.scope() == "team":
            left = list(children_of_workers_who_have_left(self.request.user)[: self.LEFT_SHOWN + 1])
        return super().get_context_data(
            scope=self.scope(),
            may_choose_scope=manages and has_caseload,
            with_worker_who_has_left=left[: self.LEFT_SHOWN],
            more_with_worker_who_has_left=len(left) > self.LEFT_SHOWN,
            **kwargs,
        )


# --- A child's record -------------------------------------------------------------------------------


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
    timeline = [_timeline_item(event, correct_url(event.record)) for event in shown]
    context = {
        "child": child,
        "age": age_text(child),
        "legal_status": legal_status_text(child.legal_status),
        "plans": open_plans(child),
        "due_items": _due_items(child),
        "timeline": timeline,
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
                record_kind.create(child=child, by=request.user, **details)
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
    if record_kind.update is None:
        raise Http404
    child = _child_to_edit(request, pk, record_kind.change_permission)
    record = get_object_or_404(record_kind.model.objects.filter(child=child), pk=record_pk)
    if request.method == "GET":
        services.child_record_viewed(child=child, user=request.user, record=record, page="correction")
    form = record_kind.form(_posted(request), instance=record, child=child)
    if request.method == "POST" and form.is_valid():
        try:
            record_kind.update(**{record_kind.record_argument: record}, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, "Correction saved. The record's history keeps what it said before.")
            return redirect("casework:child", pk=child.pk)
    context = {"form": form, "child": child, "title": record_kind.title, "record": record}
    return render(request, "casework/record_form.html", context)


# --- History --------------------------------------------------------------------------------------------


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


# --- Who holds the case, and its supervision (team managers) ------------------------------------------


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
                child=child, worker=data["worker"], team=data["team"], on=data["started_on"]
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


# --- Foster carer households (the fostering service) ----------------------------------------------------


class HouseholdListView(SingleTableMixin, FilterView):
    table_class = FosterCarerHouseholdTable
    filterset_class = FosterCarerHouseholdFilter
    template_name = "casework/household_list.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_read_fostering(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return with_review_status(households_visible_to(self.request.user))

    def get_context_data(self, **kwargs):
        may_add = may_record_fostering(self.request.user, "casework.add_fostercarerhousehold")
        return super().get_context_data(may_add=may_add, **kwargs)


def _household_for(request: HttpRequest, pk: int):
    if not may_read_fostering(request.user):
        raise PermissionDenied
    return get_object_or_404(with_review_status(households_visible_to(request.user)), pk=pk)


def _require_fostering(user, *permissions: str) -> None:
    if not may_record_fostering(user, *permissions):
        raise PermissionDenied


def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household_for(request, pk)
    user = request.user
    reviews = household.reviews.order_by(F("completed_on").desc(nulls_first=True), "-due_on")
    may_correct = may_record_fostering(user, "casework.change_fostercarerreview")
    context = {
        "household": household,
        "next_due": next_review_due(household),
        "next_due_cell": due_cell(next_review_due(household)),
        "reviews": reviews,
        "may_record_review": may_record_fostering(user, "casework.add_fostercarerreview"),
        "may_correct_review": may_correct,
        "may_change": may_record_fostering(user, "casework.change_fostercarerhousehold"),
    }
    return render(request, "casework/household_detail.html", context)


def household_create(request: HttpRequest) -> HttpResponse:
    _require_fostering(request.user, "casework.add_fostercarerhousehold")
    form = FosterCarerHouseholdForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            household = services.foster_carer_household_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, f"{household.name} recorded as approved foster carers.")
            return redirect("fostering:household", pk=household.pk)
    return render(request, "casework/household_form.html", {"form": form, "title": "Add a foster carer household"})


def household_update(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household_for(request, pk)
    _require_fostering(request.user, "casework.change_fostercarerhousehold")
    form = FosterCarerHouseholdForm(_posted(request), instance=household)
    if request.method == "POST" and form.is_valid():
        try:
            services.foster_carer_household_update(household=household, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            household.refresh_from_db()
            _show_errors(form, error)
        else:
            messages.success(request, f"{household.name}'s details saved.")
            return redirect("fostering:household", pk=household.pk)
    context = {"form": form, "household": household, "title": "Correct the household or record deregistration"}
    return render(request, "casework/household_form.html", context)


def review_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an annual review; the page shows the due date it is recorded against."""
    household = _household_for(request, pk)
    _require_fostering(request.user, "casework.add_fostercarerreview")
    form = FosterCarerReviewForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            review = services.foster_carer_review_create(household=household, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            due = validation.long_date(review.due_on)
            messages.success(request, f"Annual review recorded (due {due}).")
            return redirect("fostering:household", pk=household.pk)
    if household.last_review_on:
        reason = f"one year after the last review was completed ({validation.long_date(household.last_review_on)})"
    else:
        reason = f"one year after the household was approved ({validation.long_date(household.approved_on)})"
    context = {
        "form": form,
        "household": household,
        "title": "Record an annual review",
        "due_on": next_review_due(household),
        "due_reason": reason,
    }
    return render(request, "casework/household_form.html", context)


def review_update(request: HttpRequest, pk: int, review_pk: int) -> HttpResponse:
    household = _household_for(request, pk)
    _require_fostering(request.user, "casework.change_fostercarerreview")
    review = get_object_or_404(household.reviews.all(), pk=review_pk)
    form = FosterCarerReviewForm(_posted(request), initial={"completed_on": review.completed_on})
    if request.method == "POST" and form.is_valid():
        try:
            services.foster_carer_review_update(review=review, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            review.refresh_from_db()
            _show_errors(form, error)
        else:
            messages.success(request, "Review corrected. Its history keeps what it said before.")
            return redirect("fostering:household", pk=household.pk)
    context = {"form": form, "household": household, "title": "Correct an annual review", "due_on": review.due_on}
    return render(request, "casework/household_form.html", context)
