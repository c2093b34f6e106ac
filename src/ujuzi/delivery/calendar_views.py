"""Calendar feeds of sessions: a learner's file and subscribable address, a site's feed.

Only public facts go into a feed (see ``calendars``); a learner's subscribable address
is a key the learner can replace.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ujuzi.delivery import selectors
from ujuzi.delivery.calendars import calendar_of, feed_person_id
from ujuzi.delivery.keys import learner_key_replace
from ujuzi.delivery.models import LearnerKey
from ujuzi.delivery.pages import signed_in_user
from ujuzi.places.selectors import site_get


@login_required
@require_GET
def my_calendar(request: HttpRequest) -> HttpResponse:
    """The signed-in learner's sessions as an iCalendar file."""
    person = selectors.own_person(request.user)
    if person is None:
        raise Http404
    body = calendar_of(
        selectors.sessions_of_person(person),
        name=_("My Ujuzi sessions"),
        language=get_language() or "en",
    )
    return _ics(body, "ujuzi-sessions.ics")


@login_required
@require_POST
def my_calendar_replace(request: HttpRequest) -> HttpResponse:
    """The learner replaces their calendar address; the old one stops working."""
    person = selectors.own_person(request.user)
    if person is None:
        raise Http404
    learner_key_replace(person, LearnerKey.Purpose.CALENDAR, by=signed_in_user(request))
    messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    return redirect("home")


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A learner's sessions at their signed address, for a calendar app that subscribes."""
    person_id = feed_person_id(token)
    person = selectors.person_for_feed(person_id) if person_id else None
    if person is None:
        raise Http404
    language = person.preferred_language or "en"
    sessions = selectors.sessions_of_person(person)
    return _ics(calendar_of(sessions, name=_("My Ujuzi sessions"), language=language), "ujuzi.ics")


@require_GET
def site_calendar(request: HttpRequest, site_id: uuid.UUID) -> HttpResponse:
    """Every session at a site as an iCalendar feed (public facts only)."""
    site = site_get(site_id)
    if site is None:
        raise Http404
    body = calendar_of(
        selectors.sessions_of_site(site.pk), name=site.name, language=get_language() or "en"
    )
    return _ics(body, f"{site.code}.ics")
