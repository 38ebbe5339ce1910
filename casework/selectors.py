"""Reads of children and their records, scoped to the user.

One rule, used by every page, export and the admin:
- senior managers and performance officers read every child except restricted ones;
- social workers and team managers see the children currently allocated to their
  team(s);
- a restricted child is seen only by their allocated worker and the manager of the
  allocated team.
"""

import json
from collections.abc import Callable
from datetime import date
from functools import lru_cache

from django.db import NotSupportedError
from django.db.models import (
    CharField,
    DateField,
    Exists,
    Expression,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Concat
from django.utils import timezone

from core.prepared import DUE_DATES
from workforce.selectors import managed_team_ids, open_on, team_ids_for, worker_for

from .models import Allocation, Child


def allocated_child_ids(on: date, **who) -> QuerySet:
    """The ids of the children allocated at the date to the worker or teams given: a subquery
    that reads the allocations through their (worker|team, started_on, ended_on) index once,
    rather than one lookup per child of the authority (``Exists`` correlated on the child)."""
    return Allocation.objects.filter(open_on(on), **who).values("child_id")


def children_visible_to(user) -> QuerySet[Child]:
    children = Child.objects.all()
    if not user.is_authenticated:
        return children.none()
    if user.is_superuser:
        return children
    today = timezone.localdate()
    worker = worker_for(user)
    managed = managed_team_ids(user)
    restricted_allowed = Q(pk__in=[])
    if worker is not None:
        restricted_allowed |= Q(pk__in=allocated_child_ids(today, worker=worker))
    if managed:
        restricted_allowed |= Q(pk__in=allocated_child_ids(today, team__in=managed))
    if user.has_perm("casework.view_all_children"):
        return children.filter(Q(is_restricted=False) | restricted_allowed)
    teams = team_ids_for(user)
    if not teams or not user.has_perm("casework.view_child"):
        return children.none()
    # The restriction is tested on the team's allocations themselves (a hundred rows), not on
    # the children: "in the team and (not restricted or allocated to me)" over the children made
    # PostgreSQL hash-join every child of the authority (56 ms against 1 ms on the large demo).
    # A restricted child is seen through an allocation of the team to this worker, or to a
    # team this user manages.
    allowed = Q(child__is_restricted=False)
    if worker is not None:
        allowed |= Q(worker=worker)
    if managed:
        allowed |= Q(team__in=managed)
    in_team = allocated_child_ids(today, team__in=teams).filter(allowed)
    return children.filter(pk__in=in_team)


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
    return children_visible_to(user).filter(pk__in=allocated_child_ids(on, worker=worker))


def team_caseload_of(user, on=None) -> QuerySet[Child]:
    """The children allocated to the teams the user manages, on the date."""
    on = on or timezone.localdate()
    managed = managed_team_ids(user)
    if not managed:
        return Child.objects.none()
    return children_visible_to(user).filter(pk__in=allocated_child_ids(on, team__in=managed))


def _held_by_a_worker_who_has_left(on: date) -> QuerySet[Allocation]:
    return Allocation.objects.filter(open_on(on), child=OuterRef("pk"), worker__ended_on__lte=on)


def allocated_to_a_worker_who_has_left(on: date) -> Exists:
    """The child's allocation open on the date is to a worker no longer in post on it (their
    employment ended on or before the date). Nobody holds such a child: the caseload indicators
    (W 1, 4.5, 4.6) leave the worker out, and the team manager's due list names the child."""
    return Exists(_held_by_a_worker_who_has_left(on))


def children_of_workers_who_have_left(user, on=None) -> QuerySet[Child]:
    """The children of the teams the user manages whose open allocation is to a worker who has
    left, with that worker's name and end date, longest left first (one query)."""
    on = on or timezone.localdate()
    held = _held_by_a_worker_who_has_left(on)
    return (
        team_caseload_of(user, on)
        .filter(allocated_to_a_worker_who_has_left(on))
        .annotate(
            left_worker=Subquery(
                held.annotate(name=Concat("worker__first_name", Value(" "), "worker__last_name")).values("name")[:1],
                output_field=CharField(),
            ),
            left_on=Subquery(held.values("worker__ended_on")[:1], output_field=DateField()),
        )
        .order_by("left_on", "last_name", "first_name", "pk")
    )


# --- What a list or a record page shows about each child ---------------------------------------
# The key facts and the due dates are correlated subqueries over the child's records: the due
# dates of ``casework.timescales`` alone are some 40 KB of SQL, and turning them into SQL (Django
# building and compiling the expressions) cost more than PostgreSQL took to plan and run them.
# Their SQL depends only on the date and the rules' parameters, not on which children a query
# selects, so each is compiled once per database, date and parameters and reused as SQL.


class CompiledSQL(Expression):
    """An annotation's SQL compiled over the children table (``compiled_annotations``).

    It names the table's columns as ``"casework_child"."id"``, so it is right only in a query
    whose rows are children from that table: a query using it cannot become a subquery (where
    the table is given another alias), and is refused rather than give another row's values.
    """

    def __init__(self, sql: str, params: tuple, output_field, table: str):
        super().__init__(output_field=output_field)
        self.sql, self.params, self.table = sql, params, table

    def __repr__(self):
        return f"{self.__class__.__name__}({self.sql[:60]}..., {self.params})"

    def as_sql(self, compiler, connection):
        return f"({self.sql})", list(self.params)

    def get_group_by_cols(self):
        return [self]

    def relabeled_clone(self, change_map):
        if self.table in change_map:
            raise NotSupportedError(
                "Key facts and due dates compiled over the children table cannot be used in a "
                "subquery: filter on the children's ids instead."
            )
        return self


def compiled_annotations(using: str, build: Callable[..., QuerySet[Child]], *arguments) -> dict[str, CompiledSQL]:
    """Each annotation that ``build(children, *arguments)`` adds, compiled once for the database.

    ``build`` must annotate through subqueries only (no join to the children table): the SQL
    it gives is then the same in any query over children, whatever they are filtered by.
    ``arguments`` (dates, parameters as JSON) are the cache key with ``build`` and the time zone
    (which SQL of local dates names): the cache holds SQL and its parameters, never anything read
    from the records.
    """
    return _compiled_annotations(using, timezone.get_current_timezone_name(), build, *arguments)


@lru_cache(maxsize=32)
def _compiled_annotations(using: str, time_zone: str, build: Callable, *arguments) -> dict[str, CompiledSQL]:
    query = build(Child.objects.using(using).all(), *arguments).query
    table = Child._meta.db_table
    if set(query.alias_map) != {table}:
        raise NotSupportedError(f"{build.__name__} joins other tables to the children's: it cannot be compiled once.")
    compiler = query.get_compiler(using=using)
    compiled = {}
    for name, annotation in query.annotations.items():
        sql, params = compiler.compile(annotation)
        compiled[name] = CompiledSQL(sql, tuple(params), annotation.output_field, table)
    return compiled


def _case_status(children: QuerySet[Child], on: date) -> QuerySet[Child]:
    from .models import (
        CareProceedings,
        ChildInNeedPlan,
        ChildProtectionPlan,
        LegalStatus,
        PeriodOfCare,
        PreProceedings,
    )

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


def with_case_status(children: QuerySet[Child], on=None) -> QuerySet[Child]:
    """What a list or a record page shows about each child at the date, in the same query:
    current legal status, open plans (CP, CIN, looked after, pre-proceedings, care
    proceedings), and the allocated worker and team."""
    on = on or timezone.localdate()
    return children.annotate(**compiled_annotations(children.db, _case_status, on))


def with_allocated_worker(children: QuerySet[Child], on=None) -> QuerySet[Child]:
    """Only the allocated worker's name at the date, as ``allocated_worker`` (a list that shows no
    other key fact need not pay for ``with_case_status``'s eleven subqueries)."""
    on = on or timezone.localdate()
    allocation = Allocation.objects.filter(open_on(on), child=OuterRef("pk")).order_by("-started_on")
    name = Concat("worker__first_name", Value(" "), "worker__last_name", output_field=CharField())
    return children.annotate(
        allocated_worker=Subquery(allocation.annotate(name=name).values("name")[:1], output_field=CharField())
    )


DUE_FIELDS = ("statutory_visit_due", "review_due", "cp_visit_due", "pathway_review_due")
# The rest of the day's work (``casework.due_rules``), and the records their forms correct.
MORE_DUE_FIELDS = (
    "assessment_due",
    "initial_conference_due",
    "review_conference_due",
    "cin_review_due",
    "supervision_due",
    "return_interview_due",
)
DUE_LIST_FIELDS = DUE_FIELDS + MORE_DUE_FIELDS
DUE_RECORD_IDS = ("assessment_due_id", "return_interview_episode_id")


def _due_dates(children: QuerySet[Child], on: date, parameters: str) -> QuerySet[Child]:
    from casework.due_rules import annotate_more_due_dates
    from casework.timescales import annotate_due_dates

    parameters = json.loads(parameters)
    return annotate_more_due_dates(annotate_due_dates(children, on, parameters), on, parameters)


def _due_annotations(using: str, on: date, names=DUE_FIELDS) -> dict[str, CompiledSQL]:
    """Due dates of ``casework.timescales`` and ``casework.due_rules`` (the indicators' own rules)
    with the parameters stored now (one query), without the dates they are worked out from."""
    from casework.due_rules import stored_due_parameters

    parameters = json.dumps(stored_due_parameters(), sort_keys=True)
    compiled = compiled_annotations(using, _due_dates, on, parameters)
    return {name: compiled[name] for name in names}


def with_next_due(children: QuerySet[Child], on=None) -> QuerySet[Child]:
    """Every due date of the due list (``DUE_LIST_FIELDS``), the records their forms correct
    (``DUE_RECORD_IDS``), and ``next_due``, the earliest date (None when none applies)."""
    from django.db.models import F
    from django.db.models.functions import Coalesce, Least, NullIf

    from core.layering import layered

    on = on or timezone.localdate()
    children = children.annotate(**_due_annotations(children.db, on, DUE_LIST_FIELDS + DUE_RECORD_IDS))
    # Each due date once a child, in a materialised CTE: ``next_due``, the window's filter and the
    # order read its columns, where Django would write each date's SQL out again in each.
    # Named so that the statement is prepared (core/prepared.py).
    children = layered(children, name=DUE_DATES)
    # LEAST ignores NULLs on PostgreSQL but not on SQLite: stand in a far date for "not due".
    never = Value(date(9999, 12, 31), output_field=DateField())
    due = [Coalesce(F(name), never) for name in DUE_LIST_FIELDS]
    return children.annotate(next_due=NullIf(Least(*due), never))


def due_dates_that_apply(child: Child, on: date) -> tuple[str, ...]:
    """Which of the four due dates can be set for a child with ``with_case_status`` at the date.

    Each rule gives None outside its own condition, and these are those conditions as the key
    facts already show them: visits and reviews while looked after (a period of care open at the
    date), CP visits while a CP plan is open, a pathway plan review for a care leaver, who is 18
    to 21 and no longer looked after (``rules.of_care_leaver_age``). Whether a child of that age
    is a care leaver is for the rule to say.
    """
    from casework.timescales import of_care_leaver_age

    applies = {
        "statutory_visit_due": child.looked_after,
        "review_due": child.looked_after,
        "cp_visit_due": child.on_cp_plan,
        "pathway_review_due": not child.looked_after and of_care_leaver_age(child.date_of_birth, on),
    }
    return tuple(name for name in DUE_FIELDS if applies[name])


def add_due_dates(child: Child, on: date) -> None:
    """Sets the four due dates on one child read with ``with_case_status`` at the date: one
    query for the rules' parameters and one for the dates, computed only for the rules that can
    apply to the child (``due_dates_that_apply``), and no query when none can."""
    wanted = due_dates_that_apply(child, on)
    for name in DUE_FIELDS:
        setattr(child, name, None)
    if not wanted:
        return
    using = child._state.db or "default"
    annotations = _due_annotations(using, on)
    one = Child.objects.using(using).filter(pk=child.pk)
    values = one.annotate(**{name: annotations[name] for name in wanted}).values(*wanted).get()
    for name, value in values.items():
        setattr(child, name, value)


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


def current_allocation(child) -> Allocation | None:
    today = timezone.localdate()
    return Allocation.objects.filter(open_on(today), child=child).select_related("worker", "team").first()
