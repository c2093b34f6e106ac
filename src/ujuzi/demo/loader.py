"""Builds the demonstration programme through the apps' own services.

Loading is idempotent: each part checks whether it exists and only adds what is missing,
so ``make run`` can call it every time. People are inserted in chunks with bulk journaling
so that ``--learners 1000000`` stays practical.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ujuzi.core.bulk import background_writes, roomy_page_cache
from ujuzi.core.models import AdministrativeArea, User
from ujuzi.core.records import RecordsBulkWriter
from ujuzi.core.reference import reference_data_load
from ujuzi.core.services import user_create
from ujuzi.credentials.issuing import credentials_issue_pending
from ujuzi.demo import programme
from ujuzi.demo.certificates import learner_certificate_load
from ujuzi.demo.delivery import delivery_load
from ujuzi.demo.outcomes import outcomes_load
from ujuzi.demo.people import GeneratedPerson, Pools, generate_people
from ujuzi.demo.scale import ScaleResult, scale_load
from ujuzi.demo.skills import learner_self_assessment, offerings_load, skills_load
from ujuzi.demo.trust import partner_issuer_load
from ujuzi.notifications.services import message_send
from ujuzi.people.models import ConsentEvent, Institution, Person, RoleAssignment
from ujuzi.people.services import (
    consent_record,
    institution_create,
    people_bulk_insert,
    person_create,
    person_link_user,
    role_assign,
)
from ujuzi.places.models import Site
from ujuzi.places.services import route_stop_add, site_create
from ujuzi.reports.refresh import facts_refresh

DEMO_PASSWORD = "ujuzi-demo"  # noqa: S105 - published on purpose: demo logins only
CHUNK = 5000
SMALL_DEMO = 500  # learners in the demo that ``make run`` loads
Role = RoleAssignment.Role


@dataclass(frozen=True)
class DemoLogin:
    """A demo login and what it is for."""

    username: str
    role: str
    first_name: str
    last_name: str


DEMO_LOGINS = (
    DemoLogin("admin", "programme administrator", "Amina", "Wanjiru"),
    DemoLogin(
        "officer", "training officer, Ministry of ICT and the Digital Economy", "Daudi", "Kiprono"
    ),
    DemoLogin(
        "facilitator", "facilitator, Coast mobile lab 1 and Faza centre", "Mwanaisha", "Athman"
    ),
    DemoLogin("learner", "learner, registered at Faza centre in Lamu", "Zawadi", "Shee"),
    DemoLogin("dpo", "data protection officer", "Grace", "Nyambura"),
    DemoLogin("partner", "partner viewer (aggregates only)", "Eric", "Mugisha"),
)


@dataclass(frozen=True)
class DemoResult:
    """What a demo load added."""

    logins_created: int
    people_created: int
    people_assessed: int = 0
    activity: ScaleResult | None = None  # the generated people's courses and outcomes


def _areas() -> dict[str, AdministrativeArea]:
    return {area.key: area for area in AdministrativeArea.objects.all()}


@transaction.atomic
def _load_institutions(areas: dict[str, AdministrativeArea]) -> None:
    if Institution.objects.filter(code="ksg").exists():
        return
    created: dict[str, Institution] = {}
    for code, name in programme.MINISTRIES:
        created[code] = institution_create(code=code, name=name, kind="ministry", by=None)
    for code, name, parent, kind in programme.UNITS:
        created[code] = institution_create(
            code=code, name=name, kind=kind, parent=created.get(parent), by=None
        )
    for area in areas.values():
        if area.kind == AdministrativeArea.Kind.COUNTY:
            institution_create(
                code=f"county-{slugify(area.name)}",
                name=f"County Government of {area.name}",
                kind="county_government",
                area=area,
                by=None,
            )


@transaction.atomic
def _load_sites(areas: dict[str, AdministrativeArea], *, today: datetime.date, seed: int) -> None:
    """Campuses, centres, the online site, and mobile labs with routes around ``today``."""
    if Site.objects.filter(code="ksg-lower-kabete").exists():
        return
    for code, name, key in programme.CAMPUSES:
        site_create(
            code=code,
            name=name,
            kind="campus",
            area=areas[key],
            seats=120,
            connectivity="fibre",
            by=None,
        )
    site_create(
        code=programme.ONLINE[0], name=programme.ONLINE[1], kind="online", area=None, by=None
    )
    for code, name, key, connectivity in programme.CENTRES:
        site_create(
            code=code,
            name=name,
            kind="community_centre",
            area=areas[key],
            seats=25,
            connectivity=connectivity,
            location=name.split(" ")[0],
            by=None,
        )
    for code, name, key, places in programme.MOBILE_LABS:
        lab = site_create(
            code=code,
            name=name,
            kind="mobile_lab",
            area=areas[key],
            seats=20,
            connectivity="none",
            connectivity_note="Solar-powered truck; syncs by USB at the county office.",
            by=None,
        )
        for stop in programme.route_stops(code, places, today=today, seed=seed):
            route_stop_add(
                site=lab,
                area=areas[stop.area_key],
                place=stop.place,
                starts_on=stop.starts_on,
                ends_on=stop.ends_on,
                by=None,
            )


@transaction.atomic
def _load_logins() -> int:
    created = 0
    shared_hash = make_password(DEMO_PASSWORD)
    for login in DEMO_LOGINS:
        if User.objects.filter(username=login.username).exists():
            continue
        is_admin = login.username == "admin"
        user = user_create(
            username=login.username,
            password=None,
            password_hash=shared_hash,
            by=None,
            first_name=login.first_name,
            last_name=login.last_name,
            email=f"{login.username}@demo.ujuzi.invalid",
            is_staff=is_admin,
            is_superuser=is_admin,
        )
        _assign_demo_role(user)
        created += 1
    return created


def _assign_demo_role(user: User) -> None:
    if user.username == "admin":
        role_assign(user=user, role=Role.PROGRAMME_ADMIN, by=None)
    elif user.username == "officer":
        role_assign(
            user=user,
            role=Role.TRAINING_OFFICER,
            institution=Institution.objects.get(code="ict"),
            by=None,
        )
    elif user.username == "facilitator":
        for code in ("lab-coast-1", "cdc-faza"):
            role_assign(user=user, role=Role.FACILITATOR, site=Site.objects.get(code=code), by=None)
    elif user.username == "dpo":
        role_assign(user=user, role=Role.DATA_PROTECTION_OFFICER, by=None)
    elif user.username == "partner":
        role_assign(user=user, role=Role.PARTNER_VIEWER, by=None)
    elif user.username == "learner":
        role_assign(user=user, role=Role.LEARNER, by=None)
        faza = Site.objects.get(code="cdc-faza")
        person = person_create(
            by=None,
            sex="female",
            sex_basis="self_declared",
            first_name="Zawadi",
            last_name="Shee",
            audience=Person.Audience.YOUTH,
            registered_at_site=faza,
            area=faza.area,
            phone="0712 000 111",
            email="learner@demo.ujuzi.invalid",
            preferred_language="sw",
        )
        person_link_user(person=person, user=user, by=None)
        consent_record(person=person, purpose="training", decision="given", channel="web", by=None)
        learner_self_assessment(person)


def _pools() -> Pools:
    youth_sites = [
        (site.pk, site.area_id)
        for site in Site.objects.filter(kind__in=["community_centre", "mobile_lab"])
        if site.area_id
    ]
    return Pools(
        institution_ids=list(Institution.objects.order_by("code").values_list("pk", flat=True)),
        kenyan_area_keys=list(
            AdministrativeArea.objects.filter(kind="county")
            .order_by("key")
            .values_list("key", flat=True)
        ),
        rwandan_area_keys=list(
            AdministrativeArea.objects.filter(kind="district")
            .order_by("key")
            .values_list("key", flat=True)
        ),
        youth_sites=sorted(youth_sites, key=lambda pair: str(pair[1]) + str(pair[0])),
    )


def _load_people(count: int, seed: int, progress: Callable[[int, int], None]) -> int:
    if Person.objects.filter(personal_number__isnull=False).exists() or count <= 0:
        return 0
    pools = _pools()
    done = 0
    batch: list[GeneratedPerson] = []
    for generated in generate_people(count, pools, seed):
        batch.append(generated)
        if len(batch) == CHUNK:
            done += _insert(batch)
            progress(done, count)
            batch = []
    if batch:
        done += _insert(batch)
        progress(done, count)
    return done


def _insert(batch: list[GeneratedPerson]) -> int:
    """One chunk of people and their consents, in one transaction, written as an import is."""
    with transaction.atomic(), roomy_page_cache(), background_writes():
        count = people_bulk_insert(rows=[(item.values, item.sex) for item in batch], by=None)
        consents = RecordsBulkWriter(
            ConsentEvent, by=None, action="consent.bulk_given", subject="person_id"
        )
        consents.write([item.consent for item in batch if item.consent is not None])
        consents.close()
    return count


def _load_messages() -> int:
    """Welcome messages in the outbox: the demo learner's (in Kiswahili) and a few others."""
    learner = Person.objects.filter(user__username="learner").first()
    others = (
        Person.objects.filter(user__isnull=True)
        .exclude(email="")
        .order_by("last_name", "first_name", "id")[:3]
    )
    recipients = ([learner] if learner is not None else []) + list(others)
    return sum(
        len(
            message_send(
                person=person, kind="welcome", context={}, dedupe_key=f"demo:welcome:{person.pk}"
            )
        )
        for person in recipients
    )


