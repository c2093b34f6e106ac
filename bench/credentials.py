"""Signing and verifying Open Badges credentials (eddsa-rdfc-2022, RDFC-1.0)."""

from __future__ import annotations

import copy
import datetime
from typing import Any

from harness import Run
from ujuzi.credentials.documents import open_badge, recipient_identity_hash
from ujuzi.credentials.proofs import proof_add
from ujuzi.credentials.selectors import issuer_did
from ujuzi.credentials.services import issuer_key_current
from ujuzi.credentials.verify import credential_verify

_SIGNED_AT = datetime.datetime(2026, 11, 30, 8, 0, tzinfo=datetime.UTC)
_NOW = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)


def _badge(number: int) -> dict[str, Any]:
    salt = f"salt-{number}"
    return open_badge(
        credential_id=f"urn:uuid:0190a3c4-5b6d-7e8f-9a0b-{number:012d}",
        issuer_did=issuer_did(),
        issuer_name="Kenya School of Government",
        achievement={
            "id": "https://ujuzi.example.go.ke/courses/CYB-101/",
            "type": ["Achievement"],
            "name": "Cyber hygiene for public servants",
            "description": "Completed the cyber hygiene course.",
            "criteria": {"narrative": "Attended 80% of sessions and passed the final check."},
        },
        recipient_hash=recipient_identity_hash(f"learner{number}@example.go.ke", salt),
        salt=salt,
        valid_from=datetime.datetime(2026, 11, 30, tzinfo=datetime.UTC),
    )


def credential_sign(size: int) -> Run:
    """``proof_add`` on ``size`` different credentials with the current key."""
    key = issuer_key_current()
    documents = [_badge(number) for number in range(size)]
    signed: list[dict[str, Any]] = []

    def timed() -> int:
        signed.extend(
            proof_add(
                document,
                private_key=key.private_key,
                verification_method=key.verification_method,
                created=_SIGNED_AT,
            )
            for document in documents
        )
        return len(signed)

    def check(count: int) -> None:
        if count != size or credential_verify(signed[-1], now=_NOW).status != "valid":
            raise AssertionError("a signed credential does not verify")

    return Run(timed, check)


def credential_verify_one(size: int) -> Run:
    """``credential_verify`` of one signed credential, ``size`` times (key look-up included)."""
    key = issuer_key_current()
    signed = proof_add(
        _badge(0),
        private_key=key.private_key,
        verification_method=key.verification_method,
        created=_SIGNED_AT,
    )
    credential_verify(copy.deepcopy(signed), now=_NOW)  # warm the processed contexts
    verdicts: list[str] = []

    def timed() -> int:
        verdicts.extend(credential_verify(signed, now=_NOW).status for _ in range(size))
        return size

    def check(count: int) -> None:
        if verdicts.count("valid") != count:
            raise AssertionError("a genuine credential did not verify")

    return Run(timed, check)


def _cohort_of_graduates(size: int) -> Any:
    """A closed cohort of the shipped "Cyber hygiene" course with ``size`` completions.

    Written in bulk (journaled and audited, as the people import writes): each graduate
    has an e-mail address, the identity their certificate hashes.
    """
    from django.apps import apps
    from django.utils import timezone

    from ujuzi.catalog.models import Course
    from ujuzi.core.node import next_clock
    from ujuzi.core.records import record_create, records_bulk_create
    from ujuzi.core.reference import reference_data_load
    from ujuzi.delivery.models import Cohort, Completion, Enrolment
    from ujuzi.people.models import Person
    from ujuzi.places.models import Site

    reference_data_load()
    for config in apps.get_app_configs():  # the shipped framework and catalogue
        if hasattr(config, "load_shipped_data"):
            config.load_shipped_data()
    course = Course.objects.get(code="CS-101")
    site = record_create(
        Site(code=f"bench-online-{size}", name="Bench online", kind=Site.Kind.ONLINE), by=None
    )
    ended = timezone.localdate() - datetime.timedelta(days=1)
    cohort = record_create(
        Cohort(
            course=course,
            site=site,
            code=f"bench-cohort-{size}-{next_clock()}",
            starts_on=ended - datetime.timedelta(days=4),
            ends_on=ended,
            capacity=size,
            closed_on=ended,
        ),
        by=None,
    )
    people = [
        Person(
            first_name="Graduate",
            last_name=f"Number {number}",
            email=f"graduate{number}@example.go.ke",
            audience=Person.Audience.CIVIL_SERVANT,
        )
        for number in range(size)
    ]
    records_bulk_create(people, by=None)
    enrolments = [
        Enrolment(
            cohort=cohort,
            person=person,
            status=Enrolment.Status.COMPLETED,
            source=Enrolment.Source.NOMINATION,
            queued_clock=number,
        )
        for number, person in enumerate(people)
    ]
    records_bulk_create(enrolments, by=None)
    records_bulk_create(
        [
            Completion(
                enrolment=enrolment,
                person_id=enrolment.person_id,
                course=course,
                completed_on=ended,
                attendance_percent=95,
            )
            for enrolment in enrolments
        ],
        by=None,
    )
    return cohort


def credentials_issue_cohort(size: int) -> Run:
    """``credentials_issue_for_cohort`` for a closed cohort of ``size`` graduates."""
    from ujuzi.credentials.issuing import credentials_issue_for_cohort
    from ujuzi.credentials.models import Credential

    cohort = _cohort_of_graduates(size)
    issuer_key_current()  # the first key exists already on a running installation
    credential_verify(_badge(0), now=_NOW)  # warm the processed contexts

    def timed() -> int:
        return credentials_issue_for_cohort(cohort=cohort, by=None)

    def check(count: int) -> None:
        issued = Credential.objects.filter(completion__enrolment__cohort=cohort)
        if count != size or issued.count() != size:
            raise AssertionError(f"{issued.count()} certificates for {size} graduates")
        indexes = set(issued.values_list("status_list_id", "status_list_index"))
        if len(indexes) != size:
            raise AssertionError("two certificates share a status list bit")
        last = issued.order_by("-issued_at").first()
        if last is None or credential_verify(last.document).status != "valid":
            raise AssertionError("an issued certificate does not verify")

    return Run(timed, check)


def certificate_pdf_render(size: int) -> Run:
    """``certificate_pdf`` of ``size`` different certificates, none cached yet.

    Each is the whole first download: reading what the page says, laying it out with its
    QR code, sealing it under the holder's data key and writing it to the cache.
    """
    from ujuzi.credentials.issuing import credentials_issue_for_cohort
    from ujuzi.credentials.models import Credential
    from ujuzi.credentials.paper import certificate_pdf

    cohort = _cohort_of_graduates(size + 1)
    credentials_issue_for_cohort(cohort=cohort, by=None)
    credentials = list(
        Credential.objects.filter(completion__enrolment__cohort=cohort).select_related(
            "person", "course__programme"
        )
    )
    # One page first, off the clock, as a running server has: the URL map, fpdf2's fonts.
    certificate_pdf(credentials.pop(), language="en")
    pages: list[bytes] = []

    def timed() -> int:
        pages.extend(
            certificate_pdf(credential, language="sw" if number % 2 else "en")
            for number, credential in enumerate(credentials)
        )
        return len(pages)

    def check(count: int) -> None:
        if count != size or not all(page.startswith(b"%PDF-1.") for page in pages):
            raise AssertionError("a certificate page is not a PDF")
        cached = certificate_pdf(credentials[0], language="en")
        if cached != pages[0]:
            raise AssertionError("the first page was not kept in the cache")

    return Run(timed, check)
