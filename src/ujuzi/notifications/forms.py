"""The outbox list's filters, parsed from the query string."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ujuzi.notifications.models import Message


class MessageFilterForm(forms.Form):
    """Channel and status; both optional."""

    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=[("", _("All channels")), *Message.Channel.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Every status")), *Message.Status.choices],
    )
