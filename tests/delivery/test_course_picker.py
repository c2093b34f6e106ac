"""The course picker of "Schedule a cohort": names in the page's language, codes in
brackets, grouped by programme, narrowed by a plain GET search that needs no script."""

from __future__ import annotations

import datetime
import re

from django.test import Client
from django.utils import timezone

from tests.factories import make_deliverable_course, make_programme
from ujuzi.delivery.models import Cohort


def _admin(office, language: str = "en") -> Client:
    client = Client()
    client.force_login(office.admin)
    client.cookies["django_language"] = language
    return client


def _options(body: str) -> list[str]:
    """The course picker's option texts, grouped: "programme / option"."""
    select = re.search(r'<select name="course".*?</select>', body, re.S)
    assert select is not None
    found = []
    for group, options in re.findall(
        r'<optgroup label="([^"]*)">(.*?)</optgroup>', select[0], re.S
    ):
        found += [f"{group} / {text}" for text in re.findall(r">([^<]*)</option>", options)]
    return found


def _courses(office):
    security = make_programme(
        code="security", title={"en": "Security", "sw": "Usalama"}, position=1
    )
    data = make_programme(
        code="data", title={"en": "Data skills", "sw": "Ujuzi wa data"}, position=2
    )
    hygiene = make_deliverable_course(
        code="CS-101",
        programme=security,
        title={"en": "Cyber hygiene", "sw": "Usafi wa mtandao"},
    )
    make_deliverable_course(
        code="DA-201", programme=data, title={"en": "Data analysis", "sw": "Uchambuzi wa data"}
    )
    return hygiene


def test_the_picker_names_courses_in_the_pages_language_grouped_by_programme(office):
    _courses(office)
    english = _options(_admin(office).get("/cohorts/new/").content.decode())
    assert "Security / Cyber hygiene (CS-101)" in english
    assert "Data skills / Data analysis (DA-201)" in english
    assert english.index("Security / Cyber hygiene (CS-101)") < english.index(
        "Data skills / Data analysis (DA-201)"
    )
    kiswahili = _options(_admin(office, "sw").get("/cohorts/new/").content.decode())
    assert "Usalama / Usafi wa mtandao (CS-101)" in kiswahili
    assert "Ujuzi wa data / Uchambuzi wa data (DA-201)" in kiswahili


def test_a_search_narrows_the_picker_and_the_cohort_is_scheduled_from_it(office):
    hygiene = _courses(office)
    client = _admin(office)
    page = client.get("/cohorts/new/?q=hygiene").content.decode()
    assert _options(page) == ["Security / Cyber hygiene (CS-101)"]
    assert f'<option value="{hygiene.pk}" selected>' in page
    assert 'data-course-matches="1"' in page
    assert 'action="/cohorts/new/?q=hygiene"' in page
    assert "Find a course" in page and 'type="search"' in page
    by_code = _options(client.get("/cohorts/new/?q=da-201").content.decode())
    assert by_code == ["Data skills / Data analysis (DA-201)"]
    nothing = client.get("/cohorts/new/?q=astronomy").content.decode()
    assert 'data-course-matches="0"' in nothing
    assert len(_options(nothing)) >= 3  # every course, the office's own among them
    start = timezone.localdate() + datetime.timedelta(days=20)
    response = client.post(
        "/cohorts/new/?q=hygiene",
        {
            "course": hygiene.pk,
            "site": office.site.pk,
            "code": "faza-hygiene",
            "starts_on": start.isoformat(),
            "ends_on": (start + datetime.timedelta(days=2)).isoformat(),
            "capacity": "20",
            "language": "en",
        },
    )
    assert response.status_code == 302
    assert Cohort.objects.get(code="faza-hygiene").course == hygiene
