"""Certificates from trusted partner issuers as evidence of a learner's skills.

The programme administrator says what a partner's achievement attests in our framework
(``AchievementMapping``: a CASE association, exact match or related, to a competency at a
level). A learner adds a partner's certificate to their record: it must verify as
genuine from a trusted issuer, and it must name them — one of its hashed identifiers
must be the learner's own e-mail address, national ID or learner number. Its mapped
competencies then become evidence, and a mapping added later reaches the certificates
already added.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ujuzi.assessment.models import Evidence
from ujuzi.assessment.services import Claim, evidence_add_many
from ujuzi.competencies.models import Competency
from ujuzi.core.models import User
from ujuzi.core.records import record_create, record_delete
from ujuzi.credentials.documents import recipient_identity_hash
from ujuzi.credentials.models import AchievementMapping, PartnerCredential, TrustedIssuer
from ujuzi.credentials.verify import ISSUER_TRUSTED, VALID, credential_verify
from ujuzi.people.learner_numbers import learner_number_normalise
from ujuzi.people.models import Person
from ujuzi.people.policy import scope_for

# How sure a partner's certificate is of a level, by how closely its achievement matches.
ASSOCIATION_CONFIDENCE: dict[str, float] = {
    AchievementMapping.Association.EXACT_MATCH: 0.9,
    AchievementMapping.Association.RELATED: 0.5,
}


class PartnerCredentialError(ValueError):
    """A partner certificate or mapping cannot be accepted; the message says why."""


def _identities(person: Person) -> dict[str, set[str]]:
    """What a certificate may name the person by, per OB 3.0 identity type."""
    found: dict[str, set[str]] = {"emailAddress": set(), "nationalIdentityNumber": set()}
    if person.email:
        found["emailAddress"] |= {person.email.strip().lower(), person.email.strip()}
    if person.national_id:
        found["nationalIdentityNumber"].add(person.national_id.strip())
    number = learner_number_normalise(person.learner_number or "")
    found["ext:studentId"] = {number} if number else set()
    return found


def names_person(document: dict[str, Any], person: Person) -> bool:
    """Whether one of the certificate's identifiers is the person's own."""
    subject = document.get("credentialSubject")
    identifiers = subject.get("identifier", []) if isinstance(subject, dict) else []
    own = _identities(person)
    for identifier in identifiers if isinstance(identifiers, list) else []:
        if not isinstance(identifier, dict):
            continue
        kind, value = identifier.get("identityType"), identifier.get("identityHash")
        if not isinstance(value, str) or kind not in own:
            continue
        salt = identifier.get("salt")
        salt = salt if isinstance(salt, str) else ""
        hashed = identifier.get("hashed") is True
        for candidate in own[str(kind)]:
            if value == (recipient_identity_hash(candidate, salt) if hashed else candidate):
                return True
    return False


def _observed_at(document: dict[str, Any]) -> datetime.datetime:
    try:
        return datetime.datetime.fromisoformat(str(document.get("validFrom")))
    except ValueError:
        return timezone.now()


def _evidence_for(credential: PartnerCredential, mappings: list[AchievementMapping]) -> None:
    evidence_add_many(
        person_id=credential.person_id,
        source=Evidence.Source.CREDENTIAL,
        claims=[
            Claim(mapping.competency_id, mapping.level, ASSOCIATION_CONFIDENCE[mapping.association])
            for mapping in mappings
        ],
        observed_at=_observed_at(credential.document),
        note=f"{credential.issuer.name} {credential.achievement_id}",
        by=None,
    )


def _credential_id(document: dict[str, Any]) -> str:
    """The certificate's ``id``; one without (VC 2.0 allows it) is known by its proof."""
    given = document.get("id")
    if isinstance(given, str) and given:
        return given[:300]
    proof = json.dumps(document.get("proof"), sort_keys=True, ensure_ascii=False)
    return "urn:sha256:" + hashlib.sha256(proof.encode()).hexdigest()


