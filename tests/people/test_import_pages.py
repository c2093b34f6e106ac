"""The import pages: upload and check, confirm, progress, errors file, and who may use them."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.factories import make_site, make_user
from tests.people.test_import import GOOD, csv_bytes, ministries  # noqa: F401 - fixture
from ujuzi.core.models import TaskProgress
from ujuzi.people.models import Person, RoleAssignment
from ujuzi.people.services import role_assign

Role = RoleAssignment.Role


def client_for(role: str, institution=None) -> Client:
    user = make_user()
    site = make_site() if role == Role.FACILITATOR else None
    role_assign(user=user, role=role, institution=institution, site=site, by=None)
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, data: bytes, name: str = "staff.csv", **fields) -> object:
    return client.post("/people/import/", {"file": SimpleUploadedFile(name, data), **fields})


def test_an_officer_checks_then_imports_and_watches_progress(ministries):  # noqa: F811
    ict = ministries[0]
    client = client_for(Role.TRAINING_OFFICER, ict)
    assert client.get("/people/import/").status_code == 200
    checked = upload(client, csv_bytes(*GOOD))
    assert checked.status_code == 302
    page = client.get(checked["Location"])
    assert page.status_code == 200
    assert page.context["result"].counts == {"new": 3, "updated": 0, "unchanged": 0, "rejected": 0}
    assert Person.objects.count() == 0
    upload_id = page.context["upload_id"]
    started = client.post(f"/people/import/{upload_id}/confirm/")
    assert started.status_code == 302
    progress = client.get(started["Location"])
    assert progress.status_code == 200
    assert progress.context["summary"] == {
        "new": 3,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "applied": True,
    }
    assert Person.objects.count() == 3
    # The upload (personal data) is gone once imported.
    assert client.post(f"/people/import/{upload_id}/confirm/").status_code == 404


def test_rejected_rows_are_listed_and_downloadable_and_block_the_import(ministries):  # noqa: F811
    client = client_for(Role.PROGRAMME_ADMIN)
    bad = '2001009;1;=HYPERLINK("x");Otieno;;;;;ict;;;'
    page = client.get(upload(client, csv_bytes(*GOOD, bad))["Location"])
    assert page.context["result"].counts["rejected"] == 1
    assert not page.context["importable"]
    errors = client.get(f"/people/import/{page.context['upload_id']}/rejected.csv")
    assert errors["Content-Type"].startswith("text/csv")
    text = errors.content.decode()
    assert "national ID must be 5 to 9 digits" in text and "'=HYPERLINK" in text
    partial = client.get(upload(client, csv_bytes(*GOOD, bad), valid_rows_only="on")["Location"])
    assert partial.context["importable"]


def test_uploads_belong_to_their_uploader_and_learners_cannot_import(ministries):  # noqa: F811
    admin = client_for(Role.PROGRAMME_ADMIN)
    location = upload(admin, csv_bytes(*GOOD))["Location"]
    other_admin = client_for(Role.PROGRAMME_ADMIN)
    assert other_admin.get(location).status_code == 404
    for role in (Role.LEARNER, Role.FACILITATOR, Role.PARTNER_VIEWER, Role.DATA_PROTECTION_OFFICER):
        assert client_for(role).get("/people/import/").status_code == 404
    progress = TaskProgress.objects.create(kind="people.import", started_by=None)
    assert admin.get(f"/people/import/progress/{progress.pk}/").status_code == 404


def test_an_unusable_file_offers_the_column_mapping(ministries):  # noqa: F811
    client = client_for(Role.PROGRAMME_ADMIN)
    data = b"Jina;Ukoo;Wizara\nAmina;Otieno;ict\n"
    location = upload(client, data)["Location"]
    page = client.get(location)
    assert page.status_code == 400
    assert "no column for: first_name, last_name" in page.content.decode()
    assert [name for _, name, _ in page.context["columns"]] == ["Jina", "Ukoo", "Wizara"]
    choice = {"column-0": "first_name", "column-1": "last_name", "column-2": "institution"}
    mapped = client.post(location, choice)
    result = client.get(mapped["Location"]).context["result"]
    assert result.counts["new"] == 1


def test_oversized_and_hostile_uploads(ministries, settings):  # noqa: F811
    client = client_for(Role.PROGRAMME_ADMIN)
    data = csv_bytes(*GOOD)
    settings.UJUZI = dataclasses.replace(settings.UJUZI, import_max_bytes=len(data) - 1)
    refused = upload(client, data)
    assert refused.status_code == 400
    assert "larger than the limit" in refused.content.decode()
    settings.UJUZI = dataclasses.replace(settings.UJUZI, import_max_bytes=10_000)
    garbage = client.get(upload(client, b"\x00\xff" * 100, "x.csv")["Location"])
    assert garbage.status_code == 400
    assert Person.objects.count() == 0
    assert client.post("/people/import/", {}).status_code == 400


@pytest.mark.parametrize("path", ["/people/import/00000000-0000-0000-0000-000000000000/"])
def test_unknown_uploads_are_not_found(ministries, path):  # noqa: F811
    assert client_for(Role.PROGRAMME_ADMIN).get(path).status_code == 404


def test_the_sample_file_imports_cleanly(ministries):  # noqa: F811
    client = client_for(Role.PROGRAMME_ADMIN)
    sample = client.get("/people/import/sample.csv")
    assert sample.status_code == 200
    ict = ministries[0]
    checked = client.get(upload(client, sample.content, institution=str(ict.pk))["Location"])
    assert checked.context["result"].counts == {
        "new": 20,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
    }


@pytest.mark.real_clock  # uploads age by their files' times, which no test clock moves
def test_uploads_nobody_imported_are_removed_after_a_day(ministries):  # noqa: F811
    import time

    from ujuzi.people.imports.uploads import upload_open, upload_store, uploads_expire

    first = upload_store(b"a;b\n", owner_id="someone", options={"filename": "a.csv"})
    assert uploads_expire(now=time.time() + 3600) == 0
    assert upload_open(first, owner_id="someone") is not None
    assert uploads_expire(now=time.time() + 2 * 24 * 3600) == 1
    assert upload_open(first, owner_id="someone") is None
