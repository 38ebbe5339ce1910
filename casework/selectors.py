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


# --- One child, its records, and lists of children (added with the casework pages) -------------


def child_for(user, pk: int) -> Child:
    """The child, if the user may see them; otherwise 404, so a child outside the user's
    scope is indistinguishable from one that does not exist."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(children_visible_to(user), pk=pk)


def records_visible_to(user, model) -> QuerySet:
    """Any record type, only through a child the user may see (pages, exports, the admin)."""
    if model is Child:
        return children_visible_to(user)
    if user.is_authenticated and user.is_superuser:
        return model.objects.all()
    return model.objects.filter(child__in=children_visible_to(user))


def caseload_of(user, on=None) -> QuerySet[Child]:
    """The children allocated to the user (as a social worker) on the date."""
    on = on or timezone.localdate()
    worker = worker_for(user)
    if worker is None:
        return Child.objects.none()
    mine = Allocation.objects.filter(open_on(on), child=OuterRef("pk"), worker=worker)
    return children_visible_to(user).filter(Exists(mine))


def team_caseload_of(user, on=None) -> QuerySet[Child]:
    """The children allocated to the teams the user manages, on the date."""
    on = on or timezone.localdate()
    managed = managed_team_ids(user)
    if not managed:
        return Child.objects.none()
    in_team = Allocation.objects.filter(open_on(on), child=OuterRef("pk"), team__in=managed)
    return children_visible_to(user).filter(Exists(in_team))


def with_case_status(children: QuerySet[Child], on=None) -> QuerySet[Child]:
    """What a list or a record page shows about each child at the date, in the same query:
    current legal status, open plans (CP, CIN, looked after, pre-proceedings, care
    proceedings), and the allocated worker and team."""
    from django.db.models import CharField, DateField, IntegerField, Subquery, Value
    from django.db.models.functions import Concat

    from .models import (
        CareProceedings,
        ChildInNeedPlan,
        ChildProtectionPlan,
        LegalStatus,
        PeriodOfCare,
        PreProceedings,
    )

    on = on or timezone.localdate()
    child = OuterRef("pk")
    allocation = Allocation.objects.filter(open_on(on), child=child).order_by("-started_on")
    # The latest legal status on or before the date, in a period of care open at the date.
    status = (
        LegalStatus.objects.filter(child=child, started_on__lte=on, period_of_care__started_on__lte=on)
        .filter(Q(period_of_care__ended_on__isnull=True) | Q(period_of_care__ended_on__gt=on))
        .order_by("-started_on")
    )
    proceedings = CareProceedings.objects.filter(open_on(on, "issued_on", "concluded_on"), child=child)
    return children.annotate(
        legal_status=Subquery(status.values("code")[:1], output_field=CharField()),
        on_cp_plan=Exists(ChildProtectionPlan.objects.filter(open_on(on), child=child)),
        on_cin_plan=Exists(ChildInNeedPlan.objects.filter(open_on(on), child=child)),
        looked_after=Exists(PeriodOfCare.objects.filter(open_on(on), child=child)),
        in_pre_proceedings=Exists(PreProceedings.objects.filter(open_on(on), child=child)),
        in_proceedings=Exists(proceedings),
        allocated_worker_id=Subquery(allocation.values("worker_id")[:1], output_field=IntegerField()),
        allocated_worker=Subquery(
            allocation.annotate(
                name=Concat("worker__first_name", Value(" "), "worker__last_name", output_field=CharField())
            ).values("name")[:1],
            output_field=CharField(),
        ),
        allocated_team=Subquery(allocation.values("team__name")[:1], output_field=CharField()),
        allocated_team_id=Subquery(allocation.values("team_id")[:1], output_field=IntegerField()),
        allocated_since=Subquery(allocation.values("started_on")[:1], output_field=DateField()),
    )


def with_next_due(children: QuerySet[Child], on=None) -> QuerySet[Child]:
    """The four due dates of ``indicators.rules`` (the indicators' own rules), and
    ``next_due``, the earliest of them (None when none applies)."""
    from datetime import date

    from django.db.models import DateField, F, Value
    from django.db.models.functions import Coalesce, Least, NullIf

    from indicators.rules import annotate_due_dates

    on = on or timezone.localdate()
    children = annotate_due_dates(children, on)
    # LEAST ignores NULLs on PostgreSQL but not on SQLite: stand in a far date for "not due".
    never = Value(date(9999, 12, 31), output_field=DateField())
    due = [Coalesce(F(name), never) for name in DUE_FIELDS]
    return children.annotate(next_due=NullIf(Least(*due), never))


DUE_FIELDS = ("statutory_visit_due", "review_due", "cp_visit_due", "pathway_review_due")


# --- Foster carer households ----------------------------------------------------------------------
# Households are not children's records: they are read by the fostering service (people in post
# in, or managing, a Fostering team) and by those who read every child (senior managers and
# performance officers), and recorded only by the fostering service.


def in_fostering_team(user) -> bool:
    """The user manages a Fostering team, or works in one and is in post today.

    One query, remembered on the user object for the rest of the request (as Django keeps
    its permissions): the navigation and the page both ask.
    """
    from workforce.models import Team, TeamType

    if not user.is_authenticated:
        return False
    if not hasattr(user, "_in_fostering_team"):
        today = timezone.localdate()
        works_there = Q(workers__user=user, workers__started_on__lte=today) & (
            Q(workers__ended_on__isnull=True) | Q(workers__ended_on__gt=today)
        )
        teams = Team.objects.filter(Q(managers=user) | works_there, team_type=TeamType.FOSTERING)
        user._in_fostering_team = teams.exists()
    return user._in_fostering_team


def may_read_fostering(user) -> bool:
    if not user.is_authenticated or not user.has_perm("casework.view_fostercarerhousehold"):
        return False
    return user.is_superuser or user.has_perm("casework.view_all_children") or in_fostering_team(user)


def may_record_fostering(user, *permissions: str) -> bool:
    """The user holds the permissions and works in fostering (senior managers only read)."""
    if not user.is_authenticated or not all(user.has_perm(permission) for permission in permissions):
        return False
    return user.is_superuser or in_fostering_team(user)


def households_visible_to(user) -> QuerySet:
    from .models import FosterCarerHousehold

    households = FosterCarerHousehold.objects.all()
    return households if may_read_fostering(user) else households.none()


def with_review_status(households: QuerySet) -> QuerySet:
    """Each household's last completed review and the due date of a review still waiting."""
    from django.db.models import DateField, Max, Subquery

    from .models import FosterCarerReview

    waiting = FosterCarerReview.objects.filter(household=OuterRef("pk"), completed_on__isnull=True)
    return households.annotate(
        last_review_on=Max("reviews__completed_on"),
        waiting_due_on=Subquery(waiting.values("due_on")[:1], output_field=DateField()),
    )
