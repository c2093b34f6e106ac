"""The reports pages, included at the root of the URL map."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
