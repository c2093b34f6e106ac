"""Every CASE package Ujuzi writes, and every one the tests import, against the CASE schema."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest
from django.conf import settings

from tests.competencies.case_schema import case_schema_errors
from tests.competencies.test_case import SAMPLES, load
from tests.factories import make_competency, make_framework
from ujuzi.competencies.case import dumps, framework_import, framework_package
from ujuzi.competencies.defaults import default_framework_package
from ujuzi.competencies.models import (
    CaseAssociation,
    Competency,
    Framework,
    LevelDescriptor,
    ProficiencyLevel,
)
from ujuzi.core.records import record_create

pytestmark = pytest.mark.django_db
# Every framework shipped in ``competencies/data`` (the default one and any optional one).
SHIPPED = sorted(
    entry.name
    for entry in (resources.files("ujuzi.competencies") / "data").iterdir()
    if entry.name.endswith(".json") and "domains" in json.loads(entry.read_text(encoding="utf-8"))
)
# What OpenSALT wrote in 2017 and the schema does not allow; the exporter writes it right.
LOOSE_SAMPLE = "opensalt-what-standards-could-be.json"
LOOSE = re.compile(
    r"\$\.(CFDocument|CFItems\[\d+\]|CFAssociations\[\d+\])\.lastChangeDateTime: "
    r"'2017-\d\d-\d\dT\d\d:\d\d:\d\d' is not a 'date-time'"
    r"|\$\.CFAssociations\[\d+\]\.sequenceNumber: '\d' is not of type 'integer'"
    r"|\$\.CFDefinitions: .* is not valid under any of the given schemas"
)


def export_and_round_trip(framework: Framework) -> dict:
    """The export, after checking that importing it again gives the same bytes back."""
    first = dumps(framework_package(framework))
    Framework.all_objects.filter(pk=framework.pk).delete()
    again = framework_import(json.loads(first), by=None).framework
    assert dumps(framework_package(again)) == first
    return json.loads(first)


def test_the_schema_check_finds_what_the_schema_forbids():
    package = {"CFDocument": {"identifier": "d", "uri": "not a uri", "title": "T"}}
    assert case_schema_errors(package) == [
        "$.CFDocument.identifier: 'd' does not match "
        "'[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}'",
        "$.CFDocument.uri: 'not a uri' is not a 'uri'",
        "$.CFDocument: 'creator' is a required property",
        "$.CFDocument: 'lastChangeDateTime' is a required property",
    ]


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_framework_package_passes_the_case_schema(name):
    assert case_schema_errors(default_framework_package(name)) == []


@pytest.mark.parametrize("name", SHIPPED)
def test_the_export_of_every_shipped_framework_passes_the_case_schema(name):
    framework = framework_import(default_framework_package(name), by=None).framework
    exported = export_and_round_trip(framework)
    assert case_schema_errors(exported) == []
    rubric = exported["CFRubrics"][-1]
    assert rubric["uri"] == f"urn:uuid:{rubric['identifier']}"
    assert rubric["lastChangeDateTime"] == "2026-01-05T00:00:00+00:00"
    criterion = rubric["CFRubricCriteria"][0]
    assert criterion["uri"] == f"urn:uuid:{criterion['identifier']}"
    assert [level["score"] for level in criterion["CFRubricCriterionLevels"]] == [1, 2, 3, 4]
    assert all(association["uri"] for association in exported["CFAssociations"])


@pytest.mark.parametrize("name", SHIPPED)
def test_the_shipped_scale_and_kiswahili_descriptors_survive_the_export(name):
    source = json.loads(
        (resources.files("ujuzi.competencies") / "data" / name).read_text(encoding="utf-8")
    )
    framework = framework_import(default_framework_package(name), by=None).framework
    export_and_round_trip(framework)
    again = Framework.objects.get(slug=source["slug"])
    levels = ProficiencyLevel.objects.filter(framework=again).order_by("number")
    assert [(level.number, level.label) for level in levels] == [
        (level["number"], level["label"]) for level in source["levels"]
    ]
    competency = source["domains"][0]["competencies"][0]
    descriptors = LevelDescriptor.objects.filter(
        competency__framework=again, competency__code=competency["code"]
    ).order_by("level_number")
    assert {str(d.level_number): d.text for d in descriptors} == competency["levels"]


@pytest.mark.parametrize("name", sorted(set(SAMPLES) - {LOOSE_SAMPLE}))
def test_samples_from_another_implementation_pass_the_case_schema(name):
    assert case_schema_errors(load(name)) == []


def test_the_loose_sample_breaks_the_schema_only_in_ways_the_exporter_mends():
    errors = case_schema_errors(load(LOOSE_SAMPLE))
    assert len(errors) == 59
    assert [error for error in errors if not LOOSE.fullmatch(error)] == []


@pytest.mark.parametrize("name", list(SAMPLES))
def test_the_export_of_every_sample_passes_the_case_schema(name):
    exported = export_and_round_trip(framework_import(load(name), by=None).framework)
    assert case_schema_errors(exported) == []


def test_a_framework_made_without_case_exports_a_valid_package():
    framework = make_framework(slug="made-here", case_identifier="doc-made-here")
    domain = make_competency(framework, kind="domain", code="D1", uri_code="D1")
    competency = make_competency(framework, code="D1.1", uri_code="D1.1", parent=domain)
    for number in (1, 2):
        record_create(
            ProficiencyLevel(framework=framework, number=number, label={"en": f"L{number}"}),
            by=None,
        )
        record_create(
            LevelDescriptor(
                competency=competency, level_number=number, text={"en": "Does", "sw": "Hufanya"}
            ),
            by=None,
        )
    record_create(
        CaseAssociation(
            framework=framework,
            case_identifier="made-here-1",
            association_type="isChildOf",
            origin_node={"identifier": competency.case_identifier},
            destination_node={"identifier": domain.case_identifier},
        ),
        by=None,
    )
    exported = export_and_round_trip(framework)
    assert case_schema_errors(exported) == []
    document = exported["CFDocument"]
    base = f"{settings.UJUZI.public_url}/competencies/made-here"
    assert document["uri"] == f"{base}/"
    assert document["creator"] == "Ujuzi"
    item = next(item for item in exported["CFItems"] if item["humanCodingScheme"] == "D1.1")
    assert item["uri"] == f"{base}/D1.1/"
    assert item["extensions"]["ujuzi"]["level_descriptions_sw"] == {"1": "Hufanya", "2": "Hufanya"}
    association = exported["CFAssociations"][0]
    assert association["originNodeURI"] == {
        "identifier": item["identifier"],
        "title": item["fullStatement"],
        "uri": item["uri"],
    }


def test_a_package_from_an_older_export_still_imports_its_levels_and_kiswahili():
    """Before the schema check, the scale and Kiswahili descriptors sat on the rubric."""
    document = "0b0f3f7c-4d1e-4b8e-9a59-2f8d2c1a0001"
    item = "0b0f3f7c-4d1e-4b8e-9a59-2f8d2c1a0002"
    package = {
        "CFDocument": {"identifier": document, "title": "Older export", "version": "1"},
        "CFItems": [{"identifier": item, "fullStatement": "Uses e-mail", "humanCodingScheme": "E"}],
        "CFRubrics": [
            {
                "identifier": "0b0f3f7c-4d1e-4b8e-9a59-2f8d2c1a0003",
                "title": "Proficiency levels",
                "CFRubricCriteria": [
                    {
                        "identifier": "0b0f3f7c-4d1e-4b8e-9a59-2f8d2c1a0004",
                        "CFItemURI": {"identifier": item, "title": "Uses e-mail", "uri": "x:e"},
                        "CFRubricCriterionLevels": [
                            {
                                "identifier": "0b0f3f7c-4d1e-4b8e-9a59-2f8d2c1a0005",
                                "score": 1,
                                "description": "Sends mail",
                                "extensions": {"ujuzi": {"description_sw": "Hutuma barua"}},
                            }
                        ],
                    }
                ],
                "extensions": {
                    "ujuzi": {"levels": [{"number": 1, "label": {"en": "Basic", "sw": "Msingi"}}]}
                },
            }
        ],
    }
    framework = framework_import(package, by=None).framework
    assert list(ProficiencyLevel.objects.filter(framework=framework).values("number", "label")) == [
        {"number": 1, "label": {"en": "Basic", "sw": "Msingi"}}
    ]
    competency = Competency.objects.get(framework=framework)
    assert list(LevelDescriptor.objects.filter(competency=competency).values("text")) == [
        {"text": {"en": "Sends mail", "sw": "Hutuma barua"}}
    ]
    exported = export_and_round_trip(framework)
    assert case_schema_errors(exported) == []
    assert len(exported["CFRubrics"]) == 1
