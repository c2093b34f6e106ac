"""Bearer-token authentication with scopes for the JSON API."""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

from ujuzi.core.models import ApiToken


class TokenAuth(HttpBearer):
    """Accept a live token that carries every scope the endpoint needs."""

    def __init__(self, *scopes: str) -> None:
        super().__init__()
        self.scopes = frozenset(scopes)

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        """Return the token when valid; a missing scope is a 403, not a 401."""
        digest = hashlib.sha256(token.encode()).hexdigest()
        found = (
            ApiToken.objects.select_related("user")
            .filter(digest=digest, revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        missing = sorted(self.scopes - set(found.scopes))
        if missing:
            raise AuthorizationError(message=f"This token lacks the scope(s): {', '.join(missing)}")
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found


def scoped(*scopes: str) -> Any:
    """The ``auth=`` value for an endpoint that needs these scopes."""
    return TokenAuth(*scopes)
