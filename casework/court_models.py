"""Courts and permanence: care proceedings, PLO pre-proceedings and adoption (SSDA903 AD1 and placed for adoption)."""

from django.db import models

from . import codes
from .models import ChildRecord, PeriodOfCare, _end_after_start
from .statutory import ssda903 as statutory_903


class CareProceedings(ChildRecord):
    issued_on = models.DateField("Issue date")
    concluded_on = models.DateField("Conclusion date", null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=codes.ProceedingsOutcome.choices, blank=True)

    class Meta:
        ordering = ["-issued_on"]
        verbose_name_plural = "care proceedings"
        indexes = [models.Index(fields=["concluded_on"]), models.Index(fields=["child", "issued_on"])]
        constraints = [
            _end_after_start(
                "issued_on",
                "concluded_on",
                "proceedings_conclude_after_issue",
                "Proceedings cannot conclude before they were issued.",
            ),
        ]

    def __str__(self) -> str:
        return f"Care proceedings issued {self.issued_on:%d %b %Y}"


class PreProceedings(ChildRecord):
    started_on = models.DateField("Start date")
    ended_on = models.DateField("End date", null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = "PLO pre-proceedings"
        verbose_name_plural = "PLO pre-proceedings"
        indexes = [models.Index(fields=["started_on", "ended_on"])]
        constraints = [
            _end_after_start(
                "started_on",
                "ended_on",
                "pre_proceedings_end_after_start",
                "Pre-proceedings cannot end before they start.",
            ),
        ]

    def __str__(self) -> str:
        return f"PLO pre-proceedings from {self.started_on:%d %b %Y}"


class Adoption(ChildRecord):
    period_of_care = models.ForeignKey(
        PeriodOfCare, null=True, blank=True, on_delete=models.SET_NULL, related_name="adoptions"
    )
    decision_on = models.DateField("Decision that the child should be placed for adoption", null=True, blank=True)
    placement_order_on = models.DateField("Placement order", null=True, blank=True)
    matched_on = models.DateField("Matched with adopters", null=True, blank=True)
    moved_in_on = models.DateField("Moved in with adoptive family", null=True, blank=True)
    adoption_order_on = models.DateField("Adoption order", null=True, blank=True)
    ceased_on = models.DateField("No longer placed for adoption", null=True, blank=True)
    reason_ceased = models.CharField(
        "Why the child is no longer to be placed for adoption",
        max_length=3,
        choices=statutory_903.REASON_PLACED_CEASED_CHOICES,
        blank=True,
    )
    # The adopters (SSDA903 AD1), all or none (DfE rule 151).
    by_foster_carers = models.CharField(
        "Adopted by their foster carers", max_length=1, choices=statutory_903.FOSTER_CARE_CHOICES, blank=True
    )
    number_of_adopters = models.CharField(max_length=1, choices=statutory_903.NUMBER_OF_ADOPTERS_CHOICES, blank=True)
    sex_of_adopters = models.CharField(max_length=2, choices=statutory_903.SEX_OF_ADOPTERS_CHOICES, blank=True)
    legal_status_of_adopters = models.CharField(
        max_length=3, choices=statutory_903.LEGAL_STATUS_OF_ADOPTERS_CHOICES, blank=True
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["moved_in_on"])]

    def __str__(self) -> str:
        return f"Adoption plan for {self.child}"
