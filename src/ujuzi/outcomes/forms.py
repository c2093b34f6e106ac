"""The follow-up survey (by link or by phone), the placement form."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ujuzi.delivery.models import Completion
from ujuzi.outcomes.models import WG_DOMAINS, Difficulty, FollowUpAnswer, Sector
from ujuzi.outcomes.services import CIVIL_SERVANT_FIELDS

Employment = FollowUpAnswer.Employment
WORKING = (Employment.EMPLOYED.value, Employment.SELF_EMPLOYED.value)
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes_no(label: Any, required: bool = True) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        widget=forms.RadioSelect,
        coerce=lambda value: value == "yes",
        required=required,
        error_messages={"required": _("Choose yes or no.")},
    )


class SurveyForm(forms.Form):
    """The short follow-up questions; three more for civil servants."""

    employment_status = forms.ChoiceField(
        label=_("What is your work situation now?"),
        choices=Employment.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the answer that fits you best.")},
    )
    tech_role = _yes_no(_("Is your main work a technology role (mostly digital or ICT work)?"))
    role_started_on = forms.DateField(
        label=_("When did you start this work?"),
        help_text=_("Leave empty if you are not working. Any day in the month you started."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date, for example 2026-03-01.")},
    )
    sector = forms.ChoiceField(
        label=_("Where do you work?"),
        choices=[("", _("I am not working")), *Sector.choices],
        widget=forms.RadioSelect,
        required=False,
    )
    promoted = _yes_no(_("Since the course, have you been promoted?"))
    new_digital_responsibilities = _yes_no(
        _("Since the course, have you been given new digital responsibilities?")
    )
    digital_project_led = _yes_no(_("Since the course, have you led a digital project?"))
    skills_use = forms.ChoiceField(
        label=_("How often do you use the skills from the course?"),
        choices=FollowUpAnswer.SkillsUse.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how often.")},
    )

    def __init__(self, *args: Any, civil_servant: bool, **kwargs: Any) -> None:
        """Civil servants also answer about promotion and digital work."""
        super().__init__(*args, **kwargs)
        self.civil_servant = civil_servant
        if not civil_servant:
            for name in CIVIL_SERVANT_FIELDS:
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        """A technology role, a start date and a sector go with work."""
        data = super().clean() or {}
        working = data.get("employment_status") in WORKING
        if not working:
            if data.get("tech_role"):
                self.add_error("tech_role", _("A technology role needs a job or a business."))
            if data.get("role_started_on"):
                self.add_error("role_started_on", _("A start date needs a job or a business."))
            if data.get("sector"):
                self.add_error(
                    "sector", _("Choose 'I am not working', or change your answer above.")
                )
        elif not data.get("sector") and "sector" not in self.errors:
            self.add_error("sector", _("Choose where you work."))
        started = data.get("role_started_on")
        if isinstance(started, datetime.date) and started > datetime.date.today():  # noqa: DTZ011
            self.add_error("role_started_on", _("A start date cannot be in the future."))
        return data

    def answers(self) -> dict[str, Any]:
        """The cleaned answers, as the services take them."""
        return {name: self.cleaned_data.get(name) for name in self.fields}


class CompletionChoice(forms.ModelChoiceField):
    """A completion shown by its course code and date."""

    def label_from_instance(self, obj: Any) -> str:
        """``ICT-101 (2026-03-06)``."""
        return f"{obj.course.code} ({obj.completed_on})"


class PlacementForm(forms.Form):
    """A job a graduate took."""

    employer = forms.CharField(label=_("Employer"), max_length=200)
    tech_role = forms.BooleanField(label=_("It is a technology role"), required=False)
    started_on = forms.DateField(
        label=_("Started on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date, for example 2026-03-01.")},
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", "—"), *Sector.choices], required=False
    )
    completion = CompletionChoice(
        label=_("Course completed"),
        queryset=Completion.objects.none(),
        required=False,
        empty_label=_("Not linked to one course"),
    )

    def __init__(self, *args: Any, person_id: Any, **kwargs: Any) -> None:
        """Only the person's own completions can be linked."""
        super().__init__(*args, **kwargs)
        field = self.fields["completion"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = Completion.objects.filter(person_id=person_id).select_related("course")


WG_QUESTIONS = {
    "seeing": _("Do you have difficulty seeing, even if wearing glasses?"),
    "hearing": _("Do you have difficulty hearing, even if using a hearing aid?"),
    "walking": _("Do you have difficulty walking or climbing steps?"),
    "cognition": _("Do you have difficulty remembering or concentrating?"),
    "self_care": _("Do you have difficulty with self-care, such as washing all over or dressing?"),
    "communication": _(
        "Using your usual language, do you have difficulty communicating, for example "
        "understanding or being understood?"
    ),
}


class DisabilityForm(forms.Form):
    """The Washington Group Short Set: six questions, four answers each."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """One required choice per domain, in the Short Set's order."""
        super().__init__(*args, **kwargs)
        for domain in WG_DOMAINS:
            self.fields[domain] = forms.TypedChoiceField(
                label=WG_QUESTIONS[domain],
                choices=Difficulty.choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose one of the four answers.")},
            )


class DisabilityConsentForm(forms.Form):
    """Consent to keep disability answers, given on the page."""

    agree = forms.BooleanField(
        label=_(
            "I agree that Ujuzi keeps my answers to these questions, encrypted, to check "
            "that the programme reaches people with disabilities. I can withdraw at any time."
        ),
        error_messages={"required": _("Tick the box to agree, or leave this page.")},
    )
