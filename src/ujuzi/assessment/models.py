"""Questions, diagnostic attempts, evidence about people's skills and the estimates from it.

A skill estimate is never typed in: it is computed from ``Evidence`` (a diagnostic, a
self-assessment, later a completed course), each dated and sourced, and kept up to date by
``ujuzi.assessment.services``. Attempts, responses and evidence only accumulate.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from ujuzi.catalog.models import Course
from ujuzi.competencies.models import Competency, Framework, RoleProfile
from ujuzi.core.constraints import UniqueAmongLive
from ujuzi.core.merge import APPEND_ONLY, LAST_WRITER_WINS, MergePolicy
from ujuzi.core.models import LiveManager, SyncedModel, User
from ujuzi.people.models import Person


class Question(SyncedModel):
    """One question of the item bank, tagged with a competency and a level."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        NUMERIC = "numeric", _("numeric answer")
        ORDERING = "ordering", _("ordering")

    code = models.CharField(_("code"), max_length=60)
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="questions")
    level = models.PositiveSmallIntegerField(_("level"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    prompt = models.JSONField(_("question"), default=dict)
    options = models.JSONField(_("options"), default=list, blank=True)
    answer = models.JSONField(_("answer"))
    unit = models.JSONField(_("unit"), default=dict, blank=True)
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)

    objects = LiveManager["Question"]()
    all_objects = models.Manager()

    class Meta:
        ordering = ["competency", "level", "code"]
        constraints = [UniqueAmongLive(fields=["code"], name="assessment_question_code_live")]
        indexes = [models.Index(fields=["competency", "level"], name="assessment_question_level")]

    def __str__(self) -> str:
        return self.code


class DiagnosticAttempt(SyncedModel):
    """One person's skills check for one track; resumable until finished."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("in progress")
        FINISHED = "finished", _("finished")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="diagnostics")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    track = models.SlugField(_("track"), max_length=60)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    seed = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = LiveManager["DiagnosticAttempt"]()
    all_objects = models.Manager()

    class Meta:
        ordering = ["person", "-started_at"]

    def __str__(self) -> str:
        return f"{self.track} ({self.status})"

    def data_subject_id(self) -> uuid.UUID | None:
        """Sealed under the person's key."""
        return self.person_id


class DiagnosticResponse(SyncedModel):
    """One answer in an attempt, scored when given."""

    merge_policy: ClassVar[MergePolicy] = APPEND_ONLY

    personal_fields: ClassVar[tuple[str, ...]] = ("answer", "correct")

    attempt = models.ForeignKey(
        DiagnosticAttempt, on_delete=models.CASCADE, related_name="responses"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    answer = models.JSONField()
    correct = models.BooleanField()

    objects = LiveManager["DiagnosticResponse"]()
    all_objects = models.Manager()

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            UniqueAmongLive(fields=["attempt", "position"], name="assessment_response_position"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id} #{self.position}"

    def data_subject_id(self) -> uuid.UUID | None:
        """Sealed under the key of the person who answered."""
        return self.attempt.person_id


class Evidence(SyncedModel):
    """A dated, sourced claim that a person is at a level in a competency."""

    merge_policy: ClassVar[MergePolicy] = APPEND_ONLY

    personal_fields: ClassVar[tuple[str, ...]] = ("level", "confidence", "note")

    class Source(models.TextChoices):
        DIAGNOSTIC = "diagnostic", _("skills check")
        SELF = "self", _("self-assessment")
        COURSE = "course", _("course result")
        CREDENTIAL = "credential", _("partner's certificate")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="evidence")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    level = models.PositiveSmallIntegerField(_("level"))
    confidence = models.FloatField(_("confidence"))
    observed_at = models.DateTimeField(_("date"))
    attempt = models.ForeignKey(
        DiagnosticAttempt, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    # The course whose completion this is evidence of (the pathway never offers it again).
    course = models.ForeignKey(
        Course, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = LiveManager["Evidence"]()
    all_objects = models.Manager()

    class Meta:
        ordering = ["person", "competency", "-observed_at"]
        indexes = [models.Index(fields=["person", "competency"], name="assessment_evidence_person")]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return f"{self.source} {self.competency_id} → {self.level}"

    def data_subject_id(self) -> uuid.UUID | None:
        """Sealed under the person's key."""
        return self.person_id


class SkillEstimate(SyncedModel):
    """The current estimate of one person's level in one competency, from the evidence."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    personal_fields: ClassVar[tuple[str, ...]] = ("level", "confidence")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="skill_estimates")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("estimated level"))
    confidence = models.FloatField(_("confidence"))
    evidence_count = models.PositiveIntegerField(default=0)

    objects = LiveManager["SkillEstimate"]()
    all_objects = models.Manager()

    class Meta:
        ordering = ["person", "competency"]
        constraints = [
            UniqueAmongLive(fields=["person", "competency"], name="assessment_estimate"),
        ]
        # Covers the heatmap's read: each person's estimates without touching the table.
        indexes = [
            models.Index(fields=["person", "competency", "level"], name="assessment_estimate_cover")
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.competency_id} = {self.level}"

    def data_subject_id(self) -> uuid.UUID | None:
        """Sealed under the person's key."""
        return self.person_id


class RoleProfileOverride(SyncedModel):
    """A role profile set by hand for one person, instead of the one the rule gives."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    personal_fields: ClassVar[tuple[str, ...]] = ("reason",)

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="role_profile_override"
    )
    # Blank when the person has been handed back to the rule (the row stays, so it syncs).
    role_profile = models.ForeignKey(
        RoleProfile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    set_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = LiveManager["RoleProfileOverride"]()
    all_objects = models.Manager()

    def __str__(self) -> str:
        return f"{self.person_id} → {self.role_profile_id}"

    def data_subject_id(self) -> uuid.UUID | None:
        """Sealed under the person's key."""
        return self.person_id