@transaction.atomic
def partner_credential_add(*, person: Person, document: Any, by: User | None) -> PartnerCredential:
    """Add a partner's certificate to a person's record, with the evidence it gives."""
    verdict = credential_verify(document)
    if verdict.status != VALID or verdict.issuer_trust != ISSUER_TRUSTED:
        raise PartnerCredentialError(
            _("Only a genuine certificate from a trusted partner issuer can be added: %(why)s")
            % {"why": verdict.reason}
        )
    if not names_person(document, person):
        raise PartnerCredentialError(
            _(
                "This certificate names someone else: none of its identifiers is your "
                "e-mail address, national ID or learner number."
            )
        )
    issuer = TrustedIssuer.objects.get(did=verdict.issuer)
    credential_id = _credential_id(document)
    kept = PartnerCredential.objects.filter(person=person, credential_id=credential_id).first()
    if kept is not None:
        return kept
    achievement = document["credentialSubject"].get("achievement")
    achievement = achievement if isinstance(achievement, dict) else {}
    credential = record_create(
        PartnerCredential(
            person=person,
            issuer=issuer,
            credential_id=credential_id,
            achievement_id=str(achievement.get("id", ""))[:300],
            document=document,
            added_at=timezone.now(),
        ),
        by=by,
        action="credentials.partner_credential.add",
    )
    mappings = list(
        AchievementMapping.objects.filter(issuer=issuer, achievement_id=credential.achievement_id)
    )
    if mappings:
        _evidence_for(credential, mappings)
    return credential


def _administrator(by: User) -> None:
    if not scope_for(by).runs_cohorts:
        raise PartnerCredentialError(_("Only programme administrators map achievements."))


@transaction.atomic
def achievement_mapping_add(
    *,
    issuer: TrustedIssuer,
    achievement_id: str,
    achievement_name: str = "",
    competency: Competency,
    level: int,
    association: str,
    by: User,
) -> AchievementMapping:
    """Say what a partner's achievement attests; certificates already added count at once."""
    _administrator(by)
    achievement_id = achievement_id.strip()
    if not achievement_id or len(achievement_id) > 300 or any(c.isspace() for c in achievement_id):
        raise PartnerCredentialError(
            _("Give the achievement's id as its certificates carry it (one address, no spaces).")
        )
    if association not in AchievementMapping.Association.values:
        raise PartnerCredentialError(_("Choose an exact match or a related achievement."))
    top = competency.framework.levels.count()
    if competency.kind != Competency.Kind.COMPETENCY or not 1 <= level <= top:
        raise PartnerCredentialError(
            _("Choose a competency and one of its levels, 1 to %(top)d.") % {"top": top}
        )
    if AchievementMapping.objects.filter(
        issuer=issuer, achievement_id=achievement_id, competency=competency
    ).exists():
        raise PartnerCredentialError(_("This achievement is already mapped to that competency."))
    mapping = record_create(
        AchievementMapping(
            issuer=issuer,
            achievement_id=achievement_id,
            achievement_name=achievement_name.strip()[:250],
            competency=competency,
            level=level,
            association=association,
        ),
        by=by,
        action="credentials.achievement_mapping.add",
    )
    for credential in PartnerCredential.objects.filter(
        issuer=issuer, achievement_id=achievement_id
    ).select_related("issuer"):
        _evidence_for(credential, [mapping])
    return mapping


@transaction.atomic
def achievement_mapping_remove(*, mapping: AchievementMapping, by: User) -> None:
    """Stop counting a partner's achievement for a competency from now on.

    Evidence already given stays, as dated evidence always does: a mistaken mapping is
    mended by a corrected one (the highest level attested counts, so lower it only by
    skills checks or by an administrator's correction of the evidence).
    """
    _administrator(by)
    record_delete(mapping, by=by, action="credentials.achievement_mapping.remove")


def partner_credentials_of(person: Person) -> list[PartnerCredential]:
    """The partner certificates a person added, newest first."""
    return list(PartnerCredential.objects.filter(person=person).select_related("issuer"))
