"""The workforce: teams, funded posts, social workers, allocations and supervision.

These are the facts behind P 1, W 1-W 1e, 4.1-4.6, QA 1 and LAC 19. Validation that
needs more than one row (overlaps, one current allocation per child) lives in
``workforce.services``; ``clean()`` here checks one row on its own.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone


class TeamType(models.TextChoices):
    FRONT_DOOR = "front_door", "Front Door"
    ASSESSMENT = "assessment", "Assessment"
    CARE_PLANNING = "care_planning", "Care Planning"
    PERMANENCE = "permanence", "Permanence"
    LEAVING_CARE = "leaving_care", "Leaving Care"
    FOSTERING = "fostering", "Fostering"
    ADOPTION = "adoption", "Adoption"


class Team(models.Model):
    name = models.CharField(max_length=100, unique=True)
    team_type = models.CharField(max_length=20, choices=TeamType.choices)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_teams",
        help_text="Team managers: they see this team's children and KPIs.",
    )
    is_active = models.BooleanField(default=True)
    # Set by the SSDA903 import on the team it makes for the social workers it does not know.
    source = models.CharField(max_length=40, blank=True, default="", help_text="Where this came from if imported.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Post(models.Model):
    """A funded social worker post (establishment), filled or vacant over time."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="posts")
    reference = models.CharField(max_length=30, unique=True, help_text="Establishment reference, e.g. AS-014.")
    fte = models.DecimalField(
        "FTE",
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"), message="A post's FTE must be more than 0.")],
        help_text="Full-time equivalent, e.g. 1.00 or 0.60.",
    )
    funded_from = models.DateField()
    funded_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.CheckConstraint(condition=Q(fte__gt=0), name="post_fte_positive"),
            models.CheckConstraint(
                condition=Q(funded_to__isnull=True) | Q(funded_to__gte=models.F("funded_from")),
                name="post_funded_to_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.team}, {self.fte} FTE)"

    def clean(self) -> None:
        errors = {}
        if self.fte is not None and self.fte <= 0:
            errors["fte"] = "A post's FTE must be more than 0."
        if self.funded_to and self.funded_from and self.funded_to < self.funded_from:
            errors["funded_to"] = "The funding end date must be on or after the funding start date."
        if errors:
            raise ValidationError(errors)


class Employment(models.TextChoices):
    PERMANENT = "permanent", "Permanent"
    AGENCY = "agency", "Agency"


class SocialWorker(models.Model):
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="social_worker",
        help_text="The login this worker uses, if they have one.",
    )
    swe_number = models.CharField("Social Work England number", max_length=20, unique=True, null=True, blank=True)
    qualified_on = models.DateField("Qualification date", null=True, blank=True)
    employment = models.CharField(max_length=10, choices=Employment.choices, default=Employment.PERMANENT)
    asye_started_on = models.DateField(
        "ASYE start date", null=True, blank=True, help_text="Start of the newly qualified year, if any."
    )
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="holders")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="workers")
    started_on = models.DateField("Start date")
    ended_on = models.DateField("End date", null=True, blank=True)
    # Set by the SSDA903 import: the worker ID the return carries (SW_ID).
    external_id = models.CharField(max_length=30, unique=True, null=True, blank=True)
    # A worker the SSDA903 import made from an SW_ID the product did not know, for the authority to match.
    source = models.CharField(max_length=40, blank=True, default="", help_text="Where this came from if imported.")
    source_reference = models.CharField(
        max_length=200, blank=True, help_text="For an imported worker: the return, year, file and row that named them."
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="worker_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["team", "started_on", "ended_on"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def clean(self) -> None:
        errors = {}
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = (
                "A worker cannot leave before they start: the end date must be on or after the start date."
            )
        today = timezone.localdate()
        if self.qualified_on and self.qualified_on > today:
            errors["qualified_on"] = "The qualification date cannot be in the future."
        if self.asye_started_on and self.qualified_on and self.asye_started_on < self.qualified_on:
            errors["asye_started_on"] = "The ASYE cannot start before the worker qualified."
        if self.post_id and self.team_id and self.post.team_id != self.team_id:
            errors["post"] = "The post belongs to another team: choose a post in the worker's team."
        if errors:
            raise ValidationError(errors)
