"""Forms that parse list filters from the query string."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ujuzi.core.models import AdministrativeArea
from ujuzi.people.models import Person


class PersonFilterForm(forms.Form):
    """Search and filters of the people list; every field is optional."""

    q = forms.CharField(
        label=_("Search by name, personal number or e-mail"), required=False, max_length=100
    )
    audience = forms.ChoiceField(
        label=_("Audience"),
        required=False,
        choices=[("", _("All audiences")), *Person.Audience.choices],
    )
    county = forms.ModelChoiceField(
        label=_("County or district"),
        required=False,
        queryset=AdministrativeArea.objects.exclude(kind=AdministrativeArea.Kind.PROVINCE),
        empty_label=_("All places"),
    )
