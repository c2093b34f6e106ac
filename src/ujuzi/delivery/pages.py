"""Small helpers the delivery pages share: the signed-in login, a cohort or 404."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest

from ujuzi.core.models import User
from ujuzi.delivery import selectors
from ujuzi.delivery.models import Cohort


def signed_in_user(request: HttpRequest) -> User:
    """The login behind a request that ``login_required`` has already let through."""
    assert isinstance(request.user, User)  # noqa: S101 - login_required ran first
    return request.user


def cohort_or_404(cohort_id: uuid.UUID) -> Cohort:
    """A cohort with its seat counts, or "not found"."""
    cohort = selectors.cohort_get(cohort_id)
    if cohort is None:
        raise Http404
    return cohort
