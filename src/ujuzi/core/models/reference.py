"""Reference data shipped with the package: countries and their administrative areas."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.Model):
    """A country whose people and sites Ujuzi serves (ISO 3166-1 alpha-2 code)."""

    not_personal_fields: ClassVar[tuple[str, ...]] = ("name",)

    code = models.CharField(max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name


class AdministrativeArea(models.Model):
    """A Kenyan county, or a Rwandan province or district.

    ``key`` is stable and readable (``KE-005`` for Lamu, ``RW-D-GASABO``) so that records
    and imports can refer to it on any node.
    """

    not_personal_fields: ClassVar[tuple[str, ...]] = ("name", "local_name")

    class Kind(models.TextChoices):
        COUNTY = "county", _("county")
        PROVINCE = "province", _("province")
        DISTRICT = "district", _("district")

    key = models.CharField(max_length=40, primary_key=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="areas")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    code = models.CharField(max_length=10, blank=True)
    name = models.CharField(_("name"), max_length=100)
    local_name = models.CharField(max_length=100, blank=True)
    iso_code = models.CharField(max_length=10, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    region = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["country", "kind", "code", "name"]

    def __str__(self) -> str:
        return self.name
