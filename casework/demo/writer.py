"""Buffers the demo's rows by model and writes them in batches (COPY on PostgreSQL)."""

from __future__ import annotations

import json
from datetime import datetime

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max

from .. import codes
from ..models import (
    Adoption,
    AdvocacyPeriod,
    Allocation,
    Assessment,
    CareLeaverBirthdayRecord,
    CareProceedings,
    CaseAudit,
    CaseSupervision,
    Child,
    ChildInNeedPlan,
    ChildInNeedPlanReview,
    ChildProtectionConference,
    ChildProtectionPlan,
    ChildProtectionVisit,
    Contact,
    FosterCarerHousehold,
    FosterCarerReview,
    LegalStatus,
    LookedAfterReview,
    MissingEpisode,
    PathwayPlanReview,
    PeriodOfCare,
    Placement,
    PreProceedings,
    Referral,
    Section47Enquiry,
    StatutoryVisit,
    StrategyDiscussion,
)

# --- Writing rows ------------------------------------------------------------------------------

# Parents before the records that point at them.
MODELS = [
    Child,
    Contact,
    Referral,
    Assessment,
    StrategyDiscussion,
    Section47Enquiry,
    ChildProtectionConference,
    ChildProtectionPlan,
    ChildProtectionVisit,
    ChildInNeedPlan,
    ChildInNeedPlanReview,
    AdvocacyPeriod,
    FosterCarerHousehold,
    FosterCarerReview,
    PeriodOfCare,
    LegalStatus,
    Placement,
    StatutoryVisit,
    LookedAfterReview,
    MissingEpisode,
    CareProceedings,
    PreProceedings,
    Adoption,
    PathwayPlanReview,
    CareLeaverBirthdayRecord,
    CaseAudit,
    Allocation,
    CaseSupervision,
]


def _json(value) -> str:
    return json.dumps(value)


def _is_record_source(field) -> bool:
    return field.name == "source" and field.choices == codes.Source.choices


class Writer:
    """Buffers rows (dicts of attribute names) per model and writes them in batches.

    Primary keys are assigned here, so a record can point at another before either is
    written; foreign keys are checked at commit (Django declares them deferrable).

    PostgreSQL gets COPY. Elsewhere (SQLite) the rows go through one ``executemany``
    INSERT per batch with the backend's own date and datetime adapters: ``bulk_create``
    stores the same values but spends about 0.3 ms a row preparing them, which made the
    small demo (100,000 rows) take half a minute instead of a few seconds.
    """

    def __init__(self, *, now: datetime, batch: int = 50_000):
        self.now = now
        self.batch = batch
        self.use_copy = connection.vendor == "postgresql"
        self.buffers: dict[type, list[dict]] = {model: [] for model in MODELS}
        self.pending = 0
        self.counts: dict[type, int] = dict.fromkeys(MODELS, 0)
        self.next_pk = {model: (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1 for model in MODELS}
        self.columns = {model: self._columns(model) for model in MODELS}

    def _columns(self, model) -> list[tuple[str, str, object, object]]:
        """(attribute, column, default, adapter or None) for every column."""
        columns = []
        operations = connection.ops
        for field in model._meta.local_concrete_fields:
            internal_type = field.get_internal_type()
            if internal_type == "DateTimeField":
                adapter = operations.adapt_datetimefield_value
            elif internal_type == "DateField":
                adapter = operations.adapt_datefield_value
            elif internal_type == "JSONField":
                adapter = _json  # as text, for COPY too (jsonb reads its text form)
            else:
                adapter = None
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                default = self.now
            elif _is_record_source(field):
                default = codes.Source.DEMO
            else:
                default = field.get_default()  # "" for a text field without one, None if nullable
            if adapter is not None and default is not None and (not self.use_copy or adapter is _json):
                default = adapter(default)
            columns.append((field.attname, field.column, default, adapter))
        return columns

    def reserve(self, model) -> int:
        pk = self.next_pk[model]
        self.next_pk[model] = pk + 1
        return pk

    def add(self, model, pk: int | None = None, **values) -> int:
        values["id"] = pk if pk is not None else self.reserve(model)
        self.buffers[model].append(values)
        self.pending += 1
        return values["id"]

    def flush_if_full(self) -> None:
        if self.pending >= self.batch:
            self.flush()

    def flush(self) -> None:
        for model in MODELS:
            rows = self.buffers[model]
            if not rows:
                continue
            if self.use_copy:
                self._copy(model, rows)
            else:
                self._insert(model, rows)
            self.counts[model] += len(rows)
            self.buffers[model] = []
        self.pending = 0

    def _copy(self, model, rows: list[dict]) -> None:
        columns = self.columns[model]
        names = ", ".join(connection.ops.quote_name(column) for _, column, _, _ in columns)
        sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({names}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(
                    [
                        _json(row[attname]) if adapter is _json and attname in row else row.get(attname, default)
                        for attname, _, default, adapter in columns
                    ]
                )

    def _insert(self, model, rows: list[dict]) -> None:
        columns = self.columns[model]
        names = ", ".join(connection.ops.quote_name(column) for _, column, _, _ in columns)
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({names}) VALUES ({marks})"
        values = []
        for row in rows:
            record = []
            for attname, _, default, adapter in columns:
                if attname in row:
                    value = row[attname]
                    record.append(adapter(value) if adapter is not None and value is not None else value)
                else:
                    record.append(default)
            values.append(record)
        with connection.cursor() as cursor:
            for start in range(0, len(values), 5000):
                cursor.executemany(sql, values[start : start + 5000])

    def finish(self) -> None:
        self.flush()
        if connection.vendor == "postgresql":
            # Primary keys were given explicitly: move the sequences past them.
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), MODELS):
                    cursor.execute(sql)
