from django.urls import path

from . import views

app_name = "returns"

urlpatterns = [
    path("annex-a/", views.annex_a, name="annex_a"),
    path("checks/", views.return_checks, name="checks"),
]
