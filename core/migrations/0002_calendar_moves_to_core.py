"""The working-day calendar moves from indicators to the shared base. Its table and rows stay
where they are: only Django's idea of which app owns the model changes (with its content type,
so permissions and audit entries follow it)."""

from django.db import migrations, models


def _move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="core", model="calendarday").exists():
        ContentType.objects.filter(app_label="indicators", model="calendarday").update(app_label="core")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("indicators", "0009_computation_run_worker"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CalendarDay",
                    fields=[
                        ("date", models.DateField(primary_key=True, serialize=False)),
                        ("is_working_day", models.BooleanField()),
                        ("working_days_before", models.PositiveIntegerField()),
                        ("working_days_through", models.PositiveIntegerField()),
                    ],
                    options={
                        "db_table": "indicators_calendarday",
                        "ordering": ["date"],
                        "indexes": [
                            models.Index(
                                fields=["working_days_through", "is_working_day"], name="calendar_working_day_count"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(_move_content_type, migrations.RunPython.noop),
    ]
