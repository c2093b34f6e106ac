"""Configuration is read in one place and production refuses to run without secrets."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ujuzi import config


def run_ujuzi(environment: dict[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    keep = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(
        [sys.executable, "-m", "ujuzi.cli", *arguments],
        env={**keep, **environment},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_secrets(tmp_path):
    result = run_ujuzi({"UJUZI_DATA_DIR": str(tmp_path)}, "check")
    assert result.returncode == 2
    assert "UJUZI_SECRET_KEY" in result.stderr
    assert "UJUZI_AUDIT_KEY" in result.stderr
    assert not (tmp_path / "development-secrets.json").exists()


def test_production_starts_with_its_secrets_set(tmp_path):
    keys = run_ujuzi({}, "keygen").stdout.split()
    environment = dict(line.split("=", 1) for line in keys)
    environment |= {
        "UJUZI_DATA_DIR": str(tmp_path),
        "UJUZI_DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "UJUZI_PUBLIC_URL": "https://ujuzi.example.go.ke",
    }
    result = run_ujuzi(environment, "check")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_development_generates_secrets_once(tmp_path, monkeypatch):
    for name in ("UJUZI_SECRET_KEY", "UJUZI_AUDIT_KEY", "UJUZI_ENCRYPTION_KEYS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("UJUZI_ENV", "development")
    monkeypatch.setenv("UJUZI_DATA_DIR", str(tmp_path))
    first, second = config.load(), config.load()
    assert first.audit_key == second.audit_key
    assert len(first.encryption_keys[0]) == 32
    assert oct((tmp_path / "development-secrets.json").stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("UJUZI_ENV", "staging", "UJUZI_ENV must be one of"),
        ("UJUZI_DEBUG", "perhaps", "UJUZI_DEBUG must be true or false"),
        ("UJUZI_AUDIT_KEY", "c2hvcnQ", "must be 32 bytes"),
    ],
)
def test_malformed_settings_are_named(monkeypatch, tmp_path, variable, value, message):
    monkeypatch.setenv("UJUZI_ENV", "development")
    monkeypatch.setenv("UJUZI_DATA_DIR", str(tmp_path))
    monkeypatch.setenv(variable, value)
    with pytest.raises(config.ConfigurationError, match=message):
        config.load()


def test_debug_is_refused_in_production(monkeypatch):
    monkeypatch.setenv("UJUZI_ENV", "production")
    monkeypatch.setenv("UJUZI_DEBUG", "true")
    for name in ("UJUZI_SECRET_KEY", "UJUZI_AUDIT_KEY", "UJUZI_ENCRYPTION_KEYS"):
        monkeypatch.setenv(name, config.new_key_text())
    with pytest.raises(config.ConfigurationError, match="UJUZI_DEBUG must not be on"):
        config.load()


def test_production_refuses_to_start_without_a_public_address(tmp_path):
    keys = run_ujuzi({}, "keygen").stdout.split()
    environment = dict(line.split("=", 1) for line in keys) | {"UJUZI_DATA_DIR": str(tmp_path)}
    result = run_ujuzi(environment, "check")
    assert result.returncode == 2
    assert "Production needs UJUZI_PUBLIC_URL" in result.stderr


@pytest.mark.parametrize(
    ("port", "public_url", "expected"),
    [
        ("18701", None, "http://127.0.0.1:18701"),
        (None, None, "http://127.0.0.1:8000"),
        ("18701", "https://ujuzi.example.go.ke/", "https://ujuzi.example.go.ke"),
    ],
)
def test_outside_production_the_public_address_follows_the_port(
    monkeypatch, tmp_path, port, public_url, expected
):
    monkeypatch.setenv("UJUZI_ENV", "development")
    monkeypatch.setenv("UJUZI_DATA_DIR", str(tmp_path))
    for name, value in (("PORT", port), ("UJUZI_PUBLIC_URL", public_url)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert config.load().public_url == expected


@pytest.mark.parametrize("public_url", ["ftp://example.org", "example.org", "https://x/?a=1"])
def test_a_malformed_public_address_is_named(monkeypatch, tmp_path, public_url):
    monkeypatch.setenv("UJUZI_ENV", "development")
    monkeypatch.setenv("UJUZI_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("UJUZI_PUBLIC_URL", public_url)
    with pytest.raises(config.ConfigurationError, match="UJUZI_PUBLIC_URL must be"):
        config.load()
