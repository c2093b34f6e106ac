"""The demo's partner issuer: on the trust list, trusted, its sample certificate valid."""

from __future__ import annotations

from typing import Any

from ujuzi.core.models import AuditEntry
from ujuzi.credentials.models import TrustedIssuer
from ujuzi.credentials.trust import did_document_check
from ujuzi.credentials.verify import credential_verify
from ujuzi.demo.trust import (
    PARTNER_DID,
    partner_credential,
    partner_did_document,
    partner_issuer_load,
)


def test_the_partner_is_the_same_on_every_installation() -> None:
    assert partner_did_document() == partner_did_document()
    assert partner_credential() == partner_credential()
    assert list(did_document_check(partner_did_document())) == [f"{PARTNER_DID}#key-1"]


def test_the_demo_partner_is_trusted_and_loading_again_changes_nothing(db: Any) -> None:
    partner_issuer_load()
    partner_issuer_load()

    issuer = TrustedIssuer.objects.get()
    assert (issuer.did, issuer.name, issuer.country, issuer.trusted) == (
        PARTNER_DID,
        "Rwanda Management Institute",
        "RW",
        True,
    )
    assert AuditEntry.objects.filter(record_id=issuer.pk).count() == 1
    verdict = credential_verify(partner_credential())
    assert (verdict.status, verdict.issuer_trust, verdict.issuer_name) == (
        "valid",
        "trusted",
        "Rwanda Management Institute",
    )
