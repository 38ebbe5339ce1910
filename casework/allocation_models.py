"""Who holds a child's case (allocations) and a manager's supervision of it.

They are about children, so they live with the children's records; their tables keep the
names they had when they lived in workforce (casework migration 0002).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from workforce.models import SocialWorker, Team

from .statutory import ssda903 as statutory_903


class Allocation(models.Model):
    """A child's allocated worker and team from ``started_on`` until ``ended_on``.

    Open at D when started_on <= D and (ended_on is empty or ended_on > D), so an
    allocation ending on D hands over on D.
    """

    child = models.ForeignKey("casework.Child", on_delete=models.CASCADE, related_name="allocations")
    worker = models.ForeignKey(SocialWorker, on_delete=models.PROTECT, related_name="allocations")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="allocations")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    reason = models.CharField(
        "Why the social worker changed",
        max_length=6,
        choices=statutory_903.SW_REASON_CHOICES,
        blank=True,
        help_text="Why this worker took the case (SSDA903 SW_REASON): FCONTA for the child's first worker.",
    )
    source = models.CharField(max_length=40, blank=True, default="", help_text="Where this came from if imported.")
    source_reference = models.CharField(
        max_length=200, blank=True, help_text="For imported allocations: return, year, file and row."
    )

    class Meta:
        db_table = "workforce_allocation"  # its table since it lived in workforce
        ordering = ["-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(ended_on__isnull=True),
                name="one_current_allocation_per_child",
                violation_error_message="This child already has a current allocation: end it first.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="allocation_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["child", "started_on", "ended_on"]),
            models.Index(fields=["worker", "started_on", "ended_on"]),
            models.Index(fields=["team", "started_on", "ended_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.child} to {self.worker} ({self.started_on} to {self.ended_on or 'now'})"

    def clean(self) -> None:
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "The allocation cannot end before it starts."})


class CaseSupervision(models.Model):
    """A manager's supervision of one child's case (QA 1)."""

    child = models.ForeignKey("casework.Child", on_delete=models.CASCADE, related_name="supervisions")
    supervised_on = models.DateField("Date of supervision")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "workforce_casesupervision"  # its table since it lived in workforce
        ordering = ["-supervised_on"]
        verbose_name_plural = "case supervision records"
        indexes = [models.Index(fields=["child", "supervised_on"])]

    def __str__(self) -> str:
        return f"Supervision of {self.child} on {self.supervised_on}"

    def get_additional_data(self) -> dict:
        """Stored by django-auditlog with each entry: the child's history still finds a removed
        supervision's entries, which its id no longer does."""
        return {"child_id": self.child_id}

    def clean(self) -> None:
        if self.supervised_on and self.supervised_on > timezone.localdate():
            raise ValidationError({"supervised_on": "The supervision date cannot be in the future."})
