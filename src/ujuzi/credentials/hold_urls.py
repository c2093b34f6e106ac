"""Certificates waiting to be issued, included at the root of the URL map."""

from django.urls import URLPattern, path

from ujuzi.credentials import hold_views

urlpatterns: list[URLPattern] = [
    path("certificates/waiting/", hold_views.holds_list, name="credential-holds"),
    path(
        "certificates/waiting/<uuid:hold_id>/retry/",
        hold_views.hold_retry,
        name="credential-hold-retry",
    ),
    path(
        "certificates/waiting/<uuid:hold_id>/learner-number/",
        hold_views.hold_learner_number,
        name="credential-hold-learner-number",
    ),
]
