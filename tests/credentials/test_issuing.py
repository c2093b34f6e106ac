"""Issuing certificates for completions: signed, idempotent, private, schema-valid."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from django.db import connection

from tests.credentials.issuing_helpers import make_completion
from ujuzi.core.records import record_update
from ujuzi.credentials.documents import recipient_identity_hash
from ujuzi.credentials.issuing import (
    CredentialError,
    credential_issue,
    credentials_issue_for_cohort,
    credentials_issue_pending,
    status_index_allocate,
)
from ujuzi.credentials.models import Credential, IssuingHold, StatusListRange
from ujuzi.credentials.tasks import credentials_issue_pending_task
from ujuzi.credentials.verify import credential_verify

SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "achievementcredential.json").read_text(encoding="utf-8")
)


def test_an_issued_certificate_verifies(db: Any) -> None:
    credential = credential_issue(completion=make_completion(), by=None)

    verdict = credential_verify(credential.document)

    assert (verdict.status, verdict.issuer) == ("valid", "did:web:127.0.0.1%3A8000")
    assert credential.credential_id == f"http://127.0.0.1:8000/verify/{credential.pk}/"
    assert credential.document["id"] == credential.credential_id
    assert credential.document["validFrom"] == "2026-11-26T21:00:00Z"  # midnight in Nairobi


def test_issuing_twice_gives_one_certificate(db: Any) -> None:
    completion = make_completion()

    first = credential_issue(completion=completion, by=None)
    second = credential_issue(completion=completion, by=None)

    assert first.pk == second.pk
    assert Credential.objects.count() == 1
    assert credentials_issue_pending() == 0


def test_the_recipient_is_the_salted_hash_of_the_learner_number_and_nothing_else(
    db: Any,
) -> None:
    completion = make_completion(national_id="23456789", phone="+254712345678")
    credential = credential_issue(completion=completion, by=None)

    (identity,) = credential.document["credentialSubject"]["identifier"]
    assert identity["identityType"] == "ext:studentId"
    assert identity["hashed"] is True
    assert len(identity["salt"]) == 32
    number = completion.person.learner_number
    assert identity["identityHash"] == recipient_identity_hash(number, identity["salt"])
    text = json.dumps(credential.document).lower()
    for personal in ("wanjiku", "example.go.ke", "23456789", "712345678", number.lower()):
        assert personal not in text


def test_a_young_learner_with_neither_email_nor_id_gets_a_certificate(db: Any) -> None:
    completion = make_completion(email="", national_id=None, phone="")

    credential = credential_issue(completion=completion, by=None)

    assert credential_verify(credential.document).status == "valid"
    assert IssuingHold.objects.count() == 0


def test_a_learner_without_a_valid_learner_number_waits_on_the_administrators_list(
    db: Any,
) -> None:
    completion = make_completion()
    record_update(completion.person, changes={"learner_number": "NOT-A-NUMBER"}, by=None)

    with pytest.raises(CredentialError, match="no valid learner number"):
        credential_issue(completion=completion, by=None)
    assert credentials_issue_pending() == 0
    assert credentials_issue_pending() == 0

    (hold,) = IssuingHold.objects.all()
    assert (hold.completion_id, hold.reason, hold.resolved_at) == (
        completion.pk,
        IssuingHold.Reason.NO_LEARNER_NUMBER,
        None,
    )
    assert Credential.objects.count() == 0


def test_the_certificate_describes_the_course_and_its_competencies(db: Any) -> None:
    credential = credential_issue(completion=make_completion(), by=None)

    achievement = credential.document["credentialSubject"]["achievement"]
    assert achievement["name"] == "Cyber hygiene"
    assert achievement["description"] == "Safe habits online."
    assert achievement["criteria"]["narrative"] == (
        "Attended at least 80% of the cohort's sessions and scored at least 70% "
        "in the final assessment."
    )
    (alignment,) = achievement["alignment"]
    framework = credential.course.outcomes.get().competency.framework.slug
    assert alignment["targetUrl"] == f"http://127.0.0.1:8000/competencies/{framework}/dl-3-1/"
    assert (alignment["targetCode"], alignment["targetDescription"]) == ("DL-3.1", "Level 2")
    status = credential.document["credentialStatus"]
    assert status == {
        "id": f"http://127.0.0.1:8000/credentials/status/1#{credential.status_list_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(credential.status_list_index),
        "statusListCredential": "http://127.0.0.1:8000/credentials/status/1",
    }


def test_the_certificate_passes_the_open_badges_schema(db: Any) -> None:
    credential = credential_issue(completion=make_completion(), by=None)

    jsonschema.Draft201909Validator(SCHEMA).validate(credential.document)


def test_a_cohort_and_the_periodic_job_issue_what_is_missing(db: Any) -> None:
    first, second = make_completion(), make_completion()

    assert credentials_issue_for_cohort(cohort=first.enrolment.cohort, by=None) == 1
    assert credentials_issue_pending_task.call() == 1
    assert credentials_issue_pending_task.call() == 0
    assert Credential.objects.filter(completion__in=[first, second]).count() == 2


def test_status_indexes_are_unique_and_in_order(db: Any) -> None:
    taken = [status_index_allocate() for _ in range(5)]

    assert taken == [("1", 0), ("1", 1), ("1", 2), ("1", 3), ("1", 4)]
    assert StatusListRange.objects.get().next == 5


@pytest.mark.django_db(transaction=True)
def test_two_threads_never_take_the_same_index() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections are tested on PostgreSQL")
    status_index_allocate()  # the range exists before the race
    taken: list[tuple[str, int]] = []
    errors: list[BaseException] = []

    def allocate() -> None:
        try:
            taken.extend(status_index_allocate() for _ in range(20))
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(taken) == [("1", index) for index in range(1, 41)]
