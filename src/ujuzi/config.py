"""Every environment variable Ujuzi reads, in one typed place.

Operators configure an installation with ``UJUZI_*`` variables only. In production
(``UJUZI_ENV=production``, the default) every secret must come from the environment and a
missing one stops the process at start-up. On a developer's or demo laptop
(``UJUZI_ENV=development``) missing secrets are generated once and kept in the data
directory, so that ``make run`` needs no set-up.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict
from urllib.parse import urlsplit

ENVIRONMENTS = ("production", "development", "test")
EMAIL_GATEWAYS = ("outbox", "smtp")
SMS_GATEWAYS = ("outbox", "http")
# Hosts an SMS gateway may be reached on over plain http: the token must not cross a network.
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


class ConfigurationError(RuntimeError):
    """A setting is missing or malformed; the message names the variable."""


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {raw!r}")


def _list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _decode_key(name: str, text: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError as error:
        raise ConfigurationError(f"{name} must be URL-safe base64: {error}") from error
    if len(key) != 32:
        raise ConfigurationError(f"{name} keys must be 32 bytes (base64 of 32 random bytes)")
    return key


def new_key_text() -> str:
    """A fresh 32-byte key in the form the ``UJUZI_*_KEY`` variables take."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("=")


def _positive_int(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) <= 0:
        raise ConfigurationError(f"{name} must be a whole number of bytes above zero")
    return int(text)


def _whole_number(name: str, default: int, low: int, high: int) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or not low <= int(text) <= high:
        raise ConfigurationError(
            f"{name} must be a whole number from {low} to {high}, not {text!r}"
        )
    return int(text)


