"""Forms of the room: self check-in and a final score.

Only lengths and types here; the rules (window, code, who is enrolled) are the services'.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ujuzi.delivery.rules import CHECK_IN_CODE_LENGTH


class CheckInForm(forms.Form):
    """A learner's phone number or ID number, and the code shown in the room."""

    identifier = forms.CharField(
        label=_("Your phone number or ID number"),
        max_length=40,
        strip=True,
        help_text=_("The number you gave when you registered, for example 0712 345 678."),
        widget=forms.TextInput(
            attrs={"autocomplete": "tel", "inputmode": "tel", "autocapitalize": "none"}
        ),
    )
    code = forms.CharField(
        label=_("The code shown in the room"),
        max_length=CHECK_IN_CODE_LENGTH * 2,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "code-input",
            }
        ),
    )


class FinalScoreForm(forms.Form):
    """A learner's final assessment result, as a whole percentage."""

    score = forms.IntegerField(label=_("Final assessment (%)"), min_value=0, max_value=100)
