"""Admin pages for people data; writes go through the journaled helpers and are audited."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ujuzi.core.admin import JournaledAdminMixin, ReadOnlyAdmin, admin_actor
from ujuzi.people.models import ConsentEvent, Institution, Person, RoleAssignment
from ujuzi.people.services import person_create, person_update


@admin.register(Institution)
class InstitutionAdmin(JournaledAdminMixin, admin.ModelAdmin):
    """Ministries, departments, counties, agencies."""

    list_display = ("name", "code", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "code")


@admin.register(Person)
class PersonAdmin(JournaledAdminMixin, admin.ModelAdmin):
    """People; sensitive data is not shown here. Saves go through the people services."""

    list_display = ("last_name", "first_name", "institution", "audience")
    list_filter = ("audience",)
    search_fields = ("last_name", "first_name", "personal_number")
    raw_id_fields = ("institution", "user", "registered_at_site")
    list_select_related = ("institution",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Normalise and validate like every other write of a person."""
        values = {name: form.cleaned_data[name] for name in form.changed_data}
        if change:
            original = Person.objects.get(pk=obj.pk)
            person_update(person=original, changes=values, by=admin_actor(request))
            obj.refresh_from_db()
        else:
            created = person_create(by=admin_actor(request), **form.cleaned_data)
            obj.pk = created.pk


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(JournaledAdminMixin, admin.ModelAdmin):
    """Who holds which role, where."""

    list_display = ("user", "role", "institution", "site")
    list_filter = ("role",)
    raw_id_fields = ("user", "institution")


@admin.register(ConsentEvent)
class ConsentEventAdmin(ReadOnlyAdmin):
    """Consent is append-only: recorded through the consent pages, never edited."""

    list_display = ("person", "purpose", "decision", "decided_at", "channel")
    list_filter = ("purpose", "decision")
    raw_id_fields = ("person",)
