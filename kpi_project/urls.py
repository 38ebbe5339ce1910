from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from casework.urls import fostering_urlpatterns
from core.health import health
from indicators.home_page import home

admin.site.site_header = "Children's services performance: administration"
admin.site.site_title = "Administration"
admin.site.index_title = "Thresholds, benchmarks, milestones, people and teams"

urlpatterns = [
    path("", home, name="home"),
    path("healthz", health, name="health"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("workforce/", include("workforce.urls")),
    path("children/", include("casework.urls")),
    path("foster-carers/", include((fostering_urlpatterns, "fostering"))),
    path("performance/", include("indicators.urls")),
    path("imports/", include("imports.urls")),
    path("returns/", include("returns.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
