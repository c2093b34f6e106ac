"""A cohort's certificates are signed together: each valid, each its own bit, none twice."""

from __future__ import annotations

from typing import Any

from tests.credentials.issuing_helpers import make_completion
from tests.factories import make_enrolment, make_person
from ujuzi.core.models import AuditEntry, JournalEntry
from ujuzi.core.records import record_create, record_update
from ujuzi.credentials.issuing import (
    STATUS_LIST_SIZE,
    credentials_issue_for_cohort,
    status_indexes_allocate,
)
from ujuzi.credentials.models import Credential, IssuingHold, StatusListRange
from ujuzi.credentials.verify import credential_verify
from ujuzi.delivery.models import Completion
from ujuzi.people.services import person_learner_number_renew


def classmate(first: Completion, **person: Any) -> Completion:
    enrolment = make_enrolment(person=make_person(**person), cohort=first.enrolment.cohort)
    return record_create(
        Completion(
            enrolment=enrolment,
            person_id=enrolment.person_id,
            course=first.course,
            completed_on=first.completed_on,
            attendance_percent=85,
        ),
        by=None,
    )


def test_a_cohort_is_signed_together_and_a_graduate_who_cannot_be_issued_for_waits(
    db: Any,
) -> None:
    first = make_completion()
    second = classmate(first, email="", national_id=None)
    unnumbered = classmate(first, email="", personal_number="PN-NO-ID")
    record_update(unnumbered.person, changes={"learner_number": "0000-0000-0000-X"}, by=None)
    audits_before = AuditEntry.objects.count()

    issued = credentials_issue_for_cohort(cohort=first.enrolment.cohort, by=None)

    assert issued == 2
    credentials = list(Credential.objects.order_by("status_list_index"))
    assert [c.completion_id for c in credentials] == [first.pk, second.pk]
    assert [(c.status_list_id, c.status_list_index) for c in credentials] == [("1", 0), ("1", 1)]
    assert {credential_verify(c.document).status for c in credentials} == {"valid"}
    assert [c.document["id"] for c in credentials] == [c.credential_id for c in credentials]
    (hold,) = IssuingHold.objects.all()
    assert (hold.completion_id, hold.reason) == (unnumbered.pk, "learner_number")
    journaled = JournalEntry.objects.filter(model="credentials.credential")
    assert set(journaled.values_list("record_id", flat=True)) == {c.pk for c in credentials}
    actions = AuditEntry.objects.order_by("pk")[audits_before:].values_list("action", flat=True)
    assert "credentials.credential.issue_many" in list(actions)
    assert credentials_issue_for_cohort(cohort=first.enrolment.cohort, by=None) == 0
    assert Credential.objects.count() == 2
    assert IssuingHold.objects.count() == 1

    person_learner_number_renew(person=unnumbered.person, by=None)
    assert credentials_issue_for_cohort(cohort=first.enrolment.cohort, by=None) == 1
    hold.refresh_from_db()
    assert hold.resolved_at is not None


def test_indexes_are_taken_in_blocks_across_lists(db: Any) -> None:
    head = status_indexes_allocate(3)
    rest = status_indexes_allocate(STATUS_LIST_SIZE - 1)

    assert head == [("1", 0), ("1", 1), ("1", 2)]
    assert rest[-3:] == [("1", STATUS_LIST_SIZE - 1), ("2", 0), ("2", 1)]
    assert len(set(head + rest)) == STATUS_LIST_SIZE + 2
    assert dict(StatusListRange.objects.values_list("list_id", "next")) == {
        "1": STATUS_LIST_SIZE,
        "2": 2,
    }
    assert status_indexes_allocate(0) == []
