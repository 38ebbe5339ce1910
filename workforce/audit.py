from auditlog.registry import auditlog
from django.apps import apps

for model in apps.get_app_config("workforce").get_models():
    auditlog.register(model)
