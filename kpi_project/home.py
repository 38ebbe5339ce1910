"""What the home page shows each role: the sections it asks of casework and of the indicators.

A social worker: their overdue work and what is due in the next 14 days. A team manager: the
team's overdue work by worker, children of workers who have left, unallocated children, case
supervision due, and the team's measures whose band changed since the month before. A senior
manager or performance officer: the authority's measures whose band changed, the milestones
off track and the months waiting for sign-off. Each section costs a fixed number of queries.
"""

from django.conf import settings
from django.utils import timezone


def day_work(user) -> dict:
    from casework.home import children_of_leavers, my_due_work, team_due_work, unallocated_children
    from indicators.home import band_changes, latest_month, milestones_off_track, months_waiting_for_sign_off
    from indicators.selectors import AUTHORITY, sees_all_kpis, sees_team_kpis
    from workforce.models import Team
    from workforce.selectors import managed_team_ids, worker_for

    if not user.is_authenticated:
        return {}
    today = timezone.localdate()
    context: dict = {"today": today}
    if worker_for(user) is not None and user.has_perm("casework.view_child"):
        context["my_work"] = my_due_work(user, today)
    managed = managed_team_ids(user) if user.has_perm("casework.view_child") else set()
    month = latest_month() if sees_team_kpis(user) else None
    context["figures_month"] = month
    if managed:
        context["team_work"] = team_due_work(user, today)
        context["leavers_children"] = children_of_leavers(user, today)
        context["unallocated"] = unallocated_children(user, today)
        if month is not None:
            teams = Team.objects.filter(pk__in=managed).order_by("name").values_list("pk", "name")
            context["team_band_changes"] = band_changes({f"team:{pk}": name for pk, name in teams}, month)
    if sees_all_kpis(user):
        if month is not None:
            context["band_changes"] = band_changes({AUTHORITY: settings.AUTHORITY_NAME}, month)
            context["off_track"] = milestones_off_track(month)
        context["waiting_sign_off"] = months_waiting_for_sign_off()
    return context
