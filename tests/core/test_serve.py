"""What `make run` does, end to end: init, demo, serve with the worker, sign in over HTTP."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import segno

from tests.credentials.pdf_reading import qr_matrix

pytestmark = [
    pytest.mark.skipif(
        bool(os.environ.get("UJUZI_TEST_DATABASE_URL")),
        reason="runs its own embedded SQLite installation; once per CI run is enough",
    ),
    # The installation runs on the real clock; its cookies must not look expired here.
    pytest.mark.real_clock,
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def ujuzi(environment: dict[str, str], *arguments: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "ujuzi.cli", *arguments],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return result.stdout


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def test_a_fresh_installation_serves_a_page_the_demo_admin_can_sign_in_to(tmp_path: Path):
    environment = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "UJUZI_ENV": "development",
        "UJUZI_DATA_DIR": str(tmp_path / "data"),
    }
    assert "47 counties" in ujuzi(environment, "init")
    assert "admin" in ujuzi(environment, "demo")
    assert "0 new logins" in ujuzi(environment, "demo")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "ujuzi.cli", "serve", "--port", str(port), "--workers", "1"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/health")
        jar = http.cookiejar.CookieJar()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        form = browser.open(f"{base}/accounts/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": "admin", "password": "ujuzi-demo"}
        ).encode()
        request = urllib.request.Request(
            f"{base}/accounts/login/", data=data, headers={"Referer": base}
        )
        page = browser.open(request).read().decode()
        assert "Welcome, Amina" in page
        stylesheet = re.search(r'href="(/static/ujuzi/site\.[0-9a-f]+\.css)"', page).group(1)
        response = browser.open(base + stylesheet)
        assert "max-age=315360000" in response.headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "Audit chain valid" in ujuzi(environment, "audit", "verify")


def signed_in(base: str, username: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = browser.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": "ujuzi-demo"}
    ).encode()
    browser.open(urllib.request.Request(f"{base}/accounts/login/", data=data))
    return browser


def test_without_a_public_address_certificates_are_signed_for_the_port_served(tmp_path: Path):
    """``make run PORT=N``: the QR link, the status list and the issuer's DID answer on N."""
    port = free_port()
    environment = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "UJUZI_ENV": "development",
        "UJUZI_DATA_DIR": str(tmp_path / "data"),
        "PORT": str(port),
    }
    ujuzi(environment, "init")
    ujuzi(environment, "demo")
    server = subprocess.Popen(
        [sys.executable, "-m", "ujuzi.cli", "serve", "--workers", "1", "--no-worker"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/health")
        assert f"Public address: {base} (from the port" in server.stdout.readline()
        browser = signed_in(base, "learner")
        page = browser.open(f"{base}/me/certificates/").read().decode()
        download = re.search(r'href="(/me/certificates/[0-9a-f-]+/download)"', page).group(1)
        document = json.loads(browser.open(base + download).read())

        assert document["id"].startswith(f"{base}/verify/")
        assert "valid" in urllib.request.urlopen(document["id"]).read().decode().lower()
        status_list = document["credentialStatus"]["statusListCredential"]
        assert status_list.startswith(f"{base}/credentials/status/")
        assert json.loads(urllib.request.urlopen(status_list).read())["type"] == [
            "VerifiableCredential",
            "BitstringStatusListCredential",
        ]
        issuer = document["issuer"]["id"]
        assert issuer == f"did:web:127.0.0.1%3A{port}"
        did_document = json.loads(urllib.request.urlopen(f"{base}/.well-known/did.json").read())
        assert did_document["id"] == issuer

        pdf = browser.open(base + download.replace("/download", "/certificate.pdf")).read()
        assert qr_matrix(pdf) == [list(row) for row in segno.make(document["id"], error="m").matrix]
    finally:
        server.terminate()
        server.wait(timeout=30)
