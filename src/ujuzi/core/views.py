"""Pages of the kernel: sign-in and sign-out, and a health probe."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from ujuzi.core.models import User
from ujuzi.core.services import user_record_sign_in


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """A probe for operators and load balancers: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


class SignInForm(AuthenticationForm):
    """Django's sign-in form with our own wording (and so our own Kiswahili)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter a correct %(username)s and password. Note that both fields may be "
            "case-sensitive."
        ),
    }


class SignInView(auth_views.LoginView):
    """Django's sign-in, with the sign-in written to the audit trail."""

    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        """Sign in, then audit it."""
        response = super().form_valid(form)
        user = form.get_user()
        if isinstance(user, User):
            user_record_sign_in(user=user)
        return response


class SignOutView(auth_views.LogoutView):
    """Sign-out by POST only, as Django requires."""
