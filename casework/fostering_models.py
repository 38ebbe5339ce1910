"""Foster carer households, their approval and deregistration, and their annual reviews (F 3)."""

from django.db import models

from .models import _end_after_start


class FosterCarerHousehold(models.Model):
    reference = models.CharField(max_length=30, unique=True)
    name = models.CharField(max_length=200)
    approved_on = models.DateField("Approval date")
    deregistered_on = models.DateField("Deregistered", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            _end_after_start(
                "approved_on",
                "deregistered_on",
                "carer_deregistered_after_approval",
                "A household cannot be deregistered before it was approved.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"


class FosterCarerReview(models.Model):
    household = models.ForeignKey(FosterCarerHousehold, on_delete=models.CASCADE, related_name="reviews")
    due_on = models.DateField("Due date")
    completed_on = models.DateField("Completed", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due_on"]
        indexes = [models.Index(fields=["due_on"])]
        constraints = [
            models.UniqueConstraint(fields=["household", "due_on"], name="one_review_per_due_date"),
        ]

    def __str__(self) -> str:
        return f"Annual review of {self.household} due {self.due_on:%d %b %Y}"
