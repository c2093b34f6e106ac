"""The course list's filters, read from the query string."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ujuzi.catalog.models import DeliveryMode
from ujuzi.catalog.selectors import programme_list
from ujuzi.core.bilingual import pick


class CourseFilterForm(forms.Form):
    """Search, programme, delivery mode and language; every field is optional."""

    q = forms.CharField(label=_("Search by title or code"), required=False, max_length=100)
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    mode = forms.ChoiceField(
        label=_("Delivery"),
        required=False,
        choices=[("", _("Any delivery")), *DeliveryMode.choices],
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any language")), ("en", "English"), ("sw", "Kiswahili")],
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["programme"].choices = [  # type: ignore[attr-defined]
            ("", _("All programmes")),
            *((p.code, pick(p.title)) for p in programme_list()),
        ]
