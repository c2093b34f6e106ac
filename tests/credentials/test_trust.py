"""The trust list: importing other issuers, and what the verifier says of their certificates."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from tests.credentials.conftest import SIGNED_AT, sign, unsigned_badge
from tests.credentials.issuing_helpers import make_admin
from tests.credentials.trust_helpers import NOW, PARTNER_DID, Partner, status_entry
from tests.factories import make_user
from ujuzi.core.models import AuditEntry
from ujuzi.credentials.contexts import DID_V1
from ujuzi.credentials.models import TrustedIssuer
from ujuzi.credentials.proofs import proof_add
from ujuzi.credentials.selectors import did_document, issuer_did
from ujuzi.credentials.services import issuer_key_current
from ujuzi.credentials.trust import (
    TrustDocumentError,
    did_document_check,
    trust_file_parse,
    trust_issuer_import,
    trust_issuer_remove,
    trust_issuer_set_trusted,
    trust_list_export,
)
from ujuzi.credentials.verify import credential_verify


@pytest.fixture
def partner() -> Partner:
    return Partner()


def test_a_trusted_partners_certificate_is_valid_checked_against_its_imported_key(
    db: Any, partner: Partner
) -> None:
    trust_issuer_import(partner.did_document(), trusted=True, name="RMI", by=None)

    verdict = credential_verify(partner.badge(), now=NOW)

    assert (verdict.status, verdict.issuer, verdict.issuer_trust) == (
        "valid",
        PARTNER_DID,
        "trusted",
    )
    assert verdict.issuer_name == "RMI"
    assert verdict.revocation == "no status list"
    assert verdict.reason == (
        "the signature matches a key of RMI, a trusted issuer, and the credential is "
        "within its dates"
    )


def test_a_partners_status_list_is_reported_as_not_checked(db: Any, partner: Partner) -> None:
    trust_issuer_import(partner.did_document(), trusted=True, name="RMI", by=None)
    entry = status_entry("https://partner.example.rw/credentials/status/1")

    verdict = credential_verify(partner.badge(credential_status=entry), now=NOW)

    assert (verdict.status, verdict.revocation) == ("valid", "not checked (offline)")
    assert verdict.reason.endswith("; its revocation was not checked (offline)")


def test_a_certificate_signed_by_another_key_in_the_partners_name_is_tampered(
    db: Any, partner: Partner
) -> None:
    trust_issuer_import(partner.did_document(), trusted=True, by=None)
    impostor = Partner()  # same DID and key id, a different key

    verdict = credential_verify(impostor.badge(), now=NOW)

    assert verdict.status == "tampered"
    assert verdict.issuer_trust == "trusted"


def test_a_changed_partner_certificate_is_tampered(db: Any, partner: Partner) -> None:
    trust_issuer_import(partner.did_document(), trusted=True, by=None)
    badge = partner.badge()
    badge["credentialSubject"]["achievement"]["name"] = "Cloud architecture (expert)"

    assert credential_verify(badge, now=NOW).status == "tampered"


def test_a_key_the_document_does_not_list_is_unknown(db: Any, partner: Partner) -> None:
    trust_issuer_import(partner.did_document(), trusted=True, by=None)
    badge = unsigned_badge(issuer_did=PARTNER_DID)
    signed = proof_add(
        badge,
        private_key=partner.private_key,
        verification_method=f"{PARTNER_DID}#key-2",
        created=SIGNED_AT,
    )

    verdict = credential_verify(signed, now=NOW)

    assert (verdict.status, verdict.reason) == ("tampered", "unknown verification method")


def test_a_known_but_untrusted_issuer_is_untrusted_not_valid(db: Any, partner: Partner) -> None:
    trust_issuer_import(partner.did_document(), trusted=False, name="RMI", by=None)

    verdict = credential_verify(partner.badge(), now=NOW)

    assert (verdict.status, verdict.issuer_trust, verdict.is_valid) == (
        "untrusted issuer",
        "known, not trusted",
        False,
    )
    assert verdict.reason == (
        "the signature matches a key of RMI, an issuer on the trust list that this "
        "programme does not trust"
    )
    # Even an untrusted issuer's changed copy is said to be changed.
    badge = partner.badge()
    badge["name"] = "Something else"
    assert credential_verify(badge, now=NOW).status == "tampered"


def test_an_issuer_not_on_the_list_is_unknown(db: Any, partner: Partner) -> None:
    verdict = credential_verify(partner.badge(), now=NOW)

    assert (verdict.status, verdict.issuer_trust) == ("unknown issuer", "unknown")


def test_our_own_certificates_say_so(db: Any) -> None:
    verdict = credential_verify(sign(unsigned_badge()), now=NOW)

    assert (verdict.status, verdict.issuer_trust) == ("valid", "this installation")


def test_distrusting_and_removing_change_the_verdict(db: Any, partner: Partner) -> None:
    admin = make_admin()
    issuer = trust_issuer_import(partner.did_document(), trusted=True, by=admin)
    badge = partner.badge()

    trust_issuer_set_trusted(issuer=issuer, trusted=False, by=admin)
    assert credential_verify(badge, now=NOW).status == "untrusted issuer"
    trust_issuer_set_trusted(issuer=issuer, trusted=True, by=admin)
    assert credential_verify(badge, now=NOW).status == "valid"
    trust_issuer_remove(issuer=issuer, by=admin)
    assert credential_verify(badge, now=NOW).status == "unknown issuer"

    actions = list(
        AuditEntry.objects.filter(record_id=issuer.pk)
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "credentials.trusted_issuer.import",
        "credentials.trusted_issuer.distrust",
        "credentials.trusted_issuer.trust",
        "credentials.trusted_issuer.remove",
    ]
    # A removed issuer may be imported again.
    trust_issuer_import(partner.did_document(), trusted=True, by=admin)
    assert credential_verify(badge, now=NOW).status == "valid"


def test_importing_again_updates_the_entry_instead_of_adding_one(db: Any, partner: Partner) -> None:
    first = trust_issuer_import(partner.did_document(), trusted=True, name="RMI", by=None)
    rotated = Partner(private_key=partner.private_key)
    document = rotated.did_document()
    new_key = Partner()
    document["verificationMethod"].append(
        {
            "id": f"{PARTNER_DID}#key-2",
            "type": "Multikey",
            "controller": PARTNER_DID,
            "publicKeyMultibase": new_key.public_multibase,
        }
    )
    document["assertionMethod"].append(f"{PARTNER_DID}#key-2")

    again = trust_issuer_import(document, trusted=True, by=None)
    unchanged = trust_issuer_import(document, trusted=True, by=None)

    assert TrustedIssuer.objects.count() == 1
    assert again.pk == first.pk == unchanged.pk
    assert again.name == "RMI"  # kept: no new name given
    assert sorted(again.verification_methods) == [f"{PARTNER_DID}#key-1", f"{PARTNER_DID}#key-2"]
    imports = AuditEntry.objects.filter(record_id=first.pk).count()
    assert imports == 2  # the unchanged third import wrote nothing


def test_our_own_did_document_is_refused(db: Any) -> None:
    issuer_key_current()

    with pytest.raises(TrustDocumentError, match="this installation's own issuer"):
        trust_issuer_import(did_document(), trusted=True, by=None)
    assert TrustedIssuer.objects.count() == 0


def _document(**changes: Any) -> dict[str, Any]:
    document = Partner().did_document()
    for path, value in changes.items():
        target: Any = document
        *parents, last = path.split("__")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        key: Any = int(last) if last.isdigit() else last
        if value is KeyError:
            del target[key]
        else:
            target[key] = value
    return document


HOSTILE: list[tuple[Any, str]] = [
    ([], "a DID document must be a JSON object"),
    ("did:web:x", "a DID document must be a JSON object"),
    (_document(id=KeyError), 'the DID document has no "id"'),
    (_document(id="did:example:123"), "is not a did:web or did:key"),
    (_document(id="did:web:Partner.Example.RW"), "is not a well-formed did:web"),
    (_document(id="did:web:partner.example.rw/../admin"), "is not a well-formed did:web"),
    (_document(id="did:key:z6MkTooShort"), "is not an Ed25519 did:key"),
    (_document(id="did:web:" + "a" * 600), "longer than 500 characters"),
    (_document(**{"@context": "https://www.w3.org/2018/credentials/v1"}), DID_V1),
    (_document(verificationMethod=[]), "lists no verificationMethod"),
    (_document(verificationMethod={"id": "x"}), "lists no verificationMethod"),
    (_document(verificationMethod__0="z6Mk"), "must be a JSON object"),
    (_document(verificationMethod__0__type="Ed25519VerificationKey2020"), "only Multikey"),
    (_document(verificationMethod__0__type=["Multikey"]), "only Multikey"),
    (_document(verificationMethod__0__controller="did:web:evil.example"), "its controller"),
    (_document(verificationMethod__0__controller=KeyError), "its controller"),
    (_document(verificationMethod__0__id="did:web:evil.example#key-1"), "is not did:web:partner"),
    (_document(verificationMethod__0__id=f"{PARTNER_DID}"), "is not did:web:partner"),
    (_document(verificationMethod__0__id=f"{PARTNER_DID}#a b"), "is not did:web:partner"),
    (_document(verificationMethod__0__publicKeyMultibase=KeyError), "no publicKeyMultibase"),
    (_document(verificationMethod__0__publicKeyMultibase="z6Mk0OIl"), "32-byte Ed25519"),
    (_document(verificationMethod__0__publicKeyMultibase="u7QE"), "32-byte Ed25519"),
    # 33 bytes of key after the Ed25519 prefix
    (
        _document(verificationMethod__0__publicKeyMultibase="z" + "2" * 47),
        "32-byte Ed25519",
    ),
    (_document(verificationMethod__0__publicKeyMultibase="z" + "1" * 5000), "32-byte Ed25519"),
    (_document(assertionMethod=KeyError), "lists no assertionMethod"),
    (_document(assertionMethod=[f"{PARTNER_DID}#key-9"]), "which verificationMethod does not"),
    (_document(assertionMethod=[42]), 'has no "id"'),
    (_document(verificationMethod=[{"id": f"#k{n}"} for n in range(21)]), "more than 20 keys"),
    (_document(padding="x" * 70_000), "larger than 64 KiB"),
    (_document(deep=json.loads("[" * 20 + "]" * 20)), "nested more than 12 levels"),
    (_document(odd=float("nan")) | {"odd": {1, 2}}, "not plain JSON"),
]


@pytest.mark.parametrize(("document", "reason"), HOSTILE, ids=[r for _, r in HOSTILE])
def test_hostile_did_documents_are_refused_with_the_reason(
    db: Any, document: Any, reason: str
) -> None:
    with pytest.raises(TrustDocumentError) as error:
        trust_issuer_import(document, trusted=True, by=None)

    assert reason in str(error.value)
    assert TrustedIssuer.all_objects.count() == 0


def test_a_verification_method_listed_twice_is_refused() -> None:
    document = Partner().did_document()
    document["verificationMethod"].append(dict(document["verificationMethod"][0]))

    with pytest.raises(TrustDocumentError, match="is listed twice"):
        did_document_check(document)


def test_relative_and_embedded_methods_are_read() -> None:
    partner = Partner()
    document = partner.did_document()
    document["verificationMethod"][0]["id"] = "#key-1"
    document["assertionMethod"] = ["#key-1", {**document["verificationMethod"][0], "id": "#k2"}]

    assert did_document_check(document) == {
        f"{PARTNER_DID}#key-1": partner.public_multibase,
        f"{PARTNER_DID}#k2": partner.public_multibase,
    }


def test_a_did_key_document_holds_only_its_own_key() -> None:
    partner = Partner()
    did = f"did:key:{partner.public_multibase}"
    good = Partner(did=did, private_key=partner.private_key).did_document()
    bad = Partner(did=did).did_document()

    assert list(did_document_check(good).values()) == [partner.public_multibase]
    with pytest.raises(TrustDocumentError, match="only its own key"):
        did_document_check(bad)


def test_trust_files_hold_one_document_a_list_or_an_export(db: Any, partner: Partner) -> None:
    other = Partner(did="did:web:other.example.org")
    one = json.dumps(partner.did_document()).encode()
    several = json.dumps([partner.did_document(), other.did_document()]).encode()
    trust_issuer_import(partner.did_document(), trusted=False, name="RMI", country="rw", by=None)
    exported = json.dumps(trust_list_export()).encode()

    assert [(e.did, e.trusted) for e in trust_file_parse(one)] == [(PARTNER_DID, True)]
    assert [e.did for e in trust_file_parse(several)] == [PARTNER_DID, other.did]
    (entry,) = trust_file_parse(exported)
    assert (entry.did, entry.name, entry.country, entry.trusted) == (
        PARTNER_DID,
        "RMI",
        "RW",
        False,
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\xff\xfe", "not UTF-8 text"),
        (b"{", "not JSON"),
        (b"[]", "holds no DID document"),
        (b"[" * 100_000 + b"]" * 100_000, "not JSON"),
        (b" " * (1024 * 1024 + 1), "larger than 1024 KiB"),
        (b'{"type": "UjuziTrustList", "version": 2, "issuers": []}', "is not 1"),
        (b'{"type": "UjuziTrustList", "version": 1}', 'no "issuers" list'),
        (b'{"type": "UjuziTrustList", "version": 1, "issuers": [{}]}', '"trusted": true'),
        (b'[{"id": "did:web:a.example"}, 5]', "issuer 1: "),
    ],
)
def test_bad_trust_files_say_why(data: bytes, reason: str) -> None:
    with pytest.raises(TrustDocumentError) as error:
        trust_file_parse(data)

    assert reason in str(error.value)


def test_the_same_did_twice_in_a_file_is_refused(partner: Partner) -> None:
    data = json.dumps([partner.did_document(), partner.did_document()]).encode()

    with pytest.raises(TrustDocumentError, match=r"issuer 2: .* is in the file twice"):
        trust_file_parse(data)


def test_a_trust_file_adds_issuers_for_one_check_without_the_list(
    db: Any, partner: Partner
) -> None:
    (entry,) = trust_file_parse(json.dumps(partner.did_document()).encode())

    verdict = credential_verify(partner.badge(), now=NOW, trust={entry.did: entry})

    assert (verdict.status, verdict.issuer_trust) == ("valid", "trusted")
    assert TrustedIssuer.objects.count() == 0


# The command line


def test_the_trust_commands_import_list_mark_export_and_remove(
    db: Any, partner: Partner, tmp_path: Path, capsys: Any
) -> None:
    path = tmp_path / "rmi.json"
    path.write_text(json.dumps(partner.did_document()))

    call_command("credentials", "trust", "import", str(path), "--untrusted", "--name", "RMI")
    call_command("credentials", "trust", "list")
    assert credential_verify(partner.badge(), now=NOW).status == "untrusted issuer"
    call_command("credentials", "trust", "mark-trusted", PARTNER_DID)
    assert credential_verify(partner.badge(), now=NOW).status == "valid"
    exported = tmp_path / "trust.json"
    call_command("credentials", "trust", "export", str(exported))
    call_command("credentials", "trust", "remove", PARTNER_DID)
    assert credential_verify(partner.badge(), now=NOW).status == "unknown issuer"
    call_command("credentials", "trust", "import", str(exported))

    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Imported {PARTNER_DID} (RMI): known but not trusted, 1 key(s)."
    assert out[1].startswith(f"{PARTNER_DID}\tuntrusted\tRMI\t-\t1 key(s)\t")
    assert out[2] == f"{PARTNER_DID} is trusted."
    assert out[3] == f"Wrote 1 issuer(s) to {exported}."
    assert out[5] == f"Imported {PARTNER_DID} (RMI): trusted, 1 key(s)."
    assert json.loads(exported.read_text())["issuers"][0]["trusted"] is True
    assert TrustedIssuer.objects.get().trusted is True


def test_a_bad_file_imports_nothing_at_all(db: Any, partner: Partner, tmp_path: Path) -> None:
    broken = partner.did_document()
    broken["verificationMethod"][0]["type"] = "JsonWebKey2020"
    path = tmp_path / "two.json"
    path.write_text(json.dumps([Partner(did="did:web:ok.example.org").did_document(), broken]))

    with pytest.raises(CommandError, match=r"issuer 2: .*only Multikey"):
        call_command("credentials", "trust", "import", str(path))
    with pytest.raises(CommandError, match="is not on the trust list"):
        call_command("credentials", "trust", "remove", PARTNER_DID)
    with pytest.raises(CommandError, match="cannot read"):
        call_command("credentials", "trust", "import", str(tmp_path / "missing.json"))
    assert TrustedIssuer.all_objects.count() == 0


def test_verify_with_a_trust_file(db: Any, partner: Partner, tmp_path: Path, capsys: Any) -> None:
    credential = tmp_path / "badge.json"
    credential.write_text(json.dumps(partner.badge()))
    trust = tmp_path / "trust.json"
    trust.write_text(json.dumps([partner.did_document()]))
    distrusted = tmp_path / "export.json"
    distrusted.write_text(
        json.dumps(
            {
                "type": "UjuziTrustList",
                "version": 1,
                "issuers": [{"document": partner.did_document(), "trusted": False}],
            }
        )
    )
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps({"id": "did:web:partner.example.rw"}))

    call_command("verify", str(credential), "--trust", str(trust))
    assert capsys.readouterr().out.startswith(
        f"valid: the signature matches a key of {PARTNER_DID}, a trusted issuer"
    )
    for trust_file in (distrusted, hostile, None):
        arguments = ["--trust", str(trust_file)] if trust_file else []
        with pytest.raises(SystemExit) as exit_status:
            call_command("verify", str(credential), *arguments)
        assert exit_status.value.code == 1
    output = capsys.readouterr()
    assert output.out.splitlines() == [
        "untrusted issuer: the signature matches a key of did:web:partner.example.rw, an "
        "issuer on the trust list that this programme does not trust (issuer "
        "did:web:partner.example.rw, known, not trusted)",
        "unknown issuer: did:web:partner.example.rw is not an issuer this installation "
        "knows (issuer did:web:partner.example.rw, unknown)",
    ]
    assert "the DID document's @context does not name" in output.err


# The pages


def _upload(client: Client, document: Any, **fields: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = json.dumps(document).encode() if not isinstance(document, bytes) else document
    upload = SimpleUploadedFile("did.json", body, content_type="application/json")
    return client.post("/trust/import/", {"document": upload, **fields})


def test_an_administrator_imports_marks_and_removes_on_the_page(db: Any, partner: Partner) -> None:
    admin = make_admin()
    client = Client()
    client.force_login(admin)

    response = _upload(client, partner.did_document(), name="RMI", country="RW", trusted="1")
    assert response.status_code == 302
    issuer = TrustedIssuer.objects.get()
    assert (issuer.name, issuer.country, issuer.trusted) == ("RMI", "RW", True)
    page = client.get("/trust/")
    assert page.status_code == 200
    assert PARTNER_DID in page.content.decode()

    assert client.post(f"/trust/{issuer.pk}/trust/", {"trusted": "0"}).status_code == 302
    issuer.refresh_from_db()
    assert issuer.trusted is False
    assert client.post(f"/trust/{issuer.pk}/remove/").status_code == 302
    assert TrustedIssuer.objects.count() == 0
    assert AuditEntry.objects.filter(record_id=issuer.pk, actor_id=admin.pk).count() == 3


def test_a_hostile_upload_says_why_and_stores_nothing(db: Any) -> None:
    client = Client()
    client.force_login(make_admin())
    document = _document(verificationMethod__0__controller="did:web:evil.example")

    response = _upload(client, document)
    garbage = _upload(client, b"\x00\xff")

    assert response.status_code == 400
    assert "its controller is not did:web:" in response.content.decode()
    assert garbage.status_code == 400
    assert TrustedIssuer.all_objects.count() == 0


@pytest.mark.parametrize("role", ["", "dpo", "partner_viewer"])
def test_only_programme_administrators_change_the_trust_list(
    db: Any, partner: Partner, role: str
) -> None:
    from ujuzi.people.services import role_assign

    issuer = trust_issuer_import(partner.did_document(), trusted=True, by=None)
    user = make_user()
    if role:
        role_assign(user=user, role=role, by=None)
    client = Client()
    client.force_login(user)

    assert client.get("/trust/").status_code == 404
    assert _upload(client, Partner(did="did:web:x.example.org").did_document()).status_code == 404
    assert client.post(f"/trust/{issuer.pk}/trust/", {"trusted": "0"}).status_code == 404
    assert client.post(f"/trust/{issuer.pk}/remove/").status_code == 404
    issuer.refresh_from_db()
    assert (issuer.trusted, issuer.is_deleted, TrustedIssuer.all_objects.count()) == (
        True,
        False,
        1,
    )


def test_the_verification_page_and_api_show_the_issuers_trust(db: Any, partner: Partner) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    trust_issuer_import(partner.did_document(), trusted=False, name="RMI", by=None)
    body = json.dumps(partner.badge()).encode()
    upload = SimpleUploadedFile("badge.json", body, content_type="application/json")

    page = Client().post("/verify/", {"credential": upload}).content.decode()
    api = Client().post("/api/v1/credentials/verify", body, content_type="application/json")

    assert "knows but does not trust" in page
    assert "another issuer, known but not trusted" in page
    assert api.json() | {"reason": ""} == {
        "status": "untrusted issuer",
        "valid": False,
        "reason": "",
        "issuer": PARTNER_DID,
        "issuer_trust": "known, not trusted",
        "revocation": "",
    }


def test_a_did_web_with_a_path_is_served_at_did_json(db: Any, settings: Any) -> None:
    import dataclasses

    settings.UJUZI = dataclasses.replace(settings.UJUZI, public_url="https://example.org/ujuzi")

    response = Client().get("/did.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/did+json"
    assert issuer_did() == "did:web:example.org:ujuzi"
    assert response.json()["id"] == "did:web:example.org:ujuzi"
    assert response.json() == Client().get("/.well-known/did.json").json()


def test_a_signed_copy_is_not_changed_by_importing(db: Any, partner: Partner) -> None:
    document = partner.did_document()
    kept = copy.deepcopy(document)

    trust_issuer_import(document, trusted=True, by=None)

    assert document == kept
    assert TrustedIssuer.objects.get().document == kept
