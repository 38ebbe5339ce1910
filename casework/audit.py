"""Every change to a case record is written to the audit log (django-auditlog) in
the same transaction as the change; views of a child's record are logged by
``casework.services.child_record_viewed``."""

from auditlog.registry import auditlog
from django.apps import apps

for model in apps.get_app_config("casework").get_models():
    auditlog.register(model)
