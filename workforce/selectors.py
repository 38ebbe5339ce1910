"""Reads of the workforce, scoped to what the user may see."""

from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import SocialWorker, Team


def worker_for(user) -> SocialWorker | None:
    if not user.is_authenticated:
        return None
    try:
        return user.social_worker
    except SocialWorker.DoesNotExist:
        return None


def in_post_on(worker: SocialWorker, day: date) -> bool:
    """The worker has started and not yet left on the day (a leaving date is their last day + 1,
    as for every period here: "open at D" is start <= D < end)."""
    return worker.started_on <= day and (worker.ended_on is None or worker.ended_on > day)


def team_ids_for(user) -> set[int]:
    """The teams a person works in: their own, while they are in post today (a leaving date
    next month keeps access until then), and those they manage."""
    if not user.is_authenticated:
        return set()
    ids = set(user.managed_teams.values_list("pk", flat=True))
    worker = worker_for(user)
    if worker is not None and in_post_on(worker, timezone.localdate()):
        ids.add(worker.team_id)
    return ids


def managed_team_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(user.managed_teams.values_list("pk", flat=True))


def team_names_for(user) -> list[str]:
    return list(Team.objects.filter(pk__in=team_ids_for(user)).values_list("name", flat=True))


def sees_every_team(user) -> bool:
    return user.is_superuser or user.has_perm("indicators.view_all_kpis") or user.has_perm("workforce.change_team")


def teams_visible_to(user) -> QuerySet[Team]:
    teams = Team.objects.all()
    if sees_every_team(user):
        return teams
    return teams.filter(pk__in=team_ids_for(user))


def workers_visible_to(user) -> QuerySet[SocialWorker]:
    workers = SocialWorker.objects.select_related("team", "post")
    if sees_every_team(user):
        return workers
    return workers.filter(team__in=team_ids_for(user))


def open_on(day: date, start: str = "started_on", end: str = "ended_on") -> Q:
    """Open at D: start <= D and (end is empty or end > D)."""
    return Q(**{f"{start}__lte": day}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": day}))


def _count_subquery(queryset: QuerySet, group_field: str) -> Coalesce:
    counted = queryset.values(group_field).annotate(count=Count("*")).values("count")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _allocations() -> QuerySet:
    """Every allocation of a child to a worker. The model is casework's, above this layer, which
    declares it with a foreign key to SocialWorker: it is reached through that relation, not imported."""
    return SocialWorker._meta.get_field("allocations").related_model.objects.all()


def with_caseload(workers: QuerySet[SocialWorker], on: date | None = None) -> QuerySet[SocialWorker]:
    """Each worker's number of children allocated to them on the date (one subquery)."""
    on = on or timezone.localdate()
    current = _allocations().filter(open_on(on), worker=OuterRef("pk"))
    return workers.annotate(caseload=_count_subquery(current, "worker"))


def with_team_figures(teams: QuerySet[Team], on: date | None = None) -> QuerySet[Team]:
    """Workers in post, funded FTE, and children allocated, per team on the date."""
    from .models import Post

    on = on or timezone.localdate()
    workers = SocialWorker.objects.filter(open_on(on), team=OuterRef("pk"))
    children = _allocations().filter(open_on(on), team=OuterRef("pk"))
    posts = Post.objects.filter(open_on(on, "funded_from", "funded_to"), team=OuterRef("pk"))
    funded = posts.values("team").annotate(total=Sum("fte")).values("total")
    return teams.annotate(
        worker_count=_count_subquery(workers, "team"),
        caseload=_count_subquery(children, "team"),
        funded_fte=Subquery(funded),
    )
