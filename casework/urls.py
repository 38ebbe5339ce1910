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
    path("<int:pk>/allocation/", views.allocation_change, name="allocation_change"),
    path("<int:pk>/allocation/end/", views.allocation_end, name="allocation_end"),
    path("<int:pk>/supervision/", views.supervision_create, name="supervision_create"),
    path("<int:pk>/supervision/<int:supervision_pk>/", views.supervision_update, name="supervision_update"),
    path("<int:pk>/supervision/<int:supervision_pk>/remove/", views.supervision_remove, name="supervision_remove"),
]

# Foster carer households, under their own address (kpi_project.urls: "foster-carers/", namespace "fostering").
fostering_urlpatterns = [
    path("", views.HouseholdListView.as_view(), name="households"),
    path("new/", views.household_create, name="household_create"),
    path("<int:pk>/", views.household_detail, name="household"),
    path("<int:pk>/edit/", views.household_update, name="household_update"),
    path("<int:pk>/reviews/new/", views.review_create, name="review_create"),
    path("<int:pk>/reviews/<int:review_pk>/", views.review_update, name="review_update"),
]
