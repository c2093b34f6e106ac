"""The 40 % alert: on the national dashboard, and once a month to programme administrators."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext as _

from tests.factories import make_cohort, make_course, make_person, make_site, make_user
from tests.reports.test_pages import graduates, technical_cohort
from ujuzi import config
from ujuzi.core.scheduler import _schedules
from ujuzi.delivery.models import Cohort
from ujuzi.notifications.models import Message
from ujuzi.people.models import RoleAssignment
from ujuzi.people.services import person_link_user, role_assign
from ujuzi.reports.alerts import conversion_alerts, conversion_alerts_notify
from ujuzi.reports.refresh import facts_refresh

Role = RoleAssignment.Role
MONTH = datetime.date(2026, 12, 7)


@pytest.fixture
def administrator(shipped):
    user = make_user(first_name="Amina")
    role_assign(user=user, role=Role.PROGRAMME_ADMIN, by=None)
    person_link_user(person=make_person(email="amina@example.org"), user=user, by=None)
    return user


def cohort_of(code: str, *, count: int, answered: int, tech: int, track: str):
    cohort = technical_cohort(code, site=make_site(), track=track)
    graduates(count, cohort=cohort, answered=answered, tech=tech)
    return cohort


def standing() -> list[tuple[str, str, int, int, int]]:
    return [
        (alert.dimension, alert.key, alert.converted, alert.graduates, alert.answered)
        for alert in conversion_alerts()
    ]


def test_the_alert_stands_from_thirty_answers_below_forty_percent(administrator):
    cohort_of("ai-low-1", count=40, answered=30, tech=10, track="ai")  # 25 %
    facts_refresh()
    assert standing() == [("cohort", "ai-low-1", 10, 40, 30), ("track", "ai", 10, 40, 30)]


def test_no_alert_at_twenty_nine_answers(administrator):
    cohort_of("ai-low-2", count=40, answered=29, tech=0, track="ai")
    facts_refresh()
    assert standing() == []


def test_no_alert_at_the_line_itself(administrator):
    cohort_of("ai-line", count=40, answered=30, tech=16, track="ai")  # exactly 40 %
    facts_refresh()
    assert standing() == []


def test_the_line_and_the_minimum_are_configurable(administrator, settings):
    cohort_of("ai-low-3", count=40, answered=29, tech=16, track="ai")  # 40 %, 29 answers
    facts_refresh()
    assert standing() == []
    settings.UJUZI = dataclasses.replace(
        settings.UJUZI, reports_alert_min_answered=29, reports_conversion_alert=41
    )
    assert [alert[:2] for alert in standing()] == [("cohort", "ai-low-3"), ("track", "ai")]


def test_administrators_are_told_once_per_cohort_and_track_a_month(administrator):
    cohort_of("ai-low-4", count=40, answered=30, tech=10, track="ai")
    facts_refresh()
    assert conversion_alerts_notify(today=MONTH) == 2
    assert conversion_alerts_notify(today=MONTH) == 0  # deduplicated
    messages = list(Message.objects.filter(kind="conversion_alert").order_by("subject"))
    assert [message.subject for message in messages] == [
        f"Conversion alert: cohort {names('ai-low-4')} at 25%",
        "Conversion alert: track ai at 25%",  # no framework or programme names "ai"
    ]
    assert all(message.address == "amina@example.org" for message in messages)
    assert "under the 40% line" in messages[0].body
    # a new month, the alert still standing: told again
    assert conversion_alerts_notify(today=MONTH + datetime.timedelta(days=31)) == 2


def test_the_banner_is_on_the_national_dashboard(administrator):
    cohort_of("ai-low-5", count=40, answered=30, tech=10, track="ai")
    facts_refresh()
    client = Client()
    client.force_login(administrator)
    body = client.get("/reports/").content.decode()
    assert "Below the conversion line" in body
    assert f"Cohort {names('ai-low-5')}: 25% of 40 graduates" in body


def names(code: str) -> str:
    """A cohort as the alert names it in English."""
    cohort = Cohort.objects.select_related("course", "site").get(code=code)
    return (
        f"{cohort.course.title['en']} at {cohort.site.name}, starting {cohort.starts_on:%-d %b %Y}"
    )


@pytest.fixture
def faza_ai_cohort(administrator):
    """A cohort of the artificial intelligence track under the line; the names it goes by."""
    course = make_course(
        title={"en": "Machine learning basics", "sw": "Misingi ya ujifunzaji wa mashine"},
        partner_track="artificial-intelligence",
    )
    cohort = make_cohort(
        code="demo-faza-yth-103-year-ago",
        course=course,
        site=make_site(name="Faza community centre"),
        starts_on=datetime.date(2024, 12, 2),
        ends_on=datetime.date(2024, 12, 6),
    )
    graduates(40, cohort=cohort, answered=30, tech=10)
    facts_refresh()
    return cohort


def cohort_in_kiswahili(course: str, site: str, starts: str) -> str:
    """A cohort's name in Kiswahili, through the catalogue's wording of the phrase."""
    with translation.override("sw"):
        return _("%(course)s at %(site)s, starting %(date)s") % {
            "course": course,
            "site": site,
            "date": starts,
        }


def test_the_alert_names_the_cohort_and_the_track_in_each_language(faza_ai_cohort):
    assert [(alert.dimension, alert.key, alert.name) for alert in conversion_alerts()] == [
        (
            "cohort",
            "demo-faza-yth-103-year-ago",
            {
                "en": "Machine learning basics at Faza community centre, starting 2 Dec 2024",
                "sw": cohort_in_kiswahili(
                    "Misingi ya ujifunzaji wa mashine", "Faza community centre", "2 Dis 2024"
                ),
            },
        ),
        (
            "track",
            "artificial-intelligence",
            {"en": "Artificial intelligence", "sw": "Akili bandia"},
        ),
    ]


def test_each_administrator_is_told_the_names_in_their_language(faza_ai_cohort):
    mwajuma = make_user(first_name="Mwajuma")
    role_assign(user=mwajuma, role=Role.PROGRAMME_ADMIN, by=None)
    person_link_user(
        person=make_person(email="mwajuma@example.org", preferred_language="sw"),
        user=mwajuma,
        by=None,
    )
    assert conversion_alerts_notify(today=MONTH) == 4
    messages = Message.objects.filter(kind="conversion_alert")
    subjects = {(message.address, message.subject) for message in messages}
    assert (
        "amina@example.org",
        "Conversion alert: track Artificial intelligence at 25%",
    ) in subjects
    english = messages.get(address="amina@example.org", subject__contains="cohort")
    assert (
        "the cohort Machine learning basics at Faza community centre, starting 2 Dec 2024 is 25%"
        in (english.body)
    )
    for message in messages.filter(address="mwajuma@example.org"):
        assert "demo-faza" not in message.subject + message.body
        assert "Misingi ya ujifunzaji wa mashine" in message.subject or "Akili bandia" in (
            message.subject
        )


@pytest.mark.parametrize(
    ("language", "cohort_text", "track_text"),
    [
        (
            "en",
            "Machine learning basics at Faza community centre, starting 2 Dec 2024",
            "Artificial intelligence",
        ),
        (
            "sw",
            cohort_in_kiswahili(
                "Misingi ya ujifunzaji wa mashine", "Faza community centre", "2 Dis 2024"
            ),
            "Akili bandia",
        ),
    ],
)
def test_the_banner_names_the_cohort_and_the_track(
    faza_ai_cohort, administrator, language, cohort_text, track_text
):
    client = Client()
    client.force_login(administrator)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    body = client.get("/reports/").content.decode()
    section = body.split('id="alerts-title"')[1].split("</section>")[0]
    assert cohort_text in section
    assert track_text in section
    assert "demo-faza-yth-103-year-ago" not in section
    assert "artificial-intelligence" not in section


def test_the_alert_job_is_scheduled():
    assert "reports-conversion-alerts" in {job.name for job in _schedules()}


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("UJUZI_REPORTS_CONVERSION_ALERT", "forty"),
        ("UJUZI_REPORTS_CONVERSION_ALERT", "0"),
        ("UJUZI_REPORTS_CONVERSION_ALERT", "101"),
        ("UJUZI_REPORTS_ALERT_MIN_ANSWERED", "-3"),
    ],
)
def test_a_malformed_alert_setting_is_named(monkeypatch, tmp_path, variable, value):
    monkeypatch.setenv("UJUZI_ENV", "development")
    monkeypatch.setenv("UJUZI_DATA_DIR", str(tmp_path))
    monkeypatch.setenv(variable, value)
    with pytest.raises(config.ConfigurationError, match=variable):
        config.load()


def test_the_alert_settings_are_read(monkeypatch, tmp_path):
    monkeypatch.setenv("UJUZI_ENV", "development")
    monkeypatch.setenv("UJUZI_DATA_DIR", str(tmp_path))
    assert (config.load().reports_conversion_alert, config.load().reports_alert_min_answered) == (
        40,
        30,
    )
    monkeypatch.setenv("UJUZI_REPORTS_CONVERSION_ALERT", "35")
    monkeypatch.setenv("UJUZI_REPORTS_ALERT_MIN_ANSWERED", "50")
    loaded = config.load()
    assert (loaded.reports_conversion_alert, loaded.reports_alert_min_answered) == (35, 50)
