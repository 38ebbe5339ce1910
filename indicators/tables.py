"""The report tables, for the pages and for their CSV and Excel exports.

Each table renders figures through one function (``indicators.templatetags.figures.
figure_html``: the value coloured by its rating, the rating in words, provisional and
small-number marks, the link to the records behind it) and exports them as plain values
with their numerator, denominator, rating and kind in columns of their own.

Exports go through ``core.exports.export_response`` (formula-safe cells, every export audited).
"""

from datetime import date
from decimal import Decimal

import django_tables2 as tables
from django.core.paginator import Paginator
from django.urls import NoReverseMatch, reverse
from django.utils import dateformat, timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from core.periods import format_month
from core.tables import BaseTable

from .bands import round_half_up
from .explanations import describe_record
from .formatting import format_number
from .models import Unit
from .report_sign_off import SignOffLine
from .selectors import Figure
from .templatetags.figures import figure_html

# --- Cells ------------------------------------------------------------------------------


def plain_value(figure: Figure | None):
    """The value as the page rounds it (a number), "to be confirmed", or empty."""
    if figure is None:
        return None
    if not figure.indicator.is_live:
        return "to be confirmed"
    if figure.value is None:
        return None
    return round_half_up(figure.value, 0 if figure.unit == Unit.COUNT else 1)


def plain_number(value: Decimal | None):
    """9.0000 -> 9, 0.5000 -> 0.5 (a number, not text)."""
    if value is None:
        return None
    return Decimal(format_number(value))


def child_url(child_id: int | None) -> str | None:
    """The link to a child's record. The one place the drill-down links to casework; callers
    only pass children the user may open (see report_drill_down.drill_down_records)."""
    if child_id is None:
        return None
    try:
        return reverse("casework:child", kwargs={"pk": child_id})
    except NoReverseMatch:  # the casework pages are not installed in this deployment
        return None


def explain(record) -> str:
    """Why a record is in or out of the numerator, in words ("visit overdue since 3 March 2025")."""
    return describe_record(record)


NOT_ENTERED = "not entered"  # a benchmark no one has entered (the page says who can)
NUMERIC = {"td": {"class": "govuk-table__cell--numeric"}, "th": {"class": "govuk-table__header--numeric"}}


class FigureColumn(tables.Column):
    """A figure on the page (figure_html); its plain value in an export."""

    empty_values = ()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("orderable", False)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return figure_html(value)

    def cell_html(self, bound_column, record):
        """render() without django-tables2's per-cell machinery (tables/govuk.html asks)."""
        return figure_html(bound_column.accessor.resolve(record))

    def value(self, value):
        return plain_value(value)


class ExportColumn(tables.Column):
    """A column only the export carries (numerator, denominator, rating, kind of a figure)."""

    empty_values = ()

    def __init__(self, verbose_name: str, accessor: str, part: str):
        super().__init__(verbose_name=verbose_name, accessor=accessor, visible=False, orderable=False)
        self.part = part

    def value(self, value, **kwargs):
        figure: Figure = value
        if figure is None or not figure.exists:
            return None
        if self.part == "numerator":
            return plain_number(figure.numerator)
        if self.part == "denominator":
            return plain_number(figure.denominator)
        if self.part == "rating":
            return figure.rating
        if self.part == "kind":
            return figure.kind_label
        if self.part == "restated":
            return plain_value(Figure(figure.indicator, figure.month, figure.scope_key, figure.restatement))
        raise ValueError(self.part)


def figure_columns(name: str, label: str, accessor: str) -> list[tuple[str, tables.Column]]:
    """The page column for a figure and the export-only columns beside it."""
    return [
        (name, FigureColumn(verbose_name=label, accessor=accessor)),
        (f"{name}_numerator", ExportColumn(f"{label}: numerator", accessor, "numerator")),
        (f"{name}_denominator", ExportColumn(f"{label}: denominator", accessor, "denominator")),
        (f"{name}_rating", ExportColumn(f"{label}: rating", accessor, "rating")),
        (f"{name}_kind", ExportColumn(f"{label}: kind", accessor, "kind")),
        (f"{name}_restated", ExportColumn(f"{label}: restated value", accessor, "restated")),
    ]


