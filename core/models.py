"""The facts a lower floor writes for a higher one to act on.

A saved record makes some months' figures stale. Casework and workforce cannot import the
indicators (they sit below them), so they write that fact here, in the same transaction as
the record, and the indicators read it (``indicators.queue``). Nothing is lost when the
broker is down or a worker dies: the rows stay until a computation that started after them
has finished.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models

EARLIEST_MONTH_ALLOWED = "1990-01-01"


class RecomputeRequest(models.Model):
    """One request to recompute the months from ``first_month`` to ``last_month``: written by a
    save (insert only, so saves never wait on one another or on a computation) and folded into
    ``PendingMonth`` by the drain."""

    first_month = models.DateField()
    last_month = models.DateField()
    reason = models.CharField(max_length=60)
    requested_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.first_month:%Y-%m} to {self.last_month:%Y-%m} ({self.reason})"


class PendingMonth(models.Model):
    """A month whose figures wait to be recomputed, once however many saves touched it.

    ``token`` changes each time the month is marked again: a computation clears the month only
    if the token it claimed is still there, so a save made while it ran is computed again.
    A claim older than the lease, or held by a worker process that no longer exists, is
    taken over (the worker died)."""

    month = models.DateField(unique=True)
    first_marked_at = models.DateTimeField(help_text="Waiting since")
    last_marked_at = models.DateTimeField()
    reason = models.CharField(max_length=60, help_text="Why it was last marked")
    token = models.UUIDField(default=uuid.uuid4)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=120, blank=True, help_text="host:pid of the worker computing it")
    attempts = models.PositiveIntegerField(default=0, help_text="Computations of it that failed")
    retry_after = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-month"]
        verbose_name = "month waiting for recomputation"
        verbose_name_plural = "months waiting for recomputation"

    def __str__(self) -> str:
        return f"{self.month:%B %Y}"


class FiguresHorizon(models.Model):
    """The authority's first month of figures (one row). No month before it is computed or offered."""

    first_month = models.DateField(
        null=True,
        blank=True,
        help_text=(
            "The first month the product computes and shows figures for (the 1st of a month). Leave empty "
            "for the default: ten years before today, or the earliest month of imported history if that "
            "is earlier."
        ),
    )
    earliest_history_month = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="The earliest month of imported history (returns, hand-reported figures), kept by the product.",
    )

    class Meta:
        verbose_name = "figures horizon"
        verbose_name_plural = "figures horizon"

    def __str__(self) -> str:
        return "Figures horizon"

    def clean(self) -> None:
        from datetime import date

        from django.utils import timezone

        if self.first_month is None:
            return
        if self.first_month.day != 1:
            raise ValidationError({"first_month": "Give the first day of a month, for example 1 April 2016."})
        if self.first_month < date.fromisoformat(EARLIEST_MONTH_ALLOWED):
            raise ValidationError({"first_month": "The first month of figures cannot be before January 1990."})
        if self.first_month > timezone.localdate():
            raise ValidationError({"first_month": "The first month of figures cannot be in the future."})


class CalendarDay(models.Model):
    """Working-day arithmetic in the database (England and Wales bank holidays).

    ``working_days_through`` counts working days on or before the date;
    ``working_days_before`` those strictly before it. An event on E is within N working
    days of D when ``E.working_days_before < D.working_days_through + N``.
    """

    date = models.DateField(primary_key=True)
    is_working_day = models.BooleanField()
    working_days_before = models.PositiveIntegerField()
    working_days_through = models.PositiveIntegerField()

    class Meta:
        # The table kept its name when the calendar moved down from indicators to the shared base.
        db_table = "indicators_calendarday"
        ordering = ["date"]
        # "the date N working days after D" looks a working day up by its count.
        indexes = [models.Index(fields=["working_days_through", "is_working_day"], name="calendar_working_day_count")]

    def __str__(self) -> str:
        return f"{self.date} ({'working' if self.is_working_day else 'not working'})"
