"""Fill the working-day calendar, so every new database can compute from the start."""

from datetime import date

from django.db import migrations


def fill_calendar(apps, schema_editor):
    from core.calendar import calendar_rows

    CalendarDay = apps.get_model("indicators", "CalendarDay")
    CalendarDay.objects.bulk_create(calendar_rows(CalendarDay, date(date.today().year + 5, 12, 31)), batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(fill_calendar, migrations.RunPython.noop)]
