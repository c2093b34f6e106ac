"""The URL map: pages, the JSON API under /api/v1/, the admin and language switching."""

from django.contrib import admin
from django.urls import include, path

from ujuzi.api.urls import api
from ujuzi.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", views.SignInView.as_view(), name="login"),
    path("accounts/logout/", views.SignOutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("health", views.health, name="health"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
