"""Django's password forms, saving through ``ujuzi.core.services``.

Django's forms end with ``user.set_password(...)`` and ``user.save()``, which writes the
synced login table around the journal: the other nodes would never learn the new password
and the journal would no longer rebuild the table. These keep Django's fields and checks
and change only how the result is saved.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.contrib.admin.forms import AdminPasswordChangeForm as OwnPasswordChangeForm
from django.contrib.auth.forms import AdminPasswordChangeForm

from ujuzi.core.models import User
from ujuzi.core.services import user_set_password

# The administrator changing someone else's password. Django's user admin builds its form
# as ``form(user, data)``, with no way to hand it the request, so the admin view sets this
# for the length of the request (a context variable, so concurrent requests do not mix).
password_changed_by: ContextVar[User | None] = ContextVar("ujuzi_password_changed_by", default=None)


class UserPasswordForm(AdminPasswordChangeForm):
    """An administrator sets another login's password, or stops it signing in by password."""

    def save(self, commit: bool = True) -> Any:
        """Journal the new hash (an unusable one when password sign-in is turned off)."""
        password = (
            self.cleaned_data["password1"] if self.cleaned_data["set_usable_password"] else None
        )
        return user_set_password(user=self.user, password=password, by=password_changed_by.get())


class OwnPasswordForm(OwnPasswordChangeForm):
    """A signed-in administrator changes their own password (the old one is asked for)."""

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        """Work on the login itself: the view hands over ``request.user``, a lazy stand-in."""
        super().__init__(User.objects.get(pk=user.pk), *args, **kwargs)

    def save(self, commit: bool = True) -> Any:
        """Journal the new hash, with the login itself as the one who changed it."""
        return user_set_password(
            user=self.user, password=self.cleaned_data["new_password1"], by=self.user
        )
