"""Forms of the assessment pages that are not questions (questions are read by scoring)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ujuzi.competencies.models import RoleProfile
from ujuzi.core.bilingual import pick


class RoleProfileOverrideForm(forms.Form):
    """Set a person's role profile by hand, or hand them back to the rule."""

    role_profile = forms.ChoiceField(label=_("Role profile"), required=False)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["role_profile"].choices = [  # type: ignore[attr-defined]
            ("", _("Use the rule (grade and job title)")),
            *((p.code, pick(p.title)) for p in RoleProfile.objects.order_by("position")),
        ]

    def chosen(self) -> RoleProfile | None:
        """The chosen profile, or None for the rule."""
        code = self.cleaned_data.get("role_profile")
        return RoleProfile.objects.filter(code=code).first() if code else None


class SelfAssessmentForm(forms.Form):
    """A level from 0 (not yet level 1) to the top of the scale."""

    level = forms.TypedChoiceField(label=_("Your level"), coerce=int)

    def __init__(self, *args: object, top: int = 4, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["level"].choices = [(n, str(n)) for n in range(top + 1)]  # type: ignore[attr-defined]
        self.fields["level"].error_messages["required"] = _("Choose the level that fits you.")
        self.fields["level"].error_messages["invalid_choice"] = _("Choose the level that fits you.")
