"""Admin pages for kernel records.

Journaled records are written through the services (``JournaledAdminMixin``), so an edit
in the admin is journaled and audited like any other; the journal and the audit trail
themselves are read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.db import models
from django.http import HttpRequest, HttpResponse

from ujuzi.core.forms import UserPasswordForm, password_changed_by
from ujuzi.core.models import AuditEntry, JournalEntry, User
from ujuzi.core.records import record_create, record_delete, record_update
from ujuzi.core.services import user_delete


def admin_actor(request: HttpRequest) -> User:
    """The signed-in staff member behind an admin request."""
    if not isinstance(request.user, User):
        raise PermissionError("admin writes need a signed-in user")
    return request.user


class JournaledAdminMixin:
    """Route admin saves and deletions through the journaled write helpers."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Create or update through ``ujuzi.core.records``."""
        if not change:
            record_create(
                obj, by=admin_actor(request), action=f"{obj._meta.label_lower}.admin_create"
            )
            return
        original = type(obj).objects.get(pk=obj.pk)
        changes = {}
        for name in form.changed_data:
            field = obj._meta.get_field(name)
            if field.concrete and not field.many_to_many:
                changes[name] = getattr(obj, field.attname)
                setattr(obj, field.attname, getattr(original, field.attname))
        record_update(
            obj,
            changes=changes,
            by=admin_actor(request),
            action=f"{obj._meta.label_lower}.admin_update",
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        """Tombstone instead of deleting, so the deletion syncs."""
        record_delete(obj, by=admin_actor(request), action=f"{obj._meta.label_lower}.admin_delete")

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        """Tombstone each selected record."""
        for obj in queryset:
            self.delete_model(request, obj)


def _without_groups(fields: Any) -> tuple[str, ...]:
    return tuple(name for name in fields if name not in ("groups", "user_permissions"))


# Django's auth admin (imported above) registers groups; they do not sync, so they are
# not offered.
admin.site.unregister(Group)


@admin.register(User)
class UjuziUserAdmin(JournaledAdminMixin, UserAdmin):
    """Logins; passwords are changed through the service as well.

    Groups and per-login permissions are not offered: they do not sync and grant nothing
    here (``ujuzi.core.backends``); roles are ``people.RoleAssignment`` rows.
    """

    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active")
    filter_horizontal = ()
    fieldsets = tuple(
        (title, {**options, "fields": _without_groups(options["fields"])})
        for title, options in UserAdmin.fieldsets or ()
    )
    # Written by Django at each sign-in on this node only; never journaled, so not edited.
    readonly_fields = ("last_login",)
    change_password_form = UserPasswordForm

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Django's page; the form audits the change as this administrator's."""
        token = password_changed_by.set(admin_actor(request))
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            password_changed_by.reset(token)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        """Closing a login also stops it signing in."""
        user_delete(user=obj, by=admin_actor(request))


class ReadOnlyAdmin(admin.ModelAdmin):
    """For append-only records: viewable, never editable here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        """No additions."""
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """No edits."""
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """No deletions."""
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The audit trail, newest first."""

    list_display = ("seq", "at", "action", "model", "record_id", "actor_id")
    ordering = ("-seq",)


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnlyAdmin):
    """The change journal, newest first; personal values stay sealed."""

    list_display = ("seq", "operation", "model", "record_id", "clock")
    exclude = ("sealed_values",)
    ordering = ("-seq",)
