"""UJUZI_EMAIL_GATEWAY, UJUZI_SMS_GATEWAY and their settings: clear errors, safe defaults."""

from __future__ import annotations

import pytest

from ujuzi import config


@pytest.fixture
def environment(monkeypatch, tmp_path):
    monkeypatch.setenv("UJUZI_ENV", "development")
    monkeypatch.setenv("UJUZI_DATA_DIR", str(tmp_path))
    for name in (
        "UJUZI_EMAIL_GATEWAY",
        "UJUZI_SMTP_HOST",
        "UJUZI_SMTP_PORT",
        "UJUZI_SMTP_USER",
        "UJUZI_SMTP_PASSWORD",
        "UJUZI_SMTP_TLS",
        "UJUZI_EMAIL_FROM",
        "UJUZI_SMS_GATEWAY",
        "UJUZI_SMS_URL",
        "UJUZI_SMS_TOKEN",
    ):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_nothing_leaves_the_machine_unless_configured(environment):
    loaded = config.load()
    assert (loaded.email_gateway, loaded.sms_gateway) == ("outbox", "outbox")
    assert (loaded.smtp_port, loaded.smtp_tls) == (587, True)


def test_smtp_and_http_sms_read_their_settings(environment):
    environment.setenv("UJUZI_EMAIL_GATEWAY", "SMTP")
    environment.setenv("UJUZI_SMTP_HOST", "mail.example.go.ke")
    environment.setenv("UJUZI_SMTP_PORT", "465")
    environment.setenv("UJUZI_SMTP_USER", "ujuzi")
    environment.setenv("UJUZI_SMTP_PASSWORD", "mail-secret")
    environment.setenv("UJUZI_SMTP_TLS", "yes")
    environment.setenv("UJUZI_EMAIL_FROM", "Ujuzi <ujuzi@example.go.ke>")
    environment.setenv("UJUZI_SMS_GATEWAY", "http")
    environment.setenv("UJUZI_SMS_URL", "https://sms.example.co.ke/v1/send")
    environment.setenv("UJUZI_SMS_TOKEN", "sms-secret")
    loaded = config.load()
    assert (loaded.email_gateway, loaded.smtp_host, loaded.smtp_port) == (
        "smtp",
        "mail.example.go.ke",
        465,
    )
    assert (loaded.smtp_user, loaded.smtp_password, loaded.email_from) == (
        "ujuzi",
        "mail-secret",
        "Ujuzi <ujuzi@example.go.ke>",
    )
    assert (loaded.sms_gateway, loaded.sms_url, loaded.sms_token) == (
        "http",
        "https://sms.example.co.ke/v1/send",
        "sms-secret",
    )
    assert "mail-secret" not in repr(loaded) and "sms-secret" not in repr(loaded)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"UJUZI_EMAIL_GATEWAY": "sendgrid"}, "UJUZI_EMAIL_GATEWAY must be one of outbox, smtp"),
        ({"UJUZI_SMS_GATEWAY": "smpp"}, "UJUZI_SMS_GATEWAY must be one of outbox, http"),
        ({"UJUZI_EMAIL_GATEWAY": "smtp"}, "UJUZI_EMAIL_GATEWAY=smtp needs UJUZI_SMTP_HOST"),
        (
            {"UJUZI_EMAIL_GATEWAY": "smtp", "UJUZI_SMTP_HOST": "mail"},
            "UJUZI_EMAIL_GATEWAY=smtp needs UJUZI_EMAIL_FROM",
        ),
        (
            {
                "UJUZI_EMAIL_GATEWAY": "smtp",
                "UJUZI_SMTP_HOST": "mail",
                "UJUZI_EMAIL_FROM": "a@example.org",
                "UJUZI_SMTP_USER": "ujuzi",
            },
            "UJUZI_SMTP_USER and UJUZI_SMTP_PASSWORD go together",
        ),
        ({"UJUZI_SMTP_PORT": "70000"}, "UJUZI_SMTP_PORT must be a port number"),
        ({"UJUZI_SMTP_TLS": "maybe"}, "UJUZI_SMTP_TLS must be true or false"),
        ({"UJUZI_SMS_GATEWAY": "http"}, "UJUZI_SMS_GATEWAY=http needs UJUZI_SMS_URL"),
        (
            {"UJUZI_SMS_GATEWAY": "http", "UJUZI_SMS_URL": "http://sms.example.org/send"},
            "UJUZI_SMS_GATEWAY=http needs UJUZI_SMS_URL, an https:// address",
        ),
        (
            {"UJUZI_SMS_GATEWAY": "http", "UJUZI_SMS_URL": "https://sms.example.org/send"},
            "UJUZI_SMS_GATEWAY=http needs UJUZI_SMS_TOKEN",
        ),
    ],
)
def test_a_gateway_without_what_it_needs_is_refused_by_name(environment, values, message):
    for name, value in values.items():
        environment.setenv(name, value)
    with pytest.raises(config.ConfigurationError, match=message):
        config.load()


def test_plain_http_is_allowed_for_a_gateway_on_this_machine(environment):
    environment.setenv("UJUZI_SMS_GATEWAY", "http")
    environment.setenv("UJUZI_SMS_URL", "http://127.0.0.1:13013/send")
    environment.setenv("UJUZI_SMS_TOKEN", "t")
    assert config.load().sms_url == "http://127.0.0.1:13013/send"
