"""The reports pages for each role, on a small programme built through the real services."""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass

import openpyxl
import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.factories import (
    make_cohort,
    make_course,
    make_enrolment,
    make_institution,
    make_person,
    make_site,
    make_user,
)
from ujuzi.core.models import User
from ujuzi.core.records import record_create
from ujuzi.delivery.models import Cohort, Completion
from ujuzi.outcomes.models import FollowUp, FollowUpAnswer
from ujuzi.people.models import Institution, Person, RoleAssignment
from ujuzi.people.services import person_link_user, role_assign
from ujuzi.reports.refresh import facts_refresh

Role = RoleAssignment.Role
ROLES = ("admin", "officer", "facilitator", "learner", "dpo", "partner")
COMPLETED_ON = datetime.date(2025, 3, 3)


def graduates(
    count: int,
    *,
    cohort: Cohort,
    answered: int,
    tech: int,
    sex: str = "female",
    audience: str = "youth",
    institution: Institution | None = None,
    **person_values: object,
) -> list[Person]:
    """``count`` people who completed the cohort's course on COMPLETED_ON.

    The first ``answered`` answered the 12-month follow-up in its window, the first
    ``tech`` of those in a technology role started within the year; the rest gave no answer.
    """
    people = []
    for index in range(count):
        values = {"audience": audience, "sex": sex, "sex_basis": "self_declared", **person_values}
        if institution is not None:
            values["institution"] = institution
        else:
            values["personal_number"] = None
        person = make_person(**values)
        enrolment = make_enrolment(cohort=cohort, person=person, status="completed")
        completion = record_create(
            Completion(
                enrolment=enrolment,
                person=person,
                course=cohort.course,
                completed_on=COMPLETED_ON,
                attendance_percent=100,
            ),
            by=None,
        )
        follow_up = record_create(
            FollowUp(
                completion=completion,
                person=person,
                wave=12,
                due_on=COMPLETED_ON + datetime.timedelta(days=365),
                opens_on=COMPLETED_ON + datetime.timedelta(days=334),
                closes_on=COMPLETED_ON + datetime.timedelta(days=426),
                status="answered" if index < answered else "no_response",
            ),
            by=None,
        )
        if index < answered:
            record_create(
                FollowUpAnswer(
                    follow_up=follow_up,
                    person=person,
                    employment_status="employed" if index < tech else "unemployed_looking",
                    tech_role=index < tech,
                    role_started_on=COMPLETED_ON + datetime.timedelta(days=90)
                    if index < tech
                    else None,
                    skills_use="often",
                    channel="link",
                    answered_on=COMPLETED_ON + datetime.timedelta(days=360),
                ),
                by=None,
            )
        people.append(person)
    return people


def technical_cohort(code: str, **values) -> Cohort:
    course = make_course(partner_track=values.pop("track", "ai"))
    return make_cohort(
        course=course,
        code=code,
        starts_on=COMPLETED_ON - datetime.timedelta(days=30),
        ends_on=COMPLETED_ON - datetime.timedelta(days=1),
        **values,
    )


@dataclass
class Programme:
    users: dict[str, User]
    own_ministry: Institution
    other_ministry: Institution
    youth: list[Person]
    own_staff: list[Person]
    other_staff: list[Person]


@pytest.fixture
def programme(shipped) -> Programme:
    own_ministry = make_institution(kind="ministry", name="Ministry of ICT")
    other_ministry = make_institution(kind="ministry", name="=SUM(A1:A9)")
    site = make_site(name="Faza centre")
    users = {name: make_user(first_name=name.title()) for name in ROLES}
    role_assign(user=users["admin"], role=Role.PROGRAMME_ADMIN, by=None)
    role_assign(
        user=users["officer"], role=Role.TRAINING_OFFICER, institution=own_ministry, by=None
    )
    role_assign(user=users["facilitator"], role=Role.FACILITATOR, site=site, by=None)
    role_assign(user=users["learner"], role=Role.LEARNER, by=None)
    role_assign(user=users["dpo"], role=Role.DATA_PROTECTION_OFFICER, by=None)
    role_assign(user=users["partner"], role=Role.PARTNER_VIEWER, by=None)
    # 20 young graduates: 12 answered, 6 of them in a technology role; and 3 men.
    youth = graduates(20, cohort=technical_cohort("ai-faza-1", site=site), answered=12, tech=6)
    youth += graduates(
        3, cohort=technical_cohort("ai-faza-2", site=site), answered=3, tech=1, sex="male"
    )
    person_link_user(person=youth[0], user=users["learner"], by=None)
    staff_cohort = technical_cohort("cloud-faza-1", site=site, track="cloud")
    own_staff = graduates(
        7,
        cohort=staff_cohort,
        answered=0,
        tech=0,
        audience="civil_servant",
        institution=own_ministry,
    )
    other_staff = graduates(
        9,
        cohort=staff_cohort,
        answered=0,
        tech=0,
        audience="civil_servant",
        institution=other_ministry,
    )
    facts_refresh()
    return Programme(users, own_ministry, other_ministry, youth, own_staff, other_staff)


