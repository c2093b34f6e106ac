"""The trust list in real Chromium: a partner's certificate is believed only while trusted.

The demo has the Rwanda partner on the list, trusted. The administrator stops trusting
it, removes it, and imports its DID document again from a file, as they would from a
partner's e-mail; a visitor's check of the partner's certificate follows each change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import choose_language, new_context, sign_in
from tests.e2e.test_accessibility import assert_fits_phone_and_passes_axe
from ujuzi.demo.trust import PARTNER_DID, PARTNER_NAME, partner_credential, partner_did_document

VALID = "This certificate is genuine and valid."
UNTRUSTED = "This certificate comes from an issuer this programme knows but does not trust."
UNKNOWN = "This certificate comes from an issuer this site does not know."


def _check(visitor: Page, site: str, certificate: Path) -> str:
    """What the public check page says of the partner's certificate."""
    visitor.goto(f"{site}/verify/")
    visitor.locator("#credential").set_input_files(certificate)
    with visitor.expect_navigation():
        visitor.get_by_role("button", name="Check").click()
    return visitor.locator(".verdict").inner_text()


def test_the_administrator_distrusts_removes_and_imports_a_partner_again(
    browser: Browser, page: Page, site: str, tmp_path: Path
) -> None:
    certificate = tmp_path / "rmi-certificate.json"
    certificate.write_text(json.dumps(partner_credential()))
    document = tmp_path / "rmi-did.json"
    document.write_text(json.dumps(partner_did_document()))
    visitor = new_context(browser).new_page()
    row = page.locator(f"#trusted-issuers tr[data-did='{PARTNER_DID}']")

    assert VALID in _check(visitor, site, certificate)

    sign_in(page, site, username="admin")
    page.goto(f"{site}/trust/")
    expect(row).to_contain_text(PARTNER_NAME)
    expect(row).not_to_contain_text("known, not trusted")
    with page.expect_navigation():
        row.get_by_role("button", name="Stop trusting").click()
    expect(row).to_contain_text("known, not trusted")
    assert UNTRUSTED in _check(visitor, site, certificate)

    with page.expect_navigation():
        row.get_by_role("button", name="Remove").click()
    expect(row).to_have_count(0)
    assert UNKNOWN in _check(visitor, site, certificate)

    page.get_by_label("DID document (JSON, at most").set_input_files(document)
    page.get_by_label("Name of the issuer").fill(PARTNER_NAME)
    page.get_by_label("Country (two letters, e.g. RW)").fill("RW")
    page.get_by_label("Note (why, and who asked)").fill("Keys sent by the partner's registrar")
    with page.expect_navigation():
        page.get_by_role("button", name="Import").click()
    expect(row).to_contain_text("Keys sent by the partner's registrar")
    expect(row.get_by_role("button", name="Stop trusting")).to_be_visible()
    assert VALID in _check(visitor, site, certificate)
    visitor.context.close()


@pytest.mark.parametrize("language", ["en", "sw"])
def test_the_trust_list_fits_a_phone_and_passes_axe(
    scripted_page: Page, site: str, language: str
) -> None:
    sign_in(scripted_page, site, username="admin")
    choose_language(scripted_page, language)
    scripted_page.goto(f"{site}/trust/")
    assert_fits_phone_and_passes_axe(scripted_page)
