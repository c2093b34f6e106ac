"""A trusted partner's certificate, added by the learner it names, counts as evidence."""

from __future__ import annotations

import copy
import datetime
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.credentials.issuing_helpers import make_admin
from tests.factories import make_person, make_user
from ujuzi.assessment.models import Evidence, SkillEstimate
from ujuzi.competencies.models import Competency
from ujuzi.core.models import AuditEntry, JournalEntry
from ujuzi.credentials.models import AchievementMapping, PartnerCredential, TrustedIssuer
from ujuzi.credentials.partners import (
    PartnerCredentialError,
    achievement_mapping_add,
    partner_credential_add,
)
from ujuzi.credentials.proofs import proof_add
from ujuzi.credentials.trust import trust_issuer_import, trust_issuer_set_trusted
from ujuzi.credentials.verify import credential_verify
from ujuzi.demo.trust import (
    PARTNER_ACHIEVEMENT,
    PARTNER_GRADUATE_EMAIL,
    PARTNER_KEY,
    partner_credential,
    partner_did_document,
    partner_private_key,
)
from ujuzi.people.models import RoleAssignment
from ujuzi.people.services import role_assign

pytestmark = pytest.mark.usefixtures("shipped")


@pytest.fixture
def partner(db: Any) -> TrustedIssuer:
    return trust_issuer_import(partner_did_document(), trusted=True, name="RMI", by=None)


@pytest.fixture
def protection() -> Competency:
    return Competency.objects.get(code="DG-PROTECTION")


def mapped(partner: TrustedIssuer, competency: Competency, association: str) -> None:
    achievement_mapping_add(
        issuer=partner,
        achievement_id=PARTNER_ACHIEVEMENT,
        competency=competency,
        level=2,
        association=association,
        by=make_admin(),
    )


def writes() -> tuple[int, int, int]:
    return (
        PartnerCredential.objects.count(),
        Evidence.objects.count(),
        JournalEntry.objects.count(),
    )


def test_the_holder_adds_it_and_it_counts_at_the_mapped_level(partner, protection):
    mapped(partner, protection, AchievementMapping.Association.EXACT_MATCH)
    holder = make_person(email="Uwase@example.rw")

    added = partner_credential_add(person=holder, document=partner_credential(), by=None)
    again = partner_credential_add(person=holder, document=partner_credential(), by=None)

    assert added.pk == again.pk
    (evidence,) = Evidence.objects.filter(person=holder)
    assert (evidence.source, evidence.competency_id, evidence.level) == (
        "credential",
        protection.pk,
        2,
    )
    assert evidence.confidence == 0.9
    estimate = SkillEstimate.objects.get(person=holder, competency=protection)
    assert estimate.level == 2
    assert AuditEntry.objects.filter(action="credentials.partner_credential.add").count() == 1


def test_a_mapping_made_later_reaches_certificates_already_added(partner, protection):
    holder = make_person(email=PARTNER_GRADUATE_EMAIL)
    partner_credential_add(person=holder, document=partner_credential(), by=None)
    assert not Evidence.objects.filter(person=holder).exists()

    mapped(partner, protection, AchievementMapping.Association.RELATED)

    (evidence,) = Evidence.objects.filter(person=holder)
    assert (evidence.level, evidence.confidence) == (2, 0.5)


def test_someone_the_certificate_does_not_name_cannot_add_it(partner):
    stranger = make_person(email="someone.else@example.rw")
    before = writes()

    with pytest.raises(PartnerCredentialError, match="names someone else"):
        partner_credential_add(person=stranger, document=partner_credential(), by=None)

    assert writes() == before


def test_an_untrusted_or_tampered_certificate_is_refused_and_nothing_is_written(partner):
    holder = make_person(email=PARTNER_GRADUATE_EMAIL)
    tampered = copy.deepcopy(partner_credential())
    tampered["credentialSubject"]["achievement"]["name"] = "Doctorate in everything"
    before = writes()

    with pytest.raises(PartnerCredentialError) as refused:
        partner_credential_add(person=holder, document=tampered, by=None)
    assert credential_verify(tampered).status == "tampered"
    assert credential_verify(tampered).reason in str(refused.value)
    trust_issuer_set_trusted(issuer=partner, trusted=False, by=make_admin())
    with pytest.raises(PartnerCredentialError) as refused:
        partner_credential_add(person=holder, document=partner_credential(), by=None)
    assert credential_verify(partner_credential()).status == "untrusted issuer"
    assert credential_verify(partner_credential()).reason in str(refused.value)
    for hostile in (None, [], "x" * 100, {"credentialSubject": "<script>"}):
        with pytest.raises(PartnerCredentialError):
            partner_credential_add(person=holder, document=hostile, by=None)

    assert writes()[:2] == before[:2]


