"""Issuing certificates for completions, and revoking them.

A completion gets exactly one credential: issuing locks the completion row and returns
the credential it already has. Each credential takes a bit of a status list from a
range held by this node (``StatusListRange``), allocated under a row lock, so a
revocation can later be published without naming anyone. Course texts go into the
certificate in English only: the Open Badges 3.0 JSON Schema wants ``name`` and
``description`` as plain strings, and a language map would fail it (see the app README).
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ujuzi.catalog.models import Course, CourseOutcome
from ujuzi.core.bilingual import pick
from ujuzi.core.crypto import DecryptionError
from ujuzi.core.models import User
from ujuzi.core.node import is_site, local_node_id
from ujuzi.core.records import record_create, record_update, records_bulk_create
from ujuzi.credentials.documents import open_badge, recipient_identity_hash
from ujuzi.credentials.holds import hold_note, holds_resolve
from ujuzi.credentials.models import Credential, IssuingHold, StatusListRange
from ujuzi.credentials.proofs import proof_add
from ujuzi.credentials.selectors import issuer_did
from ujuzi.credentials.services import SigningKey, issuer_key_current
from ujuzi.delivery.models import Cohort, Completion
from ujuzi.people.learner_numbers import learner_number_normalise
from ujuzi.people.models import Person
from ujuzi.people.policy import scope_for

ISSUER_NAME = "Ujuzi — Kenya digital skills programme"
# The recipient's identity type. Open Badges 3.0's IdentifierTypeEnum has no studentId and
# the 1EdTech schema wants extensions prefixed "ext:", so a learner number is "ext:studentId".
STUDENT_ID = "ext:studentId"
# W3C Bitstring Status List: at least 16 KB uncompressed, so one bit hides in 131,072.
STATUS_LIST_SIZE = 131_072


class CredentialError(ValueError):
    """A credential cannot be issued or revoked; the message says why.

    ``hold`` names the reason (an ``IssuingHold.Reason``) when the graduate should wait on
    the programme administrator's list of certificates that cannot be issued yet.
    """

    def __init__(self, message: str, *, hold: str = "") -> None:
        super().__init__(message)
        self.hold = hold


def status_list_url(list_id: str) -> str:
    """Where the status list credential of ``list_id`` is served."""
    return f"{settings.UJUZI.public_url}/credentials/status/{list_id}"


def verification_url(credential_pk: object) -> str:
    """The public verification page of a credential: also its ``id`` and its QR link."""
    return f"{settings.UJUZI.public_url}/verify/{credential_pk}/"


def _new_range(node: Any) -> StatusListRange:
    # A new list's id is the next number, which only one node may hand out: the hub.
    if is_site():
        raise CredentialError("status lists are made at the hub")
    numbers = [int(item) for item in StatusListRange.all_objects.values_list("list_id", flat=True)]
    list_id = str(max(numbers, default=0) + 1)
    return record_create(
        StatusListRange(list_id=list_id, node=node, first=0, last=STATUS_LIST_SIZE - 1, next=0),
        by=None,
        action="credentials.status_range.create",
    )


def status_index_allocate() -> tuple[str, int]:
    """The next free (list id, index) of this node's ranges, taken under a row lock."""
    return status_indexes_allocate(1)[0]


