"""Cohorts over the JSON API: shapes, filters and refusals."""

from __future__ import annotations

from django.test import Client

from ujuzi.core.services import api_token_create
from ujuzi.delivery.scheduling import session_add


def _get(token: str, path: str):
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_cohorts_list_filters_and_refuses_bad_parameters(office):
    import datetime

    token = api_token_create(
        user=office.admin, name="planning", scopes=["cohorts:read"], by=None
    ).secret
    cohort = office.cohort(code="api-one", is_open=True)
    office.cohort(code="api-two")
    start = datetime.datetime.combine(cohort.starts_on, datetime.time(6), tzinfo=datetime.UTC)
    session_add(
        cohort=cohort, starts_at=start, ends_at=start + datetime.timedelta(hours=2), by=None
    )
    listing = _get(token, "/api/v1/cohorts").json()
    assert listing["count"] == 2
    assert listing["items"][0]["capacity"] == 2
    assert _get(token, "/api/v1/cohorts?open_only=true").json()["count"] == 1
    assert _get(token, f"/api/v1/cohorts?site={office.site.pk}").json()["count"] == 2
    refused = _get(token, "/api/v1/cohorts?site=not-a-key")
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "bad_request"
    detail = _get(token, f"/api/v1/cohorts/{cohort.pk}").json()
    assert [s["topic"] for s in detail["sessions"]] == [""]
    assert "check_in_code" not in str(detail)
    assert _get(token, "/api/v1/cohorts/00000000-0000-7000-8000-000000000000").status_code == 404
    # the places need people:read as well
    assert _get(token, f"/api/v1/cohorts/{cohort.pk}/places").status_code == 403
