"""Admin pages for frameworks: browse, export as CASE, import a CASE file."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path

from ujuzi.competencies.case import (
    CaseImportError,
    dumps,
    framework_import,
    framework_package,
    parse_package,
)
from ujuzi.competencies.models import Framework, RoleProfile, RoleTarget
from ujuzi.core.admin import JournaledAdminMixin, ReadOnlyAdmin, admin_actor


class CaseUploadForm(forms.Form):
    """A CASE JSON file to import."""

    file = forms.FileField(label="CASE package (JSON)")


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    """Frameworks change by importing a new version, never by editing one in place."""

    list_display = ("slug", "version", "status", "created_at")
    actions = ["export_case"]
    change_list_template = "competencies/admin_framework_list.html"

    def get_urls(self) -> list[URLPattern]:
        """Add the import page."""
        extra = [
            path("import/", self.admin_site.admin_view(self.import_view), name="framework-import")
        ]
        return extra + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a CASE package; on error nothing is imported and every problem is listed."""
        form = CaseUploadForm(request.POST or None, request.FILES or None)
        problems: list[str] = []
        if request.method == "POST" and form.is_valid():
            try:
                package = parse_package(form.cleaned_data["file"].read())
                result = framework_import(package, by=admin_actor(request))
            except CaseImportError as error:
                problems = error.problems
            else:
                messages.success(request, f"Imported {result.framework} with {result.items} items.")
                return redirect("admin:competencies_framework_changelist")
        context = {**self.admin_site.each_context(request), "form": form, "problems": problems}
        return render(request, "competencies/admin_framework_import.html", context)

    @admin.action(description="Export as CASE 1.1 JSON")
    def export_case(self, request: HttpRequest, queryset: QuerySet[Framework]) -> HttpResponse:
        """Download the first selected framework."""
        framework = queryset.order_by("slug").first()
        assert framework is not None  # noqa: S101 - the admin never calls an action on nothing
        response = HttpResponse(
            dumps(framework_package(framework)), content_type="application/json"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{framework.slug}-{framework.version}.json"'
        )
        return response


@admin.register(RoleProfile)
class RoleProfileAdmin(JournaledAdminMixin, admin.ModelAdmin):
    """Role profiles: whom each is for; their targets are edited on the target pages."""

    list_display = ("code", "audience", "grade_band", "job_family", "position")
    ordering = ("position", "code")


@admin.register(RoleTarget)
class RoleTargetAdmin(JournaledAdminMixin, admin.ModelAdmin):
    """The level (and weight) each role profile needs in each competency."""

    list_display = ("role_profile", "competency", "level", "weight")
    list_editable = ("level", "weight")
    list_filter = ("role_profile",)
    list_select_related = ("role_profile", "competency")
