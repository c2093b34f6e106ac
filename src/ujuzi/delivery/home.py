"""What delivery adds to each role's home page: places, today's sessions, approvals."""

from __future__ import annotations

from django.utils import timezone

from ujuzi.core.models import User
from ujuzi.delivery import selectors
from ujuzi.delivery.calendars import feed_token
from ujuzi.delivery.qr import absolute_url
from ujuzi.people.dashboards import HomeSection
from ujuzi.people.policy import scope_for


def home_sections(user: User | object) -> list[HomeSection]:
    """The learner's cohorts; a facilitator's sessions today; nominations to decide."""
    scope = scope_for(user)
    sections = []
    person = selectors.own_person(user)
    if person is not None:
        places = list(selectors.my_places(user)[:10])
        feed = absolute_url("calendar-feed", token=feed_token(person))
        context = {"places": places, "feed_url": feed}
        sections.append(HomeSection("delivery/home_learner.html", context))
    if scope.takes_attendance:
        today = timezone.localdate()
        sessions = list(selectors.sessions_to_run_for(user, day=today)[:20])
        sections.append(HomeSection("delivery/home_sessions.html", {"sessions": sessions}))
    if scope.runs_cohorts or scope.nominates:
        pending = selectors.nominations_for(user).count()
        queue: dict[str, object] = {"pending": pending, "decides": scope.runs_cohorts}
        sections.append(HomeSection("delivery/home_nominations.html", queue))
    return sections
