"""The main navigation, limited to the pages the signed-in role can open."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from ujuzi.people.models import RoleAssignment
from ujuzi.people.policy import scope_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Links for the header: Home, the learner's skills, People, Institutions, Courses, Sites."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    scope = scope_for(user)
    links = [(_("Home"), reverse("home"))]
    if scope.has(RoleAssignment.Role.LEARNER):
        links.append((_("My skills"), reverse("my-skills")))
        links.append((_("Skills checks"), reverse("diagnostic-list")))
    if scope.is_staff_reader:
        links.append((_("People"), reverse("person-list")))
    if scope.sees_institutions:
        links.append((_("Institutions"), reverse("institution-list")))
    links.append((_("Courses"), reverse("course-list")))
    links.append((_("Cohorts"), reverse("cohort-list")))
    if scope.runs_cohorts or scope.nominates:
        links.append((_("Nominations"), reverse("nomination-list")))
    links.append((_("Sites"), reverse("site-list")))
    # The reports' dashboards (their pages decide which one; the DPO gets the national one).
    reporting = {
        RoleAssignment.Role.PROGRAMME_ADMIN,
        RoleAssignment.Role.DATA_PROTECTION_OFFICER,
        RoleAssignment.Role.TRAINING_OFFICER,
        RoleAssignment.Role.PARTNER_VIEWER,
    }
    if scope.roles & reporting:
        links.append((_("Reports"), reverse("reports-dashboard")))
    current = request.path
    return {
        "navigation": [
            {
                "label": label,
                "url": url,
                "current": url == current or (url != "/" and current.startswith(url)),
            }
            for label, url in links
        ]
    }
