"""iCalendar (RFC 5545) feeds of sessions, for a learner's phone and a site's notice board.

Each session is one event whose UID is the session's key, so a calendar app that
re-imports the feed updates events instead of doubling them. Only public facts go in
(course, site, times): a feed may end up in a shared calendar.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from ujuzi.core.bilingual import pick
from ujuzi.delivery.keys import learner_key, learner_key_person_id
from ujuzi.delivery.models import LearnerKey, Session
from ujuzi.people.models import Person

PRODUCT_ID = "-//Ujuzi//Cohort calendar//EN"


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


def feed_token(person: Person) -> str:
    """The key in a learner's calendar address, for a phone's calendar app.

    Calendar apps cannot sign in, so the address itself is the key; it names only the
    person's sessions (course, site, times), never the person, and the learner can
    replace it.
    """
    return learner_key(person, LearnerKey.Purpose.CALENDAR)


def feed_person_id(token: str) -> uuid.UUID | None:
    """The person a calendar address belongs to, or None for a replaced or forged one."""
    return learner_key_person_id(token, LearnerKey.Purpose.CALENDAR)