def demo_load(
    *,
    learners: int = SMALL_DEMO,
    seed: int = 2026,
    progress: Callable[[int, int], None] | None = None,
    history: bool | None = None,
) -> DemoResult:
    """Create whatever part of the demo is missing.

    ``history`` gives the generated people their past courses and outcomes
    (``ujuzi.demo.scale``); by default only a demo larger than the small one gets it.
    """
    reference_data_load()
    for config in apps.get_app_configs():  # frameworks, role profiles, catalogue, item bank
        if hasattr(config, "load_shipped_data"):
            config.load_shipped_data()
    today = timezone.localdate()  # the demo's today: routes and cohorts are dated around it
    areas = _areas()
    _load_institutions(areas)
    _load_sites(areas, today=today, seed=seed)
    offerings_load()
    logins = _load_logins()
    people = _load_people(learners, seed, progress or (lambda done, total: None))
    assessed = skills_load(seed)
    delivery_load()
    learner_certificate_load()  # the demo learner's own certificate, to print
    outcomes_load()  # graduates of a year ago and their follow-ups; before the history below
    credentials_issue_pending()  # certificates for every graduate so far; none twice
    partner_issuer_load()  # the Rwanda partner on the trust list, trusted
    _load_messages()
    # After the certificates above: the history's completions are signed by the periodic
    # job, as a backlog would be (see ujuzi.demo.scale).
    activity = None
    if history or (history is None and learners > SMALL_DEMO):
        activity = scale_load(seed=seed, today=today, progress=progress)
    facts_refresh()  # the dashboards read pre-aggregated facts, never person rows
    return DemoResult(
        logins_created=logins, people_created=people, people_assessed=assessed, activity=activity
    )
