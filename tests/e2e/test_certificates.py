"""A certificate from the learner's passport to paper, and its QR link before and after revocation.

The demo learner signs in on a phone, opens their certificates and downloads the PDF.
Someone who was never signed in opens the link the QR code holds and sees a valid
certificate; a programme administrator revokes it from that page; the same page then
says it is revoked. JavaScript is off throughout.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import segno
from playwright.sync_api import Browser, Page, expect

from tests.credentials.pdf_reading import is_pdf, qr_matrix, texts
from tests.e2e.conftest import choose_language, new_context, sign_in
from tests.e2e.test_accessibility import assert_fits_phone_and_passes_axe
from ujuzi.credentials.models import Credential


def test_print_a_certificate_then_check_and_revoke_its_qr_link(
    browser: Browser, page: Page, site: str
) -> None:
    # The learner holds two certificates; this journey prints the Kiswahili course's.
    credential = Credential.objects.get(person__user__username="learner", course__code="YTH-101")

    sign_in(page, site, username="learner")
    page.goto(f"{site}/me/certificates/")
    with page.expect_download() as download:
        page.locator(f"a[href='/me/certificates/{credential.pk}/certificate.pdf']").click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert is_pdf(pdf)
    assert download.value.suggested_filename == "certificate-YTH-101-sw.pdf"
    link = next(line for line in texts(pdf) if line.endswith(f"/verify/{credential.pk}/"))
    assert qr_matrix(pdf) == [list(row) for row in segno.make(link, error="m").matrix]
    # The QR code names the installation's public address; the test server runs elsewhere.
    qr_path = urlsplit(link).path

    visitor = new_context(browser)
    try:
        scan = visitor.new_page()
        scan.goto(f"{site}{qr_path}")
        expect(scan.locator(".verdict")).to_contain_text("This certificate is genuine and valid.")

        office = new_context(browser)
        try:
            admin = office.new_page()
            sign_in(admin, site, username="admin")
            admin.goto(f"{site}{qr_path}")
            admin.get_by_text("Revoke this certificate").click()
            admin.get_by_label("Reason, shown on this public page (name nobody)").fill(
                "Issued for the wrong course"
            )
            with admin.expect_navigation():
                admin.get_by_role("button", name="Revoke the certificate").click()
            expect(admin.get_by_role("status")).to_contain_text("The certificate is revoked.")
        finally:
            office.close()

        scan.reload()
        expect(scan.locator(".verdict")).to_contain_text(
            "This certificate was revoked by its issuer."
        )
        expect(scan.locator("main")).not_to_contain_text("Zawadi")
    finally:
        visitor.close()

    # The learner's next download is printed afresh and says so.
    with page.expect_download() as download:
        page.goto(f"{site}/me/certificates/")
        page.locator(f"a[href='/me/certificates/{credential.pk}/certificate.pdf']").click()
    reprinted = texts(Path(download.value.path()).read_bytes())
    assert any(line.endswith(": Issued for the wrong course") for line in reprinted)


@pytest.mark.parametrize("language", ["en", "sw"])
def test_the_passport_and_a_shared_link_fit_a_phone_and_pass_axe(
    scripted_page: Page, site: str, language: str
) -> None:
    sign_in(scripted_page, site, username="learner")
    choose_language(scripted_page, language)
    scripted_page.goto(f"{site}/me/certificates/")
    assert_fits_phone_and_passes_axe(scripted_page)
    scripted_page.goto(f"{site}/me/certificates/shares/")
    assert_fits_phone_and_passes_axe(scripted_page)
    with scripted_page.expect_navigation():
        scripted_page.locator("main form button[type=submit]").first.click()
    link = scripted_page.locator("a.share-link").inner_text()
    assert_fits_phone_and_passes_axe(scripted_page)

    scripted_page.context.clear_cookies()  # whoever receives the link is not signed in
    scripted_page.goto(f"{site}{urlsplit(link).path}")
    expect(scripted_page.locator("h1")).to_contain_text("Zawadi Shee")
    assert_fits_phone_and_passes_axe(scripted_page)
    scripted_page.goto(f"{site}/passport/{'A' * 43}/")
    assert_fits_phone_and_passes_axe(scripted_page)
