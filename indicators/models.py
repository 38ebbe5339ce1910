"""The indicator catalogue, its configuration, and the stored monthly figures.

A snapshot is one figure: (indicator, month, kind, scope). The records behind a month's
figures are stored once per indicator, month and kind as ``SnapshotRecord`` rows hung
off the authority snapshot, each carrying the team and worker it is attributed to; the
team and worker figures are aggregates of those same rows, so a figure and its
drill-down list cannot disagree.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .bands import BandError, parse_band


class Unit(models.TextChoices):
    PERCENTAGE = "percentage", "Percentage"
    COUNT = "count", "Count"
    AVERAGE = "average", "Average"
    DAYS = "days", "Average days"


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = "up", "Higher is better"
    LOWER_IS_BETTER = "down", "Lower is better"
    BAND = "band", "Best inside a band"


class Window(models.TextChoices):
    IN_MONTH = "in_month", "In month"
    MONTH_END = "month_end", "At month end"
    YEAR_TO_DATE = "ytd", "Financial year to date"
    ROLLING_12_MONTHS = "r12", "Rolling 12 months"


class IndicatorStatus(models.TextChoices):
    LIVE = "live", "Live"
    TO_BE_CONFIRMED = "tbc", "To be confirmed"


class Indicator(models.Model):
    code = models.CharField(max_length=10, unique=True, help_text='As the seeds write it: "CP 13", "W 1a", "2.4".')
    title = models.CharField(max_length=300)
    description = models.TextField(help_text="The rule in plain words: what is counted and when.")
    unit = models.CharField(max_length=10, choices=Unit.choices)
    polarity = models.CharField(max_length=4, choices=Polarity.choices)
    window = models.CharField(max_length=10, choices=Window.choices)
    status = models.CharField(max_length=4, choices=IndicatorStatus.choices, default=IndicatorStatus.LIVE)
    calculator = models.CharField(
        max_length=20, blank=True, help_text="Which calculator computes it (its code, unless shared)."
    )
    parameters = models.JSONField(default=dict, blank=True, help_text="Rule parameters, e.g. the CP visit interval.")
    definition_version = models.PositiveIntegerField(
        default=1, help_text="Goes up whenever the rule or a parameter changes."
    )
    rule_version = models.PositiveIntegerField(default=1, editable=False)
    has_team_scope = models.BooleanField(default=True, help_text="Computed for each team.")
    has_worker_scope = models.BooleanField(default=True, help_text="Computed for each social worker.")
    catalogue_position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["catalogue_position", "code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"

    @property
    def is_live(self) -> bool:
        return self.status == IndicatorStatus.LIVE

    @property
    def is_percentage(self) -> bool:
        return self.unit == Unit.PERCENTAGE


class Scorecard(models.Model):
    class Layout(models.TextChoices):
        ROWS = "rows", "Sections and comment rows, as laid out"
        PREFIX = "prefix", "Grouped by the prefix of the indicator codes"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    layout = models.CharField(max_length=10, choices=Layout.choices, default=Layout.ROWS)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class ScorecardRow(models.Model):
    class RowType(models.TextChoices):
        SECTION = "section", "Section heading"
        INDICATOR = "indicator", "Indicator"
        COMMENT = "comment", "Comment"

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField()
    row_type = models.CharField(max_length=10, choices=RowType.choices)
    indicator = models.ForeignKey(Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    theme = models.CharField(max_length=100, blank=True)
    action_plan_ref = models.CharField(max_length=10, blank=True)
    text = models.TextField(
        blank=True, help_text="Section heading or comment text; for an indicator, its measure as written."
    )

    class Meta:
        ordering = ["scorecard", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "position"], name="one_row_per_position"),
            models.CheckConstraint(
                condition=Q(row_type="indicator", indicator__isnull=False) | ~Q(row_type="indicator"),
                name="indicator_row_has_indicator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scorecard}: row {self.position}"


def validate_band_text(value: str) -> None:
    try:
        parse_band(value)
    except BandError as error:
        raise ValidationError(str(error)) from error


class ThresholdSet(models.Model):
    """The Outstanding, Good and Adequate bands, typed as the seed writes them."""

    indicator = models.OneToOneField(Indicator, on_delete=models.CASCADE, related_name="thresholds")
    outstanding = models.CharField(max_length=20, validators=[validate_band_text], help_text="e.g. below 20, 95+, 5-9")
    good = models.CharField(max_length=20, validators=[validate_band_text], help_text="e.g. 20-24, 85-95, 24-20")
    adequate = models.CharField(max_length=20, validators=[validate_band_text], help_text="e.g. 25-30, 75-84, 20-15")

    def __str__(self) -> str:
        return f"Thresholds for {self.indicator.code}"


class Benchmark(models.Model):
    class Kind(models.TextChoices):
        STATISTICAL_NEIGHBOURS = "stat_neighbours", "Statistical neighbour average"
        ENGLAND = "england", "England average"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="benchmarks")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    year = models.CharField(max_length=7, help_text="The year the average is for, e.g. 2012-13.")
    value = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["indicator", "kind", "-year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "kind", "year"], name="one_benchmark_per_year")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}: {self.value}"


class Milestone(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="milestones")
    due_on = models.DateField(help_text="The month end the target applies from.")
    target = models.CharField(
        max_length=20,
        validators=[validate_band_text],
        help_text="A band (75+, below 20, 10-20) or a single number (at least, or at most, by polarity).",
    )

    class Meta:
        ordering = ["indicator", "due_on"]
        constraints = [models.UniqueConstraint(fields=["indicator", "due_on"], name="one_milestone_per_date")]

    def __str__(self) -> str:
        return f"{self.indicator.code} by {self.due_on:%b %Y}: {self.target}"


class SnapshotKind(models.TextChoices):
    PROVISIONAL = "provisional", "Provisional"
    REPORTED = "reported", "As reported"
    RESTATED = "restated", "Restated"


class ScopeType(models.TextChoices):
    AUTHORITY = "authority", "Authority"
    TEAM = "team", "Team"
    WORKER = "worker", "Social worker"


class Method(models.TextChoices):
    COMPUTED = "computed", "Computed from records"
    MANUAL = "manual", "Manual entry (hand-reported)"


class ComputationRun(models.Model):
    """One computation of one month: the fill-state row. A run whose worker stopped is found by the
    queue's drain (its process is gone, or it outlived the lease) and recorded as abandoned."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        ABANDONED = "abandoned", "Abandoned (the worker stopped)"

    month = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    trigger = models.CharField(max_length=30, help_text="beat, command, record saved, import, ...")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    snapshot_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    worker = models.CharField(max_length=120, blank=True, help_text="host:pid of the process computing it")
    # The teams and workers given a figure each ({"teams": [[id, name], ...], "workers": [...]}, names as
    # they were): a provisional team or worker figure with no records and no value ("no data") is not
    # stored, and is read back from here where every scope is listed (export_snapshots, sign-off).
    scopes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["month", "status"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.status} ({self.trigger})"


