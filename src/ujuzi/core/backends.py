"""Signing in with a username and password, and what a login may do in the admin.

Django's groups and per-login permissions live in tables that are not journaled and whose
rows have integer keys that differ from one database to the next, so they cannot sync.
Roles are ``people.RoleAssignment`` rows, which do; in the admin, ``is_superuser`` (a
journaled column of the login) is the only grant, so no node gives rights the others do
not know of.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import QuerySet


class PasswordBackend(ModelBackend):
    """Django's ``ModelBackend`` with groups and per-login permissions ignored."""

    def _get_user_permissions(self, user_obj: Any) -> QuerySet[Permission]:
        """None: per-login permission rows do not sync."""
        return Permission.objects.none()

    def _get_group_permissions(self, user_obj: Any) -> QuerySet[Permission]:
        """None: group rows do not sync."""
        return Permission.objects.none()
