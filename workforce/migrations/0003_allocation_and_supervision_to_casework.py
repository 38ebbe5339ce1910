"""Allocations and case supervision now belong to casework (casework 0002): workforce forgets
them; their tables stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("workforce", "0002_imported_sources"),
        ("casework", "0002_allocation_and_supervision_from_workforce"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="casesupervision", name="child"),
                migrations.RemoveField(model_name="casesupervision", name="supervisor"),
                migrations.DeleteModel(name="Allocation"),
                migrations.DeleteModel(name="CaseSupervision"),
            ],
            database_operations=[],
        ),
    ]
