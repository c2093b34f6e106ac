"""What credentials add to the learner's home page: a link to their certificates."""

from __future__ import annotations

from ujuzi.credentials.holds import holds_open_for
from ujuzi.credentials.selectors import credentials_of_learner
from ujuzi.delivery.selectors import own_person
from ujuzi.people.dashboards import HomeSection


def home_sections(user: object) -> list[HomeSection]:
    """For a learner: their certificates; for administrators: graduates still waiting."""
    sections = []
    waiting = holds_open_for(user).count()
    if waiting:
        sections.append(HomeSection("credentials/home_holds.html", {"count": waiting}))
    if own_person(user) is None:
        return sections
    count = credentials_of_learner(user).count()
    return [*sections, HomeSection("credentials/home_learner.html", {"count": count})]
