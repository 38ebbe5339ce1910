"""Care leavers' records: pathway plan reviews and what each birthday from the 17th to the 21st found (OC3)."""

from django.db import models

from . import codes
from .models import ChildRecord


class PathwayPlanReview(ChildRecord):
    reviewed_on = models.DateField("Date reviewed")

    class Meta:
        ordering = ["-reviewed_on"]
        indexes = [models.Index(fields=["child", "reviewed_on"])]

    def __str__(self) -> str:
        return f"Pathway plan review {self.reviewed_on:%d %b %Y}"


class CareLeaverBirthdayRecord(ChildRecord):
    """Activity and accommodation around a care leaver's 17th to 21st birthday (OC3)."""

    age = models.PositiveSmallIntegerField("Birthday", choices=[(age, f"{age}th") for age in range(17, 22)])
    birthday_on = models.DateField(help_text="Set from the date of birth and the birthday.")
    in_touch = models.CharField(max_length=4, choices=codes.InTouch.choices, blank=True)
    activity = models.CharField(max_length=2, choices=codes.CareLeaverActivity.choices)
    accommodation = models.CharField(max_length=2, choices=codes.CareLeaverAccommodation.choices)

    class Meta:
        ordering = ["-birthday_on"]
        indexes = [models.Index(fields=["birthday_on"])]
        constraints = [models.UniqueConstraint(fields=["child", "age"], name="one_record_per_birthday")]

    def __str__(self) -> str:
        return f"{self.get_age_display()} birthday: {self.activity}, {self.accommodation}"
