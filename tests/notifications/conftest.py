"""Fixtures for the outbox: loopback servers, gateway settings and test-only message kinds."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.notifications.servers import SmsEndpoint, SmtpSink
from tests.people.conftest import world  # noqa: F401 - the six roles, for the outbox pages


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    with SmtpSink() as sink:
        yield sink


@pytest.fixture
def sms_endpoint() -> Iterator[SmsEndpoint]:
    with SmsEndpoint() as endpoint:
        yield endpoint


@pytest.fixture
def smtp_configured(settings: Any, smtp_sink: SmtpSink) -> SmtpSink:
    """E-mail goes to the loopback SMTP sink, as an operator would configure it."""
    settings.UJUZI = dataclasses.replace(
        settings.UJUZI,
        email_gateway="smtp",
        smtp_host="127.0.0.1",
        smtp_port=smtp_sink.port,
        smtp_user="ujuzi",
        smtp_password="s3cret",
        smtp_tls=False,
        email_from="Ujuzi <ujuzi@example.go.ke>",
    )
    return smtp_sink


@pytest.fixture
def sms_configured(settings: Any, sms_endpoint: SmsEndpoint) -> SmsEndpoint:
    """SMS goes to the loopback HTTP endpoint with the right token."""
    settings.UJUZI = dataclasses.replace(
        settings.UJUZI, sms_gateway="http", sms_url=sms_endpoint.url, sms_token="good-token"
    )
    return sms_endpoint


@pytest.fixture
def kinds(settings: Any, tmp_path: Path) -> Path:
    """A template folder for message kinds that only tests use (see ``write_kind``)."""
    folder = tmp_path / "templates"
    folder.mkdir()
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], folder]}]
    return folder


def write_kind(folder: Path, kind: str, *, subject: str, email: str, sms: str) -> None:
    base = folder / "notifications" / kind
    base.mkdir(parents=True)
    for name, text in (("subject.txt", subject), ("email.txt", email), ("sms.txt", sms)):
        (base / name).write_text(text, encoding="utf-8")
