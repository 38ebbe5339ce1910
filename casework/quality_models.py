"""Quality assurance: case audits."""

from django.conf import settings
from django.db import models

from . import codes
from .models import ChildRecord


class CaseAudit(ChildRecord):
    audited_on = models.DateField("Date of audit")
    case_type = models.CharField(max_length=3, choices=codes.CaseType.choices)
    grade = models.CharField(max_length=20, choices=codes.AuditGrade.choices)
    views_and_wishes_met = models.BooleanField("Views and wishes standard met")
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-audited_on"]
        indexes = [models.Index(fields=["audited_on"])]

    def __str__(self) -> str:
        return f"{self.get_case_type_display()} audit {self.audited_on:%d %b %Y}: {self.get_grade_display()}"
