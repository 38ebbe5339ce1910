"""Reads of children and their records, scoped to the user.

One rule, used by every page, export and the admin:
- senior managers and performance officers read every child except restricted ones;
- social workers and team managers see the children currently allocated to their
  team(s);
- a restricted child is seen only by their allocated worker and the manager of the
  allocated team.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from workforce.models import Allocation
from workforce.selectors import managed_team_ids, open_on, team_ids_for, worker_for

from .models import Child


def children_visible_to(user) -> QuerySet[Child]:
    children = Child.objects.all()
    if not user.is_authenticated:
        return children.none()
    if user.is_superuser:
        return children
    today = timezone.localdate()
    current = Allocation.objects.filter(open_on(today), child=OuterRef("pk"))
    worker = worker_for(user)
    managed = managed_team_ids(user)
    restricted_allowed = Q(pk__in=[])
    if worker is not None:
        restricted_allowed |= Exists(current.filter(worker=worker))
    if managed:
        restricted_allowed |= Exists(current.filter(team__in=managed))
    if user.has_perm("casework.view_all_children"):
        return children.filter(Q(is_restricted=False) | restricted_allowed)
    teams = team_ids_for(user)
    if not teams or not user.has_perm("casework.view_child"):
        return children.none()
    in_team = Exists(current.filter(team__in=teams))
    return children.filter(in_team).filter(Q(is_restricted=False) | restricted_allowed)


def can_edit_child(user, child: Child) -> bool:
    """Social workers and managers edit the children of their teams; senior managers only read."""
    if not user.has_perm("casework.change_child"):
        return False
    return children_visible_to(user).filter(pk=child.pk).exists()
