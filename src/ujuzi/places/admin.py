"""Admin pages for sites; writes go through the journaled helpers."""

from django.contrib import admin

from ujuzi.core.admin import JournaledAdminMixin
from ujuzi.places.models import RouteStop, Site


@admin.register(Site)
class SiteAdmin(JournaledAdminMixin, admin.ModelAdmin):
    """Sites of every kind."""

    list_display = ("name", "kind", "area", "seats", "connectivity")
    list_filter = ("kind", "connectivity")
    search_fields = ("name", "code")


@admin.register(RouteStop)
class RouteStopAdmin(JournaledAdminMixin, admin.ModelAdmin):
    """A mobile lab's stops."""

    list_display = ("site", "place", "area", "starts_on", "ends_on")
    list_filter = ("site",)
