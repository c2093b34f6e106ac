"""The demo's partner issuer: the Rwanda Management Institute, on the trust list.

The partner's key is derived from a fixed phrase, so every demo installation imports
the same DID document and a sample partner certificate (``partner_credential()``)
verifies as "valid" from a trusted issuer on any of them. The trust page and ``/verify/``
offer that sample to download or to verify while the partner is on the list
(``DemoConfig.sample_certificates``). The key is a demo key made
public by this very file: nothing real is ever signed with it.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ujuzi.competencies.models import Competency
from ujuzi.core.models import AdministrativeArea, User
from ujuzi.credentials.contexts import DID_V1, MULTIKEY_V1
from ujuzi.credentials.documents import open_badge, recipient_identity_hash
from ujuzi.credentials.models import AchievementMapping
from ujuzi.credentials.multikey import public_key_multibase
from ujuzi.credentials.partners import achievement_mapping_add, partner_credential_add
from ujuzi.credentials.proofs import proof_add
from ujuzi.credentials.samples import SampleCertificate
from ujuzi.credentials.trust import trust_issuer_import
from ujuzi.people.models import Person
from ujuzi.people.services import person_create

PARTNER_NAME = "Rwanda Management Institute"
PARTNER_DID = "did:web:rmi.example.rw"
PARTNER_KEY = f"{PARTNER_DID}#key-1"
PARTNER_ACHIEVEMENT = "https://rmi.example.rw/courses/DGL-201/"
PARTNER_GRADUATE_EMAIL = "uwase@example.rw"
_SEED = b"ujuzi demo partner issuer: Rwanda Management Institute"


def partner_private_key() -> Ed25519PrivateKey:
    """The partner's demo signing key (public knowledge: demo only)."""
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(_SEED).digest())


def partner_did_document() -> dict[str, Any]:
    """The partner's DID document, as it would serve it at /.well-known/did.json."""
    method = {
        "id": PARTNER_KEY,
        "type": "Multikey",
        "controller": PARTNER_DID,
        "publicKeyMultibase": public_key_multibase(partner_private_key().public_key()),
    }
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": PARTNER_DID,
        "verificationMethod": [method],
        "assertionMethod": [PARTNER_KEY],
    }


def partner_credential() -> dict[str, Any]:
    """A certificate the partner signed, for trying the verifier on a foreign issuer."""
    unsigned = open_badge(
        credential_id="urn:uuid:0190b7e2-4c1a-7d3e-8f20-5a6b7c8d9e0f",
        issuer_did=PARTNER_DID,
        issuer_name=PARTNER_NAME,
        achievement={
            "id": PARTNER_ACHIEVEMENT,
            "type": ["Achievement"],
            "name": "Digital records management",
            "description": "Completed digital records management at RMI Kigali.",
            "criteria": {"narrative": "Attended every session and passed the final check."},
        },
        recipient_hash=recipient_identity_hash("uwase@example.rw", "demo-salt-rmi"),
        salt="demo-salt-rmi",
        valid_from=datetime.datetime(2026, 10, 2, tzinfo=datetime.UTC),
    )
    return proof_add(
        unsigned,
        private_key=partner_private_key(),
        verification_method=PARTNER_KEY,
        created=datetime.datetime(2026, 10, 2, 9, 0, tzinfo=datetime.UTC),
    )


@functools.cache
def _partner_credential_signed() -> dict[str, Any]:
    return partner_credential()  # the same bytes every time: sign once per process


def partner_sample() -> SampleCertificate:
    """The partner's certificate as the trust page and /verify/ offer it to try.

    Offered only while the partner is on the trust list (``ujuzi.credentials.samples``).
    """
    return SampleCertificate(
        slug="rwanda-management-institute",
        issuer_did=PARTNER_DID,
        issuer_name=PARTNER_NAME,
        document=_partner_credential_signed(),
    )


def partner_issuer_load() -> None:
    """Put the partner on the trust list, trusted, with what its achievement attests.

    The sample certificate's holder, Aline Uwase (a Rwandan civil servant on exchange),
    has added it to her record, so her skill profile shows the partner's evidence.
    Loading again changes nothing.
    """
    admin = User.objects.filter(username="admin").first()
    issuer = trust_issuer_import(
        partner_did_document(),
        trusted=True,
        name=PARTNER_NAME,
        country="RW",
        note="Programme partner in Rwanda (demo).",
        by=admin,
    )
    competency = Competency.objects.filter(code="DG-PROTECTION").first()
    if admin is None or competency is None:
        return
    if not AchievementMapping.objects.filter(issuer=issuer).exists():
        achievement_mapping_add(
            issuer=issuer,
            achievement_id=PARTNER_ACHIEVEMENT,
            achievement_name="Digital records management",
            competency=competency,
            level=2,
            association=AchievementMapping.Association.EXACT_MATCH,
            by=admin,
        )
    graduate = Person.objects.filter(email=PARTNER_GRADUATE_EMAIL).first()
    if graduate is None:
        graduate = person_create(
            by=admin,
            first_name="Aline",
            last_name="Uwase",
            email=PARTNER_GRADUATE_EMAIL,
            audience=Person.Audience.CIVIL_SERVANT,
            area=AdministrativeArea.objects.filter(country="RW").order_by("key").first(),
        )
    partner_credential_add(person=graduate, document=_partner_credential_signed(), by=admin)
