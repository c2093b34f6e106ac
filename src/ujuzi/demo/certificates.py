"""The demo learner's own certificate, so that the passport has something to print.

The learner's current cohort at Faza is still running, so they would hold no
certificate. Six weeks ago they took "Computer and internet basics" (in Kiswahili, at
Faza centre) and completed it. That is history, written as the national history of
``ujuzi.demo.scale`` is (the delivery services refuse places in a cohort that has
ended): the closed cohort, the place and the completion with its course evidence, each
journaled and audited. The loader's next step, the periodic issuing
(``credentials_issue_pending``), signs the certificate.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from ujuzi.catalog.models import Course
from ujuzi.core.models import User
from ujuzi.core.node import next_clock
from ujuzi.core.records import record_create
from ujuzi.delivery.completions import completion_record
from ujuzi.delivery.models import Cohort, Enrolment
from ujuzi.people.models import Person
from ujuzi.places.models import Site

MARKER = "demo-faza-yth-101-past"


@transaction.atomic
def learner_certificate_load() -> int:
    """The demo learner's past, completed cohort, once; how many cohorts were created."""
    learner = Person.objects.filter(user__username="learner").first()
    course = Course.objects.filter(code="YTH-101").first()
    site = Site.objects.filter(code="cdc-faza").first()
    admin = User.objects.filter(username="admin").first()
    if learner is None or course is None or site is None or admin is None:
        return 0
    if Cohort.all_objects.filter(code=MARKER).exists():
        return 0
    ended = timezone.localdate() - datetime.timedelta(days=42)
    cohort = record_create(
        Cohort(
            course=course,
            site=site,
            code=MARKER,
            language="sw",
            starts_on=ended - datetime.timedelta(days=2),
            ends_on=ended,
            capacity=20,
            is_open=True,
            closed_on=ended,
        ),
        by=admin,
    )
    enrolment = record_create(
        Enrolment(
            cohort=cohort,
            person=learner,
            status=Enrolment.Status.COMPLETED,
            source=Enrolment.Source.SELF,
            queued_clock=next_clock(),
        ),
        by=admin,
    )
    completion_record(
        enrolment=enrolment, course=course, on=ended, attendance_percent=100, by=admin
    )
    return 1
