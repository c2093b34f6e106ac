"""Competency frameworks: domains → competencies → proficiency levels.

A framework is versioned: once published a version never changes, and edits make a new
draft version with the same slug. Competencies keep a stable public URI across versions
(``/competencies/<slug>/<code>/``) because certificates point at them. Every node of a
framework's tree is a ``Competency`` row; top-level nodes that group others are domains.
Texts are bilingual JSON values (``{"en": …, "sw": …}``). CASE fields that Ujuzi does not
model are kept in ``case_extra`` so that a CASE package survives a round trip intact.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from ujuzi.core.constraints import UniqueAmongLive
from ujuzi.core.merge import LAST_WRITER_WINS, MergePolicy
from ujuzi.core.models import LiveManager, SyncedModel


class Framework(SyncedModel):
    """One version of a competency framework."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    slug = models.SlugField(_("short name"), max_length=80)
    version = models.CharField(_("version"), max_length=40)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    title = models.JSONField(_("title"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    case_identifier = models.CharField(max_length=100)
    case_extra = models.JSONField(default=dict, blank=True)

    objects = LiveManager["Framework"]()
    all_objects = models.Manager()

    class Meta:
        ordering = ["slug", "version"]
        constraints = [
            UniqueAmongLive(fields=["slug", "version"], name="competencies_framework_version"),
        ]

    def __str__(self) -> str:
        return f"{self.slug} {self.version}"


class ProficiencyLevel(SyncedModel):
    """A step on a framework's ordered scale (1 foundation … 4 expert in the default)."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    number = models.PositiveSmallIntegerField(_("level"))
    label = models.JSONField(_("label"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)

    objects = LiveManager["ProficiencyLevel"]()
    all_objects = models.Manager()

    class Meta:
        ordering = ["framework", "number"]
        constraints = [
            UniqueAmongLive(fields=["framework", "number"], name="competencies_level_number"),
        ]

    def __str__(self) -> str:
        return f"{self.framework_id} level {self.number}"


class Competency(SyncedModel):
    """A node of a framework: a domain, a competency, or a grouping from an imported file."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    class Kind(models.TextChoices):
        DOMAIN = "domain", _("domain")
        COMPETENCY = "competency", _("competency")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=100, blank=True)
    uri_code = models.CharField(max_length=120)
    title = models.JSONField(_("title"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    track = models.SlugField(_("certification track"), max_length=60, blank=True)
    position = models.PositiveIntegerField(default=0)
    case_identifier = models.CharField(max_length=100)
    case_extra = models.JSONField(default=dict, blank=True)

    objects = LiveManager["Competency"]()
    all_objects = models.Manager()

    class Meta:
        ordering = ["framework", "position"]
        verbose_name_plural = "competencies"
        constraints = [
            UniqueAmongLive(
                fields=["framework", "case_identifier"], name="competencies_item_identifier"
            ),
            UniqueAmongLive(fields=["framework", "uri_code"], name="competencies_item_uri"),
        ]

    def __str__(self) -> str:
        return self.code or self.uri_code


class LevelDescriptor(SyncedModel):
    """What a person can do at one level of one competency."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="descriptors")
    level_number = models.PositiveSmallIntegerField(_("level"))
    text = models.JSONField(_("descriptor"), default=dict)

    objects = LiveManager["LevelDescriptor"]()
    all_objects = models.Manager()

    class Meta:
        ordering = ["competency", "level_number"]
        constraints = [
            UniqueAmongLive(
                fields=["competency", "level_number"], name="competencies_descriptor_level"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency_id} @ {self.level_number}"


class CaseAssociation(SyncedModel):
    """A CASE association; an end outside this framework is kept as an external reference."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="associations")
    case_identifier = models.CharField(max_length=100)
    association_type = models.CharField(max_length=100)
    # Named for CASE's originNodeURI and destinationNodeURI ("origin" is the writing node).
    origin_node = models.JSONField(default=dict)
    destination_node = models.JSONField(default=dict)
    is_external = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)
    case_extra = models.JSONField(default=dict, blank=True)

    objects = LiveManager["CaseAssociation"]()
    all_objects = models.Manager()

    class Meta:
        ordering = ["framework", "position"]
        constraints = [
            UniqueAmongLive(
                fields=["framework", "case_identifier"], name="competencies_association_identifier"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.association_type} {self.case_identifier}"


class RoleProfile(SyncedModel):
    """The levels a job role or grade band needs: an executive, an ICT specialist, a trainee.

    ``audience``, ``grade_band`` and ``job_family`` say whom the profile is for (blank: any);
    ``ujuzi.competencies.profiles`` picks the most specific profile for a person.
    """

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    code = models.SlugField(_("code"), max_length=60)
    title = models.JSONField(_("title"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="role_profiles")
    audience = models.CharField(_("audience"), max_length=20, blank=True)
    grade_band = models.CharField(_("grade band"), max_length=20, blank=True)
    job_family = models.CharField(_("job family"), max_length=20, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = LiveManager["RoleProfile"]()
    all_objects = models.Manager()

    class Meta:
        ordering = ["position", "code"]
        constraints = [UniqueAmongLive(fields=["code"], name="competencies_roleprofile_code_live")]

    def __str__(self) -> str:
        return self.code


class RoleTarget(SyncedModel):
    """The level one role profile needs in one competency, and how much it matters (weight)."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    role_profile = models.ForeignKey(RoleProfile, on_delete=models.CASCADE, related_name="targets")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(_("target level"))
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)

    objects = LiveManager["RoleTarget"]()
    all_objects = models.Manager()

    class Meta:
        ordering = ["role_profile", "competency"]
        constraints = [
            UniqueAmongLive(fields=["role_profile", "competency"], name="competencies_role_target"),
        ]

    def __str__(self) -> str:
        return f"{self.role_profile_id}: {self.competency_id} → {self.level}"
