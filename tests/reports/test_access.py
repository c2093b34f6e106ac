"""Who gets which figures: scope per role, suppression forced, unsuppressed only for admins."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import Client

from tests.reports.builders import build, viewer
from ujuzi.core.models import AuditEntry
from ujuzi.core.services import api_token_create
from ujuzi.reports.refresh import facts_refresh
from ujuzi.reports.services import indicator_records, indicator_table
from ujuzi.reports.tables import Filters

pytestmark = pytest.mark.django_db
NATIONAL = Filters()


@pytest.fixture
def programme():
    found = build()
    facts_refresh()
    return found


def test_learners_and_facilitators_are_refused(programme):
    for role in ("learner", "facilitator"):
        with pytest.raises(PermissionDenied):
            indicator_table("enrolled", viewer=viewer(role), filters=NATIONAL)


def test_an_officer_counts_only_the_staff_of_their_institution(programme):
    officer = viewer("training_officer", programme.institution)
    admin = viewer("programme_admin")
    # o1 and o2 work for the officer's institution; o3 for another.
    mine = indicator_table("enrolled", viewer=officer, filters=NATIONAL, by=("institution",))
    assert {row.keys[0] for row in mine.rows} <= {str(programme.institution.pk)}
    everyone = indicator_table("enrolled", viewer=admin, filters=NATIONAL, suppression=False)
    assert everyone.total.numerator == 9
    with pytest.raises(PermissionDenied):
        indicator_table("enrolled", viewer=officer, filters=NATIONAL, suppression=False)


def test_partner_and_dpo_get_suppressed_national_aggregates_only(programme):
    for role in ("partner_viewer", "dpo"):
        person = viewer(role)
        table = indicator_table("enrolled", viewer=person, filters=NATIONAL, by=("sex",))
        assert table.suppressed and table.threshold == 5
        # 9 people: 5 women and 4 men; 4 is under the threshold, so both rows hide.
        assert table.total.numerator == 9
        assert [row.cell.suppressed for row in table.rows] == [True, True]
        assert all(row.cell.numerator is None for row in table.rows)
        with pytest.raises(PermissionDenied):
            indicator_table("enrolled", viewer=person, filters=NATIONAL, suppression=False)
        with pytest.raises(PermissionDenied):
            indicator_records("enrolled", viewer=person, filters=NATIONAL, keys={})


def test_unsuppressed_figures_are_audited_for_administrators(programme):
    admin = viewer("programme_admin")
    before = AuditEntry.objects.filter(action="reports.unsuppressed").count()
    indicator_table("enrolled", viewer=admin, filters=NATIONAL, suppression=False)
    entries = AuditEntry.objects.filter(action="reports.unsuppressed")
    assert entries.count() == before + 1
    assert entries.last().actor_id == admin.pk
    indicator_table("enrolled", viewer=admin, filters=NATIONAL)
    assert entries.count() == before + 1


def test_records_behind_a_figure_are_the_people_it_counts(programme):
    admin = viewer("programme_admin")
    people = indicator_records(
        "conversion_graduates", viewer=admin, filters=NATIONAL, keys={"sex": "female"}
    )
    names = {p.first_name for p in people}
    assert names == {"Y1", "Y3", "Y4"}
    converted = indicator_records(
        "conversion_graduates",
        viewer=admin,
        filters=NATIONAL,
        keys={"sex": "female"},
        numerator_only=True,
    )
    assert {p.first_name for p in converted} == {"Y1", "Y4"}
    officer = viewer("training_officer", programme.institution)
    mine = indicator_records("enrolled", viewer=officer, filters=NATIONAL, keys={})
    assert {p.first_name for p in mine} == {"O1", "O2"}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"county": "'; DROP TABLE people;--"}, "county"),
        ({"period_start": "yesterday"}, "period_start"),
        ({"period_start": "2025-03-01", "period_end": "2025-02-01"}, "period_end"),
        ({"site_kind": "moon"}, "site_kind"),
        ({"institution": "not-a-uuid"}, "institution"),
        ({"track": "<script>"}, "track"),
        ({"period": "2025-13"}, "period"),
    ],
)
def test_hostile_filters_are_refused_with_the_parameter_named(query, field):
    with pytest.raises(ValidationError) as caught:
        Filters.from_query(query)
    assert field in caught.value.message_dict


def test_periods_other_than_a_month_quarter_or_year_are_refused(programme):
    import datetime

    admin = viewer("programme_admin")
    odd = Filters(period_start=datetime.date(2025, 3, 5), period_end=datetime.date(2025, 3, 20))
    with pytest.raises(ValidationError) as caught:
        indicator_table("enrolled", viewer=admin, filters=odd)
    assert "period_start" in caught.value.message_dict
    for text in ("2025", "2025-Q2", "2025-03"):
        indicator_table("enrolled", viewer=admin, filters=Filters.from_query({"period": text}))


def test_unknown_indicators_and_dimensions_are_refused(programme):
    admin = viewer("programme_admin")
    with pytest.raises(ValueError, match="Unknown indicator"):
        indicator_table("nope", viewer=admin, filters=NATIONAL)
    with pytest.raises(ValueError, match="Unknown dimension"):
        indicator_table("enrolled", viewer=admin, filters=NATIONAL, by=("shoe_size",))
    with pytest.raises(ValueError, match="cannot be broken down"):
        indicator_table("share_women", viewer=admin, filters=NATIONAL, by=("sex",))
    with pytest.raises(ValueError, match="at most two"):
        indicator_table("enrolled", viewer=admin, filters=NATIONAL, by=("sex", "county", "track"))


def _api(path, token):
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def _token(user):
    return api_token_create(user=user, name="t", scopes=["reports:read"], by=None).secret


def test_api_tables_per_role(programme):
    admin, partner, learner = viewer("programme_admin"), viewer("partner_viewer"), viewer("learner")
    listing = _api("/api/v1/reports/indicators", _token(partner)).json()
    assert listing["count"] == 16
    assert listing["items"][0]["code"] == "enrolled"
    response = _api("/api/v1/reports/indicators/enrolled?by=sex", _token(partner))
    assert response.status_code == 200
    body = response.json()
    assert body["suppressed"] is True
    assert [row["cell"]["numerator"] for row in body["rows"]] == [None, None]
    assert _api("/api/v1/reports/indicators/enrolled", _token(learner)).status_code == 404
    assert _api("/api/v1/reports/indicators/nope", _token(admin)).status_code == 404
    bad = _api("/api/v1/reports/indicators/enrolled?county=%27%3B--", _token(admin))
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "bad_request"
    assert _api("/api/v1/reports/indicators/enrolled?by=nope", _token(admin)).status_code == 400


def test_cli_refuses_no_suppression_for_others_and_audits_admins(programme):
    partner, admin = viewer("partner_viewer"), viewer("programme_admin")
    with pytest.raises(CommandError):
        call_command(
            "report", "indicators", "enrolled", "--as", partner.username, "--no-suppression"
        )
    before = AuditEntry.objects.filter(action="reports.unsuppressed").count()
    out = io.StringIO()
    call_command(
        "report",
        "indicators",
        "enrolled",
        "--by",
        "sex",
        "--as",
        admin.username,
        "--no-suppression",
        stdout=out,
    )
    assert "female,5" in out.getvalue() and "male,4" in out.getvalue()
    assert AuditEntry.objects.filter(action="reports.unsuppressed").count() == before + 1
    out = io.StringIO()
    call_command(
        "report", "indicators", "enrolled", "--by", "sex", "--as", partner.username, stdout=out
    )
    assert "female,suppressed" in out.getvalue()
    assert "female,5" not in out.getvalue()
    with pytest.raises(CommandError, match="bad filter"):
        call_command("report", "indicators", "--as", admin.username, "--filter", "county=x;y")
    with pytest.raises(CommandError, match="NAME=VALUE"):
        call_command("report", "indicators", "--as", admin.username, "--filter", "colour=red")


def test_cli_refresh_reports_progress():
    err, out = io.StringIO(), io.StringIO()
    call_command("report", "refresh", stdout=out, stderr=err)
    assert "fact rows rebuilt" in out.getvalue()
    assert "[3/3] done" in err.getvalue()
    assert "national figures: completion by cohort" in err.getvalue()


def test_the_threshold_and_the_mappings_are_the_operators(programme, settings, tmp_path):
    import dataclasses
    import json

    partner, admin = viewer("partner_viewer"), viewer("programme_admin")
    settings.UJUZI = dataclasses.replace(settings.UJUZI, reports_min_cell=10)
    table = indicator_table("enrolled", viewer=partner, filters=NATIONAL)
    # 9 people enrolled: under a threshold of 10 even the total hides.
    assert table.threshold == 10 and table.total.suppressed
    mapping = tmp_path / "mappings.json"
    mapping.write_text(json.dumps({"urban_areas": ["KE-005"]}))
    settings.UJUZI = dataclasses.replace(settings.UJUZI, reports_mappings=str(mapping))
    facts_refresh()
    rural = indicator_table("share_rural", viewer=admin, filters=NATIONAL, suppression=False)
    # Now Lamu is urban and Nairobi rural: y4, o1, o2, o3 are the rural learners.
    assert (rural.total.numerator, rural.total.denominator) == (4, 9)


def test_facts_go_stale_when_a_record_changes(programme):
    from ujuzi.people.services import person_update
    from ujuzi.reports.refresh import facts_refresh_if_stale, facts_stale

    assert not facts_stale()
    person_update(person=programme.people["y6"], changes={"grade": "K"}, by=None)
    assert facts_stale()
    assert facts_refresh_if_stale() is True
    assert not facts_stale()
