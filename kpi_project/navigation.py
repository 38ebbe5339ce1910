"""Navigation by role: each item is shown to the users allowed to open its page."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse


def reverse_path(url_name: str, *args) -> str:
    """reverse(url_name, args=args), worked out once per process for each name, arguments,
    script prefix and URL configuration: a report page links some 500 figures to a handful
    of indicators' pages, and resolving the pattern each time was a tenth of its time."""
    return _reverse_path(url_name, args, get_script_prefix(), get_urlconf())


@lru_cache(maxsize=4096)
def _reverse_path(url_name: str, args: tuple, prefix: str, urlconf) -> str:
    return reverse(url_name, args=args, urlconf=urlconf)


@receiver(setting_changed)
def _forget_paths(*, setting, **kwargs) -> None:
    # As Django forgets its own URL caches when a test overrides the URL configuration.
    if setting == "ROOT_URLCONF":
        _reverse_path.cache_clear()


@dataclass(frozen=True)
class Item:
    label: str
    url_name: str
    allowed: Callable
    section: str  # URL prefix that marks the item as the current section


def _has(*permissions: str) -> Callable:
    return lambda user: any(user.has_perm(permission) for permission in permissions)


def _reads_fostering(user) -> bool:
    from casework.selectors import may_read_fostering

    return may_read_fostering(user)


ITEMS = [
    Item("My caseload", "casework:my_caseload", lambda user: hasattr(user, "social_worker"), "/children/mine"),
    Item("Team caseload", "casework:team_caseload", lambda user: user.managed_teams.exists(), "/children/team"),
    Item("Due and overdue", "casework:due", _has("casework.add_statutoryvisit"), "/children/due"),
    Item("Children", "casework:child_search", _has("casework.view_child"), "/children/search"),
    Item("Foster carers", "fostering:households", _reads_fostering, "/foster-carers"),
    Item("Team KPIs", "indicators:team_kpis", _has("indicators.view_team_kpis"), "/performance/team"),
    Item("Scorecards", "indicators:scorecards", _has("indicators.view_all_kpis"), "/performance/scorecards"),
    Item("Sign-off", "indicators:sign_off", _has("indicators.sign_off_month"), "/performance/sign-off"),
    Item("Imports", "imports:list", _has("casework.import_returns"), "/imports"),
    Item("Returns", "returns:annex_a", _has("casework.import_returns"), "/returns"),
    Item("Teams", "workforce:teams", _has("workforce.view_team"), "/workforce/teams"),
    Item("Social workers", "workforce:workers", _has("workforce.view_socialworker"), "/workforce/workers"),
    Item("Administration", "admin:index", lambda user: user.is_staff, "/admin"),
]


def navigation_for(request) -> list[dict]:
    items = []
    for item in ITEMS:
        if not item.allowed(request.user):
            continue
        href = reverse_path(item.url_name)
        items.append({"label": item.label, "href": href, "active": request.path.startswith(item.section)})
    return items
