from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("scorecards/", views.scorecards, name="scorecards"),
    path("scorecards/<slug:slug>/", views.scorecard, name="scorecard"),
    path("scorecards/<slug:slug>/teams/", views.scorecard_league, name="scorecard_league"),
    path("team/", views.team_kpis, name="team_kpis"),
    path("indicators/<int:pk>/", views.indicator, name="indicator"),
    path("indicators/<int:pk>/records/", views.records, name="records"),
    path("indicators/<int:pk>/commentary/", views.commentary, name="commentary"),
    path("sign-off/", views.sign_off_list, name="sign_off"),
    path("sign-off/<str:month>/", views.sign_off_month, name="sign_off_month"),
]
