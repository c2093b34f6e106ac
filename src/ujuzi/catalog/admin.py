"""Admin pages for the catalogue; every save is journaled and audited."""

from __future__ import annotations

from django.contrib import admin

from ujuzi.catalog.models import Course, CourseOutcome, CoursePrerequisite, Offering, Programme
from ujuzi.core.admin import JournaledAdminMixin


@admin.register(Programme)
class ProgrammeAdmin(JournaledAdminMixin, admin.ModelAdmin):
    """Programmes and their audiences."""

    list_display = ("code", "audience", "position")


@admin.register(Course)
class CourseAdmin(JournaledAdminMixin, admin.ModelAdmin):
    """Courses; outcomes, prerequisites and offerings have their own pages."""

    list_display = ("code", "programme", "duration_hours", "audience", "executive", "partner_track")
    list_filter = ("programme", "audience", "executive", "partner_track")
    search_fields = ("code",)


@admin.register(CourseOutcome)
class CourseOutcomeAdmin(JournaledAdminMixin, admin.ModelAdmin):
    """Which level of which competency a course brings a learner to."""

    list_display = ("course", "competency", "level")
    list_select_related = ("course", "competency")
    search_fields = ("course__code",)


@admin.register(CoursePrerequisite)
class CoursePrerequisiteAdmin(JournaledAdminMixin, admin.ModelAdmin):
    """Courses to take first."""

    list_display = ("course", "required")
    list_select_related = ("course", "required")


@admin.register(Offering)
class OfferingAdmin(JournaledAdminMixin, admin.ModelAdmin):
    """Where each course runs, and in which language."""

    list_display = ("course", "site", "language")
    list_filter = ("language", "site__kind")
    list_select_related = ("course", "site")
