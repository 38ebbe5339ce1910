"""Lists of children: caseloads, search, what is due."""

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils.functional import cached_property
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core.tables import OneQueryPaginator
from workforce.selectors import managed_team_ids, worker_for

from ..filters import ChildFilter, ChildSearchFilter, DueFilter, TeamCaseloadFilter
from ..selectors import (
    caseload_of,
    children_of_workers_who_have_left,
    children_visible_to,
    team_caseload_of,
    with_allocated_worker,
    with_case_status,
    with_next_due,
)
from ..tables import (
    CaseloadTable,
    ChildTable,
    DueTable,
)
from .permissions import PermissionMixin


class CaseloadView(PermissionMixin, SingleTableMixin, FilterView):
    table_class = CaseloadTable
    filterset_class = ChildFilter
    template_name = "casework/caseload.html"
    heading = ""
    # Each child's due dates are computed once a request, not once to count and again for the page.
    paginator_class = OneQueryPaginator

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
    paginator_class = OneQueryPaginator

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
