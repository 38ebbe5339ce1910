"""Caseload and workforce indicators get a figure for each social worker, as W 1 has.

W 1a-W 1e, 4.1-4.6 were loaded without a worker scope although their rows are each worker's
(a worker's own average caseload is their caseload; their own share of 4.1-4.4 is whether they
count). New installs load them with one (``indicators.reference``); this turns it on where
the catalogue was loaded before. P 1 (posts have no worker) and F 3 (a household is not a
child's case) are left as they are: see docs/INDICATOR_CHOICES.md.
"""

from django.db import migrations

CODES = ("W 1a", "W 1b", "W 1c", "W 1d", "W 1e", "4.1", "4.2", "4.3", "4.4", "4.5", "4.6")


def worker_scope_on(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    Indicator.objects.filter(code__in=CODES, has_worker_scope=False).update(has_worker_scope=True)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0005_snapshot_months_index"),
    ]

    operations = [
        # Reversing leaves the scopes on: an administrator may have turned them on on purpose.
        migrations.RunPython(worker_scope_on, migrations.RunPython.noop),
    ]
