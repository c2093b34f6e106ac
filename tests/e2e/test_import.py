"""The training officer imports staff from a spreadsheet on a 360 px phone, JavaScript off."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import choose_language, sign_in
from tests.e2e.test_accessibility import assert_fits_phone_and_passes_axe

ROWS = (
    "PF Number;First Name;Surname;Mobile;Designation;Job Group\n"
    "7001001;Halima;Abdi;0712 000 001;ICT Officer;K\n"
    "7001002;Omondi;Odhiambo;0712 000 002;Records Officer;J\n"
)


def test_the_officer_checks_and_imports_a_file(page: Page, site, tmp_path: Path):
    staff = tmp_path / "staff.csv"
    staff.write_text(ROWS, encoding="utf-8")
    sign_in(page, site, username="officer")
    page.goto(f"{site}/people/")
    page.get_by_role("link", name="Import people from an HR export").click()
    page.get_by_label("File (CSV or Excel .xlsx)").set_input_files(str(staff))
    page.get_by_label("Institution for rows without one").select_option(
        label="Ministry of Information, Communications and the Digital Economy"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Check the file").click()
    expect(page.locator(".figure").first).to_contain_text("2")
    with page.expect_navigation():
        page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("status")).to_contain_text("The import is finished.")
    page.goto(f"{site}/people/?q=7001001")
    expect(page.locator("main")).to_contain_text("Halima")


@pytest.mark.parametrize("language", ["en", "sw"])
def test_the_import_page_passes_axe(scripted_page: Page, site, language):
    sign_in(scripted_page, site, username="officer")
    choose_language(scripted_page, language)
    scripted_page.goto(f"{site}/people/import/")
    assert_fits_phone_and_passes_axe(scripted_page)
