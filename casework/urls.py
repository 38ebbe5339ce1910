from django.urls import path

from . import views

app_name = "casework"

urlpatterns = [
    path("mine/", views.MyCaseloadView.as_view(), name="my_caseload"),
    path("team/", views.TeamCaseloadView.as_view(), name="team_caseload"),
    path("due/", views.DueView.as_view(), name="due"),
    path("search/", views.ChildSearchView.as_view(), name="child_search"),
    path("new/", views.child_create, name="child_create"),
    path("<int:pk>/", views.child_detail, name="child"),
    path("<int:pk>/edit/", views.child_update, name="child_update"),
    path("<int:pk>/history/", views.child_history, name="child_history"),
    path("<int:pk>/record/<slug:kind>/", views.record_create, name="record_create"),
    path("<int:pk>/record/<slug:kind>/<int:record_pk>/", views.record_update, name="record_update"),
]
