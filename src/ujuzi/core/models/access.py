"""Logins and service-account tokens."""

from __future__ import annotations

import uuid
from typing import ClassVar

from asgiref.sync import sync_to_async
from django.contrib.auth.hashers import acheck_password, check_password
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ujuzi.core.ids import uuid7
from ujuzi.core.merge import LAST_WRITER_WINS, MergePolicy
from ujuzi.core.models.base import SyncedModel


class User(AbstractUser, SyncedModel):
    """A login. Keys are UUIDv7 from the first migration because logins sync to sites."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    personal_fields: ClassVar[tuple[str, ...]] = (
        "username",
        "first_name",
        "last_name",
        "email",
        "password",
    )
    # Written by Django on every sign-in; meaningful only where the sign-in happened.
    local_only_fields: ClassVar[tuple[str, ...]] = ("last_login",)

    def data_subject_id(self) -> uuid.UUID | None:
        """A login's personal values are sealed under its own data key."""
        return self.id

    # Django's own check saves a re-hashed password with ``save(update_fields=["password"])``,
    # around the journal; these send the new hash through ``ujuzi.core.services`` instead.
    # The services import this module, hence the imports inside the methods.
    def check_password(self, raw_password: str) -> bool:
        """Check a password; a hash Django upgrades on the way is journaled."""
        from ujuzi.core.services import user_password_rehash

        def rehash(password: str) -> None:
            user_password_rehash(user=self, password=password)

        return check_password(raw_password, self.password, rehash)

    async def acheck_password(self, raw_password: str) -> bool:
        """The asynchronous ``check_password``, journaling an upgraded hash the same way."""
        from ujuzi.core.services import user_password_rehash

        async def rehash(password: str) -> None:
            await sync_to_async(user_password_rehash)(user=self, password=password)

        return await acheck_password(raw_password, self.password, rehash)


class ApiToken(models.Model):
    """A bearer token for a service account or an integration, limited to scopes.

    Only a SHA-256 digest of the token is stored; the token itself is shown once.
    """

    not_personal_fields: ClassVar[tuple[str, ...]] = ("name",)

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    name = models.CharField(_("name"), max_length=200)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