class ReportTable(BaseTable):
    """A report table: every row on one page (a scorecard is read whole), no sorting."""

    class Meta(BaseTable.Meta):
        per_page = 1000
        orderable = False


# --- Team KPIs ----------------------------------------------------------------------------


class IndicatorCodeColumn(tables.Column):
    """A team line's indicator code, linked to the indicator's trend for the team and month
    (as linkify wrote it); the code alone in an export."""

    def __init__(self, **kwargs):
        super().__init__("Indicator", accessor="indicator__code", **kwargs)

    def render(self, value, record):
        return format_html('<a href="{}">{}</a>', record.team.url, value)

    def value(self, value):
        return value

    def cell_html(self, bound_column, record):
        """render() without django-tables2's per-cell machinery (tables/govuk.html asks)."""
        return self.render(record.indicator.code, record)


class IndicatorTitleColumn(tables.Column):
    """A team line's indicator title."""

    def __init__(self, **kwargs):
        super().__init__("Title", accessor="indicator__title", **kwargs)

    def cell_html(self, bound_column, record):
        """The title, as django-tables2 would give it, without its per-cell machinery."""
        return record.indicator.title or bound_column.default


class TeamKpiTable(ReportTable):
    class Meta(ReportTable.Meta):
        pass

    code = IndicatorCodeColumn()
    title = IndicatorTitleColumn()

    def __init__(self, data, *, team_name: str, authority_name: str, **kwargs):
        extra = figure_columns("team", team_name, "team") + figure_columns("authority", authority_name, "authority")
        super().__init__(data, extra_columns=extra, **kwargs)


class WorkerKpiTable(ReportTable):
    class Meta(ReportTable.Meta):
        pass

    code = IndicatorCodeColumn()
    title = IndicatorTitleColumn(attrs={"td": {"class": "app-kpi-title"}})

    def __init__(self, data, *, workers, **kwargs):
        extra = []
        for index, worker in enumerate(workers):
            extra += figure_columns(f"worker_{worker.pk}", worker.full_name, f"workers__{index}")
        super().__init__(data, extra_columns=extra, **kwargs)


# --- Indicator trend ----------------------------------------------------------------------


class TrendTable(ReportTable):
    class Meta(ReportTable.Meta):
        row_attrs = {"data-month": lambda record: format_month(record.month)}

    month = tables.Column("Month", accessor="month")
    figure = FigureColumn(verbose_name="Figure", accessor="figure")
    # A team's trend: the authority's figure each month beside it (left out for the authority).
    authority = FigureColumn(verbose_name="Authority", accessor="authority")
    numerator = ExportColumn("Numerator", "figure", "numerator")
    denominator = ExportColumn("Denominator", "figure", "denominator")
    rating = tables.Column("Rating", accessor="figure__rating", default="")
    kind = tables.Column("Status", accessor="figure__kind_label", default="")
    restated = tables.Column("Restated", accessor="figure", empty_values=())
    difference = tables.Column("Difference", accessor="figure", empty_values=())
    milestone = tables.Column("Milestone in force", accessor="milestone_target", default="")
    on_track = tables.Column("Against milestone", accessor="on_track", empty_values=())
    neighbours = tables.Column("Statistical neighbours", accessor="month", empty_values=(), attrs=NUMERIC)
    england = tables.Column("England", accessor="month", empty_values=(), attrs=NUMERIC)
    comment = tables.Column("Comment", accessor="comment_text", default="")

    def __init__(self, data, *, neighbours=None, england=None, authority_name: str = "", **kwargs):
        self.neighbours_value = neighbours
        self.england_value = england
        if not authority_name:
            kwargs["exclude"] = (*kwargs.get("exclude", ()), "authority")
        super().__init__(data, **kwargs)
        if authority_name:
            self.columns["authority"].column.verbose_name = authority_name

    def render_month(self, value: date) -> str:
        return f"{value:%b %Y}"

    def value_month(self, value: date) -> str:
        return format_month(value)

    def render_restated(self, value: Figure) -> str:
        if value.restatement is None:
            return ""
        return format_html('<a class="govuk-link" href="{}">{}</a>', value.restated_records_url, value.restated_text)

    def value_restated(self, value: Figure):
        if value.restatement is None:
            return None
        return plain_value(Figure(value.indicator, value.month, value.scope_key, value.restatement))

    def render_difference(self, value: Figure) -> str:
        return value.difference_text

    def value_difference(self, value: Figure):
        if value.difference is None:
            return None
        return round_half_up(value.difference, 0 if value.unit == Unit.COUNT else 1)

    def render_on_track(self, value) -> str:
        return {True: "On track", False: "Off track"}.get(value, "")

    def render_neighbours(self) -> str:
        return format_number(self.neighbours_value.value) if self.neighbours_value else NOT_ENTERED

    def value_neighbours(self):
        return plain_number(self.neighbours_value.value) if self.neighbours_value else None

    def render_england(self) -> str:
        return format_number(self.england_value.value) if self.england_value else NOT_ENTERED

    def value_england(self):
        return plain_number(self.england_value.value) if self.england_value else None


