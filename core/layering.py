"""Compute a queryset's annotations once, as the columns of a materialised common table expression.

The rules build on each other: a statutory visit's due date reads the last visit, which
reads the current placement's start, which reads the placement open at the date. Django
writes an annotation's whole expression wherever another one refers to it, so the rows of
LAC 10 would repeat the same correlated subqueries some two hundred times, and the database
would run each of them for every child. ``layered`` puts the queryset in a CTE (django-cte's
public API) and selects the model's rows from it, so that what is built on them reads plain
columns::

    WITH RECURSIVE "layer_7" AS MATERIALIZED (SELECT "casework_child".*, (SELECT ...) AS "statutory_visit_due" ...)
    SELECT ... CASE WHEN "layer_7"."statutory_visit_due" >= ... END ... FROM "layer_7"

``MATERIALIZED`` (PostgreSQL 12+, SQLite 3.35+) keeps the database from folding the CTE into
the query around it (which would write the expressions out again): each annotation is computed
once per row. The rows are the same; only their cost changes.

A materialised CTE computes and stores every column it selects, read or not (a subquery in FROM
lets PostgreSQL drop the columns the query around it does not read). Given the ``columns`` that
what is built on it reads, it selects only those: a rule's intermediate annotations (read only by
the later ones, which write them out within themselves) and the record's other fields stay out.
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from itertools import count

from django.db.models import Exists, Expression, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.constants import LOOKUP_SEP
from django_cte import CTE, with_cte

# Each layered queryset's CTE has a name of its own, so that two can meet in one statement (the
# two halves of a union each bring theirs, and django-cte lifts both to the statement's WITH).
_numbers = count(1)


def can_layer(queryset: QuerySet) -> bool:
    """A plain queryset of model rows with annotations to compute once: not grouped, combined,
    sliced, distinct or reduced to some columns, of a model with no parent table, and with no
    annotation that is only an alias."""
    query = queryset.query
    return bool(
        query.annotations
        and not queryset.model._meta.parents
        and query.combinator is None
        and not query.is_sliced
        and query.group_by is None
        and not query.distinct
        and not query.values_select
        and not query.extra
        and (query.annotation_select_mask is None or set(query.annotation_select_mask) == set(query.annotations))
        and not any(annotation.contains_aggregate for annotation in query.annotations.values())
    )


def layered(queryset: QuerySet, columns: Iterable[str] | None = None, name: str | None = None) -> QuerySet:
    """The same rows, each annotation computed once in a materialised CTE (see the module): the
    model's fields and the annotations are the CTE's columns. With ``columns`` (field names,
    relation names or annotations: what will be read from the rows) only those and the primary key
    are; with None, or a name that is neither, all are.

    The rows come unordered (the model's ordering may read a column left out). The queryset must
    not refer to an outer query (the CTE is a query of its own); one that ``can_layer`` refuses is
    returned as it is.

    ``name`` gives the CTE a fixed name, so that the statement's text is the same at each request
    (``core.prepared``); the caller makes sure no other CTE of the statement has it.
    """
    if not can_layer(queryset):
        return queryset
    body = queryset.order_by()
    selected = _selected(queryset, columns)
    if selected is not None:
        body = body.values(*selected)
    cte = CTE(body, name=name or f"layer_{next(_numbers)}", materialized=True)
    return with_cte(cte, select=cte.queryset().order_by()).using(queryset.db)


def layered_annotations(queryset: QuerySet, fields: Iterable[str] = (), name: str | None = None) -> QuerySet:
    """``layered`` with only the primary key and the annotations as the CTE's columns: a stage of a
    rule whose annotations later ones read (a placement's start, read by the visits since it and by
    the due date). The stage's annotations are computed once per row, where Django would write them
    out within every later annotation that reads them; and with none of the model's other fields
    selected (but ``fields``), the database finds the rows by key without reading the table's rows."""
    return layered(queryset, [*fields, *queryset.query.annotations], name)


def _selected(queryset: QuerySet, columns: Iterable[str] | None) -> list[str] | None:
    """The CTE's columns for ``columns``: the fields' own column names, then the annotations, in
    the model's and the queryset's order; None to select them all."""
    if columns is None:
        return None
    meta = queryset.model._meta
    attnames = {name: field.attname for field in meta.concrete_fields for name in (field.name, field.attname)}
    attnames["pk"] = meta.pk.attname
    annotations = queryset.query.annotations
    wanted = {meta.pk.attname}
    for name in columns:
        if name not in annotations and name not in attnames:
            return None
        wanted.add(name if name in annotations else attnames[name])
    fields = [field.attname for field in meta.concrete_fields if field.attname in wanted]
    return fields + [name for name in annotations if name in wanted]


def names_read(*values) -> set[str] | None:
    """The field, relation and annotation names that these (unresolved) values read: names given
    as strings, ``F`` and the lookups of ``Q``, within any expression. None when one holds what
    this cannot see into (a subquery may read the row through ``OuterRef``)."""
    names: set[str] = set()
    pending = list(values)
    while pending:
        value = pending.pop()
        if value is None or isinstance(value, (bool, int, float, Decimal, date, Value)):
            continue
        if isinstance(value, str):
            names.add(value.split(LOOKUP_SEP)[0])
        elif isinstance(value, F) and not isinstance(value, OuterRef):
            names.add(value.name.split(LOOKUP_SEP)[0])
        elif isinstance(value, Q):
            for child in value.children:
                if isinstance(child, tuple):
                    # A lookup and its value: the value reads the row only if it is an expression.
                    names.add(child[0].split(LOOKUP_SEP)[0])
                    if hasattr(child[1], "resolve_expression"):
                        pending.append(child[1])
                else:
                    pending.append(child)
        elif isinstance(value, Expression) and not isinstance(value, (Subquery, Exists)):
            pending.extend(value.get_source_expressions())
        else:
            return None
    return names
