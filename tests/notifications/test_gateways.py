"""The SMTP and HTTP SMS gateways against real servers on 127.0.0.1."""

from __future__ import annotations

import email
import email.policy
import socket

import pytest

from tests.factories import make_person
from tests.notifications.servers import SmsEndpoint, SmtpSink
from ujuzi.notifications.gateways import (
    GatewayError,
    HttpSmsGateway,
    OutboxGateway,
    SmtpGateway,
    gateway_for,
)
from ujuzi.notifications.models import Message
from ujuzi.notifications.services import message_send

pytestmark = pytest.mark.django_db


def unsent(channel: str, address: str, **values: object) -> Message:
    person = make_person(email="", phone="")
    defaults = {"language": "sw", "kind": "welcome", "subject": "Habari", "body": "Karibu Ujuzi"}
    return Message(person=person, channel=channel, address=address, **(defaults | values))


def smtp(sink: SmtpSink, **values: object) -> SmtpGateway:
    options = {
        "host": "127.0.0.1",
        "port": sink.port,
        "from_address": "Ujuzi <ujuzi@example.go.ke>",
        "user": "ujuzi",
        "password": "s3cret",
        "use_tls": False,
        "timeout": 2.0,
    }
    return SmtpGateway(**(options | values))  # type: ignore[arg-type]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_outbox_is_the_default_for_both_channels():
    assert isinstance(gateway_for("email"), OutboxGateway)
    assert isinstance(gateway_for("sms"), OutboxGateway)


def test_smtp_sends_one_plain_text_email_after_signing_in(smtp_sink):
    message = unsent(
        "email", "amina@example.org", subject="Umesajiliwa", body="Habari Amina,\n.\nUjuzi"
    )
    smtp(smtp_sink).send(message)
    assert smtp_sink.state.logins == [("ujuzi", "s3cret")]
    (received,) = smtp_sink.state.received
    assert (received.sender, received.recipients) == ("ujuzi@example.go.ke", ["amina@example.org"])
    parsed = email.message_from_bytes(received.data, policy=email.policy.default)
    assert parsed["Subject"] == "Umesajiliwa"
    assert parsed["From"] == "Ujuzi <ujuzi@example.go.ke>"
    assert parsed["To"] == "amina@example.org"
    assert parsed["Content-Language"] == "sw"
    assert parsed["Message-ID"] == f"<{message.pk}@127.0.0.1>"
    assert parsed.get_content().replace("\r\n", "\n") == "Habari Amina,\n.\nUjuzi\n"


def test_smtp_says_when_the_login_is_refused(smtp_sink):
    with pytest.raises(GatewayError) as raised:
        smtp(smtp_sink, password="wrong").send(unsent("email", "a@example.org"))
    assert raised.value.reason.startswith("the SMTP server refused the login (535 ")
    assert "UJUZI_SMTP_PASSWORD" in raised.value.reason
    assert smtp_sink.state.received == []


def test_smtp_says_when_the_recipient_is_refused(smtp_sink):
    smtp_sink.state.refused_recipients.add("gone@example.org")
    with pytest.raises(GatewayError) as raised:
        smtp(smtp_sink).send(unsent("email", "gone@example.org"))
    assert raised.value.reason == (
        "the SMTP server refused the recipient (550 5.1.1 <gone@example.org>: mailbox unavailable)"
    )


def test_smtp_says_when_nothing_listens():
    port = free_port()
    gateway = SmtpGateway(host="127.0.0.1", port=port, from_address="u@example.org", use_tls=False)
    with pytest.raises(GatewayError) as raised:
        gateway.send(unsent("email", "a@example.org"))
    assert raised.value.reason.startswith(f"could not talk to the SMTP server at 127.0.0.1:{port}")


def test_smtp_gives_up_on_a_server_that_never_answers():
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        gateway = SmtpGateway(
            host="127.0.0.1", port=port, from_address="u@example.org", use_tls=False, timeout=0.3
        )
        with pytest.raises(GatewayError) as raised:
            gateway.send(unsent("email", "a@example.org"))
    assert raised.value.reason == (
        f"the SMTP server at 127.0.0.1:{port} did not answer within 0.3 s"
    )


