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
    """One item of the navigation, declared by the app whose page it opens (in its ready())."""

    position: int  # order in the navigation bar
    label: str
    url_name: str
    allowed: Callable
    section: str  # URL prefix that marks the item as the current section


def has_any(*permissions: str) -> Callable:
    return lambda user: any(user.has_perm(permission) for permission in permissions)


ITEMS: list[Item] = [Item(100, "Administration", "admin:index", lambda user: user.is_staff, "/admin")]


def register(*items: Item) -> None:
    """Add an app's items (its ready() calls this once); the bar is ordered by position."""
    for item in items:
        if all(existing.url_name != item.url_name for existing in ITEMS):
            ITEMS.append(item)
    ITEMS.sort(key=lambda item: item.position)


def navigation_for(request) -> list[dict]:
    items = []
    for item in ITEMS:
        if not item.allowed(request.user):
            continue
        href = reverse_path(item.url_name)
        items.append({"label": item.label, "href": href, "active": request.path.startswith(item.section)})
    return items
