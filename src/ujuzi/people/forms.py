"""Forms that parse list filters from the query string."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ujuzi.core.models import AdministrativeArea
from ujuzi.people.imports.engine import max_upload_bytes
from ujuzi.people.models import Institution, Person


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


class ImportUploadForm(forms.Form):
    """An HR export to check and import."""

    file = forms.FileField(label=_("File (CSV or Excel .xlsx)"))
    institution = forms.ModelChoiceField(
        label=_("Institution for rows without one"),
        queryset=Institution.objects.none(),
        required=False,
        empty_label=_("Each row names its institution"),
    )
    valid_rows_only = forms.BooleanField(
        label=_("Import the valid rows even if some are rejected"), required=False
    )

    def __init__(self, *args: Any, institutions: QuerySet[Institution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        """Refuse a file over the limit before reading it."""
        upload = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than the limit of %(limit)s bytes.") % {"limit": f"{limit:,}"}
            )
        return upload
