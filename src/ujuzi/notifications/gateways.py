"""Where messages go: the local outbox, unless the operator configures an outside gateway.

A gateway takes one ``Message`` and either hands it on or raises ``GatewayError`` with a
reason a person can act on. ``gateway_for(channel)`` builds the one configured for a
channel from ``UJUZI_EMAIL_GATEWAY`` and ``UJUZI_SMS_GATEWAY`` (see ``ujuzi.config``):

| name | channel | what it does |
|---|---|---|
| ``outbox`` | both (default) | nothing leaves the machine: the message is *kept* here |
| ``smtp`` | e-mail | Django's SMTP backend with the ``UJUZI_SMTP_*`` settings |
| ``http`` | SMS | POSTs ``{"to", "message"}`` as JSON with a bearer token to ``UJUZI_SMS_URL`` |
"""

from __future__ import annotations

import json
import smtplib
import urllib.error
import urllib.request
from typing import ClassVar
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import BadHeaderError, EmailMessage
from django.core.mail.backends.smtp import EmailBackend

from ujuzi.notifications.models import Message
from ujuzi.notifications.rules import address_problem

TIMEOUT_SECONDS = 10.0
IMPLICIT_TLS_PORT = 465


class GatewayError(Exception):
    """A gateway did not take a message; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Gateway:
    """Hands one message on. Subclasses set ``name`` and implement ``send``."""

    name: ClassVar[str] = ""
    # True when the message stays here (status "kept") instead of leaving the machine.
    keeps_locally: ClassVar[bool] = False

    def send(self, message: Message) -> None:
        """Hand the message on, or raise ``GatewayError`` with the reason."""
        raise NotImplementedError

    def _check_address(self, message: Message) -> None:
        problem = address_problem(message.channel, message.address)
        if problem:
            raise GatewayError(f"refused: {problem}")


class OutboxGateway(Gateway):
    """Keeps the message in the local outbox, where administrators can read it."""

    name = "outbox"
    keeps_locally = True

    def send(self, message: Message) -> None:
        """Nothing to do: the row in the outbox is the delivery."""
        self._check_address(message)


class SmtpGateway(Gateway):
    """E-mail through an SMTP server (STARTTLS when ``use_tls``; implicit TLS on 465)."""

    name = "smtp"

    def __init__(
        self,
        *,
        host: str,
        port: int,
        from_address: str,
        user: str = "",
        password: str = "",
        use_tls: bool = True,
        timeout: float = TIMEOUT_SECONDS,
    ) -> None:
        self.host, self.port, self.from_address = host, port, from_address
        self.user, self.password, self.use_tls, self.timeout = user, password, use_tls, timeout

    def send(self, message: Message) -> None:
        """Send one plain-text e-mail in the message's language."""
        self._check_address(message)
        implicit_tls = self.use_tls and self.port == IMPLICIT_TLS_PORT
        connection = EmailBackend(
            host=self.host,
            port=self.port,
            username=self.user or None,
            password=self.password or None,
            use_tls=self.use_tls and not implicit_tls,
            use_ssl=implicit_tls,
            timeout=self.timeout,
            fail_silently=False,
        )
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=self.from_address,
            to=[message.address],
            connection=connection,
            headers={
                "Content-Language": message.language,
                # Our own id, so that a bounce or a reply can be traced to the outbox row.
                "Message-ID": f"<{message.pk}@{_mail_domain()}>",
            },
        )
        try:
            accepted = email.send()
        except smtplib.SMTPRecipientsRefused as error:
            replies = "; ".join(_reply(code, text) for code, text in error.recipients.values())
            raise GatewayError(f"the SMTP server refused the recipient ({replies})") from error
        except smtplib.SMTPAuthenticationError as error:
            raise GatewayError(
                "the SMTP server refused the login "
                f"({_reply(error.smtp_code, error.smtp_error)}); check UJUZI_SMTP_USER and "
                "UJUZI_SMTP_PASSWORD"
            ) from error
        except smtplib.SMTPResponseException as error:
            raise GatewayError(
                f"the SMTP server answered {_reply(error.smtp_code, error.smtp_error)}"
            ) from error
        except (smtplib.SMTPException, OSError) as error:
            if _timed_out(error):
                raise GatewayError(
                    f"the SMTP server at {self.host}:{self.port} did not answer within "
                    f"{self.timeout:g} s"
                ) from error
            raise GatewayError(
                f"could not talk to the SMTP server at {self.host}:{self.port} ({error})"
            ) from error
        except (BadHeaderError, ValueError) as error:
            raise GatewayError(f"refused: the e-mail could not be built ({error})") from error
        if accepted != 1:
            raise GatewayError("the SMTP server accepted no recipient")


class HttpSmsGateway(Gateway):
    """SMS through an HTTP gateway: JSON ``{"to", "message"}`` with a bearer token."""

    name = "http"

    def __init__(self, *, url: str, token: str, timeout: float = TIMEOUT_SECONDS) -> None:
        self.url, self.token, self.timeout = url, token, timeout

    def send(self, message: Message) -> None:
        """POST one SMS; anything but a 2xx answer is a failure."""
        self._check_address(message)
        payload = json.dumps({"to": message.address, "message": message.body}).encode()
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in ujuzi.config
            self.url,
            data=payload,
            method="POST",
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
                "User-Agent": "Ujuzi",
            },
        )
        host = urlsplit(self.url).netloc
        try:
            with _OPENER.open(request, timeout=self.timeout) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            hint = " (check UJUZI_SMS_TOKEN)" if error.code in {401, 403} else ""
            raise GatewayError(
                f"the SMS gateway answered HTTP {error.code} {error.reason}{hint}"
            ) from error
        except TimeoutError as error:
            raise GatewayError(
                f"the SMS gateway at {host} did not answer within {self.timeout:g} s"
            ) from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise GatewayError(
                    f"the SMS gateway at {host} did not answer within {self.timeout:g} s"
                ) from error
            raise GatewayError(
                f"could not reach the SMS gateway at {host} ({error.reason})"
            ) from error
        except OSError as error:
            raise GatewayError(f"could not reach the SMS gateway at {host} ({error})") from error
        if not 200 <= status < 300:
            raise GatewayError(f"the SMS gateway answered HTTP {status}")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer other than 2xx: following it would resend the token."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        """Never follow; urllib then raises HTTPError with the 3xx code."""
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def _timed_out(error: BaseException) -> bool:
    """True when a timeout caused the error (smtplib reports one as a disconnection)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, TimeoutError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _reply(code: int, text: bytes | str) -> str:
    words = text.decode(errors="replace") if isinstance(text, bytes) else text
    return f"{code} {words}".strip()


def _mail_domain() -> str:
    return urlsplit(settings.UJUZI.public_url).hostname or "localhost"


def gateway_for(channel: str) -> Gateway:
    """The gateway configured for a channel (the outbox unless the operator chose another)."""
    config = settings.UJUZI
    if channel == Message.Channel.EMAIL and config.email_gateway == SmtpGateway.name:
        return SmtpGateway(
            host=config.smtp_host,
            port=config.smtp_port,
            from_address=config.email_from,
            user=config.smtp_user,
            password=config.smtp_password,
            use_tls=config.smtp_tls,
        )
    if channel == Message.Channel.SMS and config.sms_gateway == HttpSmsGateway.name:
        return HttpSmsGateway(url=config.sms_url, token=config.sms_token)
    return OutboxGateway()
