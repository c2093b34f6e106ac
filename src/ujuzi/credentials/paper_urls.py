"""Printable certificates and the passport's share links, included at the root of the URL map."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
