"""Recording a completion, and with it what the course shows of the learner's skills.

The one way a ``Completion`` is written: closing a cohort, loading past cohorts and
(later) applying a site's sync all come here, so no completion exists without its course
evidence, and the skill profile and the pathway always see what a person has completed.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from ujuzi.assessment.services import course_evidence_add
from ujuzi.catalog.models import Course
from ujuzi.core.models import User
from ujuzi.core.records import record_create
from ujuzi.delivery.models import Completion, Enrolment


@transaction.atomic
def completion_record(
    *,
    enrolment: Enrolment,
    course: Course,
    on: datetime.date,
    attendance_percent: int,
    final_score: int | None = None,
    by: User | None,
) -> Completion:
    """A learner completed a course on a day: the completion and its course evidence."""
    completion = record_create(
        Completion(
            enrolment=enrolment,
            person_id=enrolment.person_id,
            course=course,
            completed_on=on,
            attendance_percent=attendance_percent,
            final_score=final_score,
        ),
        by=by,
        action="delivery.completion.create",
    )
    course_evidence_add(
        person_id=enrolment.person_id,
        course=course,
        on=on,
        assessed=course.pass_mark_percent is not None,
        by=by,
    )
    return completion
