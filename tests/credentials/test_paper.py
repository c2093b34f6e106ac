"""The printable certificate: a real PDF, in the learner's language, cached, their own only."""

from __future__ import annotations

import dataclasses
import datetime
import re
from pathlib import Path
from typing import Any

import segno
from django.conf import settings
from django.test import Client

from tests.credentials.issuing_helpers import make_admin, make_completion
from tests.credentials.pdf_reading import is_pdf, qr_matrix, streams, texts
from tests.factories import make_user
from ujuzi.core.crypto import shred_data_key
from ujuzi.core.ids import uuid7
from ujuzi.core.models import User
from ujuzi.credentials.issuing import credential_issue, credential_revoke
from ujuzi.credentials.models import Credential
from ujuzi.credentials.paper import (
    certificate_facts,
    certificate_pdf,
    certificate_render,
    printable,
)
from ujuzi.people.services import person_update


def learner_with_certificate(**person: Any) -> tuple[Client, Credential]:
    credential = credential_issue(completion=make_completion(**person), by=None)
    user = make_user()
    person_update(person=credential.person, changes={"user": user}, by=None)
    client = Client()
    client.force_login(user)
    return client, credential


def pdf_url(credential: Credential, query: str = "") -> str:
    return f"/me/certificates/{credential.pk}/certificate.pdf{query}"


def cached_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "credentials" / "pdf").glob("*"))


def test_the_learner_downloads_a_pdf_that_says_what_the_certificate_attests(db: Any) -> None:
    client, credential = learner_with_certificate(
        first_name="Wanjiku", middle_name="Njeri", last_name="Kamau"
    )

    response = client.get(pdf_url(credential))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="certificate-{credential.course.code}-en.pdf"'
    )
    assert is_pdf(response.content)
    assert b"/Lang (en)" in response.content
    lines = texts(response.content)
    link = f"{settings.UJUZI.public_url}/verify/{credential.pk}/"
    assert lines[:1] == ["Ujuzi \u2014 Kenya digital skills programme"]
    assert "Certificate of completion" in lines
    assert "Wanjiku Njeri Kamau" in lines
    assert "Cyber hygiene" in lines
    assert "on 27 November 2026" in lines
    assert "Cloud fundamentals \u2013 Level 2" in lines
    assert link in lines
    assert f"Certificate ID: {credential.pk}" in lines
    assert not any("Revoked" in line for line in lines)


def test_the_qr_code_is_the_verification_link(db: Any) -> None:
    client, credential = learner_with_certificate()

    drawn = qr_matrix(client.get(pdf_url(credential)).content)

    link = f"{settings.UJUZI.public_url}/verify/{credential.pk}/"
    expected = segno.make(link, error="m", micro=False).matrix
    assert drawn == [list(row) for row in expected]
    assert drawn != [list(row) for row in segno.make(link + "x", error="m").matrix]


def test_a_kiswahili_speaker_gets_the_kiswahili_page_unless_they_ask_for_english(
    db: Any,
) -> None:
    client, credential = learner_with_certificate(preferred_language="sw")

    swahili = client.get(pdf_url(credential))
    english = client.get(pdf_url(credential, "?lang=en"))
    unknown = client.get(pdf_url(credential, "?lang=fr"))

    assert b"/Lang (sw)" in swahili.content
    assert swahili["Content-Disposition"].endswith('-sw.pdf"')
    assert "Cheti cha kukamilisha kozi" in texts(swahili.content)
    assert "Hii ni kuthibitisha kwamba" in texts(swahili.content)
    assert "Certificate of completion" not in texts(swahili.content)
    assert "Usafi wa mtandao" in texts(swahili.content)  # the course's Kiswahili title
    assert any(line.endswith("27 Novemba 2026") for line in texts(swahili.content))
    assert any("Kiwango 2" in line for line in texts(swahili.content))
    assert b"/Lang (en)" in english.content
    assert "Certificate of completion" in texts(english.content)
    assert "on 27 November 2026" in texts(english.content)
    assert b"/Lang (sw)" in unknown.content  # an unknown language falls back to theirs


def test_the_page_is_rendered_once_then_served_from_the_sealed_cache(
    db: Any, isolated_data_dir: Path
) -> None:
    client, credential = learner_with_certificate(first_name="Achieng")

    first = client.get(pdf_url(credential)).content
    (cached,) = cached_files(isolated_data_dir)
    written = cached.stat().st_mtime_ns
    second = client.get(pdf_url(credential)).content

    assert second == first
    assert cached_files(isolated_data_dir) == [cached]
    assert cached.stat().st_mtime_ns == written
    assert cached.name.startswith(f"{credential.pk}-en-")
    stored = cached.read_bytes()
    assert not stored.startswith(b"%PDF")  # sealed under the holder's key
    assert b"Achieng" not in stored


