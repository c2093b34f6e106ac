"""The URL map: pages, the JSON API under /api/v1/, the admin and language switching."""

from django.contrib import admin
from django.urls import include, path

from ujuzi.api.urls import api
from ujuzi.competencies import views as competency_views
from ujuzi.core import views as core_views
from ujuzi.people import views as people_views
from ujuzi.places import views as places_views

urlpatterns = [
    path("", people_views.home, name="home"),
    path("people/", people_views.person_list, name="person-list"),
    path("people/<uuid:person_id>/", people_views.person_detail, name="person-detail"),
    path("institutions/", people_views.institution_list, name="institution-list"),
    path(
        "institutions/<uuid:institution_id>/",
        people_views.institution_detail,
        name="institution-detail",
    ),
    path("sites/", places_views.site_list, name="site-list"),
    path("sites/<uuid:site_id>/", places_views.site_detail, name="site-detail"),
    path("competencies/<slug:slug>/", competency_views.framework_detail, name="framework-detail"),
    path(
        "competencies/<slug:slug>/<str:uri_code>/",
        competency_views.competency_detail,
        name="competency-detail",
    ),
    path("accounts/login/", core_views.SignInView.as_view(), name="login"),
    path("accounts/logout/", core_views.SignOutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("health", core_views.health, name="health"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
