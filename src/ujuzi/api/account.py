"""The caller's own account and the API's status."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from ujuzi import __version__
from ujuzi.api.auth import scoped
from ujuzi.core.node import local_node_id

router = Router(tags=["account"])


class StatusOut(Schema):
    """What a client needs to know before it talks to this node."""

    version: str
    node: str


class MeOut(Schema):
    """The account behind a token."""

    username: str
    scopes: list[str]


@router.get("/status", response=StatusOut, auth=None, summary="API status")
def status(request: HttpRequest) -> dict[str, str]:
    """The software version and this node's id; needs no token."""
    return {"version": __version__, "node": str(local_node_id())}


@router.get("/me", response=MeOut, auth=scoped("account:read"), summary="The token's account")
def me(request: HttpRequest) -> dict[str, Any]:
    """Who the token belongs to and what it may do."""
    token = request.auth  # type: ignore[attr-defined]
    return {"username": token.user.username, "scopes": list(token.scopes)}
