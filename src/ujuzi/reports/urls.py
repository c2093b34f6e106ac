"""The reports pages, included at the root of the URL map."""

from django.urls import URLPattern, path

from ujuzi.reports import views

urlpatterns: list[URLPattern] = [
    path("reports/", views.dashboard, name="reports-dashboard"),
    path("reports/definitions/", views.definitions, name="reports-definitions"),
    path("reports/<slug:code>/", views.indicator_page, name="reports-indicator"),
    path("reports/<slug:code>/records/", views.records, name="reports-records"),
    path("reports/<slug:code>/export.csv", views.export_csv, name="reports-export-csv"),
    path("reports/<slug:code>/export.xlsx", views.export_xlsx, name="reports-export-xlsx"),
]
