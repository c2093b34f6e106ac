"""What credentials add to the learner's home page: a link to their certificates."""

from __future__ import annotations

from ujuzi.credentials.selectors import credentials_of_learner
from ujuzi.delivery.selectors import own_person
from ujuzi.people.dashboards import HomeSection


def home_sections(user: object) -> list[HomeSection]:
    """For a learner: how many certificates they hold, and where to find them."""
    if own_person(user) is None:
        return []
    count = credentials_of_learner(user).count()
    return [HomeSection("credentials/home_learner.html", {"count": count})]
