"""iCalendar (RFC 5545) feeds of sessions, for a learner's phone and a site's notice board.

Each session is one event whose UID is the session's key, so a calendar app that
re-imports the feed updates events instead of doubling them. Only public facts go in
(course, site, times): a feed may end up in a shared calendar.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.core import signing
from django.utils import timezone
from icalendar import Calendar, Event

from ujuzi.core.bilingual import pick
from ujuzi.delivery.models import Session

PRODUCT_ID = "-//Ujuzi//Cohort calendar//EN"
FEED_SALT = "ujuzi.delivery.calendar-feed"


def calendar_of(sessions: Iterable[Session], *, name: str, language: str) -> bytes:
    """An iCalendar document with one event per session."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for session in sessions:
        cohort = session.cohort
        event = Event()
        event.add("uid", f"{session.pk}@ujuzi")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        title = pick(cohort.course.title, language)
        event.add("summary", f"{title}: {session.topic}" if session.topic else title)
        event.add("location", cohort.site.location or cohort.site.name)
        event.add("description", f"{cohort.course.code} · {cohort.code}")
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def feed_token(person_id: uuid.UUID) -> str:
    """The signed part of a learner's calendar address, for a phone's calendar app.

    Calendar apps cannot sign in, so the address itself is the key; it names only the
    person's sessions (course, site, times), never the person.
    """
    return signing.dumps(str(person_id), salt=FEED_SALT, compress=True)


def feed_person_id(token: str) -> uuid.UUID | None:
    """The person a calendar address belongs to, or None for a forged or damaged one."""
    try:
        return uuid.UUID(signing.loads(token[:200], salt=FEED_SALT))
    except (signing.BadSignature, ValueError, TypeError):
        return None