def client_for(programme: Programme, role: str) -> Client:
    client = Client()
    client.force_login(programme.users[role])
    return client


def figure(body: str, code: str) -> str:
    """The text of one headline figure on a dashboard."""
    found = re.search(rf'<li class="figure" id="figure-{code}">(.*?)</li>', body, re.DOTALL)
    assert found is not None, code
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip()


def test_the_administrator_sees_the_national_figures(programme):
    response = client_for(programme, "admin").get("/reports/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "National dashboard" in body
    # 23 young graduates, 15 answered, 7 in a technology role within the year.
    assert "30.4%" in figure(body, "conversion_graduates")  # 7 of 23
    assert "7 of 23" in figure(body, "conversion_graduates")
    assert "46.7%" in figure(body, "conversion_respondents")  # 7 of 15
    assert "39" in figure(body, "completed").split()  # 23 young people and 16 staff
    assert 'href="/reports/definitions/#conversion_graduates"' in body
    assert "/reports/conversion_graduates/records/" in body


def test_the_dpo_sees_the_national_figures_but_no_people(programme):
    client = client_for(programme, "dpo")
    body = client.get("/reports/").content.decode()
    assert "National dashboard" in body
    assert "/records/" not in body
    assert client.get("/reports/completed/records/").status_code == 404


def test_the_officer_sees_only_the_staff_of_their_institutions(programme):
    client = client_for(programme, "officer")
    body = client.get("/reports/").content.decode()
    assert "figures" in body and "National dashboard" not in body
    assert "7" in figure(body, "officers_trained").split()
    assert "16" not in figure(body, "officers_trained").split()
    records = client.get("/reports/officers_trained/records/").content.decode()
    names = {person.last_name for person in programme.own_staff}
    others = {person.last_name for person in programme.other_staff}
    assert all(name in records for name in names)
    assert not any(name in records for name in others)
    admin = client_for(programme, "admin").get("/reports/").content.decode()
    assert "16" in figure(admin, "officers_trained").split()


def test_the_partner_viewer_gets_aggregates_only(programme):
    client = client_for(programme, "partner")
    names = [person.last_name for person in programme.youth + programme.own_staff]
    for path in [
        "/reports/",
        "/reports/conversion_graduates/?by=sex",
        "/reports/completed/?by=cohort",
        "/reports/definitions/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert not any(name in body for name in names), path
        assert "/records/" not in body and "/people/" not in body, path
    by_sex = client.get("/reports/conversion_graduates/?by=sex").content.decode()
    # three men: a cell of fewer than five people is hidden, with no bar and no numbers
    assert "hidden (small number)" in by_sex
    assert client.get("/reports/completed/records/").status_code == 404
    exported = client.get("/reports/conversion_graduates/export.csv?by=sex").content.decode()
    assert "male" in exported
    for row in csv.reader(io.StringIO(exported)):
        for value in row:
            assert not re.fullmatch(r"[1-4]", value.strip()), row


@pytest.mark.parametrize("role", ["learner", "facilitator"])
def test_reports_are_not_for_learners_or_facilitators(programme, role):
    client = client_for(programme, role)
    for path in [
        "/reports/",
        "/reports/completed/",
        "/reports/completed/records/",
        "/reports/completed/export.csv",
        "/reports/completed/export.xlsx",
    ]:
        assert client.get(path).status_code == 404, path
    assert client.get("/reports/definitions/").status_code == 200


def test_an_unknown_indicator_is_not_found(programme):
    assert client_for(programme, "admin").get("/reports/no-such-thing/").status_code == 404


def test_invalid_filters_are_explained_and_show_no_figures(programme):
    client = client_for(programme, "admin")
    response = client.get("/reports/?period_start=yesterday&site_kind=boat")
    assert response.status_code == 400
    body = response.content.decode()
    assert "must be a date written YYYY-MM-DD" in body
    assert "site_kind must be one of" in body
    assert 'aria-invalid="true"' in body
    assert 'class="figure"' not in body
    ends_early = client.get("/reports/?period_start=2026-05-01&period_end=2026-04-01")
    assert ends_early.status_code == 400
    assert "cannot end before it starts" in ends_early.content.decode()
    odd = client.get("/reports/?period_start=2026-05-03&period_end=2026-05-20")
    assert odd.status_code == 400
    assert "one calendar month, quarter or year" in odd.content.decode()
    assert client.get("/reports/?period=2026-13").status_code == 400
    by = client.get("/reports/completed/?by=shoe_size")
    assert by.status_code == 400
    assert "cannot be broken down by shoe_size" in by.content.decode()
    export = client.get("/reports/completed/export.csv?county=not a county")
    assert export.status_code == 400
    assert "county must be an area key" in export.content.decode()


def test_the_filters_narrow_the_figures(programme):
    client = client_for(programme, "admin")
    body = client.get("/reports/?track=cloud").content.decode()
    assert "16" in figure(body, "completed").split()
    quarter = client.get("/reports/?period=2025-Q1").content.decode()
    assert "39" in figure(quarter, "completed").split()
    assert '<option value="2025-Q1" selected>' in quarter
    # a link carries the two dates; the form reads the period back from them
    month = client.get("/reports/?period_start=2025-03-01&period_end=2025-03-31").content
    assert b'<option value="2025-03" selected>' in month
    assert "39" in figure(month.decode(), "completed").split()
    later = client.get("/reports/?period=2025-Q2").content.decode()
    assert "39" not in figure(later, "completed").split()


def test_an_indicator_page_has_a_chart_a_table_and_exports(programme):
    body = client_for(programme, "admin").get("/reports/conversion_graduates/?by=sex").content
    text = body.decode()
    assert 'role="img"' in text and "<title id=" in text and "<desc id=" in text
    assert "<caption>" in text and '<th scope="col">' in text and '<th scope="row">' in text
    assert "/reports/conversion_graduates/export.csv?by=sex" in text
    assert "/reports/conversion_graduates/export.xlsx?by=sex" in text
    assert "<script" not in text


def csv_rows(content: bytes) -> tuple[list[str], list[dict[str, str]]]:
    """A CSV export read as a spreadsheet or data frame would: the first line is the header."""
    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def test_the_csv_export_starts_with_its_header(programme):
    client = client_for(programme, "admin")
    url = "/reports/completion_rate/export.csv?by=institution&period=2025-Q1"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="completion_rate-institution.csv"'
    )
    header, rows = csv_rows(response.content)
    assert header == ["institution", "numerator", "denominator", "value", "95% low", "95% high"]
    assert [tuple(row.values())[:4] for row in rows] == [
        ("not recorded", "23", "23", "1.0"),
        ("Ministry of ICT", "7", "7", "1.0"),
        ("'=SUM(A1:A9)", "9", "9", "1.0"),
        ("total", "39", "39", "1.0"),
    ]


def test_the_xlsx_export_has_its_header_first_and_the_description_on_a_second_sheet(programme):
    client = client_for(programme, "partner")
    response = client.get("/reports/completed/export.xlsx?by=institution&period=2025-Q1")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["completed", "About"]
    rows = [list(row) for row in book["completed"].iter_rows(values_only=True)]
    assert rows[0] == ["institution", "count"]
    assert rows[1:] == [
        ["not recorded", 23],
        ["Ministry of ICT", 7],
        ["=SUM(A1:A9)", 9],
        ["total", 39],
    ]
    about = dict(book["About"].iter_rows(values_only=True))
    assert list(about) == [
        "Indicator", "Code", "Definition", "Filters", "Suppression", "Generated at"
    ]  # fmt: skip
    assert about["Indicator"] == "People who completed"
    assert about["Code"] == "completed"
    assert about["Filters"] == "period_start=2025-01-01&period_end=2025-03-31"
    assert about["Suppression"] == "Cells counting fewer than 5 people are suppressed."
    generated = datetime.datetime.fromisoformat(about["Generated at"])
    assert abs(timezone.now() - generated) < datetime.timedelta(minutes=5)


def test_exports_neutralise_formulas(programme):
    hostile = make_institution(kind="ministry", name="=1+1")
    negative = make_institution(kind="ministry", name="-5 years")
    for institution in (hostile, negative):
        graduates(
            5,
            cohort=technical_cohort(f"x-{institution.pk}"),
            answered=0,
            tech=0,
            audience="civil_servant",
            institution=institution,
        )
    facts_refresh()
    client = client_for(programme, "admin")
    response = client.get("/reports/completed/export.csv?by=institution")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="completed-institution.csv"'
    header, rows = csv_rows(response.content)
    assert header == ["institution", "count"]
    labels = [row["institution"] for row in rows]
    assert {"'=SUM(A1:A9)", "'=1+1", "'-5 years"} <= set(labels)
    assert not any(label.startswith(("=", "-")) for label in labels)

    workbook = client.get("/reports/completed/export.xlsx?by=institution")
    assert workbook.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).worksheets[0]
    cells = {cell.value: cell for row in sheet.iter_rows(max_col=1) for cell in row}
    for text in ("=SUM(A1:A9)", "=1+1", "-5 years"):
        # exactly as given, no apostrophe, and a string: never a formula
        assert cells[text].value == text
        assert cells[text].data_type == "s"
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_the_command_writes_several_indicators_as_one_csv(programme, tmp_path):
    admin = programme.users["admin"].username
    out = io.StringIO()
    call_command(
        "report", "indicators", "completed", "completion_rate", "--by", "institution",
        "--as", admin, stdout=out,
    )  # fmt: skip
    header, rows = csv_rows(out.getvalue().encode())
    assert header == [
        "indicator", "institution", "numerator", "denominator", "value", "95% low", "95% high"
    ]  # fmt: skip
    assert [tuple(row.values())[:4] for row in rows] == [
        ("completed", "not recorded", "23", ""),
        ("completed", "Ministry of ICT", "7", ""),
        ("completed", "'=SUM(A1:A9)", "9", ""),
        ("completed", "total", "39", ""),
        ("completion_rate", "not recorded", "23", "23"),
        ("completion_rate", "Ministry of ICT", "7", "7"),
        ("completion_rate", "'=SUM(A1:A9)", "9", "9"),
        ("completion_rate", "total", "39", "39"),
    ]
    # one indicator written to a file is the page's export, byte for byte
    single = tmp_path / "completed.csv"
    call_command(
        "report", "indicators", "completed", "--by", "institution", "--as", admin,
        "--output", str(single),
    )  # fmt: skip
    page = client_for(programme, "admin").get("/reports/completed/export.csv?by=institution")
    assert single.read_bytes() == page.content


