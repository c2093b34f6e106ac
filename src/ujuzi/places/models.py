"""Sites where the programme trains people, and the routes of mobile labs.

A site is a school-of-government campus, a ward-level community digital centre, a mobile
lab (a truck or container that moves along a route of stops), or the online campus.
Connectivity matters: most rural centres have no fibre, so sites record how they connect
and Ujuzi plans for offline work there.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ujuzi.core.constraints import UniqueAmongLive
from ujuzi.core.merge import LAST_WRITER_WINS, MergePolicy
from ujuzi.core.models import AdministrativeArea, LiveManager, SyncedModel


class Site(SyncedModel):
    """A place (or the online campus) where cohorts meet."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    not_personal_fields: ClassVar[tuple[str, ...]] = ("name",)

    class Kind(models.TextChoices):
        CAMPUS = "campus", _("campus")
        COMMUNITY_CENTRE = "community_centre", _("community digital centre")
        MOBILE_LAB = "mobile_lab", _("mobile lab")
        ONLINE = "online", _("online")

    class Connectivity(models.TextChoices):
        FIBRE = "fibre", _("fibre")
        MOBILE_BROADBAND = "mobile", _("mobile broadband")
        SATELLITE = "satellite", _("satellite")
        NONE = "none", _("no connection (syncs by USB)")

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    area = models.ForeignKey(
        AdministrativeArea,
        verbose_name=_("county or district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sites",
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    seats = models.PositiveIntegerField(_("seats"), default=0)
    connectivity = models.CharField(
        _("connectivity"), max_length=10, choices=Connectivity.choices, default=Connectivity.NONE
    )
    connectivity_note = models.CharField(_("connectivity note"), max_length=300, blank=True)

    objects = LiveManager["Site"]()
    all_objects: models.Manager[Site] = models.Manager()

    class Meta:
        ordering = ["name"]
        constraints = [UniqueAmongLive(fields=["code"], name="places_site_code_live")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Every place but the online campus is somewhere."""
        if self.kind != self.Kind.ONLINE and self.area_id is None:
            raise ValidationError(
                {"area": _("A site that is not online needs a county or district.")}
            )


class RouteStop(SyncedModel):
    """One stop on a mobile lab's route: where it parks and when."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="stops")
    area = models.ForeignKey(
        AdministrativeArea, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("place"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))

    objects = LiveManager["RouteStop"]()
    all_objects: models.Manager[RouteStop] = models.Manager()

    class Meta:
        ordering = ["site", "starts_on"]

    def __str__(self) -> str:
        return f"{self.place} ({self.starts_on:%d %b} - {self.ends_on:%d %b %Y})"

    def clean(self) -> None:
        """Only mobile labs have routes, and a stop ends after it starts."""
        problems = {}
        if self.site_id and self.site.kind != Site.Kind.MOBILE_LAB:
            problems["site"] = _("Only a mobile lab has a route of stops.")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            problems["ends_on"] = _("A stop cannot end before it starts.")
        if problems:
            raise ValidationError(problems)
