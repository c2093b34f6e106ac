"""What delivery tells learners, through the notification gateways, in their language.

Each message is sent after the transaction commits and carries a key that makes a repeat
(a retried task, a second click) send nothing new.
"""

from __future__ import annotations

import uuid

from django.db import transaction

from ujuzi.delivery.models import Enrolment, Nomination, Session


def _send(person_id: uuid.UUID, kind: str, context: dict[str, object], dedupe_key: str) -> None:
    from ujuzi.notifications.services import message_send
    from ujuzi.people.models import Person

    def send() -> None:
        person = Person.objects.filter(pk=person_id).first()
        if person is not None:
            message_send(person=person, kind=kind, context=context, dedupe_key=dedupe_key)

    transaction.on_commit(send)


def _cohort_context(enrolment_or_nomination: Enrolment | Nomination) -> dict[str, object]:
    cohort = enrolment_or_nomination.cohort
    return {
        "course_title": cohort.course.title,
        "site_name": cohort.site.name,
        "starts_on": cohort.starts_on,
        "ends_on": cohort.ends_on,
    }


def place_given(enrolment: Enrolment) -> None:
    """A seat, or a place on the waiting list (each status is told once)."""
    _send(
        enrolment.person_id,
        "enrolment_status",
        _cohort_context(enrolment) | {"waitlisted": enrolment.status == "waitlisted"},
        f"enrolment:{enrolment.pk}:{enrolment.status}",
    )


def nomination_declined(nomination: Nomination) -> None:
    """A nomination was declined, with the reason the administrator gave."""
    _send(
        nomination.person_id,
        "nomination_declined",
        _cohort_context(nomination) | {"reason": nomination.decision_reason},
        f"nomination:{nomination.pk}:declined",
    )


def cohort_cancelled(enrolment: Enrolment, reason: str) -> None:
    """The cohort the person held or awaited a place in will not run."""
    _send(
        enrolment.person_id,
        "cohort_cancelled",
        _cohort_context(enrolment) | {"reason": reason},
        f"enrolment:{enrolment.pk}:cancelled",
    )


def session_reminder(session: Session, enrolment: Enrolment) -> None:
    """The day before a session: when and where."""
    _send(
        enrolment.person_id,
        "session_reminder",
        _cohort_context(enrolment) | {"starts_at": session.starts_at, "topic": session.topic},
        f"reminder:{session.pk}:{enrolment.person_id}",
    )
