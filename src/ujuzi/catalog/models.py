"""Programmes and courses, each course mapped to the competencies it develops.

A course says which level of which competency it brings a learner to (``CourseOutcome``),
which courses must come first (``CoursePrerequisite``), how it is delivered and in which
languages, and optionally which level of an industry partner's certification track it
prepares for. An ``Offering`` says where a course runs: a campus, a community digital
centre, a mobile lab (wherever it stops) or the online site. Cohorts with dates and seats
are scheduled against offerings.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ujuzi.competencies.models import Competency
from ujuzi.core.constraints import UniqueAmongLive
from ujuzi.core.merge import LAST_WRITER_WINS, MergePolicy
from ujuzi.core.models import LiveManager, SyncedModel
from ujuzi.places.models import Site


class Audience(models.TextChoices):
    """Whom a programme or course is for."""

    ALL = "all", _("everyone")
    CIVIL_SERVANT = "civil_servant", _("civil servants")
    YOUTH = "youth", _("young people")


class DeliveryMode(models.TextChoices):
    """How a course is delivered; the first three match the kinds of site."""

    CAMPUS = "campus", _("on a campus")
    COMMUNITY_CENTRE = "community_centre", _("at a community digital centre")
    MOBILE_LAB = "mobile_lab", _("in a mobile lab")
    ONLINE = "online", _("online")


class PartnerLevel(models.TextChoices):
    """The levels of an industry partner's certification track."""

    ASSOCIATE = "associate", _("associate")
    PROFESSIONAL = "professional", _("professional")
    EXPERT = "expert", _("expert")


class Programme(SyncedModel):
    """A set of courses with a purpose and an audience."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    code = models.SlugField(_("code"), max_length=80)
    title = models.JSONField(_("title"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    position = models.PositiveSmallIntegerField(default=0)

    objects = LiveManager["Programme"]()
    all_objects = models.Manager()

    class Meta:
        ordering = ["position", "code"]
        constraints = [UniqueAmongLive(fields=["code"], name="catalog_programme_code_live")]

    def __str__(self) -> str:
        return self.code


class Course(SyncedModel):
    """A course: what it develops, how long it takes, how and in which languages it runs."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    code = models.CharField(_("code"), max_length=40)
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="courses"
    )
    title = models.JSONField(_("title"), default=dict)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    duration_hours = models.PositiveSmallIntegerField(_("duration (hours)"))
    delivery_modes = models.JSONField(_("delivery modes"), default=list)
    languages = models.JSONField(_("languages"), default=list)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    executive = models.BooleanField(_("executive course"), default=False)
    partner_track = models.SlugField(_("certification track"), max_length=60, blank=True)
    partner_level = models.CharField(
        _("certification level"), max_length=20, choices=PartnerLevel.choices, blank=True
    )
    position = models.PositiveSmallIntegerField(default=0)
    # The completion rule: a learner completes when they attended at least this share of
    # the cohort's sessions and, when the course ends with an assessment, reached its pass
    # mark. Both are percentages so that a facilitator reads them as they are printed.
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"),
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    pass_mark_percent = models.PositiveSmallIntegerField(
        _("pass mark of the final assessment (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    objects = LiveManager["Course"]()
    all_objects = models.Manager()

    class Meta:
        ordering = ["position", "code"]
        constraints = [UniqueAmongLive(fields=["code"], name="catalog_course_code_live")]

    def __str__(self) -> str:
        return self.code


class CourseOutcome(SyncedModel):
    """A course brings a learner to ``level`` in one competency."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="outcomes")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level reached"))

    objects = LiveManager["CourseOutcome"]()
    all_objects = models.Manager()

    class Meta:
        ordering = ["course", "competency"]
        constraints = [
            UniqueAmongLive(fields=["course", "competency"], name="catalog_outcome"),
        ]

    def __str__(self) -> str:
        return f"{self.course_id}: {self.competency_id} → {self.level}"


class CoursePrerequisite(SyncedModel):
    """``course`` needs ``required`` first (unless the learner already has what it teaches)."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="prerequisites")
    required = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="required_by")

    objects = LiveManager["CoursePrerequisite"]()
    all_objects = models.Manager()

    class Meta:
        ordering = ["course", "required"]
        constraints = [
            UniqueAmongLive(fields=["course", "required"], name="catalog_prerequisite"),
        ]

    def __str__(self) -> str:
        return f"{self.required_id} before {self.course_id}"


class Offering(SyncedModel):
    """A course runs at a site (the online site for online delivery), in a language."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="offerings")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="offerings")
    language = models.CharField(_("language"), max_length=2)

    objects = LiveManager["Offering"]()
    all_objects = models.Manager()

    class Meta:
        ordering = ["course", "site"]
        constraints = [
            UniqueAmongLive(fields=["course", "site", "language"], name="catalog_offering_place"),
        ]

    def __str__(self) -> str:
        return f"{self.course_id} at {self.site_id} ({self.language})"
