from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.import_list, name="list"),
    path("<int:pk>/", views.import_detail, name="detail"),
    path("<int:pk>/progress/", views.import_progress, name="progress"),
    path("<int:pk>/confirm/", views.import_confirm, name="confirm"),
    path("<int:pk>/cancel/", views.import_cancel, name="cancel"),
    path("<int:pk>/run-again/", views.import_rerun, name="rerun"),
    path("<int:pk>/row-problems.csv", views.import_issues_csv, name="issues_csv"),
    path("<int:pk>/reconciliation/", views.import_reconciliation, name="reconciliation"),
]
