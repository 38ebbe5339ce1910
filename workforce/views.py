from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from .filters import TeamFilter, WorkerFilter
from .selectors import open_on, teams_visible_to, with_caseload, with_team_figures, workers_visible_to
from .tables import TeamTable, WorkerTable


class PermissionMixin:
    """Each staff page names the permission it needs; scoping is the selector's job."""

    permission_required: str = ""

    def dispatch(self, request, *args, **kwargs):
        from django.core.exceptions import PermissionDenied

        if not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class TeamListView(PermissionMixin, SingleTableMixin, FilterView):
    permission_required = "workforce.view_team"
    table_class = TeamTable
    filterset_class = TeamFilter
    template_name = "workforce/team_list.html"

    def get_queryset(self):
        return with_team_figures(teams_visible_to(self.request.user)).order_by("name")


class TeamDetailView(PermissionMixin, SingleTableMixin, DetailView):
    permission_required = "workforce.view_team"
    template_name = "workforce/team_detail.html"
    table_class = WorkerTable
    context_object_name = "team"

    def get_object(self, queryset=None):
        return get_object_or_404(with_team_figures(teams_visible_to(self.request.user)), pk=self.kwargs["pk"])

    def get_table_data(self):
        # In post today: a worker leaving next month is still in the team until then.
        in_post = open_on(timezone.localdate())
        return with_caseload(workers_visible_to(self.request.user).filter(in_post, team=self.object))


class WorkerListView(PermissionMixin, SingleTableMixin, FilterView):
    permission_required = "workforce.view_socialworker"
    table_class = WorkerTable
    filterset_class = WorkerFilter
    template_name = "workforce/worker_list.html"

    def get_queryset(self):
        return with_caseload(workers_visible_to(self.request.user))

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["teams"] = teams_visible_to(self.request.user)
        return kwargs


class WorkerDetailView(PermissionMixin, DetailView):
    permission_required = "workforce.view_socialworker"
    template_name = "workforce/worker_detail.html"
    context_object_name = "worker"

    def get_object(self, queryset=None):
        return get_object_or_404(with_caseload(workers_visible_to(self.request.user)), pk=self.kwargs["pk"])
