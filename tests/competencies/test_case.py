"""CASE import and export: lossless round trips, other implementations' files, bad files."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.competencies.case_schema import case_schema_errors
from ujuzi.competencies.case import (
    CaseImportError,
    dumps,
    framework_import,
    framework_package,
    parse_package,
)
from ujuzi.competencies.models import CaseAssociation, Competency, Framework, ProficiencyLevel
from ujuzi.core.models import AuditEntry, JournalEntry

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
# file: (items, associations) as written by the other implementation
SAMPLES = {
    "opensalt-SmartLevelFramework.json": (14, 14),
    "opensalt-Utf8TestFramework.json": (1, 1),
    "opensalt-what-standards-could-be.json": (16, 39),
}


def load(name: str) -> dict:
    return parse_package((DATA / name).read_bytes())


def round_trip(framework: Framework) -> tuple[str, str]:
    first = dumps(framework_package(framework))
    Framework.all_objects.filter(pk=framework.pk).delete()
    again = framework_import(json.loads(first), by=None).framework
    return first, dumps(framework_package(again))


@pytest.mark.parametrize("name", list(SAMPLES))
def test_packages_from_another_implementation_import_with_their_counts(name):
    result = framework_import(load(name), by=None)
    assert (result.items, result.associations) == SAMPLES[name]
    assert Competency.objects.filter(framework=result.framework).count() == SAMPLES[name][0]
    assert CaseAssociation.objects.filter(framework=result.framework).count() == SAMPLES[name][1]


@pytest.mark.parametrize("name", list(SAMPLES))
def test_export_import_export_is_byte_identical(name):
    framework = framework_import(load(name), by=None).framework
    first, second = round_trip(framework)
    assert first == second


def in_schema_form(entry: dict) -> dict:
    """What the CASE schema makes of OpenSALT's 2017 fields: UTC made explicit, whole numbers."""
    result = dict(entry)
    if len(result.get("lastChangeDateTime", "")) == len("2017-05-25T18:05:33"):
        result["lastChangeDateTime"] += "+00:00"
    if isinstance(result.get("sequenceNumber"), str):
        result["sequenceNumber"] = int(result["sequenceNumber"])
    return result


def test_an_imported_package_keeps_every_field_it_came_with():
    original = load("opensalt-what-standards-could-be.json")
    exported = framework_package(framework_import(copy.deepcopy(original), by=None).framework)
    assert {item["identifier"]: item for item in exported["CFItems"]} == {
        item["identifier"]: in_schema_form(item) for item in original["CFItems"]
    }
    assert exported["CFAssociations"] == [in_schema_form(a) for a in original["CFAssociations"]]
    for key, value in in_schema_form(original["CFDocument"]).items():
        assert exported["CFDocument"][key] == value
    assert exported["CFDefinitions"] == {
        "CFItemTypes": [
            in_schema_form({key: value for key, value in entry.items() if value is not None})
            for entry in original["CFDefinitions"]["CFItemTypes"]
        ]
    }


def test_a_framework_without_levels_gets_the_default_scale():
    framework = framework_import(load("opensalt-SmartLevelFramework.json"), by=None).framework
    levels = ProficiencyLevel.objects.filter(framework=framework).order_by("number")
    assert [level.label["en"] for level in levels] == [
        "Foundation",
        "Intermediate",
        "Advanced",
        "Expert / leader",
    ]


def test_associations_pointing_outside_are_kept_as_external_references():
    package = load("opensalt-Utf8TestFramework.json")
    outside = copy.deepcopy(package["CFAssociations"][0])
    outside |= {"identifier": "assoc-outside", "associationType": "exactMatchOf"}
    outside["destinationNodeURI"] = {
        "identifier": "elsewhere-1",
        "uri": "https://example.org/x",
        "title": "X",
    }
    package["CFAssociations"].append(outside)
    framework = framework_import(package, by=None).framework
    external = CaseAssociation.objects.get(framework=framework, case_identifier="assoc-outside")
    assert external.is_external
    assert external.destination_node["uri"] == "https://example.org/x"
    assert case_schema_errors(framework_package(framework)) == []


def test_case_1_0_packages_wrapped_in_cfpackage_are_accepted():
    wrapped = {"CFPackage": load("opensalt-Utf8TestFramework.json")}
    assert framework_import(wrapped, by=None).items == 1