# --- Drill-down ---------------------------------------------------------------------------


class DayColumn(tables.DateColumn):
    """A DateColumn that writes its date without compiling its template for every cell:
    {{ value|date:format|default:default }}, and the ISO date in an export."""

    def __init__(self, format: str, **kwargs):
        self.format = format
        super().__init__(format=format, **kwargs)

    def render(self, value, bound_column):
        if not isinstance(value, date):
            return bound_column.default
        return date_format(template_localtime(value), self.format)


class CountedPaginator(Paginator):
    """A paginator told how many rows there are (counted with the figure's other counts), so
    the page does not count the records a second time."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._count = count

    @property
    def count(self) -> int:
        return self._count


class DrillDownTable(BaseTable):
    """The records behind a figure. Only records the user may open reach this table."""

    # Rendered for every row (empty_values=()): a worker's or a post's row has no child name,
    # and was shown as a blank dash rather than the worker it is about.
    record = tables.Column(
        "Record", accessor="child_name", order_by=("child_name", "worker_name", "record_id"), empty_values=()
    )
    child_reference = tables.Column("Child ID", default="")
    team = tables.Column("Team", accessor="team_name", default="Unallocated")
    worker = tables.Column("Social worker", accessor="worker_name", default="Unallocated")
    reference_date = DayColumn(format="j M Y", verbose_name="Reference date")
    in_numerator = tables.Column("In the numerator", empty_values=())
    why = tables.Column("Why", accessor="detail", empty_values=(), orderable=False)
    detail_date = DayColumn(format="j M Y", verbose_name="Date", visible=False)
    contribution = tables.Column("Counts as", accessor="numerator", attrs=NUMERIC, visible=False)
    record_type = tables.Column("Record type", visible=False)
    record_id = tables.Column("Record number", visible=False)

    class Meta(BaseTable.Meta):
        empty_text = "There are no records you can open behind this figure."

    def __init__(self, data, *, unit: str, about: str = "", value_name: str = "", **kwargs):
        """``about``: what every record is ("worker", "post"; "" for children's records, whose
        child ID shows); ``value_name``: what each record's number is ("Caseload")."""
        self.unit = unit
        if about in ("worker", "post"):
            # Workforce records have no child: no Child ID column to leave blank.
            kwargs["exclude"] = (*kwargs.get("exclude", ()), "child_reference")
        if about == "worker":
            # The record is the worker: named once, in the first column.
            kwargs["exclude"] = (*kwargs.get("exclude", ()), "worker")
        if value_name == "Caseload":
            # Every case-holding worker counts: in or out of the numerator says nothing.
            kwargs["exclude"] = (*kwargs.get("exclude", ()), "in_numerator")
        super().__init__(data, **kwargs)
        if about == "worker":
            self.columns["record"].column.verbose_name = "Social worker"
        elif about == "post":
            self.columns["record"].column.verbose_name = "Post"
        if unit != Unit.PERCENTAGE:
            # Averages and maxima: each record carries a number (a worker's caseload, days).
            self.columns.show("contribution")
            default = "Value averaged" if unit in (Unit.AVERAGE, Unit.DAYS) else "Counts as"
            self.columns["contribution"].column.verbose_name = value_name or default

    def _label(self, record) -> str:
        if record.child_id is not None:
            return record.child_name or f"Child {record.child_id}"
        if record.record_type == "post" and record.post_reference:
            return f"Post {record.post_reference}"
        if record.worker_name:
            return record.worker_name
        return f"{record.record_type.replace('_', ' ').capitalize()} {record.record_id}"

    def render_record(self, record) -> str:
        url = child_url(record.child_id)
        if url is None:
            return self._label(record)
        return format_html('<a class="govuk-link" href="{}">{}</a>', url, self._label(record))

    def value_record(self, record) -> str:
        return self._label(record)

    def render_in_numerator(self, record) -> str:
        if self.unit == Unit.COUNT:
            return "Counted"
        return "Yes" if record.in_numerator else mark_safe("<strong>No</strong>")

    def value_in_numerator(self, record) -> str:
        if self.unit == Unit.COUNT:
            return "Counted"
        return "Yes" if record.in_numerator else "No"

    def render_why(self, record) -> str:
        return explain(record)

    def value_why(self, record) -> str:
        return explain(record)

    def render_contribution(self, value) -> str:
        return format_number(value)

    def value_contribution(self, value):
        return plain_number(value)


