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
"""

from itertools import count

from django.db.models import QuerySet
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


def layered(queryset: QuerySet) -> QuerySet:
    """The same rows, each annotation computed once in a materialised CTE (see the module): the
    model's fields and the annotations are the CTE's columns.

    The queryset must not refer to an outer query (the CTE is a query of its own); one that
    ``can_layer`` refuses is returned as it is.
    """
    if not can_layer(queryset):
        return queryset
    cte = CTE(queryset.order_by(), name=f"layer_{next(_numbers)}", materialized=True)
    return with_cte(cte, select=cte.queryset()).using(queryset.db)