def test_gateways_refuse_an_address_with_header_injection_before_any_connection(
    smtp_sink, sms_endpoint
):
    hostile = unsent("email", "a@example.org\r\nBcc: everyone@example.org")
    for gateway in (smtp(smtp_sink), OutboxGateway()):
        with pytest.raises(GatewayError, match=r"^refused: the address contains line breaks"):
            gateway.send(hostile)
    with pytest.raises(GatewayError, match=r"^refused: the address contains line breaks"):
        HttpSmsGateway(url=sms_endpoint.url, token="good-token").send(
            unsent("sms", "+254712345678\nX-Injected: 1")
        )
    assert smtp_sink.state.commands == []
    assert sms_endpoint.state.requests == []


def test_http_sms_posts_json_with_the_bearer_token(sms_endpoint):
    HttpSmsGateway(url=sms_endpoint.url, token="good-token").send(
        unsent("sms", "+254712345678", body="Ujuzi: karibu")
    )
    assert sms_endpoint.state.requests == [
        {
            "path": "/send",
            "authorization": "Bearer good-token",
            "content_type": "application/json",
            "json": {"to": "+254712345678", "message": "Ujuzi: karibu"},
        }
    ]


def test_http_sms_fails_on_a_server_error(sms_endpoint):
    sms_endpoint.state.status = 500
    with pytest.raises(GatewayError) as raised:
        HttpSmsGateway(url=sms_endpoint.url, token="good-token").send(
            unsent("sms", "+254712345678")
        )
    assert raised.value.reason == "the SMS gateway answered HTTP 500 Internal Server Error"


def test_http_sms_names_the_token_when_it_is_refused(sms_endpoint):
    with pytest.raises(GatewayError) as raised:
        HttpSmsGateway(url=sms_endpoint.url, token="stale").send(unsent("sms", "+254712345678"))
    assert raised.value.reason == (
        "the SMS gateway answered HTTP 401 Unauthorized (check UJUZI_SMS_TOKEN)"
    )
    assert sms_endpoint.state.requests[0]["authorization"] == "Bearer stale"


def test_http_sms_does_not_follow_a_redirect_with_the_token(sms_endpoint):
    sms_endpoint.state.status = 307
    sms_endpoint.state.location = "http://127.0.0.1:9/elsewhere"
    with pytest.raises(GatewayError, match=r"^the SMS gateway answered HTTP 307"):
        HttpSmsGateway(url=sms_endpoint.url, token="good-token").send(
            unsent("sms", "+254712345678")
        )
    assert len(sms_endpoint.state.requests) == 1


def test_http_sms_gives_up_after_its_timeout(sms_endpoint):
    sms_endpoint.state.delay = 5
    gateway = HttpSmsGateway(url=sms_endpoint.url, token="good-token", timeout=0.3)
    with pytest.raises(GatewayError) as raised:
        gateway.send(unsent("sms", "+254712345678"))
    assert raised.value.reason == "the SMS gateway at " + sms_endpoint.url.split("/")[2] + (
        " did not answer within 0.3 s"
    )


def test_http_sms_says_when_nothing_listens():
    port = free_port()
    gateway = HttpSmsGateway(url=f"http://127.0.0.1:{port}/send", token="t")
    with pytest.raises(GatewayError, match=f"^could not reach the SMS gateway at 127.0.0.1:{port}"):
        gateway.send(unsent("sms", "+254712345678"))


def test_configured_gateways_deliver_a_welcome_end_to_end(
    smtp_configured: SmtpSink, sms_configured: SmsEndpoint, django_capture_on_commit_callbacks
):
    person = make_person(
        first_name="Zawadi", email="zawadi@example.org", phone="0712000111", preferred_language="sw"
    )
    with django_capture_on_commit_callbacks(execute=True):
        message_send(person=person, kind="welcome", context={})
    statuses = dict(Message.objects.values_list("channel", "status"))
    assert statuses == {"email": "sent", "sms": "sent"}
    assert dict(Message.objects.values_list("channel", "gateway")) == {
        "email": "smtp",
        "sms": "http",
    }
    (received,) = smtp_configured.state.received
    parsed = email.message_from_bytes(received.data, policy=email.policy.default)
    assert parsed["Subject"] == "Umesajiliwa katika programu"
    (request,) = sms_configured.state.requests
    assert request["json"]["to"] == "+254712000111"
    assert request["json"]["message"].startswith("Ujuzi: Zawadi, umesajiliwa")