BROKEN = [
    ("not an object", [1, 2], ["$: a CASE package is a JSON object"]),
    ("no document", {"CFItems": []}, ["$.CFDocument: missing or not an object"]),
    (
        "items and associations wrong",
        {
            "CFDocument": {"identifier": "d1", "title": "T"},
            "CFItems": [
                {"identifier": "i1", "fullStatement": "A"},
                {"identifier": "i1", "fullStatement": ""},
                "text",
            ],
            "CFAssociations": [
                {
                    "identifier": "a1",
                    "associationType": "isFriendOf",
                    "originNodeURI": {"identifier": "i1"},
                },
            ],
        },
        [
            "$.CFItems[1].identifier: 'i1' appears more than once",
            "$.CFItems[1].fullStatement: missing or empty",
            "$.CFItems[2]: not an object",
            "$.CFAssociations[0].associationType: 'isFriendOf' is not a CASE association type",
            "$.CFAssociations[0].destinationNodeURI: needs an object with an identifier",
        ],
    ),
    (
        "a loop",
        {
            "CFDocument": {"identifier": "d1", "title": "T"},
            "CFItems": [
                {"identifier": "i1", "fullStatement": "A"},
                {"identifier": "i2", "fullStatement": "B"},
            ],
            "CFAssociations": [
                {
                    "identifier": "a1",
                    "associationType": "isChildOf",
                    "originNodeURI": {"identifier": "i1"},
                    "destinationNodeURI": {"identifier": "i2"},
                },
                {
                    "identifier": "a2",
                    "associationType": "isChildOf",
                    "originNodeURI": {"identifier": "i2"},
                    "destinationNodeURI": {"identifier": "i1"},
                },
            ],
        },
        ["$.CFAssociations: isChildOf associations form a loop through 'i1'"],
    ),
]


@pytest.mark.parametrize(
    ("case", "package", "problems"), BROKEN, ids=[case for case, _, _ in BROKEN]
)
def test_a_malformed_package_imports_nothing_and_lists_each_problem(case, package, problems):
    before = (JournalEntry.objects.count(), AuditEntry.objects.count())
    with pytest.raises(CaseImportError) as raised:
        framework_import(package, by=None)
    assert raised.value.problems == problems
    assert Framework.all_objects.count() == 0
    assert (JournalEntry.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (
            b"{not json",
            "$: not JSON (Expecting property name enclosed in double quotes at line 1, column 2)",
        ),
        (b"\xff\xfe\x00", "$: not UTF-8 text"),
        (b" " * (25 * 1024 * 1024 + 1), "$: the file is larger than 25 MB"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(raw, problem):
    with pytest.raises(CaseImportError) as raised:
        parse_package(raw)
    assert raised.value.problems[0].startswith(problem)


def test_importing_the_same_version_twice_is_refused():
    framework_import(load("opensalt-Utf8TestFramework.json"), by=None)
    with pytest.raises(CaseImportError, match="already here"):
        framework_import(load("opensalt-Utf8TestFramework.json"), by=None)
    assert Framework.objects.count() == 1


def test_the_framework_command_lists_imports_and_exports(tmp_path, capsys):
    call_command("framework", "import", str(DATA / "opensalt-SmartLevelFramework.json"))
    assert "14 items, 14 associations" in capsys.readouterr().out
    call_command("framework", "list")
    listed = capsys.readouterr().out
    slug = listed.split()[0]
    out = tmp_path / "export.json"
    call_command("framework", "export", slug, "--output", str(out))
    assert len(json.loads(out.read_text())["CFItems"]) == 14
    bad = tmp_path / "bad.json"
    bad.write_text('{"CFDocument": {}}')
    with pytest.raises(CommandError, match="Nothing imported: 2 problem"):
        call_command("framework", "import", str(bad))


def test_the_admin_imports_a_case_file_and_exports_it_again():
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from tests.factories import make_user

    client = Client()
    client.force_login(make_user(is_staff=True, is_superuser=True))
    bad = SimpleUploadedFile("bad.json", b'{"CFDocument": {}}', content_type="application/json")
    page = client.post("/admin/competencies/framework/import/", {"file": bad})
    assert "Nothing was imported. 2 problem(s)" in page.content.decode()
    assert Framework.objects.count() == 0
    raw = (DATA / "opensalt-SmartLevelFramework.json").read_bytes()
    good = SimpleUploadedFile("good.json", raw, content_type="application/json")
    assert client.post("/admin/competencies/framework/import/", {"file": good}).status_code == 302
    framework = Framework.objects.get()
    exported = client.post(
        "/admin/competencies/framework/",
        {"action": "export_case", "_selected_action": [str(framework.pk)]},
    )
    assert exported["Content-Disposition"].endswith(f'{framework.slug}-1.json"')
    assert len(json.loads(exported.content)["CFItems"]) == 14
