"""Background work of delivery. Tasks take ids, are idempotent and call a service."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from ujuzi.delivery import messages
from ujuzi.delivery.models import Enrolment
from ujuzi.delivery.selectors import sessions_due_for_reminder


@task()
def session_reminders_send() -> int:
    """Remind each enrolled learner of a session in the next 24 hours, once per session.

    The message keys make a repeated run (two workers, a retry) send nothing new.
    """
    sent = 0
    for session in sessions_due_for_reminder(timezone.now()):
        enrolments = Enrolment.objects.filter(
            cohort_id=session.cohort_id, status=Enrolment.Status.ENROLLED
        ).select_related("cohort__course", "cohort__site")
        for enrolment in enrolments:
            messages.session_reminder(session, enrolment)
            sent += 1
    return sent
