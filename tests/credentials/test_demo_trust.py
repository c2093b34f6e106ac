"""The demo's partner issuer: on the trust list, trusted, its sample certificate valid."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from django.test import Client

from tests.credentials.issuing_helpers import make_admin
from ujuzi.core.models import AuditEntry
from ujuzi.credentials.models import TrustedIssuer
from ujuzi.credentials.trust import (
    did_document_check,
    trust_issuer_remove,
    trust_issuer_set_trusted,
)
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


SAMPLE = "/verify/samples/rwanda-management-institute.json"
DOWNLOAD_LINK = f'href="{SAMPLE}"'
VERIFY_BUTTON = "Verify the sample certificate of Rwanda Management Institute"


def pages() -> dict[str, str]:
    administrator = Client()
    administrator.force_login(make_admin())
    return {
        "trust": administrator.get("/trust/").content.decode(),
        "verify": Client().get("/verify/").content.decode(),
    }


def verify_the_sample(client: Client | None = None) -> Any:
    return (client or Client()).post("/verify/", {"sample": "rwanda-management-institute"})


def test_the_trust_page_and_verify_page_offer_the_partners_sample_to_download(db: Any) -> None:
    partner_issuer_load()

    for body in pages().values():
        assert "Download the sample certificate of Rwanda Management Institute" in body
        assert DOWNLOAD_LINK in body
        assert VERIFY_BUTTON in body
        assert 'name="sample" value="rwanda-management-institute"' in body
    download = Client().get(SAMPLE)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/vc"
    assert download["Content-Disposition"] == (
        'attachment; filename="sample-certificate-rwanda-management-institute.json"'
    )
    assert json.loads(download.content) == partner_credential()


def test_the_sample_is_verified_with_one_button_without_script(db: Any) -> None:
    partner_issuer_load()
    administrator = Client(enforce_csrf_checks=True)
    administrator.force_login(make_admin())
    trust_page = administrator.get("/trust/")
    token = trust_page.cookies["csrftoken"].value
    assert 'action="/verify/"' in trust_page.content.decode()

    response = administrator.post(
        "/verify/",
        {"sample": "rwanda-management-institute", "csrfmiddlewaretoken": token},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "You checked the sample certificate of Rwanda Management Institute." in body
    assert "This certificate is genuine and valid." in body
    assert "another issuer, trusted by this programme" in body
    assert "Digital records management" in body
    assert "uwase" not in body.lower()  # the holder stays unnamed, as for any upload


def test_a_sample_of_an_issuer_no_longer_trusted_says_so(db: Any) -> None:
    partner_issuer_load()
    trust_issuer_set_trusted(issuer=TrustedIssuer.objects.get(), trusted=False, by=None)

    body = verify_the_sample().content.decode()

    assert "This certificate comes from an issuer this programme knows but does not trust." in body


def test_no_sample_is_offered_without_the_demos_partner_on_the_list(db: Any) -> None:
    for body in pages().values():
        assert "sample certificate" not in body
        assert SAMPLE not in body
    assert Client().get(SAMPLE).status_code == 404
    assert verify_the_sample().status_code == 404


def test_the_sample_goes_when_the_partner_is_taken_off_the_list(db: Any) -> None:
    partner_issuer_load()
    trust_issuer_remove(issuer=TrustedIssuer.objects.get(), by=None)

    for body in pages().values():
        assert SAMPLE not in body
    assert Client().get(SAMPLE).status_code == 404
    assert verify_the_sample().status_code == 404


def test_no_sample_is_offered_in_production(db: Any, settings: Any) -> None:
    partner_issuer_load()
    settings.UJUZI = dataclasses.replace(settings.UJUZI, environment="production")

    for body in pages().values():
        assert SAMPLE not in body
    assert Client().get(SAMPLE).status_code == 404
    assert verify_the_sample().status_code == 404


def test_an_unknown_sample_is_a_404(db: Any) -> None:
    partner_issuer_load()

    assert Client().get("/verify/samples/someone-else.json").status_code == 404
    assert Client().post("/verify/", {"sample": "someone-else"}).status_code == 404
