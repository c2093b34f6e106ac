"""What outcomes adds to the learner's home page: their open follow-up survey."""

from __future__ import annotations

from ujuzi.outcomes import selectors
from ujuzi.people.dashboards import HomeSection
from ujuzi.people.policy import scope_for


def home_sections(user: object) -> list[HomeSection]:
    """A learner's open survey and the disability questions; for staff, surveys waiting."""
    sections = []
    today = selectors.today()
    open_ones = list(selectors.open_follow_ups_of(user, today)[:3])
    if open_ones:
        sections.append(HomeSection("outcomes/home_learner.html", {"follow_ups": open_ones}))
    if selectors.own_person(user) is not None:
        sections.append(HomeSection("outcomes/home_disability.html"))
    if selectors.works_on_outcomes(scope_for(user)):
        waiting = selectors.follow_ups_for(user, status="sent", due_by=today).count()
        sections.append(HomeSection("outcomes/home_staff.html", {"waiting": waiting}))
    return sections