def status_indexes_allocate(count: int) -> list[tuple[str, int]]:
    """The next ``count`` free (list id, index) pairs of this node's ranges, in order.

    Taken under a row lock on the ranges, with one write per range used (not one per
    index), so a cohort's certificates take their bits in one step.
    """
    if count <= 0:
        return []
    node = local_node_id()
    taken: list[tuple[str, int]] = []
    for _attempt in range(5 + count // STATUS_LIST_SIZE):
        with transaction.atomic():
            held = (
                StatusListRange.objects.select_for_update()
                .filter(node=node)
                .order_by("list_id", "first")
            )
            for item in held:
                wanted = min(item.last - item.next + 1, count - len(taken))
                if wanted <= 0:
                    continue
                first = item.next
                taken.extend((item.list_id, index) for index in range(first, first + wanted))
                record_update(item, changes={"next": first + wanted}, by=None)
                if len(taken) == count:
                    return taken
        try:
            with transaction.atomic():  # a savepoint: a lost race leaves the caller intact
                _new_range(node)
        except IntegrityError:  # another worker created the same list at the same moment
            continue
    raise CredentialError("no status list index could be allocated")


def _recipient(person: Person) -> tuple[str, str]:
    """Who a certificate names: the salted hash of the person's learner number.

    Never an e-mail address, phone number or national ID: their spaces are small and the
    salt is public, so a hash of them gives them away (``people.learner_numbers``).
    """
    if person.is_deleted:
        raise CredentialError(
            _("The learner's record has been removed."), hold=IssuingHold.Reason.PERSON_REMOVED
        )
    number = learner_number_normalise(person.learner_number or "")
    if number is None:
        raise CredentialError(
            _("The learner has no valid learner number."),
            hold=IssuingHold.Reason.NO_LEARNER_NUMBER,
        )
    return number, STUDENT_ID


def _criteria(course: Course) -> str:
    text = f"Attended at least {course.min_attendance_percent}% of the cohort's sessions"
    if course.pass_mark_percent is not None:
        text += f" and scored at least {course.pass_mark_percent}% in the final assessment"
    return text + "."


def _alignments(course: Course) -> list[dict[str, Any]]:
    outcomes = (
        CourseOutcome.objects.filter(course=course)
        .select_related("competency__framework")
        .order_by("competency__uri_code")
    )
    base = settings.UJUZI.public_url
    alignments = []
    for outcome in outcomes:
        competency = outcome.competency
        framework = competency.framework
        alignments.append(
            {
                "type": ["Alignment"],
                "targetName": pick(competency.title, "en") or competency.uri_code,
                "targetUrl": f"{base}/competencies/{framework.slug}/{competency.uri_code}/",
                "targetCode": competency.code or competency.uri_code,
                "targetDescription": f"Level {outcome.level}",
                "targetFramework": pick(framework.title, "en") or framework.slug,
                "targetType": "CFItem",
            }
        )
    return alignments


def achievement_for(course: Course) -> dict[str, Any]:
    """The Open Badges achievement of a course: its texts in English, its competencies."""
    name = pick(course.title, "en") or course.code
    achievement: dict[str, Any] = {
        "id": f"{settings.UJUZI.public_url}/courses/{course.code}/",
        "type": ["Achievement"],
        "name": name,
        "description": pick(course.summary, "en") or name,
        "criteria": {"narrative": _criteria(course)},
        "humanCode": course.code,
    }
    alignments = _alignments(course)
    if alignments:
        achievement["alignment"] = alignments
    return achievement


def _signed(
    completion: Completion,
    recipient: tuple[str, str],
    slot: tuple[str, int],
    *,
    achievement: dict[str, Any],
    key: SigningKey,
    issued_at: datetime.datetime,
) -> Credential:
    """The signed certificate of a completion, not yet saved."""
    identity, identity_type = recipient
    list_id, index = slot
    salt = secrets.token_hex(16)
    credential = Credential(
        person=completion.person,
        completion=completion,
        course=completion.course,
        status_list_id=list_id,
        status_list_index=index,
        issued_at=issued_at,
        document={},
    )
    credential.credential_id = verification_url(credential.pk)
    list_url = status_list_url(list_id)
    unsigned = open_badge(
        credential_id=credential.credential_id,
        issuer_did=issuer_did(),
        issuer_name=ISSUER_NAME,
        achievement=achievement,
        recipient_hash=recipient_identity_hash(identity, salt),
        salt=salt,
        # The completion's day begins at midnight where the programme runs, not in UTC.
        valid_from=datetime.datetime.combine(
            completion.completed_on, datetime.time(0), tzinfo=timezone.get_current_timezone()
        ),
        identity_type=identity_type,
        credential_status={
            "id": f"{list_url}#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(index),
            "statusListCredential": list_url,
        },
    )
    credential.document = proof_add(
        unsigned,
        private_key=key.private_key,
        verification_method=key.verification_method,
        created=issued_at,
    )
    return credential


@transaction.atomic
def credential_issue(*, completion: Completion, by: User | None) -> Credential:
    """The signed certificate of a completion; issuing again returns the same one."""
    completion = (
        Completion.objects.select_for_update()
        .select_related("person", "course")
        .get(pk=completion.pk)
    )
    existing = Credential.all_objects.filter(completion=completion).first()
    if existing is not None:
        return existing
    recipient = _recipient(completion.person)
    credential = _signed(
        completion,
        recipient,
        status_index_allocate(),
        achievement=achievement_for(completion.course),
        key=_signing_key(),
        issued_at=timezone.now(),
    )
    credential = record_create(credential, by=by, action="credentials.credential.issue")
    holds_resolve([completion.pk], by=by)
    return credential


def _signing_key() -> SigningKey:
    try:
        return issuer_key_current()
    except DecryptionError as error:
        raise CredentialError(
            _("The issuer's signing key cannot be opened with this installation's keys."),
            hold=IssuingHold.Reason.SIGNING_KEY,
        ) from error


# Completions signed and written together: one transaction, one status list write and one
# bulk insert (journaled, one audit entry) per chunk.
ISSUE_CHUNK = 250


@transaction.atomic
def _issue_chunk(completion_ids: list[Any], by: User | None) -> int:
    # Locked, and read again without a credential: a concurrent run skips what this one
    # signs. ``of`` keeps the lock off the outer join that finds the missing credential.
    completions = (
        Completion.objects.select_for_update(of=("self",))
        .filter(pk__in=completion_ids, credential__isnull=True)
        .select_related("person", "course")
        .order_by("pk")
    )
    ready = []
    for completion in completions:
        try:
            ready.append((completion, _recipient(completion.person)))
        except CredentialError as error:
            hold_note(completion, reason=error.hold, by=by)
    if not ready:
        return 0
    try:
        key = _signing_key()
    except CredentialError as error:
        for completion, _recipient_identity in ready:
            hold_note(completion, reason=error.hold, by=by)
        return 0
    slots = status_indexes_allocate(len(ready))
    achievements: dict[Any, dict[str, Any]] = {}
    issued_at = timezone.now()
    credentials = []
    for (completion, recipient), slot in zip(ready, slots, strict=True):
        if completion.course_id not in achievements:
            achievements[completion.course_id] = achievement_for(completion.course)
        credentials.append(
            _signed(
                completion,
                recipient,
                slot,
                achievement=achievements[completion.course_id],
                key=key,
                issued_at=issued_at,
            )
        )
    count = records_bulk_create(credentials, by=by, action="credentials.credential.issue_many")
    holds_resolve([completion.pk for completion, _recipient_identity in ready], by=by)
    return count


def _issue_each(completions: Any, by: User | None) -> int:
    # One transaction per chunk: a graduate who cannot be issued for waits on the list of
    # holds with the reason and does not hold back the others; a failure leaves the whole
    # chunk unissued. A site issues nothing: its completions reach the hub by sync and the
    # hub issues them, so no certificate is made twice or numbered on two nodes.
    if is_site():
        return 0
    pending = list(completions.order_by("pk").values_list("pk", flat=True))
    return sum(
        _issue_chunk(pending[start : start + ISSUE_CHUNK], by)
        for start in range(0, len(pending), ISSUE_CHUNK)
    )


def credentials_issue_for_cohort(*, cohort: Cohort, by: User | None) -> int:
    """Issue for every completion of a cohort that has no credential yet; how many."""
    pending = Completion.objects.filter(enrolment__cohort=cohort, credential__isnull=True)
    return _issue_each(pending, by)


def credentials_issue_pending(*, by: User | None = None) -> int:
    """Issue for every completion anywhere that has no credential yet; how many."""
    return _issue_each(Completion.objects.filter(credential__isnull=True), by)


@transaction.atomic
def credential_revoke(*, credential: Credential, reason: str, by: User) -> Credential:
    """Revoke a certificate, for a reason the verification page will show; admins only."""
    if not scope_for(by).runs_cohorts:
        raise CredentialError(_("Only programme administrators revoke certificates."))
    reason = reason.strip()
    if not reason:
        raise CredentialError(_("Say why the certificate is revoked."))
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    if credential.revoked_at is not None:
        return credential
    return record_update(
        credential,
        changes={"revoked_at": timezone.now(), "revocation_reason": reason},
        by=by,
        action="credentials.credential.revoke",
    )
