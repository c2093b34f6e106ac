"""Forms of cohorts and nominations: shapes and lengths only; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ujuzi.places.models import Site

MAX_NOMINATIONS_AT_ONCE = 50


class CohortFilterForm(forms.Form):
    """Narrow the cohort list."""

    course = forms.CharField(label=_("Course code"), required=False, max_length=40)
    site = forms.ModelChoiceField(
        label=_("Site"), queryset=Site.objects.order_by("name"), required=False
    )
    open_only = forms.BooleanField(label=_("Open to self-enrolment only"), required=False)
    past = forms.BooleanField(label=_("Include past cohorts"), required=False)


class StaffSearchForm(forms.Form):
    """Find staff to nominate by name or personal number."""

    q = forms.CharField(label=_("Name or personal number"), required=False, max_length=100)


class NominateForm(forms.Form):
    """The members of staff ticked on the nomination page."""

    person = forms.TypedMultipleChoiceField(
        label=_("Staff to nominate"), coerce=str, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        """Offer only the staff listed on the page the officer saw."""
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.TypedMultipleChoiceField)  # noqa: S101 - declared above
        field.choices = choices

    def clean_person(self) -> list[str]:
        """At least one, and not a whole ministry in one click."""
        chosen: list[str] = self.cleaned_data["person"]
        if len(chosen) > MAX_NOMINATIONS_AT_ONCE:
            raise forms.ValidationError(
                _("Nominate at most %(n)d people at a time.") % {"n": MAX_NOMINATIONS_AT_ONCE}
            )
        return chosen


class DecisionForm(forms.Form):
    """Approve or decline one nomination; a decline needs a reason."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("decline", _("Decline"))]
    )
    reason = forms.CharField(label=_("Reason (needed to decline)"), required=False, max_length=300)


class LeaveForm(forms.Form):
    """A learner leaves a cohort; after the start the reason is recorded."""

    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)
