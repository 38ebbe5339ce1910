"""Statements PostgreSQL parses and plans once per connection: the due dates of the day's pages.

A child's due dates (``casework.timescales`` and ``casework.due_rules``, the indicators' own
rules) are some 36 KB of SQL and a hundred correlated subqueries. PostgreSQL took longer to parse
and plan them than to run them: on the large demo authority, a team manager's 126 children took
30 ms, of which 12 ms running. Django's cursors bind parameters on the client, and psycopg cannot
prepare a statement on such a cursor; so a statement that names one of ``PREPARED_CTES`` is run
here on a server-binding cursor of the same connection (the same transaction), as a prepared
statement: parsed once per connection, and planned once with the generic plan that
``plan_cache_mode = force_generic_plan`` (set with the connection's options in settings) asks for.
That setting touches only prepared statements, and no other statement is prepared.

The statement's text must be the same at each request for this to help: the due dates' SQL is
compiled once per date and parameters (``casework.selectors.compiled_annotations``) and its CTE
has a fixed name (``core.layering.layered``'s ``name``). Everything else, SQLite included, runs as
Django runs it.
"""

from django.db.backends.signals import connection_created

# The names of materialised CTEs whose statements are prepared: the due dates of
# ``casework.selectors.with_next_due``.
DUE_DATES = "due_dates"
PREPARED_CTES = (DUE_DATES,)
_MARKS = tuple(f'"{name}" AS MATERIALIZED' for name in PREPARED_CTES)


def is_prepared(sql: str) -> bool:
    return any(mark in sql for mark in _MARKS)


def _execute_prepared(execute, sql, params, many, context):
    if many or not is_prepared(sql):
        return execute(sql, params, many, context)
    import psycopg

    django_cursor = context["cursor"]  # Django's CursorWrapper: the rows are read through it
    database = context["connection"]
    with database.wrap_database_errors:
        prepared = psycopg.Cursor(database.connection)
        prepared.execute(sql, params, prepare=True)
    django_cursor.cursor.close()
    django_cursor.cursor = prepared
    return None


# Django turns psycopg's prepared statements off (``prepare_threshold = None``) for connection
# poolers in transaction mode, which this product does not run behind. A threshold lets the
# cursor above prepare when asked (``prepare=True``); Django's client-binding cursors never prepare,
# whatever the threshold, so no other statement is.
_THRESHOLD = 1_000_000


def _install(sender, connection, **kwargs) -> None:
    if connection.vendor != "postgresql":
        return
    connection.connection.prepare_threshold = _THRESHOLD
    if _execute_prepared not in connection.execute_wrappers:
        connection.execute_wrappers.append(_execute_prepared)


def install() -> None:
    connection_created.connect(_install, dispatch_uid="core.prepared")
