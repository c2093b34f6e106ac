"""Every page and endpoint by every role by a record inside and outside the role's scope.

The rows are generated from the URL map: a new URL without expectations here fails the
suite. Out of scope is always 404, never 403, so that nothing confirms a record exists.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.people.conftest import ROLE_NAMES, World
from ujuzi.delivery.attendance import card_token
from ujuzi.notifications.services import message_send

ALL = dict.fromkeys(ROLE_NAMES, 200)
STAFF = {
    "admin": 200,
    "officer": 200,
    "facilitator": 200,
    "learner": 404,
    "dpo": 200,
    "partner": 404,
}
WIDE = {
    "admin": 200,
    "officer": 404,
    "facilitator": 404,
    "learner": 404,
    "dpo": 200,
    "partner": 404,
}

# The heatmap: programme administrators, and a training officer for their own institutions.
HEATMAP = dict.fromkeys(ROLE_NAMES, 404) | {"admin": 200}
# Pages of the signed-in learner's own: nobody else has one.
NOBODY = dict.fromkeys(ROLE_NAMES, 404)
# The room (roll, attendance sheet, results): administrators and the site's facilitators.
ADMIN_ONLY = NOBODY | {"admin": 200}
ROOM = ADMIN_ONLY | {"facilitator": 200}


def only(*roles: str, base: dict[str, int] = WIDE) -> dict[str, int]:
    return base | dict.fromkeys(roles, 200)


# (URL name, subject) -> expected status per role. Subjects name a fixture record.
PAGES: dict[tuple[str, str], dict[str, int]] = {
    ("home", ""): ALL,
    ("person-list", ""): STAFF,
    ("person-detail", "person_own_institution"): only("officer"),
    ("person-detail", "person_other_institution"): WIDE,
    ("person-detail", "person_own_site"): only("facilitator"),
    ("person-detail", "person_other_site"): WIDE,
    ("person-detail", "person_self"): only("learner"),
    ("institution-list", ""): only("officer", "partner"),
    ("institution-detail", "own_ministry"): only("officer", "partner"),
    ("institution-detail", "own_department"): only("officer", "partner"),
    ("institution-detail", "other_ministry"): only("partner"),
    ("person-skills", "person_own_institution"): only("officer"),
    ("person-skills", "person_other_institution"): WIDE,
    ("person-skills", "person_own_site"): only("facilitator"),
    ("person-skills", "person_self"): only("learner"),
    ("person-pathway", "person_own_institution"): only("officer"),
    ("person-pathway", "person_other_institution"): WIDE,
    ("person-pathway", "person_self"): only("learner"),
    ("institution-heatmap", "own_ministry"): HEATMAP | {"officer": 200},
    ("institution-heatmap", "own_department"): HEATMAP | {"officer": 200},
    ("institution-heatmap", "other_ministry"): HEATMAP,
    ("my-skills", ""): NOBODY | {"learner": 302},
    ("people-import", ""): HEATMAP | {"officer": 200},
    ("people-import-sample", ""): HEATMAP | {"officer": 200},
    ("diagnostic-list", ""): NOBODY | {"learner": 200},
    ("self-assessment-list", ""): NOBODY | {"learner": 200},
    ("cohort-list", ""): ALL,
    ("cohort-new", ""): HEATMAP,
    ("cohort-detail", "cohort_own_site"): ALL,
    ("cohort-detail", "cohort_other_site"): ALL,
    ("cohort-nominate", "cohort_own_site"): HEATMAP | {"officer": 200},
    ("nomination-list", ""): HEATMAP | {"officer": 200},
    ("my-calendar", ""): NOBODY | {"learner": 200},
    ("site-calendar", "own_site"): ALL,
    # The room: its facilitators and administrators; a class list also for staff who see
    # a place in it (the officer's staff, the DPO); a card scan for those who take the roll
    # of one of the learner's cohorts.
    ("session-roll", "session_own_site"): ROOM,
    ("session-roll", "session_other_site"): ADMIN_ONLY,
    ("session-sheet", "session_own_site"): ROOM,
    ("session-sheet", "session_other_site"): ADMIN_ONLY,
    ("session-check-in", "session_own_site"): ALL,
    ("session-check-in", "session_other_site"): ALL,
    ("cohort-class-list", "cohort_own_site"): ROOM | {"officer": 200, "dpo": 200},
    ("cohort-class-list", "cohort_other_site"): ADMIN_ONLY | {"dpo": 200},
    ("cohort-results", "cohort_own_site"): ROOM,
    ("cohort-results", "cohort_other_site"): ADMIN_ONLY,
    ("my-card", ""): NOBODY | {"learner": 200},
    ("card-scan", "person_own_site"): ROOM,
    ("card-scan", "person_self"): ADMIN_ONLY,
    ("card-scan", "person_other_site"): NOBODY,
    ("site-list", ""): ALL,
    ("site-detail", "own_site"): ALL,
    ("site-detail", "other_site"): ALL,
    # The outbox holds addresses and texts: programme administrators only.
    ("outbox", ""): NOBODY | {"admin": 200},
    ("outbox-detail", "person_self"): NOBODY | {"admin": 200},
    # Anyone may check a certificate file; the page shows no person.
    ("credential-verify-upload", ""): ALL,
    ("my-certificates", ""): NOBODY | {"learner": 200},
    # printable certificates and share links
    ("my-passport-shares", ""): NOBODY | {"learner": 200},
    # the trust list
    # Other issuers' DID documents and whether to trust them: programme administrators.
    ("trust-list", ""): ADMIN_ONLY,
    # Graduates whose certificate waits: programme administrators.
    ("credential-holds", ""): ADMIN_ONLY,
    # follow-up of graduates
    # Follow-ups and placements: administrators, and officers for their own staff.
    ("follow-up-list", ""): HEATMAP | {"officer": 200},
    ("person-placement-new", "person_own_institution"): HEATMAP | {"officer": 200},
    ("person-placement-new", "person_other_institution"): HEATMAP,
    # The learner's own disability answers: only the person themselves.
    ("my-disability", ""): NOBODY | {"learner": 200},
    # reports and dashboards
    ("reports-dashboard", ""): WIDE | {"officer": 200, "partner": 200},
    ("reports-definitions", ""): ALL,
}
API: dict[tuple[str, str], dict[str, int]] = {
    ("api-v1:person_detail", "person_own_institution"): only("officer"),
    ("api-v1:person_detail", "person_other_institution"): WIDE,
    ("api-v1:person_detail", "person_own_site"): only("facilitator"),
    ("api-v1:person_detail", "person_other_site"): WIDE,
    ("api-v1:person_detail", "person_self"): only("learner"),
    ("api-v1:institution_list", ""): ALL,
    ("api-v1:institution_detail", "own_ministry"): only("officer", "partner"),
    ("api-v1:institution_detail", "other_ministry"): only("partner"),
    ("api-v1:site_list", ""): ALL,
    ("api-v1:site_detail", "own_site"): ALL,
    ("api-v1:site_detail", "other_site"): ALL,
    ("api-v1:person_list", ""): ALL,
    ("api-v1:person_profile", "person_own_institution"): only("officer"),
    ("api-v1:person_profile", "person_other_institution"): WIDE,
    ("api-v1:person_profile", "person_own_site"): only("facilitator"),
    ("api-v1:person_profile", "person_self"): only("learner"),
    ("api-v1:person_pathway", "person_own_institution"): only("officer"),
    ("api-v1:person_pathway", "person_other_site"): WIDE,
    ("api-v1:person_pathway", "person_self"): only("learner"),
    ("api-v1:institution_heatmap", "own_ministry"): HEATMAP | {"officer": 200},
    ("api-v1:institution_heatmap", "other_ministry"): HEATMAP,
    ("api-v1:cohort_list", ""): ALL,
    ("api-v1:cohort_detail", "cohort_own_site"): ALL,
    ("api-v1:cohort_places", "cohort_own_site"): ALL,
    # follow-up of graduates
    # reports and dashboards
    # The catalogue is definitions only, open to every role as /reports/definitions/ is;
    # the tables behind it are scoped per role (api-v1:report_table, below).
    ("api-v1:report_indicator_list", ""): ALL,
}
# Pages that visitors may open without signing in (public programme facts, no people).
PUBLIC_PAGES = {
    "home",
    "cohort-list",
    "cohort-detail",
    "site-calendar",
    "session-check-in",
    "credential-verify-upload",
}
# How many people each role's list holds (the fixture has five people).
PEOPLE_IN_LIST = {"admin": 5, "officer": 1, "facilitator": 1, "learner": 1, "dpo": 5, "partner": 0}
# URLs outside the matrix, with the reason.
NOT_SCOPED = {
    "login": "public sign-in form",
    "logout": "POST only; ends the caller's own session",
    "set_language": "stores the caller's language choice",
    "health": "no data",
    "did-document": "public by design: the issuer's DID document, public keys only",
    "credential-status-list": "public by design: a signed bitstring, names no one",
    "credential-verify": "public by design: a certificate's QR link, shows no person "
    "(tests/credentials/test_verify_pages.py)",
    "api-v1:credential_verify": "POST only; public, answers about the posted document "
    "(tests/credentials/test_verify_pages.py)",
    "my-certificate-download": "the caller's own certificate (tests/credentials/test_passport.py)",
    "api-v1:openapi-json": "the schema, no data",
    "api-v1:openapi-view": "the schema viewer",
    "api-v1:api-root": "the schema root",
    "api-v1:status": "version and node id",
    "api-v1:me": "the token's own account",
    "api-v1:area_list": "public reference data",
    "framework-detail": "public: certificates point at frameworks",
    "competency-detail": "public: certificates point at competencies",
    "course-list": "public catalogue, no personal data",
    "course-detail": "public catalogue, no personal data",
    "api-v1:framework_list": "frameworks, no personal data",
    "api-v1:course_list": "catalogue, no personal data",
    "person-role-profile": "POST only; scoped like person-skills (tests/assessment/test_api.py)",
    "diagnostic-start": "POST only; starts the caller's own check",
    "people-import-check": "the uploader's own sealed upload (tests/people/test_import_pages.py)",
    "people-import-confirm": "POST only; the uploader's own upload",
    "people-import-errors": "the uploader's own upload (tests/people/test_import_pages.py)",
    "people-import-progress": "the starter's own import (tests/people/test_import_pages.py)",
    "diagnostic-page": "the caller's own attempt only (tests/assessment/test_flows.py)",
    "cohort-enrol": "POST only; the caller's own place (tests/delivery/test_pages.py)",
    "cohort-close": "POST only; administrators (tests/delivery/test_pages.py)",
    "session-new": "POST only; administrators (tests/delivery/test_pages.py)",
    "cohort-cancel": "POST only; administrators (tests/delivery/test_pages.py)",
    "credential-revoke": "POST only; administrators (tests/credentials/test_revocation.py)",
    "cohort-capacity": "POST only; administrators (tests/delivery/test_pages.py)",
    "calendar-feed": "a learner's calendar address, a random key (tests/delivery/test_pages.py)",
    "my-calendar-replace": "POST only; the caller's own address (tests/delivery/test_pages.py)",
    "my-card-replace": "POST only; the caller's own card (tests/delivery/test_pages.py)",
    "nomination-decide": "POST only; administrators (tests/delivery/test_pages.py)",
    "place-leave": "POST only; own place or administrators (tests/delivery/test_pages.py)",
    "session-roll-mark": "POST only; as session-roll (tests/delivery/test_attendance_pages.py)",
    "self-assessment-page": "the caller's own rating (tests/assessment/test_flows.py)",
    # printable certificates and share links
    "my-certificate-pdf": "the caller's own certificate (tests/credentials/test_paper.py)",
    "my-passport-share-revoke": "POST only; the caller's own link "
    "(tests/credentials/test_share.py)",
    "passport-share": "public by design: a random link the holder made "
    "(tests/credentials/test_share.py)",
    "passport-share-download": "as passport-share (tests/credentials/test_share.py)",
    # the trust list
    "trust-import": "POST only; programme administrators (tests/credentials/test_trust.py)",
    "trust-mark": "POST only; programme administrators (tests/credentials/test_trust.py)",
    "trust-remove": "POST only; programme administrators (tests/credentials/test_trust.py)",
    "credential-hold-retry": "POST only; programme administrators "
    "(tests/credentials/test_holds.py)",
    "credential-hold-learner-number": "POST only; programme administrators "
    "(tests/credentials/test_holds.py)",
    "achievement-mappings": "programme administrators, per trusted issuer "
    "(tests/credentials/test_partner_credentials.py)",
    "achievement-mapping-delete": "POST only; programme administrators "
    "(tests/credentials/test_partner_credentials.py)",
    "my-partner-certificate-add": "POST only; the learner's own record "
    "(tests/credentials/test_partner_credentials.py)",
    "did-document-path": "public by design: the issuer's DID document at <mount>/did.json "
    "for a did:web with a path, public keys only",
    "credential-sample-download": "public by design: another issuer's sample certificate, "
    "demo data, only while that issuer is on the trust list (tests/credentials/test_demo_trust.py)",
    # follow-up of graduates
    "follow-up-survey": "public by design: a personal random link, once "
    "(tests/outcomes/test_pages.py)",
    "follow-up-thanks": "public, shows no person",
    "my-follow-up": "the caller's own follow-up only (tests/outcomes/test_pages.py)",
    "follow-up-detail": "scoped like follow-up-list (tests/outcomes/test_pages.py)",
    "placement-verify": "POST only; scoped like person-placement-new "
    "(tests/outcomes/test_pages.py)",
    # reports and dashboards
    "api-v1:report_table": "one indicator by its code over the API, aggregates only, scoped "
    "per role (tests/reports/test_access.py)",
    "reports-indicator": "one indicator by its code, scoped like reports-dashboard "
    "(tests/reports/test_pages.py)",
    "reports-records": "the people behind a figure: administrators and officers only "
    "(tests/reports/test_pages.py)",
    "reports-export-csv": "scoped like reports-dashboard (tests/reports/test_pages.py)",
    "reports-export-xlsx": "scoped like reports-dashboard (tests/reports/test_pages.py)",
}


def url_names(patterns=None, namespace: str = "") -> Iterator[str]:
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace != "admin":
                yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_is_in_the_matrix_or_explained():
    covered = {name for name, _ in PAGES} | {name for name, _ in API} | set(NOT_SCOPED)
    assert sorted(set(url_names()) - covered) == []


def path_for(name: str, subject: str, world: World) -> str:
    from django.urls import reverse

    if not subject:
        return reverse(name)
    record = getattr(world, subject)
    if name == "outbox-detail":  # a message to the subject, written for the test
        (message,) = message_send(person=record, kind="welcome", context={}, channels=["email"])
        return reverse(name, kwargs={"message_id": message.pk})
    if name == "card-scan":
        return reverse(name, kwargs={"token": card_token(record)})
    keyword = {
        "person": "person_id",
        "institution": "institution_id",
        "cohort": "cohort_id",
        "session": "session_id",
        "site": "site_id",
    }
    kind = next(key for key in keyword if key in name)
    return reverse(name, kwargs={keyword[kind]: record.pk})


@pytest.mark.parametrize(("name", "subject"), list(PAGES), ids=lambda value: str(value))
def test_pages(world: World, name: str, subject: str):
    path = path_for(name, subject, world)
    outcomes = {}
    for role in ROLE_NAMES:
        client = Client()
        client.force_login(world.users[role])
        outcomes[role] = client.get(path).status_code
    assert outcomes == PAGES[(name, subject)]
    anonymous = Client().get(path)
    assert anonymous.status_code == (200 if name in PUBLIC_PAGES else 302)


@pytest.mark.parametrize(("name", "subject"), list(API), ids=lambda value: str(value))
def test_api(world: World, name: str, subject: str):
    path = path_for(name, subject, world)
    outcomes = {}
    for role in ROLE_NAMES:
        response = Client().get(path, HTTP_AUTHORIZATION=f"Bearer {world.tokens[role]}")
        outcomes[role] = response.status_code
        if response.status_code == 404:
            assert response.json()["error"]["code"] == "not_found"
    assert outcomes == API[(name, subject)]
    assert Client().get(path).status_code == 401


def test_people_lists_hold_exactly_the_roles_scope(world: World):
    counts = {}
    for role in ROLE_NAMES:
        response = Client().get(
            "/api/v1/people?limit=500", HTTP_AUTHORIZATION=f"Bearer {world.tokens[role]}"
        )
        counts[role] = response.json()["count"]
    assert counts == PEOPLE_IN_LIST


def test_the_partner_viewer_gets_no_person_anywhere(world: World):
    client = Client()
    client.force_login(world.users["partner"])
    names = [world.person_own_site.last_name, world.person_self.last_name]
    for path in ["/", "/people/", "/institutions/", f"/institutions/{world.own_ministry.pk}/"]:
        body = client.get(path).content.decode()
        assert not any(name in body for name in names), path
    api = Client().get("/api/v1/people", HTTP_AUTHORIZATION=f"Bearer {world.tokens['partner']}")
    assert api.json() == {"items": [], "count": 0}


def test_admin_pages_are_for_the_programme_administrators_only(world: World):
    for role in ROLE_NAMES:
        client = Client()
        client.force_login(world.users[role])
        assert client.get("/admin/").status_code == 302, role


def test_cohort_places_over_the_api_hold_exactly_the_roles_scope(world: World):
    expected = {"admin": 2, "officer": 1, "facilitator": 2, "learner": 0, "dpo": 2, "partner": 0}
    counts = {}
    for role in ROLE_NAMES:
        response = Client().get(
            f"/api/v1/cohorts/{world.cohort_own_site.pk}/places",
            HTTP_AUTHORIZATION=f"Bearer {world.tokens[role]}",
        )
        counts[role] = response.json()["count"]
    assert counts == expected
    own = Client().get(
        f"/api/v1/cohorts/{world.cohort_other_site.pk}/places",
        HTTP_AUTHORIZATION=f"Bearer {world.tokens['learner']}",
    )
    assert [item["person"] for item in own.json()["items"]] == [str(world.person_self.pk)]
