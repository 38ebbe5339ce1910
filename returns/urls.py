from django.urls import path

from . import views

app_name = "returns"

urlpatterns = [
    path("annex-a/", views.annex_a, name="annex_a"),
    path("checks/", views.return_checks, name="checks"),
    path("checks.csv", views.return_checks_csv, name="checks_csv"),
    path("download/", views.return_download, name="download"),
    path("reconciliation/", views.return_reconciliation, name="reconciliation"),
]
