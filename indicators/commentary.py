"""Managers' commentary on a figure: writing it, and reading its history.

One comment per indicator, month and scope (the model's unique key); editing replaces
the text and keeps every earlier version in the audit log. The history is read back
from django-auditlog's ``LogEntry`` rather than from a history table of our own:
``Commentary`` is registered with auditlog (``indicators/audit.py``), so every change
is logged however it is made (this page, the admin, a shell), in the same transaction
as the change, with the person who made it. A second history table would duplicate
that and miss the changes made elsewhere.
"""

from dataclasses import dataclass
from datetime import date, datetime

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction

from core.periods import month_start

from .models import Commentary, Indicator


@transaction.atomic
def commentary_save(*, indicator: Indicator, month: date, scope_key: str, text: str, by: User) -> Commentary:
    """Write or rewrite the comment on a figure. The person who writes the text is its author;
    the earlier text and its author stay in the history."""
    month = month_start(month)
    with set_actor(by):
        commentary = (
            Commentary.objects.select_for_update().filter(indicator=indicator, month=month, scope_key=scope_key).first()
        )
        if commentary is None:
            if not by.has_perm("indicators.add_commentary"):
                raise PermissionDenied
            commentary = Commentary(indicator=indicator, month=month, scope_key=scope_key, text=text, author=by)
            commentary.full_clean()
            commentary.save()
            return commentary
        if not by.has_perm("indicators.change_commentary"):
            raise PermissionDenied
        if commentary.text == text:
            return commentary  # nothing changed: no new version
        commentary.text = text
        commentary.author = by
        commentary.full_clean()
        commentary.save()
        return commentary


@dataclass(frozen=True)
class Version:
    text: str
    by: str
    at: datetime
    is_current: bool


def _name(user) -> str:
    if user is None:
        return "unknown"
    return user.get_full_name() or user.username


def commentary_history(commentary: Commentary | None) -> list[Version]:
    """Every version of the comment, newest first (one query)."""
    if commentary is None:
        return []
    entries = (
        LogEntry.objects.get_for_object(commentary)
        .filter(action__in=[LogEntry.Action.CREATE, LogEntry.Action.UPDATE])
        .select_related("actor")
        .order_by("-timestamp", "-pk")
    )
    versions = []
    for entry in entries:
        change = (entry.changes_dict or {}).get("text")
        if not change:
            continue  # saved without a change to the text
        versions.append(Version(text=change[1], by=_name(entry.actor), at=entry.timestamp, is_current=False))
    if versions:
        first = versions[0]
        versions[0] = Version(first.text, first.by, first.at, is_current=True)
    return versions
