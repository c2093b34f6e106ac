"""The shipped framework and the public competency pages."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from ujuzi.competencies.case import dumps, framework_import, framework_package
from ujuzi.competencies.defaults import default_framework_package, default_frameworks_load
from ujuzi.competencies.models import Competency, Framework, LevelDescriptor, ProficiencyLevel
from ujuzi.core.bilingual import is_bilingual

pytestmark = pytest.mark.django_db
SLUG = "public-service-digital"


@pytest.fixture
def framework() -> Framework:
    assert default_frameworks_load() == 1
    return Framework.objects.get(slug=SLUG)


def test_the_shipped_framework_loads_once_with_four_levels_described_in_both_languages(framework):
    assert default_frameworks_load() == 0
    assert framework.status == "published"
    levels = ProficiencyLevel.objects.filter(framework=framework).order_by("number")
    assert [level.number for level in levels] == [1, 2, 3, 4]
    assert all(is_bilingual(level.label) for level in levels)
    competencies = Competency.objects.filter(framework=framework, kind="competency")
    assert competencies.count() >= 20
    for competency in competencies:
        descriptors = LevelDescriptor.objects.filter(competency=competency).order_by("level_number")
        assert [d.level_number for d in descriptors] == [1, 2, 3, 4], competency.code
        assert all(is_bilingual(d.text) for d in descriptors), competency.code
        assert is_bilingual(competency.title), competency.code
    tracks = set(competencies.values_list("track", flat=True))
    assert {"artificial-intelligence", "cloud", "cybersecurity", "digital-governance"} <= tracks


def test_the_shipped_framework_round_trips_through_case_byte_for_byte(framework):
    first = dumps(framework_package(framework))
    framework.delete()
    again = framework_import(json.loads(first), by=None).framework
    assert dumps(framework_package(again)) == first
    assert again.title["sw"] and again.slug == SLUG


def test_the_shipped_package_is_deterministic():
    assert default_framework_package() == default_framework_package()


def test_a_competency_has_a_stable_public_page_in_both_languages(framework):
    competency = Competency.objects.filter(framework=framework, kind="competency").first()
    url = f"/competencies/{SLUG}/{competency.uri_code}/"
    page = Client().get(url)
    assert page.status_code == 200
    assert competency.title["en"] in page.content.decode()
    client = Client()
    client.post("/i18n/setlang/", {"language": "sw", "next": "/"})
    swahili = client.get(url).content.decode()
    assert competency.title["sw"] in swahili
    assert "Maana ya kila kiwango" in swahili


def test_the_framework_page_lists_domains_and_unknown_ones_are_404(framework):
    page = Client().get(f"/competencies/{SLUG}/").content.decode()
    assert "Digital planning and design" in page
    assert Client().get("/competencies/no-such-framework/").status_code == 404
    assert Client().get(f"/competencies/{SLUG}/NO-SUCH-CODE/").status_code == 404


def test_the_framework_page_costs_the_same_queries_however_deep_the_tree():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.competencies.test_case import load

    framework_import(load("opensalt-Utf8TestFramework.json"), by=None)
    with CaptureQueriesContext(connection) as small:
        Client().get(f"/competencies/{Framework.objects.get().slug}/")
    big = framework_import(load("opensalt-what-standards-could-be.json"), by=None).framework
    with CaptureQueriesContext(connection) as large:
        page = Client().get(f"/competencies/{big.slug}/")
    assert page.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
