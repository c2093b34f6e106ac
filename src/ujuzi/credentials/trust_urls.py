"""The trust list of other issuers, included at the root of the URL map."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
