"""What each role's home page shows: a few figures and links, all within the role's scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from ujuzi.core.models import AuditCheckpoint, AuditEntry, User
from ujuzi.people.models import ConsentEvent, Institution, Person, RoleAssignment
from ujuzi.people.policy import Scope, person_filter, scope_for
from ujuzi.places.models import RouteStop, Site

Role = RoleAssignment.Role
# Partner viewers never see a count small enough to point at a person.
SMALL_COUNT = 5
ROLE_ORDER = (
    Role.PROGRAMME_ADMIN,
    Role.DATA_PROTECTION_OFFICER,
    Role.TRAINING_OFFICER,
    Role.FACILITATOR,
    Role.PARTNER_VIEWER,
    Role.LEARNER,
)


@dataclass(frozen=True)
class Figure:
    """One headline number on a home page."""

    label: str
    value: str
    link: str = ""


@dataclass(frozen=True)
class HomePanel:
    """The role-specific part of a home page."""

    role: str
    role_label: str
    figures: list[Figure] = field(default_factory=list)
    institutions: list[Institution] = field(default_factory=list)
    sites: list[Any] = field(default_factory=list)  # sites annotated with people_count
    stops: list[RouteStop] = field(default_factory=list)
    person: Person | None = None


@dataclass(frozen=True)
class HomeSection:
    """A part of a home page that an app above ``people`` contributes.

    Apps declare ``home_sections(user) -> list[HomeSection]`` on their app config, so the
    home page shows their work without ``people`` importing them.
    """

    template: str
    context: dict[str, Any] = field(default_factory=dict)


def home_sections_for(user: User | object) -> list[HomeSection]:
    """The sections every installed app contributes to the caller's home page."""
    from django.apps import apps

    sections: list[HomeSection] = []
    for config in apps.get_app_configs():
        contribute = getattr(config, "home_sections", None)
        if contribute is not None:
            sections.extend(contribute(user))
    return sections


def _main_role(scope: Scope) -> str:
    return next((role for role in ROLE_ORDER if scope.has(role)), "")


def _count(value: int, *, suppress: bool = False) -> str:
    if suppress and 0 < value < SMALL_COUNT:
        return _("fewer than %(n)d") % {"n": SMALL_COUNT}
    return f"{value:,}"


def _people_figure(scope: Scope, label: str) -> Figure:
    total = Person.objects.filter(person_filter(scope)).count()
    return Figure(label, _count(total), reverse("person-list"))


def _site_figures(*, suppress: bool) -> list[Figure]:
    counts = dict(Site.objects.values_list("kind").annotate(n=Count("id")).order_by())
    return [
        Figure(str(label), _count(counts.get(kind, 0), suppress=suppress), reverse("site-list"))
        for kind, label in Site.Kind.choices
    ]


def home_panel_for(user: User | object) -> HomePanel:
    """The panel for the caller's widest role."""
    scope = scope_for(user)
    role = _main_role(scope)
    label = str(Role(role).label) if role else _("no role yet")
    if role == Role.PROGRAMME_ADMIN:
        figures = [
            _people_figure(scope, _("People")),
            Figure(
                _("Institutions"), _count(Institution.objects.count()), reverse("institution-list")
            ),
            *_site_figures(suppress=False),
        ]
        return HomePanel(role, label, figures)
    if role == Role.DATA_PROTECTION_OFFICER:
        given = (
            ConsentEvent.objects.filter(decision=ConsentEvent.Decision.GIVEN)
            .values("person")
            .distinct()
            .count()
        )
        checkpoint = AuditCheckpoint.objects.order_by("-at").first()
        figures = [
            _people_figure(scope, _("People whose data we hold")),
            Figure(_("People who have given consent"), _count(given)),
            Figure(_("Audit trail entries"), _count(AuditEntry.objects.count())),
            Figure(
                _("Last signed audit checkpoint"),
                checkpoint.at.strftime("%Y-%m-%d %H:%M") if checkpoint else _("none yet"),
            ),
        ]
        return HomePanel(role, label, figures)
    if role == Role.TRAINING_OFFICER:
        institutions = list(
            Institution.objects.filter(pk__in=scope.institution_ids, parent__isnull=True)
        ) or list(Institution.objects.filter(pk__in=scope.institution_ids)[:5])
        figures = [
            _people_figure(scope, _("Staff in your institution")),
            Figure(_("Institutions you look after"), _count(len(scope.institution_ids))),
        ]
        return HomePanel(role, label, figures, institutions=institutions)
    if role == Role.FACILITATOR:
        sites = list(
            Site.objects.filter(pk__in=scope.site_ids)
            .annotate(people_count=Count("registered_people"))
            .order_by("name")
        )
        stops = list(
            RouteStop.objects.filter(site_id__in=scope.site_ids)
            .select_related("area", "site")
            .order_by("starts_on")[:10]
        )
        figures = [_people_figure(scope, _("People registered at your sites"))]
        return HomePanel(role, label, figures, sites=sites, stops=stops)
    if role == Role.PARTNER_VIEWER:
        by_audience = dict(
            Person.objects.values_list("audience").annotate(n=Count("id")).order_by()
        )
        figures = [
            Figure(str(audience_label), _count(by_audience.get(audience, 0), suppress=True))
            for audience, audience_label in Person.Audience.choices
        ]
        figures += _site_figures(suppress=True)
        return HomePanel(role, label, figures)
    person = Person.objects.filter(person_filter(scope)).select_related("institution").first()
    return HomePanel(role, label, [], person=person)
