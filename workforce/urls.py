from django.urls import path

from . import views

app_name = "workforce"

urlpatterns = [
    path("teams/", views.TeamListView.as_view(), name="teams"),
    path("teams/<int:pk>/", views.TeamDetailView.as_view(), name="team"),
    path("workers/", views.WorkerListView.as_view(), name="workers"),
    path("workers/<int:pk>/", views.WorkerDetailView.as_view(), name="worker"),
]
