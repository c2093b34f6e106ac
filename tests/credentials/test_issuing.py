"""Issuing certificates for completions: signed, idempotent, private, schema-valid."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from django.db import connection

from tests.credentials.issuing_helpers import EMAIL, make_completion
from ujuzi.credentials.documents import recipient_identity_hash
from ujuzi.credentials.issuing import (
    CredentialError,
    credential_issue,
    credentials_issue_for_cohort,
    credentials_issue_pending,
    status_index_allocate,
)
from ujuzi.credentials.models import Credential, StatusListRange
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


def test_the_recipient_is_a_salted_hash_and_the_address_appears_nowhere(db: Any) -> None:
    credential = credential_issue(completion=make_completion(), by=None)

    (identity,) = credential.document["credentialSubject"]["identifier"]
    assert identity["identityType"] == "emailAddress"
    assert identity["hashed"] is True
    assert len(identity["salt"]) == 32
    assert identity["identityHash"] == recipient_identity_hash(EMAIL, identity["salt"])
    text = json.dumps(credential.document).lower()
    assert "wanjiku" not in text
    assert "example.go.ke" not in text


def test_without_an_email_the_national_id_is_hashed(db: Any) -> None:
    credential = credential_issue(
        completion=make_completion(email="", national_id="23456789"), by=None
    )

    (identity,) = credential.document["credentialSubject"]["identifier"]
    assert identity["identityType"] == "nationalIdentityNumber"
    assert identity["identityHash"] == recipient_identity_hash("23456789", identity["salt"])
    assert "23456789" not in json.dumps(credential.document)


def test_a_learner_without_any_identifier_gets_no_certificate(db: Any) -> None:
    completion = make_completion(email="", national_id="")

    with pytest.raises(CredentialError):
        credential_issue(completion=completion, by=None)

    assert credentials_issue_pending() == 0
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