def test_a_revoked_certificate_prints_afresh_saying_so(db: Any, isolated_data_dir: Path) -> None:
    client, credential = learner_with_certificate()
    before = client.get(pdf_url(credential)).content

    credential_revoke(credential=credential, reason="Issued in error", by=make_admin())
    after = client.get(pdf_url(credential)).content

    assert before != after
    assert any(line.startswith("Revoked on ") for line in texts(after))
    assert any(line.endswith(": Issued in error") for line in texts(after))
    assert len(cached_files(isolated_data_dir)) == 1  # the stale page is gone


def test_nobody_else_gets_a_learners_certificate_page(db: Any, isolated_data_dir: Path) -> None:
    _, credential = learner_with_certificate()
    other_learner, _ = learner_with_certificate()
    administrator = Client()
    administrator.force_login(make_admin())

    assert other_learner.get(pdf_url(credential)).status_code == 404
    assert administrator.get(pdf_url(credential)).status_code == 404
    assert Client().get(pdf_url(credential)).status_code == 302
    assert other_learner.get(f"/me/certificates/{uuid7()}/certificate.pdf").status_code == 404
    assert cached_files(isolated_data_dir) == []


def test_an_erased_holders_page_is_neither_printed_nor_readable(
    db: Any, isolated_data_dir: Path
) -> None:
    client, credential = learner_with_certificate()
    client.get(pdf_url(credential))

    shred_data_key(credential.person_id)

    assert client.get(pdf_url(credential)).status_code == 404


def test_a_gikuyu_name_is_printed_as_written_in_embedded_subset_fonts(db: Any) -> None:
    _, credential = learner_with_certificate(first_name="Ng\u0169g\u0129", last_name="wa Thiong'o")

    data = certificate_pdf(credential, language="en")

    assert "Ng\u0169g\u0129 wa Thiong'o" in texts(data)
    assert data.count(b"/FontFile2 ") == 2  # regular and bold, embedded
    assert re.findall(rb"/BaseFont /[A-Z]{6}\+DejaVuSans", data)  # as subsets
    assert len(data) < 60_000


def test_printable_keeps_what_the_font_draws_and_replaces_the_rest() -> None:
    assert printable("Ng\u0169g\u0129 wa Thiong'o") == "Ng\u0169g\u0129 wa Thiong'o"
    assert printable("Wanjiku\u0303") == "Wanjik\u0169"  # combining tilde, set in NFC
    assert printable("\u0141\u00f3d\u017a") == "\u0141\u00f3d\u017a"  # Latin Extended-A
    assert printable("\u0254\u025b") == "\u0254\u025b"  # IPA letters of some orthographies
    assert printable("Zo\u00eb \u2013 \u201cquoted\u201d") == "Zo\u00eb \u2013 \u201cquoted\u201d"
    assert printable("\u4e2d\u6587") == "??"  # outside the subset
    assert printable("\u1f00") == "?"  # Greek: its unaccented alpha is not in the font either


def test_the_demo_learner_prints_their_certificate_in_kiswahili(db: Any) -> None:
    from ujuzi.demo.loader import demo_load

    demo_load(learners=80)
    client = Client()
    client.force_login(User.objects.get(username="learner"))

    # The learner holds two certificates (YTH-101 six weeks ago, YTH-103 a year ago).
    credential = Credential.objects.get(person__user__username="learner", course__code="YTH-101")
    response = client.get(pdf_url(credential))

    assert response.status_code == 200
    assert b"/Lang (sw)" in response.content
    assert "Zawadi Shee" in texts(response.content)


def test_a_long_page_stays_one_page_and_leaves_the_qr_code_clear(db: Any) -> None:
    _, credential = learner_with_certificate()
    facts = dataclasses.replace(
        certificate_facts(credential, language="en"),
        holder="Wanjiku " * 20 + "Kamau",
        competencies=tuple((f"Competency {number}", "Level 3") for number in range(30)),
        revoked_on=datetime.date(2026, 12, 1),
        revocation_reason="A long reason. " * 18,
    )

    data = certificate_render(facts)

    lines = texts(data)
    assert data.count(b"/Type /Page\n") == 1
    assert "Competency 0 \u2013 Level 3" in lines
    shown = sum(line.startswith("Competency ") for line in lines)
    assert 3 <= shown < 30
    assert f"and {30 - shown} more, listed on the verification page" in lines
    assert qr_matrix(data) == [list(row) for row in segno.make(facts.link, error="m").matrix]
    # Everything written before the QR code ends above it (PDF y grows from the bottom).
    (page,) = [stream for stream in streams(data) if b" re f" in stream]
    above = page.partition(b" re f")[0]
    qr_top = max(float(y) for y in re.findall(rb"[\d.]+ ([\d.]+) [\d.]+ -[\d.]+ re f", page))
    baselines = [float(y) for y in re.findall(rb"BT [\d.]+ ([\d.]+) Td", above)]
    assert len(baselines) >= 10 + shown
    assert min(baselines) > qr_top + 3
