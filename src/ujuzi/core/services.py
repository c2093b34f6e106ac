"""Writes owned by the kernel: logins, API tokens, the installation's identity."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from ujuzi.core.audit import audit_append, checkpoint_public_key
from ujuzi.core.models import ApiToken, Node, User
from ujuzi.core.node import forget_local_node, local_node
from ujuzi.core.records import record_create, record_delete, record_update

API_SCOPES = {
    "reference:read": "read countries, counties and districts",
    "account:read": "read the token's own account",
    "people:read": "read people in the token owner's scope",
    "institutions:read": "read institutions in the token owner's scope",
    "sites:read": "read sites",
    "skills:read": "read skill profiles, gaps, pathways and heatmaps in the token owner's scope",
    "catalogue:read": "read competency frameworks and courses",
    "cohorts:read": "read cohorts and sessions (and, with people:read, the places in scope)",
    "reports:read": "read indicator tables (aggregates, suppressed) in the token owner's scope",
}
TOKEN_PREFIX = "ujz_"  # noqa: S105 - a public marker that makes leaked tokens greppable


def user_create(
    *,
    username: str,
    password: str | None,
    by: User | None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
    password_hash: str = "",
) -> User:
    """Create a login; a ``None`` password makes one that cannot sign in with a password.

    ``password_hash`` takes an already-hashed password (hashing costs about half a second
    by design, which matters when many logins share one, as the demo's do).
    """
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_staff=is_staff,
        is_superuser=is_superuser,
        password=password_hash or make_password(password),
    )
    return record_create(user, by=by, action="user.create")


@transaction.atomic
def user_delete(*, user: User, by: User | None) -> User:
    """Close a login: it can no longer sign in, and its tombstone syncs."""
    record_update(user, changes={"is_active": False}, by=by, action="user.deactivate")
    return record_delete(user, by=by, action="user.delete")


def user_set_password(*, user: User, password: str | None, by: User | None) -> User:
    """Change a login's password (journaled sealed, audited by field name only).

    ``None`` stops the login signing in with a password, as Django's "unusable password"
    does. The admin's password forms and the ``changepassword`` command come here, so the
    new hash reaches the other nodes.
    """
    return record_update(
        user, changes={"password": make_password(password)}, by=by, action="user.set_password"
    )


def user_password_rehash(*, user: User, password: str) -> None:
    """Store the stronger hash Django makes at sign-in, through the journal.

    Django re-hashes a correct password when the preferred hasher or its work factor has
    changed (``User.check_password``). The hash is a synced value: saved around the journal,
    the journal would no longer rebuild the table and the other nodes would keep the old
    hash. A closed login keeps its old hash: it cannot sign in anyway, and its data key
    may have been erased, which would refuse the write.
    """
    if not user.is_active or user.is_deleted:
        return
    record_update(
        user, changes={"password": make_password(password)}, by=user, action="user.password_rehash"
    )


def user_record_sign_in(*, user: User) -> None:
    """Audit a sign-in (Django itself sets ``last_login``, which is node-local)."""
    audit_append(action="user.sign_in", actor_id=user.pk, model="core.user", record_id=user.pk)


@dataclass(frozen=True)
class IssuedToken:
    """A new API token; ``secret`` is shown once and never stored."""

    token: ApiToken
    secret: str


@transaction.atomic
def api_token_create(
    *, user: User, name: str, scopes: Iterable[str], by: User | None
) -> IssuedToken:
    """Issue a bearer token limited to known scopes."""
    wanted = sorted(set(scopes))
    unknown = [scope for scope in wanted if scope not in API_SCOPES]
    if unknown:
        raise ValueError(f"unknown scope(s): {', '.join(unknown)}")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name,
        user=user,
        prefix=secret[:12],
        digest=hashlib.sha256(secret.encode()).hexdigest(),
        scopes=wanted,
    )
    audit_append(
        action="api_token.create",
        actor_id=by.pk if by else None,
        model="core.apitoken",
        record_id=token.pk,
        details={"scopes": wanted},
    )
    return IssuedToken(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User | None) -> ApiToken:
    """Stop a token from working."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_append(
            action="api_token.revoke",
            actor_id=by.pk if by else None,
            model="core.apitoken",
            record_id=token.pk,
        )
    return token


@transaction.atomic
def node_initialise(*, name: str | None, role: str | None = None) -> Node:
    """Make sure the local node exists, name it and set its role if asked, publish its key.

    The key is the audit checkpoints' public key. The role decides which derived records
    this installation makes: certificates, status lists and follow-ups are made at the
    hub, so that no two nodes make them twice.
    """
    node = local_node()
    changed = []
    if name and node.name != name:
        node.name = name
        changed.append("name")
    if role is not None and role not in Node.Role.values:
        raise ValueError(f"a node is a hub or a site, not {role!r}")
    if role and node.role != role:
        node.role = role
        changed.append("role")
        forget_local_node()  # the remembered role is stale
    public_key = checkpoint_public_key()
    if node.checkpoint_public_key != public_key:
        node.checkpoint_public_key = public_key
        changed.append("checkpoint_public_key")
    if changed:
        node.save(update_fields=changed)
        audit_append(action="node.configure", model="core.node", field_names=changed)
    return node