def test_the_definitions_list_every_indicator(programme):
    from ujuzi.reports.catalogue import INDICATORS

    body = client_for(programme, "partner").get("/reports/definitions/").content.decode()
    for code, indicator in INDICATORS.items():
        assert f'id="{code}"' in body
        assert str(indicator.numerator) in body.replace("&#x27;", "'")


def test_the_records_behind_a_figure_are_paginated_and_scoped(programme):
    client = client_for(programme, "admin")
    response = client.get("/reports/conversion_graduates/records/?cell_sex=male")
    assert response.status_code == 200
    body = response.content.decode()
    men = programme.youth[20:]
    assert all(person.last_name in body for person in men)
    assert programme.youth[1].last_name not in body
    counted = client.get("/reports/completed/records/?numerator=1").content.decode()
    assert "39 people" in counted and "Page 1 of 1" not in counted
    assert client.get("/reports/completed/records/?cell_shoe_size=9").status_code == 404


def test_the_navigation_links_to_the_reports_for_the_roles_that_have_them(programme):
    for role in ROLES:
        body = client_for(programme, role).get("/").content.decode()
        expected = role in {"admin", "officer", "dpo", "partner"}
        assert ('href="/reports/"' in body) == expected, role


def test_the_dashboard_reads_in_kiswahili(programme):
    client = client_for(programme, "admin")
    client.cookies["django_language"] = "sw"
    response = client.get("/reports/conversion_graduates/?by=sex")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="sw">' in body
    assert 'role="img"' in body


def test_a_dashboard_reads_all_its_figures_from_one_rebuild(programme):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(programme, "admin")
    client.get("/reports/")  # the first visit counts the shapes the rebuild did not
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/reports/")

    assert response.status_code == 200
    lookups = [q["sql"] for q in queries.captured_queries if "reports_factsrefresh" in q["sql"]]
    # Once to ask whether the facts are stale, once for the rebuild the page then reads:
    # not once per figure (the dashboard asks for dozens of request shapes).
    assert len(lookups) == 2, lookups