# --- Scorecard (export; the page lays the scorecard out itself) ---------------------------


class ScorecardExportTable(ReportTable):
    class Meta(ReportTable.Meta):
        pass

    row_type = tables.Column("Row")
    section = tables.Column("Section or group", default="")
    theme = tables.Column("Theme", default="")
    action_plan_ref = tables.Column("Action plan", default="")
    code = tables.Column("PI ref", default="")
    measure = tables.Column("Measure", default="")
    neighbours = tables.Column("Stat neighbour average", default="")
    adequate = tables.Column("Adequate", default="")
    good = tables.Column("Good", default="")
    outstanding = tables.Column("Outstanding", default="")

    def __init__(self, report, **kwargs):
        extra = []
        for index, status in enumerate(report.months):
            label = f"{status.month:%b-%y}" + (" (provisional)" if status.is_provisional else "")
            extra += figure_columns(f"month_{index}", label, f"figures__{index}")
        for index, due_on in enumerate(report.milestone_dates):
            extra.append((f"milestone_{index}", tables.Column(f"Milestone {due_on:%b-%y}", default="")))
        extra += [
            ("on_track", tables.Column("Against milestone", default="")),
            ("comment", tables.Column("Comment", default="")),
            ("comment_by", tables.Column("Comment by", default="")),
            ("comment_on", tables.Column("Comment date", default="")),
        ]
        super().__init__(scorecard_export_rows(report), extra_columns=extra, **kwargs)


