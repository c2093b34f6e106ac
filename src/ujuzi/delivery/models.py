"""Cohorts, their sessions, and each learner's way through them.

A ``Cohort`` is a course run at a site (a campus, a community digital centre, the online
site, or a mobile lab at one of its stops) with dates, seats and a language. Training
officers nominate their staff (``Nomination``); programme administrators approve or
decline; an approved nomination, or a learner enrolling in an open cohort, becomes an
``Enrolment`` that holds a seat or waits for one. Waiting is first come, first served by
the hybrid-logical clock value taken when the place was asked for (``queued_clock``), so
that the order is the same on every node once sites enrol offline.

Attendance marks are facts that only accumulate: a later mark for the same person and
session supersedes an earlier one, nothing is edited. ``Completion`` is computed from the
course's rule (attendance share, and the pass mark of its final assessment when it has
one), dated, and adds course evidence to the learner's skill profile.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ujuzi.catalog.models import Course
from ujuzi.core.constraints import UniqueAmongLive
from ujuzi.core.merge import APPEND_ONLY, LAST_WRITER_WINS, HubDecides, MergePolicy
from ujuzi.core.models import LiveManager, SyncedModel, User
from ujuzi.people.models import Person
from ujuzi.places.models import RouteStop, Site


class Cohort(SyncedModel):
    """A course at a site (or a mobile lab's stop) with dates, seats and a language."""

    merge_policy: ClassVar[MergePolicy] = HubDecides(fields=("capacity",))

    code = models.SlugField(_("code"), max_length=60)
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="cohorts"
    )
    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="cohorts"
    )
    route_stop = models.ForeignKey(
        RouteStop,
        verbose_name=_("stop"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cohorts",
    )
    language = models.CharField(_("language"), max_length=2, default="en")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    capacity = models.PositiveIntegerField(_("seats"))
    # Open cohorts (youth courses at a mobile lab, say) take learners who enrol themselves.
    is_open = models.BooleanField(_("open to self-enrolment"), default=False)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    # Set when the cohort is closed and completions are recorded; a closed cohort takes no
    # more places, sessions, marks or scores.
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    objects = LiveManager["Cohort"]()
    all_objects: models.Manager[Cohort] = models.Manager()

    class Meta:
        ordering = ["starts_on", "code"]
        constraints = [UniqueAmongLive(fields=["code"], name="delivery_cohort_code_live")]
        indexes = [models.Index(fields=["site", "starts_on"], name="delivery_cohort_site")]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        """A cohort ends after it starts, and a stop belongs to the cohort's mobile lab."""
        problems = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            problems["ends_on"] = _("A cohort cannot end before it starts.")
        stop = self.route_stop if self.route_stop_id else None
        if stop is not None and self.site_id and stop.site_id != self.site_id:
            problems["route_stop"] = _("The stop must be on this mobile lab's route.")
        if self.language not in ("en", "sw"):
            problems["language"] = _("Choose English or Kiswahili.")
        if problems:
            raise ValidationError(problems)


class CohortFacilitator(SyncedModel):
    """A facilitator who runs a cohort."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="facilitators")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    objects = LiveManager["CohortFacilitator"]()
    all_objects: models.Manager[CohortFacilitator] = models.Manager()

    class Meta:
        constraints = [UniqueAmongLive(fields=["cohort", "user"], name="delivery_facilitator_once")]

    def __str__(self) -> str:
        return f"{self.user_id} runs {self.cohort_id}"


class Session(SyncedModel):
    """One meeting of a cohort. ``check_in_code`` is the short code shown in the room."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    check_in_code = models.CharField(_("check-in code"), max_length=8)

    objects = LiveManager["Session"]()
    all_objects: models.Manager[Session] = models.Manager()

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["cohort", "starts_at"], name="delivery_session_cohort")]

    def __str__(self) -> str:
        return f"{self.cohort_id} {self.starts_at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        """A session ends after it starts."""
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})


class Nomination(SyncedModel):
    """A training officer puts a member of staff forward for a cohort."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    personal_fields: ClassVar[tuple[str, ...]] = ("decision_reason",)

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for approval")
        APPROVED = "approved", _("approved")
        DECLINED = "declined", _("declined")

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="nominations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="nominations")
    nominated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING.value
    )
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(_("reason"), max_length=300, blank=True)
    # The clock value when the officer asked: an approved nominee waits in this order.
    requested_clock = models.BigIntegerField(default=0)

    objects = LiveManager["Nomination"]()
    all_objects: models.Manager[Nomination] = models.Manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            UniqueAmongLive(fields=["cohort", "person"], name="delivery_nomination_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} for {self.cohort_id}: {self.status}"

    def data_subject_id(self) -> uuid.UUID | None:
        """Sealed under the nominee's key."""
        return self.person_id


class Enrolment(SyncedModel):
    """A person's place in a cohort: holding a seat, waiting for one, or finished."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    personal_fields: ClassVar[tuple[str, ...]] = ("final_score", "leaving_reason")

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("enrolled")
        WAITLISTED = "waitlisted", _("on the waiting list")
        WITHDRAWN = "withdrawn", _("withdrew before the start")
        DROPPED_OUT = "dropped_out", _("dropped out")
        COMPLETED = "completed", _("completed")
        NOT_COMPLETED = "not_completed", _("did not complete")
        NO_SEAT = "no_seat", _("no seat became free")
        CANCELLED = "cancelled", _("the cohort was cancelled")

    class Source(models.TextChoices):
        NOMINATION = "nomination", _("nominated by their institution")
        SELF = "self", _("enrolled themselves")

    # Statuses that hold or wait for a seat; a person has at most one such place at a time.
    ACTIVE: ClassVar[tuple[str, ...]] = (Status.ENROLLED, Status.WAITLISTED)

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="enrolments")
    status = models.CharField(_("status"), max_length=14, choices=Status.choices)
    source = models.CharField(_("how"), max_length=12, choices=Source.choices)
    nomination = models.ForeignKey(
        Nomination, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The clock value when the place was asked for: the waiting list's order on every node.
    queued_clock = models.BigIntegerField()
    final_score = models.PositiveSmallIntegerField(_("final assessment (%)"), null=True, blank=True)
    leaving_reason = models.CharField(_("reason for leaving"), max_length=300, blank=True)

    objects = LiveManager["Enrolment"]()
    all_objects: models.Manager[Enrolment] = models.Manager()

    class Meta:
        ordering = ["queued_clock", "id"]
        constraints = [UniqueAmongLive(fields=["cohort", "person"], name="delivery_enrolment_once")]
        indexes = [
            models.Index(fields=["cohort", "status", "queued_clock"], name="delivery_enrol_queue"),
            models.Index(fields=["person", "status"], name="delivery_enrol_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.cohort_id}: {self.status}"

    def data_subject_id(self) -> uuid.UUID | None:
        """Sealed under the learner's key."""
        return self.person_id


class Attendance(SyncedModel):
    """A mark: this person was (or was not) at this session. The newest mark counts."""

    merge_policy: ClassVar[MergePolicy] = APPEND_ONLY

    class Method(models.TextChoices):
        ROLL = "roll", _("roll taken by the facilitator")
        CHECK_IN = "check_in", _("checked in with the room's code")
        CARD = "card", _("learner's card scanned")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"))
    method = models.CharField(_("how"), max_length=10, choices=Method.choices)
    marked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = LiveManager["Attendance"]()
    all_objects: models.Manager[Attendance] = models.Manager()

    class Meta:
        ordering = ["session", "person", "changed_clock"]
        indexes = [
            models.Index(
                fields=["session", "person", "changed_clock"], name="delivery_attendance_latest"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} at {self.session_id}: {self.present}"

    def data_subject_id(self) -> uuid.UUID | None:
        """Sealed under the learner's key."""
        return self.person_id


class Completion(SyncedModel):
    """A learner completed a cohort's course under its rule, on a date."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    personal_fields: ClassVar[tuple[str, ...]] = ("attendance_percent", "final_score")

    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="completion")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="completions")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions")
    completed_on = models.DateField(_("completed on"))
    attendance_percent = models.PositiveSmallIntegerField(_("attendance (%)"))
    final_score = models.PositiveSmallIntegerField(_("final assessment (%)"), null=True, blank=True)

    objects = LiveManager["Completion"]()
    all_objects: models.Manager[Completion] = models.Manager()

    class Meta:
        ordering = ["-completed_on"]
        indexes = [
            models.Index(fields=["course", "completed_on"], name="delivery_completion_course")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} completed {self.course_id} on {self.completed_on}"

    def data_subject_id(self) -> uuid.UUID | None:
        """Sealed under the learner's key."""
        return self.person_id


class LearnerKey(SyncedModel):
    """A random key that stands for a learner where no sign-in is possible.

    Printed as the QR code of a learner's card (a facilitator scans it) or put in the
    address of their calendar feed (a phone's calendar app fetches it). The learner can
    replace it at any time; the old key is tombstoned and stops working everywhere once
    the change has synced.
    """

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    class Purpose(models.TextChoices):
        CARD = "card", _("learner's card")
        CALENDAR = "calendar", _("calendar address")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    # Unique among tombstones too: a replaced key must never open another learner's card.
    secret = models.CharField(max_length=64, unique=True)

    objects = LiveManager["LearnerKey"]()
    all_objects: models.Manager[LearnerKey] = models.Manager()

    personal_fields: ClassVar[tuple[str, ...]] = ("secret",)

    def __str__(self) -> str:
        return f"{self.purpose} key of {self.person_id}"

    def data_subject_id(self) -> uuid.UUID | None:
        """Sealed under the learner's key."""
        return self.person_id