def test_only_administrators_map_achievements_and_bad_mappings_are_named(partner, protection):
    officer = make_user()
    role_assign(user=officer, role=RoleAssignment.Role.DATA_PROTECTION_OFFICER, by=None)
    base = {"issuer": partner, "competency": protection, "level": 2}
    with pytest.raises(PartnerCredentialError, match="Only programme administrators"):
        achievement_mapping_add(
            achievement_id=PARTNER_ACHIEVEMENT, association="exactMatchOf", by=officer, **base
        )
    admin = make_admin()
    for achievement_id, association, message in [
        ("", "exactMatchOf", "achievement's id"),
        ("has spaces in it", "exactMatchOf", "achievement's id"),
        ("x" * 301, "exactMatchOf", "achievement's id"),
        (PARTNER_ACHIEVEMENT, "isChildOf", "exact match or a related"),
    ]:
        with pytest.raises(PartnerCredentialError, match=message):
            achievement_mapping_add(
                achievement_id=achievement_id, association=association, by=admin, **base
            )
    with pytest.raises(PartnerCredentialError, match="one of its levels"):
        achievement_mapping_add(
            **(base | {"level": 9}),
            achievement_id=PARTNER_ACHIEVEMENT,
            association="exactMatchOf",
            by=admin,
        )
    assert not AchievementMapping.objects.exists()


def test_the_learner_adds_it_on_my_certificates_and_bad_files_get_a_message(partner, protection):
    mapped(partner, protection, AchievementMapping.Association.EXACT_MATCH)
    user = make_user()
    role_assign(user=user, role=RoleAssignment.Role.LEARNER, by=None)
    holder = make_person(email=PARTNER_GRADUATE_EMAIL, user=user)
    client = Client()
    client.force_login(user)

    page = client.get("/me/certificates/").content.decode()
    assert holder.learner_number in page
    for name, data, message in [
        ("empty.json", b"", "The file is empty."),
        ("notes.json", b"<html>", "The file is not JSON"),
        ("big.json", b"{" * (300 * 1024), "too large"),
    ]:
        response = client.post(
            "/me/certificates/partner/",
            {"certificate": SimpleUploadedFile(name, data)},
            follow=True,
        )
        assert message in response.content.decode()
    assert not PartnerCredential.objects.exists()

    response = client.post(
        "/me/certificates/partner/",
        {"certificate": SimpleUploadedFile("rmi.json", json.dumps(partner_credential()).encode())},
        follow=True,
    )

    assert "now counts in your skills" in response.content.decode()
    assert "Digital records management" in response.content.decode()
    assert Evidence.objects.filter(person=holder, source="credential").count() == 1


def test_the_mapping_page_is_for_administrators_only(partner, protection):
    admin = make_admin()
    client = Client()
    client.force_login(admin)
    response = client.post(
        f"/trust/{partner.pk}/achievements/",
        {
            "achievement_id": PARTNER_ACHIEVEMENT,
            "achievement_name": "Digital records management",
            "association": "exactMatchOf",
            "competency": str(protection.pk),
            "level": "2",
        },
        follow=True,
    )
    assert "The achievement now counts as evidence." in response.content.decode()
    mapping = AchievementMapping.objects.get()

    officer = make_user()
    role_assign(user=officer, role=RoleAssignment.Role.DATA_PROTECTION_OFFICER, by=None)
    client.force_login(officer)
    assert client.get(f"/trust/{partner.pk}/achievements/").status_code == 404
    remove = f"/trust/{partner.pk}/achievements/{mapping.pk}/remove/"
    assert client.post(remove).status_code == 404
    assert AchievementMapping.objects.count() == 1


def signed_without_id(course: str) -> dict[str, Any]:
    """A partner certificate signed with no ``id`` (VC 2.0 allows one to leave it out)."""
    document = copy.deepcopy(partner_credential())
    document.pop("id")
    document.pop("proof")
    document["credentialSubject"]["achievement"]["id"] = course
    return proof_add(
        document,
        private_key=partner_private_key(),
        verification_method=PARTNER_KEY,
        created=datetime.datetime(2026, 10, 2, 9, 0, tzinfo=datetime.UTC),
    )


def test_certificates_without_an_id_are_known_by_their_proof(partner, protection):
    holder = make_person(email=PARTNER_GRADUATE_EMAIL)
    first = signed_without_id("https://rmi.example.rw/courses/DGL-201/")
    second = signed_without_id("https://rmi.example.rw/courses/DGL-301/")
    assert credential_verify(first).status == "valid"

    one = partner_credential_add(person=holder, document=first, by=None)
    again = partner_credential_add(person=holder, document=first, by=None)
    other = partner_credential_add(person=holder, document=second, by=None)

    assert one.pk == again.pk != other.pk
    assert one.credential_id.startswith("urn:sha256:")
    assert PartnerCredential.objects.count() == 2
