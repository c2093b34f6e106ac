"""Admin pages for the item bank.

Attempts, evidence and estimates are people's data: they are read through the skill
profile pages and written by the services, never edited here.
"""

from __future__ import annotations

from django.contrib import admin

from ujuzi.assessment.models import Question
from ujuzi.core.admin import JournaledAdminMixin


@admin.register(Question)
class QuestionAdmin(JournaledAdminMixin, admin.ModelAdmin):
    """Questions by competency and level."""

    list_display = ("code", "competency", "level", "kind")
    list_filter = ("kind", "level")
    search_fields = ("code",)
    list_select_related = ("competency",)