class Snapshot(models.Model):
    # The references to the indicator, team, worker and run are kept by Django (deleting an
    # indicator, team or worker that has figures is refused; deleting a run clears it), not by
    # database constraints: a month writes tens of thousands of snapshots, and the database's
    # check of each reference locks the row it points at (the same few hundred indicators,
    # teams and workers for every snapshot, in every month computed at the same time), which
    # cost a backfill more than computing the figures. Snapshots are only written by
    # ``services.compute_month``, from rows it has just read in the same transaction.
    # Nor do they have an index each: every index costs each of those rows a write, and the
    # pages find snapshots by indicator, month and scope (the indexes below); only the rare
    # deletion of a team, worker or run looks snapshots up by them.
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="snapshots", db_constraint=False, db_index=False
    )
    month = models.DateField(help_text="First day of the month the figure is for.")
    kind = models.CharField(max_length=12, choices=SnapshotKind.choices)
    scope_type = models.CharField(max_length=10, choices=ScopeType.choices)
    team = models.ForeignKey(
        "workforce.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    worker = models.ForeignKey(
        "workforce.SocialWorker",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    # "authority", "team:<id>", "team:unallocated", "worker:<id>", "worker:unallocated".
    scope_key = models.CharField(max_length=40)
    scope_name = models.CharField(max_length=200, help_text="The scope's name when computed.")
    numerator = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    value = models.DecimalField(max_digits=16, decimal_places=6, null=True, blank=True)
    rating = models.CharField(max_length=30, blank=True)
    definition_version = models.PositiveIntegerField(default=1)
    parameters = models.JSONField(default=dict, blank=True)
    method = models.CharField(max_length=10, choices=Method.choices, default=Method.COMPUTED)
    computed_at = models.DateTimeField()
    run = models.ForeignKey(
        ComputationRun,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="snapshots",
        db_constraint=False,
        db_index=False,
    )

    class Meta:
        ordering = ["month", "indicator__catalogue_position", "scope_type", "scope_name"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "month", "kind", "scope_key"], name="one_snapshot_per_key"),
        ]
        indexes = [
            models.Index(fields=["month", "kind", "scope_key"]),
            models.Index(fields=["indicator", "scope_key", "month"]),
            # The months a report can show (every page's month list): an index-only scan.
            models.Index(fields=["scope_key", "month", "kind"], name="snapshot_months_by_scope"),
        ]
        permissions = [
            ("view_team_kpis", "Can view their team's KPIs"),
            ("view_all_kpis", "Can view every KPI and scorecard"),
            ("sign_off_month", "Can sign off a month's figures"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.month:%Y-%m} {self.scope_name} ({self.kind})"


class SnapshotRecord(models.Model):
    """One record in the denominator of a month's figure (or counted, for a count)."""

    # Written only with its snapshot, in the same transaction (``services.compute_month``), and
    # deleted with it by Django: no database constraint to check for each of a month's tens of
    # thousands of rows, and no index of its own (the two below start with it).
    snapshot = models.ForeignKey(
        Snapshot, on_delete=models.CASCADE, related_name="records", db_constraint=False, db_index=False
    )
    record_type = models.CharField(max_length=40)
    record_id = models.BigIntegerField()
    child_id = models.BigIntegerField(null=True, blank=True)
    team_id = models.BigIntegerField(null=True, blank=True)
    worker_id = models.BigIntegerField(null=True, blank=True)
    in_numerator = models.BooleanField()
    numerator = models.DecimalField(max_digits=14, decimal_places=4)
    denominator = models.DecimalField(max_digits=14, decimal_places=4)
    reference_date = models.DateField(null=True, blank=True)
    detail_date = models.DateField(null=True, blank=True, help_text="The date the explanation turns on.")
    detail = models.CharField(max_length=40, blank=True, help_text="Why in or out, as a short code.")

    class Meta:
        indexes = [
            models.Index(fields=["snapshot", "team_id"]),
            models.Index(fields=["snapshot", "worker_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.record_type} {self.record_id} in {self.snapshot_id}"


class MonthSignOff(models.Model):
    month = models.DateField(unique=True)
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_off_at = models.DateTimeField()

    class Meta:
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"{self.month:%B %Y} signed off"


class Commentary(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="commentaries")
    month = models.DateField()
    scope_key = models.CharField(max_length=40, default="authority")
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-month"]
        verbose_name_plural = "commentaries"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "month", "scope_key"], name="one_commentary_per_figure"),
        ]

    def __str__(self) -> str:
        return f"Comment on {self.indicator.code} for {self.month:%b %Y}"
