"""The Kiswahili catalogue is complete, compiled and covers every string in the source."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.test import Client

import ujuzi

PACKAGE = Path(ujuzi.__file__).parent
CATALOGUE = PACKAGE / "locale" / "sw" / "LC_MESSAGES" / "django.po"
# Words that are the same in both languages.
SAME_IN_BOTH = {"Ujuzi", "Kiswahili"}


def entries() -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete]


def translations(entry: polib.POEntry) -> list[str]:
    """Every translated form of an entry (both forms of a plural)."""
    if entry.msgid_plural:
        return [entry.msgstr_plural.get(index, "") for index in (0, 1)]
    return [entry.msgstr]


def test_no_entry_is_empty_fuzzy_or_left_in_english():
    problems = [
        entry.msgid
        for entry in entries()
        if not all(text.strip() for text in translations(entry))
        or "fuzzy" in entry.flags
        or (entry.msgid in translations(entry) and entry.msgid not in SAME_IN_BOTH)
    ]
    assert problems == []


def test_placeholders_survive_translation():
    for entry in entries():
        for placeholder in set(re.findall(r"%\(\w+\)[sd]|%[sd]", entry.msgid)):
            for text in translations(entry):
                assert entry.msgid.count(placeholder) == text.count(placeholder), entry.msgid


def test_the_compiled_catalogue_matches_the_source_catalogue():
    compiled = {
        entry.msgid: entry.msgstr for entry in polib.mofile(str(CATALOGUE.with_suffix(".mo")))
    }
    source = {entry.msgid: entry.msgstr for entry in entries()}
    compiled.pop("", None)
    assert compiled == source, "run `make messages` to recompile"


def test_every_translatable_string_in_the_source_is_in_the_catalogue(tmp_path):
    copy = tmp_path / "ujuzi"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    environment = {
        key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"
    }
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "sw",
            "--no-location",
            "--no-obsolete",
            "--ignore",
            "migrations/*",
        ],
        cwd=copy,
        env=environment,
        check=True,
        capture_output=True,
        timeout=120,
    )
    fresh = {entry.msgid for entry in polib.pofile(str(copy / "locale/sw/LC_MESSAGES/django.po"))}
    known = {entry.msgid for entry in entries()}
    assert sorted(fresh - known) == [], "new strings: run `make messages` and translate them"


@pytest.mark.django_db
def test_a_page_switched_to_kiswahili_is_in_kiswahili():
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "sw", "next": "/"}, follow=True)
    page = response.content.decode()
    assert '<html lang="sw">' in page
    assert "Ruka hadi maudhui makuu" in page
    assert "Skip to main content" not in page
