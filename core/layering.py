"""Compute a queryset's annotations once, as the columns of a derived table.

The rules build on each other: a statutory visit's due date reads the last visit, which
reads the current placement's start, which reads the placement open at the date. Django
writes an annotation's whole expression wherever another one refers to it, so the rows of
LAC 10 repeat the same correlated subqueries some two hundred times, and the database runs
each of them for every child. ``layered`` selects the annotations once, in a subquery in
FROM under the model table's own name, so that what is built on it reads plain columns::

    SELECT ... CASE WHEN "casework_child"."statutory_visit_due" >= ... END ...
    FROM (SELECT "casework_child".*, (SELECT ...) AS "statutory_visit_due" ... OFFSET 0) "casework_child"

``OFFSET 0`` keeps PostgreSQL from folding the subquery back into the outer query (which
would write the expressions out again). The rows are the same; only their cost changes.
"""

from django.db.models import Expression, QuerySet
from django.db.models.sql.datastructures import BaseTable


def fence(connection, on_sqlite: bool = False) -> str:
    """What ends a subquery in FROM so that PostgreSQL runs it as it is, its columns computed
    once each, rather than folding it into the query around it. ``on_sqlite``: SQLite too, whose
    query flattener otherwise writes the columns out again where the outer query reads them (a
    due list that filters and sorts on the earliest of ten due dates took twice as long)."""
    if connection.vendor == "postgresql":
        return " OFFSET 0"
    return " LIMIT -1 OFFSET 0" if on_sqlite and connection.vendor == "sqlite" else ""


class DerivedTable(BaseTable):
    """The FROM item ``(SELECT ...) "alias"`` in place of the model's table."""

    def __init__(self, sql: str, params: tuple, table_name: str, alias: str, on_sqlite: bool = False):
        super().__init__(table_name, alias)
        self.sql, self.params, self.on_sqlite = sql, tuple(params), on_sqlite

    def as_sql(self, compiler, connection):
        # Quoted as Django quotes the alias in the columns that read it (not a renamed one: U0).
        end = fence(connection, self.on_sqlite)
        return f"({self.sql}{end}) {compiler.quote_name_unless_alias(self.table_alias)}", self.params

    def relabeled_clone(self, change_map):
        alias = change_map.get(self.table_alias, self.table_alias)
        return self.__class__(self.sql, self.params, self.table_name, alias, self.on_sqlite)

    @property
    def identity(self):
        return self.__class__, self.table_alias, self.sql, repr(self.params)


class DerivedColumn(Expression):
    """A column of a ``DerivedTable``: an annotation computed in it."""

    def __init__(self, alias: str, name: str, output_field):
        super().__init__(output_field=output_field)
        self.alias, self.name = alias, name

    def __repr__(self):
        return f"{self.__class__.__name__}({self.alias}.{self.name})"

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name_unless_alias(self.alias)}.{connection.ops.quote_name(self.name)}", []

    def relabeled_clone(self, change_map):
        return self.__class__(change_map.get(self.alias, self.alias), self.name, self.output_field)

    def get_group_by_cols(self):
        return [self]


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


def layered(queryset: QuerySet, fence_on_sqlite: bool = False) -> QuerySet:
    """The same rows, each annotation computed once in a derived table (see the module).

    The queryset must not refer to an outer query (it is compiled here, as a query of its own);
    one that ``can_layer`` refuses is returned as it is. ``fence_on_sqlite`` keeps SQLite from
    flattening the derived table too (``fence``).
    """
    if not can_layer(queryset):
        return queryset
    annotations = queryset.query.annotations
    fields = [field.attname for field in queryset.model._meta.concrete_fields]
    inner = queryset.order_by().values(*fields, *annotations)
    sql, params = inner.query.get_compiler(queryset.db).as_sql()
    outer = queryset.model._base_manager.using(queryset.db).all()
    alias = outer.query.get_initial_alias()
    outer.query.alias_map[alias] = DerivedTable(sql, params, queryset.model._meta.db_table, alias, fence_on_sqlite)
    return outer.annotate(
        **{name: DerivedColumn(alias, name, annotation.output_field) for name, annotation in annotations.items()}
    )
