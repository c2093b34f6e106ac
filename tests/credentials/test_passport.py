"""The learner's passport: their own certificates only, to download."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from tests.credentials.issuing_helpers import make_completion
from tests.factories import make_user
from ujuzi.core.records import record_update
from ujuzi.credentials.issuing import credential_issue
from ujuzi.people.services import person_update


def signed_in_learner(db: Any) -> tuple[Client, Any]:
    credential = credential_issue(completion=make_completion(), by=None)
    user = make_user()
    person_update(person=credential.person, changes={"user": user}, by=None)
    client = Client()
    client.force_login(user)
    return client, credential


def test_the_learner_sees_their_certificates_and_what_they_attest(db: Any) -> None:
    client, credential = signed_in_learner(db)

    body = client.get("/me/certificates/").content.decode()

    assert "Cyber hygiene" in body
    assert "Cloud fundamentals (Level 2)" in body
    assert f"/me/certificates/{credential.pk}/download" in body
    assert f"/verify/{credential.pk}/" in body
    assert "My certificates" in client.get("/").content.decode()


def test_a_kiswahili_reader_sees_the_competencies_in_kiswahili(db: Any) -> None:
    client, credential = signed_in_learner(db)
    client.post("/i18n/setlang/", {"language": "sw", "next": "/"})

    body = client.get("/me/certificates/").content.decode()

    assert "Usafi wa mtandao" in body  # the course's Kiswahili title
    assert "Misingi ya wingu (Kiwango 2)" in body
    assert "Cloud fundamentals" not in body
    assert "(Level 2)" not in body
    # the signed document keeps the English names the schema wants
    alignment = credential.document["credentialSubject"]["achievement"]["alignment"]
    assert [(item["targetName"], item["targetDescription"]) for item in alignment] == [
        ("Cloud fundamentals", "Level 2")
    ]


def test_the_list_of_certificates_reads_the_competencies_in_one_query(
    db: Any, django_assert_max_num_queries: Any
) -> None:
    client, credential = signed_in_learner(db)
    for _ in range(3):
        another = credential_issue(completion=make_completion(), by=None)
        record_update(another, changes={"person": credential.person}, by=None)
    client.get("/me/certificates/")  # sessions, caches warmed

    with django_assert_max_num_queries(12) as queries:
        body = client.get("/me/certificates/").content.decode()

    assert body.count("Cloud fundamentals (Level 2)") == 4
    assert sum("catalog_courseoutcome" in query["sql"] for query in queries.captured_queries) == 1


def test_the_download_is_the_signed_document_as_issued(db: Any) -> None:
    client, credential = signed_in_learner(db)

    response = client.get(f"/me/certificates/{credential.pk}/download")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="certificate-')
    assert json.loads(response.content) == credential.document


def test_nobody_else_downloads_a_learners_certificate(db: Any) -> None:
    _, credential = signed_in_learner(db)
    other = Client()
    other.force_login(make_user())

    assert other.get(f"/me/certificates/{credential.pk}/download").status_code == 404
    assert other.get("/me/certificates/").status_code == 404
    assert Client().get(f"/me/certificates/{credential.pk}/download").status_code == 302


def test_the_command_lists_and_exports_certificates(db: Any, tmp_path: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    credential = credential_issue(completion=make_completion(), by=None)
    listing = StringIO()
    call_command("credentials", "list", "--person", str(credential.person_id), stdout=listing)
    target = tmp_path / "certificate.json"
    call_command("credentials", "export", str(credential.pk), str(target), stdout=StringIO())

    assert listing.getvalue() == (
        f"{credential.pk}\t{credential.course.code}\t"
        f"{credential.issued_at.date().isoformat()}\tissued\n"
    )
    assert json.loads(target.read_text(encoding="utf-8")) == credential.document
