"""The admin site: Django's, with a signed-in administrator's own password change journaled.

``INSTALLED_APPS`` names ``UjuziAdminConfig`` instead of ``django.contrib.admin``, so this
module is imported while apps load, before any model can be: it imports the password form
only when the page is asked for. It is kept apart from ``ujuzi.core.admin``, which
registers models on this site and so cannot be imported while the site is being built.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse


class UjuziAdminSite(admin.AdminSite):
    """Django's admin site; only the own-password page differs."""

    # django-stubs say a TemplateResponse, but Django's own page redirects after a change.
    def password_change(  # type: ignore[override]
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponseBase:
        """Django's page and template, with a form that saves through the journal."""
        from django.contrib.auth.views import PasswordChangeView

        from ujuzi.core.forms import OwnPasswordForm

        defaults: dict[str, Any] = {
            "form_class": OwnPasswordForm,
            "success_url": reverse("admin:password_change_done", current_app=self.name),
            "extra_context": {**self.each_context(request), **(extra_context or {})},
        }
        if self.password_change_template is not None:
            defaults["template_name"] = self.password_change_template
        request.current_app = self.name
        return PasswordChangeView.as_view(**defaults)(request)


class UjuziAdminConfig(AdminConfig):
    """Django's admin, on the site above."""

    default_site = "ujuzi.core.admin_site.UjuziAdminSite"
