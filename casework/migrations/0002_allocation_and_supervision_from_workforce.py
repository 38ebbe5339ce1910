"""Allocations and case supervision move from workforce to casework: they are about children.
Their tables, rows, constraints and indexes stay as they are (the tables keep their names); only
Django's idea of the owning app changes, with their content types, so that permissions, the audit
log's entries and the admin follow them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("allocation", "casesupervision"):
        if not ContentType.objects.filter(app_label="casework", model=model).exists():
            ContentType.objects.filter(app_label="workforce", model=model).update(app_label="casework")


def _move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("allocation", "casesupervision"):
        if not ContentType.objects.filter(app_label="workforce", model=model).exists():
            ContentType.objects.filter(app_label="casework", model=model).update(app_label="workforce")


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0001_initial"),
        ("workforce", "0002_imported_sources"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Allocation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('started_on', models.DateField()),
                        ('ended_on', models.DateField(blank=True, null=True)),
                        ('source', models.CharField(blank=True, default='', help_text='Where this came from if imported.', max_length=40)),
                        ('source_reference', models.CharField(blank=True, help_text='For imported allocations: return, year, file and row.', max_length=200)),
                        ('child', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='allocations', to='casework.child')),
                        ('team', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='allocations', to='workforce.team')),
                        ('worker', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='allocations', to='workforce.socialworker')),
                    ],
                    options={
                        'db_table': 'workforce_allocation',
                        'ordering': ['-started_on'],
                        'indexes': [models.Index(fields=['child', 'started_on', 'ended_on'], name='workforce_a_child_i_e5807b_idx'), models.Index(fields=['worker', 'started_on', 'ended_on'], name='workforce_a_worker__691e0d_idx'), models.Index(fields=['team', 'started_on', 'ended_on'], name='workforce_a_team_id_758e2f_idx')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('ended_on__isnull', True)), fields=('child',), name='one_current_allocation_per_child', violation_error_message='This child already has a current allocation: end it first.'), models.CheckConstraint(condition=models.Q(('ended_on__isnull', True), ('ended_on__gte', models.F('started_on')), _connector='OR'), name='allocation_ends_after_start')],
                    },
                ),
                migrations.CreateModel(
                    name='CaseSupervision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('supervised_on', models.DateField(verbose_name='Date of supervision')),
                        ('notes', models.TextField(blank=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('child', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='supervisions', to='casework.child')),
                        ('supervisor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name_plural': 'case supervision records',
                        'db_table': 'workforce_casesupervision',
                        'ordering': ['-supervised_on'],
                        'indexes': [models.Index(fields=['child', 'supervised_on'], name='workforce_c_child_i_5a8f93_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(_move_content_types, _move_content_types_back),
    ]
