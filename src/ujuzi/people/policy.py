"""The one place that decides what a login may see.

A login's ``RoleAssignment`` rows become a ``Scope``; each kind of record has a function
that turns the scope into a database filter. Selectors and API endpoints apply these
filters on every read, and a record outside the filter is reported as "not found" so that
its existence is not confirmed.

| role | people | institutions |
|---|---|---|
| programme administrator | all | all |
| data protection officer | all (for data-subject requests) | all |
| training officer | staff of their institution and its sub-institutions | that subtree |
| facilitator | people registered at their sites | none |
| learner | themselves | none |
| partner viewer | nobody, ever (aggregates only) | all (names and counts) |

Places in cohorts follow the same lines, except that a facilitator sees everyone in the
cohorts at their sites (``place_filter``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from ujuzi.core.models import User
from ujuzi.people.models import Institution, RoleAssignment

Role = RoleAssignment.Role
NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Scope:
    """What one login may see, computed once per request."""

    user_id: uuid.UUID | None
    roles: frozenset[str]
    institution_ids: frozenset[uuid.UUID]
    site_ids: frozenset[uuid.UUID]

    def has(self, role: str) -> bool:
        """True when the login holds this role."""
        return role in self.roles

    @property
    def sees_all_people(self) -> bool:
        """Programme administrators and the data protection officer."""
        return bool(self.roles & {Role.PROGRAMME_ADMIN, Role.DATA_PROTECTION_OFFICER})

    @property
    def sees_any_people(self) -> bool:
        """Every role but the partner viewer sees at least someone."""
        return bool(self.roles - {Role.PARTNER_VIEWER})

    @property
    def is_staff_reader(self) -> bool:
        """Staff whose reads of a full person record are audited."""
        return bool(self.roles - {Role.LEARNER, Role.PARTNER_VIEWER})

    @property
    def sees_all_institutions(self) -> bool:
        """Administrators, the DPO and partner viewers see every institution."""
        wide = {Role.PROGRAMME_ADMIN, Role.DATA_PROTECTION_OFFICER, Role.PARTNER_VIEWER}
        return bool(self.roles & wide)

    @property
    def imports_people(self) -> bool:
        """HR imports: administrators (any institution), training officers (their own)."""
        return bool(self.roles & {Role.PROGRAMME_ADMIN, Role.TRAINING_OFFICER})

    @property
    def reads_outbox(self) -> bool:
        """The outbox of e-mail and SMS (addresses and texts): programme administrators."""
        return self.has(Role.PROGRAMME_ADMIN)

    @property
    def sees_skills_gaps(self) -> bool:
        """Gap heatmaps: administrators (any institution), training officers (their own)."""
        return bool(self.roles & {Role.PROGRAMME_ADMIN, Role.TRAINING_OFFICER})

    def runs_room_at(self, site_id: uuid.UUID | None) -> bool:
        """Takes the roll and records results there: administrators, the site's facilitators."""
        return self.runs_cohorts or (self.takes_attendance and site_id in self.site_ids)

    @property
    def runs_cohorts(self) -> bool:
        """Cohorts, sessions, approvals and completions: programme administrators."""
        return self.has(Role.PROGRAMME_ADMIN)

    @property
    def nominates(self) -> bool:
        """Nominating staff for cohorts: training officers, for their own institutions."""
        return self.has(Role.TRAINING_OFFICER)

    @property
    def takes_attendance(self) -> bool:
        """The roll and learner cards: facilitators at their sites, and administrators."""
        return bool(self.roles & {Role.PROGRAMME_ADMIN, Role.FACILITATOR})

    @property
    def sees_institutions(self) -> bool:
        """Any institution at all: the wide roles, or an officer's own subtree."""
        return self.sees_all_institutions or bool(self.institution_ids)


ANONYMOUS = Scope(
    user_id=None, roles=frozenset(), institution_ids=frozenset(), site_ids=frozenset()
)


def institution_subtree(roots: Iterable[uuid.UUID]) -> frozenset[uuid.UUID]:
    """Institutions and everything under them (a ministry and its state departments)."""
    found = set(roots)
    frontier = set(found)
    while frontier:
        children = set(
            Institution.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        frontier = children - found
        found |= frontier
    return frozenset(found)


def scope_for(user: User | object) -> Scope:
    """The scope of a login (cached on the user object for the request)."""
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_ujuzi_scope", None)
    if isinstance(cached, Scope):
        return cached
    assignments = list(RoleAssignment.objects.filter(user=user))
    roles = {assignment.role for assignment in assignments}
    if user.is_superuser:
        roles.add(Role.PROGRAMME_ADMIN)
    officer_roots = [
        a.institution_id
        for a in assignments
        if a.role == Role.TRAINING_OFFICER and a.institution_id is not None
    ]
    scope = Scope(
        user_id=user.pk,
        roles=frozenset(roles),
        institution_ids=institution_subtree(officer_roots),
        site_ids=frozenset(
            a.site_id for a in assignments if a.role == Role.FACILITATOR and a.site_id is not None
        ),
    )
    user._ujuzi_scope = scope  # type: ignore[attr-defined]
    return scope


def person_filter(scope: Scope) -> Q:
    """Which people a scope may see."""
    if scope.sees_all_people:
        return Q()
    allowed = NOTHING
    if scope.has(Role.TRAINING_OFFICER):
        allowed |= Q(institution_id__in=scope.institution_ids)
    if scope.has(Role.FACILITATOR):
        allowed |= Q(registered_at_site_id__in=scope.site_ids)
    if scope.has(Role.LEARNER) and scope.user_id is not None:
        allowed |= Q(user_id=scope.user_id)
    return allowed


def institution_filter(scope: Scope) -> Q:
    """Which institutions a scope may see."""
    if scope.sees_all_institutions:
        return Q()
    if scope.has(Role.TRAINING_OFFICER):
        return Q(pk__in=scope.institution_ids)
    return NOTHING


def may_read_sensitive(scope: Scope, person_user_id: uuid.UUID | None) -> bool:
    """Sensitive data: the person themselves and the data protection officer only."""
    if scope.has(Role.DATA_PROTECTION_OFFICER):
        return True
    return scope.user_id is not None and scope.user_id == person_user_id


def _records_about_people(scope: Scope) -> Q:
    """Records that point at a person (``person__``): the officer's staff, one's own."""
    allowed = NOTHING
    if scope.has(Role.TRAINING_OFFICER):
        allowed |= Q(person__institution_id__in=scope.institution_ids)
    if scope.has(Role.LEARNER) and scope.user_id is not None:
        allowed |= Q(person__user_id=scope.user_id)
    return allowed


def place_filter(scope: Scope) -> Q:
    """Which places in cohorts (enrolments, and attendance marks) a scope may see.

    Facilitators see the learners of cohorts at their sites, wherever those learners
    registered: they take the roll for everyone in the room.
    """
    if scope.sees_all_people:
        return Q()
    allowed = _records_about_people(scope)
    if scope.has(Role.FACILITATOR):
        allowed |= Q(cohort__site_id__in=scope.site_ids)
    return allowed


def nomination_filter(scope: Scope) -> Q:
    """Which nominations a scope may see: administrators all, officers their staff's."""
    if scope.sees_all_people:
        return Q()
    return _records_about_people(scope)