def scorecard_export_rows(report) -> list[dict]:
    # Every key on every row: a missing one would make django-tables2 describe the row (and
    # every figure in it) in an error message it then discards.
    blank = dict.fromkeys(
        ["section", "theme", "action_plan_ref", "code", "measure", "neighbours", "adequate", "good", "outstanding"]
        + ["on_track", "comment", "comment_by", "comment_on"]
        + [f"milestone_{index}" for index in range(len(report.milestone_dates))]
    )
    rows = []
    for line in report.lines:
        row = {**blank, "row_type": line.row_type}
        if line.row_type in ("section", "group"):
            row["section"] = f"{line.text}: {line.theme}" if line.row_type == "group" and line.theme else line.text
        elif line.row_type == "comment":
            row["comment"] = line.text
        elif line.row_type == "commentary":
            row["code"] = line.code
            row["comment"] = line.text
            row["comment_by"] = line.commentary.author.get_full_name() or line.commentary.author.username
            row["comment_on"] = line.commentary.updated_at.date()
        else:
            row.update(
                theme=line.theme,
                action_plan_ref=line.action_plan_ref,
                code=line.code,
                measure=line.text,
                neighbours=plain_number(line.neighbours.value) if line.neighbours else None,
                adequate=line.thresholds.adequate if line.thresholds else "",
                good=line.thresholds.good if line.thresholds else "",
                outstanding=line.thresholds.outstanding if line.thresholds else "",
                figures=line.figures,
                on_track={True: "On track", False: "Off track"}.get(line.on_track, ""),
            )
            for index, target in enumerate(line.milestones):
                row[f"milestone_{index}"] = target
        row.setdefault("figures", [None] * len(report.months))
        rows.append(row)
    return rows


# --- Sign-off -----------------------------------------------------------------------------

STATUS_TAGS = {"Signed off": "green", "In progress": "yellow", "Provisional": "yellow", "No figures": "grey"}


def local_time(value):
    """A stored time as the clock on the wall read it, without a zone (Excel keeps none)."""
    return timezone.localtime(value).replace(tzinfo=None, microsecond=0) if value else None


def wall_clock(value, pattern: str) -> str:
    """A stored time in local time, as the date filter writes it ("15 April 2025 at 10:00")."""
    return dateformat.format(timezone.localtime(value), pattern) if value else ""


class SignOffTable(ReportTable):
    """The last months: signed off by whom and when, or how far they are from it."""

    class Meta(ReportTable.Meta):
        row_attrs = {"data-testid": lambda record: f"sign-off-{format_month(record.month)}"}

    month = tables.Column("Month")
    status = tables.Column("Status", empty_values=())
    signed_off_by = tables.Column("Signed off by", visible=False)
    signed_off_at = tables.Column("Signed off at", accessor="sign_off__signed_off_at", visible=False)
    provisional_figures = tables.Column("Provisional authority figures", visible=False)
    computed_at = tables.Column("Figures last computed", visible=False)
    action = tables.Column(
        mark_safe('<span class="govuk-visually-hidden">Action</span>'), empty_values=(), exclude_from_export=True
    )

    def __init__(self, data, *, can_sign_off: bool, **kwargs):
        self.can_sign_off = can_sign_off
        self.caption = f"The last {len(data)} months"
        super().__init__(data, **kwargs)

    def render_month(self, value: date) -> str:
        return f"{value:%B %Y}"

    def value_month(self, value: date) -> str:
        return format_month(value)

    def render_status(self, record: SignOffLine) -> str:
        status = record.status
        tag = format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', STATUS_TAGS[status], status)
        if record.sign_off is not None:
            at = wall_clock(record.sign_off.signed_off_at, r"j F Y \a\t H:i")
            return format_html("{} by {} on {}", tag, record.signed_off_by, at)
        computed = wall_clock(record.computed_at, "j F Y H:i")
        if not record.is_over:
            later = format_html("; figures last computed {}", computed) if computed else ""
            return format_html("{} the month has not ended{}", tag, later)
        if record.provisional_figures:
            return format_html("{} figures computed {}", tag, computed)
        return format_html("{} not computed yet", tag)

    def value_status(self, record: SignOffLine) -> str:
        return record.status

    def value_signed_off_at(self, value):
        return local_time(value)

    def render_computed_at(self, value) -> str:
        return wall_clock(value, "j F Y H:i")

    def value_computed_at(self, value):
        return local_time(value)

    def render_action(self, record: SignOffLine) -> str:
        if not (self.can_sign_off and record.can_be_signed_off):
            return ""
        return format_html(
            '<a class="govuk-link" href="{}">Sign off<span class="govuk-visually-hidden"> {}</span></a>',
            reverse("indicators:sign_off_month", args=[format_month(record.month)]),
            f"{record.month:%B %Y}",
        )