def _choice(name: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, "").strip().lower() or choices[0]
    if value not in choices:
        raise ConfigurationError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def _port(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise ConfigurationError(f"{name} must be a port number from 1 to 65535, not {text!r}")
    return int(text)


def _public_url(environment: str) -> str:
    """The address people, QR codes and signed certificates use for this installation.

    Certificates are signed with it and cannot be mended after issue, so it must be the
    address that really answers. Production names it explicitly; elsewhere it follows the
    port being served (``PORT``, which ``ujuzi serve --port`` also sets), so that
    ``make run PORT=18701`` signs for port 18701. It belongs to the issuer, never to a
    request: a site node will issue under its hub's address.
    """
    text = os.environ.get("UJUZI_PUBLIC_URL", "").strip().rstrip("/")
    if not text:
        if environment == "production":
            raise ConfigurationError(
                "Production needs UJUZI_PUBLIC_URL, the address people reach this "
                "installation at (e.g. https://ujuzi.example.go.ke): certificates, QR codes "
                "and links are signed with it"
            )
        return f"http://127.0.0.1:{_port('PORT', 8000)}"
    parts = urlsplit(text)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query or parts.fragment:
        raise ConfigurationError(
            f"UJUZI_PUBLIC_URL must be an http:// or https:// address with a host and no "
            f"query, not {text!r}"
        )
    return text


def public_url_is_derived() -> bool:
    """Whether the public address was derived from the port rather than set."""
    return not os.environ.get("UJUZI_PUBLIC_URL", "").strip()


def public_address_notice(public_url: str) -> str:
    """What ``serve`` and ``worker`` say at start-up: the address they sign for, and why."""
    if public_url_is_derived():
        return (
            f"Public address: {public_url} (from the port; set UJUZI_PUBLIC_URL to the "
            "address people reach this installation at: certificates are signed with it)"
        )
    return f"Public address: {public_url}"


class _Gateways(TypedDict):
    email_gateway: str
    smtp_host: str
    smtp_port: int
    smtp_user: str
    smtp_password: str
    smtp_tls: bool
    email_from: str
    sms_gateway: str
    sms_url: str
    sms_token: str


def _gateways() -> _Gateways:
    """E-mail and SMS gateways: the local outbox unless the operator names an outside one."""
    values = _Gateways(
        email_gateway=_choice("UJUZI_EMAIL_GATEWAY", EMAIL_GATEWAYS),
        smtp_host=os.environ.get("UJUZI_SMTP_HOST", "").strip(),
        smtp_port=_port("UJUZI_SMTP_PORT", 587),
        smtp_user=os.environ.get("UJUZI_SMTP_USER", "").strip(),
        smtp_password=os.environ.get("UJUZI_SMTP_PASSWORD", ""),
        smtp_tls=_flag("UJUZI_SMTP_TLS", default=True),
        email_from=os.environ.get("UJUZI_EMAIL_FROM", "").strip(),
        sms_gateway=_choice("UJUZI_SMS_GATEWAY", SMS_GATEWAYS),
        sms_url=os.environ.get("UJUZI_SMS_URL", "").strip(),
        sms_token=os.environ.get("UJUZI_SMS_TOKEN", "").strip(),
    )
    if values["email_gateway"] == "smtp":
        if not values["smtp_host"]:
            raise ConfigurationError("UJUZI_EMAIL_GATEWAY=smtp needs UJUZI_SMTP_HOST")
        sender = values["email_from"]
        if "@" not in sender or any(character in sender for character in "\r\n"):
            raise ConfigurationError(
                "UJUZI_EMAIL_GATEWAY=smtp needs UJUZI_EMAIL_FROM, the address messages come "
                "from (e.g. Ujuzi <ujuzi@example.go.ke>)"
            )
        if bool(values["smtp_user"]) != bool(values["smtp_password"]):
            raise ConfigurationError("UJUZI_SMTP_USER and UJUZI_SMTP_PASSWORD go together")
    if values["sms_gateway"] == "http":
        url = urlsplit(values["sms_url"])
        if url.scheme != "https" and not (url.scheme == "http" and url.hostname in _LOCAL_HOSTS):
            raise ConfigurationError(
                "UJUZI_SMS_GATEWAY=http needs UJUZI_SMS_URL, an https:// address "
                "(http:// only for a gateway on this machine)"
            )
        if not values["sms_token"]:
            raise ConfigurationError("UJUZI_SMS_GATEWAY=http needs UJUZI_SMS_TOKEN")
    return values


@dataclass(frozen=True)
class Config:
    """The installation's configuration, read once at start-up."""

    environment: str
    debug: bool
    data_dir: Path
    database_url: str
    secret_key: str
    audit_key: bytes
    encryption_keys: tuple[bytes, ...]
    public_url: str
    allowed_hosts: tuple[str, ...]
    log_level: str
    import_max_bytes: int = 50 * 1024 * 1024
    # The reports' alert: a cohort's or track's 12-month conversion among graduates below
    # this percentage, once at least this many of its graduates have answered.
    reports_conversion_alert: int = 40
    reports_alert_min_answered: int = 30
    # The smallest count of people a published report cell may show (small-cell suppression).
    reports_min_cell: int = 5
    # An operator's copy of the reports' mappings (grade bands, urban areas); "" = defaults.
    reports_mappings: str = ""
    # Where e-mail and SMS go (``ujuzi.notifications.gateways``); the outbox keeps them here.
    email_gateway: str = "outbox"
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_tls: bool = True
    email_from: str = ""
    sms_gateway: str = "outbox"
    sms_url: str = ""
    sms_token: str = field(default="", repr=False)

    @property
    def is_production(self) -> bool:
        """Production refuses generated secrets and debug pages."""
        return self.environment == "production"


def _local_secrets(data_dir: Path) -> dict[str, str]:
    """Secrets for a development laptop, generated once and kept beside the database."""
    path = data_dir / "development-secrets.json"
    if path.exists():
        return dict(json.loads(path.read_text()))
    data_dir.mkdir(parents=True, exist_ok=True)
    values = {
        "UJUZI_SECRET_KEY": secrets.token_urlsafe(48),
        "UJUZI_AUDIT_KEY": new_key_text(),
        "UJUZI_ENCRYPTION_KEYS": new_key_text(),
    }
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump(values, handle, indent=2)
    return values


def load() -> Config:
    """Read and check the environment; raise ConfigurationError naming what is wrong."""
    environment = os.environ.get("UJUZI_ENV", "production")
    if environment not in ENVIRONMENTS:
        raise ConfigurationError(f"UJUZI_ENV must be one of {', '.join(ENVIRONMENTS)}")
    data_dir = Path(os.environ.get("UJUZI_DATA_DIR", "var")).resolve()
    secret_names = ("UJUZI_SECRET_KEY", "UJUZI_AUDIT_KEY", "UJUZI_ENCRYPTION_KEYS")
    values = {name: os.environ.get(name, "") for name in secret_names}
    missing = [name for name, value in values.items() if not value]
    if missing and environment == "production":
        raise ConfigurationError(
            "Production needs these environment variables set: "
            + ", ".join(missing)
            + " (generate them with: ujuzi keygen, or set UJUZI_ENV=development for a demo)"
        )
    if missing:
        generated = _local_secrets(data_dir)
        values.update({name: generated[name] for name in missing})
    debug = _flag("UJUZI_DEBUG", default=False)
    if debug and environment == "production":
        raise ConfigurationError("UJUZI_DEBUG must not be on in production")
    return Config(
        environment=environment,
        debug=debug,
        data_dir=data_dir,
        database_url=os.environ.get(
            "UJUZI_DATABASE_URL", f"sqlite:///{data_dir / 'ujuzi.sqlite3'}"
        ),
        secret_key=values["UJUZI_SECRET_KEY"],
        audit_key=_decode_key("UJUZI_AUDIT_KEY", values["UJUZI_AUDIT_KEY"]),
        encryption_keys=tuple(
            _decode_key("UJUZI_ENCRYPTION_KEYS", text)
            for text in values["UJUZI_ENCRYPTION_KEYS"].split(",")
            if text.strip()
        ),
        public_url=_public_url(environment),
        allowed_hosts=tuple(_list("UJUZI_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")),
        log_level=os.environ.get("UJUZI_LOG_LEVEL", "INFO").upper(),
        import_max_bytes=_positive_int("UJUZI_IMPORT_MAX_BYTES", 50 * 1024 * 1024),
        reports_conversion_alert=_whole_number("UJUZI_REPORTS_CONVERSION_ALERT", 40, 1, 100),
        reports_alert_min_answered=_whole_number(
            "UJUZI_REPORTS_ALERT_MIN_ANSWERED", 30, 1, 1_000_000
        ),
        reports_min_cell=_whole_number("UJUZI_REPORTS_MIN_CELL", 5, 2, 100),
        reports_mappings=os.environ.get("UJUZI_REPORTS_MAPPINGS", "").strip(),
        **_gateways(),
    )
