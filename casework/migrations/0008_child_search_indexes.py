"""Indexes for finding a child (casework.filters._words).

The number lookups (ID and UPN case-insensitively, NHS number exactly) are ordinary indexes on
every database. Names are matched anywhere in the name (``icontains``, which PostgreSQL runs as
``UPPER(name) LIKE UPPER('%word%')``): only a trigram index (PostgreSQL's pg_trgm) serves that,
so on PostgreSQL the extension and two GIN indexes are added here; SQLite has no such index and
reads every child, which at its sizes takes milliseconds. Where the database user may not create
the extension, the migration says so and goes on: search still works, unindexed.
"""

import logging

import django.db.models.functions.text
from django.db import migrations, models, transaction

logger = logging.getLogger(__name__)

NAME_INDEXES = {
    "child_first_name_trgm": "first_name",
    "child_last_name_trgm": "last_name",
}


def add_name_indexes(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        try:
            with transaction.atomic(using=connection.alias):  # a savepoint: a refusal leaves the rest
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception as error:  # noqa: BLE001 - any refusal leaves search working, unindexed
            logger.warning("pg_trgm could not be created (%s): children's names are searched without an index.", error)
            return
        for name, column in NAME_INDEXES.items():
            cursor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON casework_child '
                f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
            )


def drop_name_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in NAME_INDEXES:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0007_child_mother"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="child",
            index=models.Index(django.db.models.functions.text.Upper("la_child_id"), name="child_la_child_id_upper"),
        ),
        migrations.AddIndex(
            model_name="child",
            index=models.Index(django.db.models.functions.text.Upper("upn"), name="child_upn_upper"),
        ),
        migrations.AddIndex(
            model_name="child",
            index=models.Index(fields=["nhs_number"], name="child_nhs_number"),
        ),
        migrations.RunPython(add_name_indexes, drop_name_indexes),
    ]
