"""Share links of a learner's passport: made by the learner, public while open, then closed."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.credentials.issuing_helpers import make_admin
from tests.credentials.test_paper import learner_with_certificate
from ujuzi.core.records import record_update
from ujuzi.credentials.models import Credential, PassportShare
from ujuzi.credentials.sharing import (
    ShareError,
    passport_share_create,
    passport_share_open,
    token_hash,
)

SHARES = "/me/certificates/shares/"


def shared_link(client: Client, **form: str) -> str:
    response = client.post(
        SHARES, {"label": "For the county HR office", "expires_in_days": "30"} | form
    )
    assert response.status_code == 200
    match = re.search(r'class="share-link">(http[^<]+)<', response.content.decode())
    assert match is not None
    return match.group(1)


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def holder() -> dict[str, str]:
    return {
        "first_name": "Amina",
        "middle_name": "Wairimu",
        "last_name": "Odhiambo",
        "national_id": "23456789",
        "email": "amina.odhiambo@example.go.ke",
        "phone": "+254712345678",
    }


def test_a_shared_passport_shows_the_certificates_and_the_holders_name(db: Any) -> None:
    client, credential = learner_with_certificate(**holder())

    link = shared_link(client)
    page = Client().get(path_of(link))

    assert page.status_code == 200
    body = page.content.decode()
    assert "Certificates of Amina Odhiambo" in body
    assert "Cyber hygiene" in body
    assert "Cloud fundamentals (Level 2)" in body
    assert f'href="/verify/{credential.pk}/"' in body
    assert page["Referrer-Policy"] == "no-referrer"
    assert "no-store" in page["Cache-Control"]
    download = Client().get(f"{path_of(link)}{credential.pk}.json")
    assert download.status_code == 200
    assert json.loads(download.content) == credential.document
    assert f'href="{path_of(link)}{credential.pk}.json"' in body


def test_the_shared_page_shows_nothing_else_about_the_holder(db: Any) -> None:
    client, _ = learner_with_certificate(**holder())

    body = Client().get(path_of(shared_link(client))).content.decode()

    for value in (
        "Wairimu",
        "23456789",
        "amina.odhiambo",
        "example.go.ke",
        "712345678",
        "For the county HR office",
    ):
        assert value not in body


def test_only_the_hash_of_the_token_is_kept(db: Any) -> None:
    client, credential = learner_with_certificate()

    token = path_of(shared_link(client)).split("/")[2]

    (share,) = PassportShare.objects.filter(person=credential.person)
    assert share.token_hash == token_hash(token)
    assert token not in repr(PassportShare.objects.filter(pk=share.pk).values().get())
    assert share.label == "For the county HR office"
    assert (
        datetime.timedelta(days=29)
        < share.expires_at - timezone.now()
        <= datetime.timedelta(days=30)
    )
    # The list page never shows the link again.
    assert token not in client.get(SHARES).content.decode()


def test_an_expired_link_opens_nothing(db: Any) -> None:
    client, credential = learner_with_certificate()
    link = path_of(shared_link(client))
    share = PassportShare.objects.get(person=credential.person)

    record_update(
        share, changes={"expires_at": timezone.now() - datetime.timedelta(seconds=1)}, by=None
    )

    assert Client().get(link).status_code == 404
    assert Client().get(f"{link}{credential.pk}.json").status_code == 404
    assert passport_share_open(link.split("/")[2]) is None


def test_a_revoked_link_opens_nothing_and_only_its_learner_revokes_it(db: Any) -> None:
    client, credential = learner_with_certificate()
    link = path_of(shared_link(client))
    share = PassportShare.objects.get(person=credential.person)
    other, _ = learner_with_certificate()

    refused = other.post(f"{SHARES}{share.pk}/revoke/")
    still_open = Client().get(link).status_code
    revoked = client.post(f"{SHARES}{share.pk}/revoke/")

    assert refused.status_code == 404
    assert still_open == 200
    assert revoked.status_code == 302
    share.refresh_from_db()
    assert share.revoked_at is not None
    assert Client().get(link).status_code == 404
    assert Client().get(f"{link}{credential.pk}.json").status_code == 404
    assert "Revoked" in client.get(SHARES).content.decode()


@pytest.mark.parametrize(
    "token",
    [
        "x",
        "A" * 43,
        "A" * 44,
        "A" * 10_000,
        "%27%20OR%201%3D1%20--",
        "..%2F..%2Fetc%2Fpasswd",
        "%C3%A9" * 43,
        "%00" * 43,
    ],
)
def test_hostile_tokens_open_nothing(db: Any, token: str) -> None:
    client, _ = learner_with_certificate()
    shared_link(client)

    response = Client().get(f"/passport/{token}/")

    assert response.status_code == 404
    assert "Cyber hygiene" not in response.content.decode()


def test_the_stored_hash_is_not_a_token_and_a_share_shows_only_its_holder(db: Any) -> None:
    client, credential = learner_with_certificate()
    link = path_of(shared_link(client))
    share = PassportShare.objects.get(person=credential.person)
    _, someone_else = learner_with_certificate()

    assert Client().get(f"/passport/{share.token_hash}/").status_code == 404
    assert Client().get(f"{link}{someone_else.pk}.json").status_code == 404


def test_bad_choices_make_no_link(db: Any) -> None:
    client, credential = learner_with_certificate()

    odd_expiry = client.post(SHARES, {"label": "", "expires_in_days": "7000"})
    long_note = client.post(SHARES, {"label": "x" * 101, "expires_in_days": "30"})

    assert odd_expiry.status_code == 400
    assert long_note.status_code == 400
    assert not PassportShare.all_objects.exists()
    with pytest.raises(ShareError):
        passport_share_create(
            person=credential.person,
            by=None,
            expires_at=timezone.now() - datetime.timedelta(days=1),
        )
    assert not PassportShare.all_objects.exists()


def test_only_learners_have_share_links(db: Any) -> None:
    administrator = Client()
    administrator.force_login(make_admin())

    assert administrator.get(SHARES).status_code == 404
    assert administrator.post(SHARES, {"expires_in_days": "30"}).status_code == 404
    assert Client().get(SHARES).status_code == 302
    assert not PassportShare.all_objects.exists()


def test_a_link_without_expiry_lasts_until_revoked(db: Any) -> None:
    client, credential = learner_with_certificate()

    link = path_of(shared_link(client, expires_in_days="0"))

    share = PassportShare.objects.get(person=credential.person)
    assert share.expires_at is None
    assert passport_share_open(
        link.split("/")[2], now=timezone.now() + datetime.timedelta(days=3650)
    )
    assert Client().get(link).status_code == 200
    assert Credential.objects.filter(person=credential.person).count() == 1


def test_the_shared_page_speaks_kiswahili_to_a_kiswahili_reader(db: Any) -> None:
    client, _ = learner_with_certificate(**holder())
    link = path_of(shared_link(client))

    body = Client(HTTP_ACCEPT_LANGUAGE="sw").get(link).content.decode()

    assert "Vyeti vya Amina Odhiambo" in body
    assert "Usafi wa mtandao" in body  # the course's own Kiswahili title
    assert "Misingi ya wingu (Kiwango 2)" in body  # the framework's Kiswahili title
    assert "Cloud fundamentals" not in body
    assert "(Level 2)" not in body
