"""An import of a statutory return: the uploaded files, their progress, and what the check found.

A batch is checked first (a preview: nothing is written to the children's records) and
imported only when a performance officer confirms it. Progress is stored on the batch so
the page can show it by polling or by refreshing. The files hold personal data: their
content is deleted once the batch is imported or cancelled; their names, sizes and
checksums stay as the record of what was imported.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class ReturnKind(models.TextChoices):
    SSDA903 = "ssda903", "SSDA903 (children looked after)"
    CIN_CENSUS = "cin_census", "Children in need census"
    # One upload of a year's SSDA903 files and its CIN census: one preview, one confirmation, one transaction.
    BOTH = "both", "SSDA903 and children in need census"


class BatchStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be checked"
    CHECKING = "checking", "Checking"
    READY = "ready", "Checked: waiting for you to confirm"
    IMPORTING = "importing", "Importing"
    IMPORTED = "imported", "Imported"
    CANCELLED = "cancelled", "Cancelled"
    FAILED = "failed", "Failed"


class Origin(models.TextChoices):
    WEB = "web", "Uploaded on the imports page"
    COMMAND = "command", "Command line"


IN_PROGRESS = (BatchStatus.QUEUED, BatchStatus.CHECKING, BatchStatus.IMPORTING)
# A check or an import reports progress every few seconds while it runs (reading, each child, each few
# thousand records saved): one silent for this long has most likely stopped with its worker.
STALE_AFTER = timedelta(minutes=5)


class ImportBatch(models.Model):
    kind = models.CharField(max_length=12, choices=ReturnKind.choices)
    status = models.CharField(max_length=10, choices=BatchStatus.choices, default=BatchStatus.QUEUED)
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.WEB)
    requested_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The collection year given on upload (the year the return ends)."
    )
    collection_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The year the return ends: 2025 for 2024-25."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    run_by = models.CharField(
        max_length=150, blank=True, help_text="For an import from the command line: the operating-system account."
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Progress of the check or the import in hand.
    stage = models.CharField(max_length=200, blank=True)
    progress_done = models.PositiveBigIntegerField(default=0)
    progress_total = models.PositiveBigIntegerField(default=0)
    progress_at = models.DateTimeField(
        null=True, blank=True, help_text="When the check or import last reported progress."
    )
    # What the last check (or the import) found.
    counts = models.JSONField(
        default=dict, blank=True, help_text="Per record type: how many would be (or were) created, updated, unchanged."
    )
    parts = models.JSONField(
        default=list,
        blank=True,
        help_text="Per return in the upload: its year, counts, rows read and rejected, and files.",
    )
    rows_read = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    earliest_date = models.DateField(null=True, blank=True, help_text="The earliest date the import changes.")
    message = models.TextField(blank=True, help_text="Why the batch failed, in words a performance officer can act on.")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "import"
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        year = f" {self.year_label}" if self.collection_year else ""
        return f"{self.get_kind_display()}{year} (import {self.pk})"

    def get_absolute_url(self) -> str:
        return reverse("imports:detail", args=[self.pk])

    @property
    def year_label(self) -> str:
        return year_label(self.collection_year) if self.collection_year else ""

    @property
    def is_in_progress(self) -> bool:
        return self.status in IN_PROGRESS

    @property
    def can_confirm(self) -> bool:
        return self.status == BatchStatus.READY and self.has_changes

    @property
    def can_cancel(self) -> bool:
        return self.status in (BatchStatus.READY, BatchStatus.FAILED, BatchStatus.QUEUED)

    @property
    def is_mixed(self) -> bool:
        """An upload of both returns: the preview shows each return's counts."""
        return len(self.parts) > 1

    @property
    def short_kind(self) -> str:
        return {ReturnKind.SSDA903: "SSDA903", ReturnKind.CIN_CENSUS: "CIN census"}.get(
            self.kind, "SSDA903 and CIN census"
        )

    @property
    def has_changes(self) -> bool:
        return any(
            count.get("created", 0) or count.get("updated", 0) or count.get("removed", 0)
            for count in self.counts.values()
        )

    @property
    def seems_stuck(self) -> bool:
        """Still waiting for the background worker a few minutes after it was queued."""
        waiting_since = self.confirmed_at if self.status == BatchStatus.IMPORTING else self.created_at
        return (
            self.status in (BatchStatus.QUEUED, BatchStatus.IMPORTING)
            and self.progress_done == 0
            and waiting_since is not None
            and timezone.now() - waiting_since > timedelta(minutes=3)
        )

    @property
    def last_heard_at(self):
        """When the work last showed it was alive: its last progress, else when it was confirmed or uploaded."""
        return (
            self.progress_at or (self.confirmed_at if self.status == BatchStatus.IMPORTING else None) or self.created_at
        )

    @property
    def looks_stale(self) -> bool:
        """In progress but silent for ``STALE_AFTER``. Whether it has really stopped (no import still
        running) is for ``imports.services.batch_is_stale``, which asks the database."""
        return self.status in IN_PROGRESS and timezone.now() - self.last_heard_at > STALE_AFTER

    @property
    def percent_done(self) -> int:
        if not self.progress_total:
            return 0
        return min(100, int(100 * self.progress_done / self.progress_total))

    def get_additional_data(self) -> dict:
        return {"import_batch": self.pk}


class ImportFile(models.Model):
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=255)
    file = models.FileField(upload_to="imports/%Y/%m/", blank=True, max_length=300)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    table = models.CharField(max_length=100, blank=True, help_text="What the check recognised the file as.")
    rows = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    note = models.TextField(blank=True, help_text="What happens to this file, or why it cannot be read.")

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        return {"import_batch": self.batch_id}


class Severity(models.TextChoices):
    ERROR = "error", "Not imported"
    WARNING = "warning", "Imported, check"


class RowIssue(models.Model):
    """One problem with one row: file, row, child, field, what is wrong."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="issues")
    severity = models.CharField(max_length=7, choices=Severity.choices, default=Severity.ERROR)
    file_name = models.CharField(max_length=255)
    row = models.PositiveIntegerField(
        null=True, blank=True, help_text="Spreadsheet row (the header is row 1), or XML line."
    )
    location = models.CharField(max_length=200, blank=True)
    child = models.CharField(max_length=40, blank=True)
    field = models.CharField(max_length=60, blank=True)
    message = models.TextField()

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["batch", "severity"])]

    def __str__(self) -> str:
        return f"{self.file_name} {self.location}: {self.message}"


def year_label(collection_year: int) -> str:
    """2025 -> '2024-25', the way the DfE names a collection year."""
    return f"{collection_year - 1}-{collection_year % 100:02d}"


class ReturnChild(models.Model):
    """What one SSDA903 return's episodes say about one child at its year's end, as the files give it (rows
    refused by the checks included): kept with the imported batch so that the reconciliation can set it beside
    what the product holds, after the files themselves are deleted."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="return_children")
    child = models.CharField(max_length=40)
    in_care_at_end = models.BooleanField(default=False, help_text="An episode open on 31 March.")
    started = models.BooleanField(default=False, help_text="An episode with RNE S began in the year.")
    left = models.BooleanField(default=False, help_text="An episode ended in the year with a REC other than X1.")
    placement_at_end = models.CharField(max_length=4, blank=True, help_text="PLACE of the episode open on 31 March.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["batch", "child"], name="unique_return_child")]

    def __str__(self) -> str:
        return f"{self.child} in import {self.batch_id}"
