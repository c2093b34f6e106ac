"""Follow-up of graduates: surveys at 3, 6 and 12 months, placements and disability data.

A ``FollowUp`` is one survey wave of one completion: it is scheduled when the course is
completed, opens a window around its due date, sends the person a personal link, and ends
``answered``, ``no_response`` (the window closed without an answer: never "unemployed")
or ``cancelled`` (follow-up consent withdrawn). Only a hash of the link's token is kept.

``FollowUpAnswer`` is what the graduate said, by the link or to staff on the phone.
``Placement`` is a job that staff record, and may verify, from an employer.
``DisabilityStatus`` holds the Washington Group Short Set answers of one person, sealed
under the person's data key; only the derived ``with_disability`` flag stays groupable.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ujuzi.core import crypto
from ujuzi.core.constraints import UniqueAmongLive
from ujuzi.core.merge import APPEND_ONLY, LAST_WRITER_WINS, MergePolicy
from ujuzi.core.models import LiveManager, SyncedModel, User
from ujuzi.delivery.models import Completion
from ujuzi.people.models import Person


class Sector(models.TextChoices):
    """Where a graduate works."""

    PUBLIC = "public", _("public service")
    PRIVATE = "private", _("private company")
    SELF_EMPLOYED = "self_employed", _("self-employed")
    NGO = "ngo", _("NGO or non-profit")


class FollowUp(SyncedModel):
    """One survey wave (3, 6 or 12 months after completion) of one completion."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    personal_fields: ClassVar[tuple[str, ...]] = ("link_secret_hash",)

    class Wave(models.IntegerChoices):
        THREE_MONTHS = 3, _("3 months")
        SIX_MONTHS = 6, _("6 months")
        TWELVE_MONTHS = 12, _("12 months")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        SENT = "sent", _("sent")
        ANSWERED = "answered", _("answered")
        NO_RESPONSE = "no_response", _("no response")
        CANCELLED = "cancelled", _("cancelled")

    completion = models.ForeignKey(Completion, on_delete=models.CASCADE, related_name="follow_ups")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="follow_ups")
    wave = models.PositiveSmallIntegerField(_("wave"), choices=Wave.choices)
    due_on = models.DateField(_("due on"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED.value
    )
    # SHA-256 of the link's random token; the token itself is only in the message sent.
    link_secret_hash = models.CharField(max_length=64, blank=True, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = LiveManager["FollowUp"]()
    all_objects: models.Manager[FollowUp] = models.Manager()

    class Meta:
        ordering = ["due_on", "wave"]
        constraints = [
            UniqueAmongLive(fields=["completion", "wave"], name="outcomes_follow_up_once")
        ]
        indexes = [
            models.Index(fields=["status", "opens_on"], name="outcomes_follow_up_status"),
        ]

    def __str__(self) -> str:
        return f"{self.wave}-month follow-up of {self.completion_id}"

    def clean(self) -> None:
        """The window holds the due date."""
        if self.opens_on and self.closes_on and not self.opens_on <= self.due_on <= self.closes_on:
            raise ValidationError({"closes_on": _("The window must contain the due date.")})

    def data_subject_id(self) -> uuid.UUID | None:
        """Sealed under the graduate's key."""
        return self.person_id


class FollowUpAnswer(SyncedModel):
    """What a graduate answered to one follow-up, by the link or on the phone."""

    merge_policy: ClassVar[MergePolicy] = APPEND_ONLY

    personal_fields: ClassVar[tuple[str, ...]] = (
        "employment_status",
        "tech_role",
        "role_started_on",
        "sector",
        "promoted",
        "new_digital_responsibilities",
        "digital_project_led",
        "skills_use",
    )

    class Employment(models.TextChoices):
        EMPLOYED = "employed", _("employed (working for someone else)")
        SELF_EMPLOYED = "self_employed", _("self-employed or running a business")
        UNEMPLOYED_LOOKING = "unemployed_looking", _("not working and looking for work")
        NOT_LOOKING = "not_looking", _("not working and not looking for work")
        STUDYING = "studying", _("studying or in training")

    class SkillsUse(models.TextChoices):
        NEVER = "never", _("never")
        SOMETIMES = "sometimes", _("sometimes")
        OFTEN = "often", _("often")
        DAILY = "daily", _("every day")

    class Channel(models.TextChoices):
        LINK = "link", _("personal link")
        PHONE = "phone", _("phone call")

    follow_up = models.OneToOneField(FollowUp, on_delete=models.CASCADE, related_name="answer")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="follow_up_answers")
    employment_status = models.CharField(
        _("work situation"), max_length=20, choices=Employment.choices
    )
    tech_role = models.BooleanField(_("technology role"), default=False)
    role_started_on = models.DateField(_("role started on"), null=True, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    # Civil servants only; NULL when not asked.
    promoted = models.BooleanField(_("promoted"), null=True, blank=True)
    new_digital_responsibilities = models.BooleanField(
        _("new digital responsibilities"), null=True, blank=True
    )
    digital_project_led = models.BooleanField(_("led a digital project"), null=True, blank=True)
    skills_use = models.CharField(_("use of the skills"), max_length=10, choices=SkillsUse.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_on = models.DateField(_("answered on"))

    objects = LiveManager["FollowUpAnswer"]()
    all_objects: models.Manager[FollowUpAnswer] = models.Manager()

    def __str__(self) -> str:
        return f"answer to {self.follow_up_id}"

    def clean(self) -> None:
        """A technology role is a job; a sector goes with work."""
        working = self.employment_status in (
            self.Employment.EMPLOYED,
            self.Employment.SELF_EMPLOYED,
        )
        problems = {}
        if self.tech_role and not working:
            problems["tech_role"] = _("A technology role needs a job or a business.")
        if self.role_started_on and not working:
            problems["role_started_on"] = _("A start date needs a job or a business.")
        if problems:
            raise ValidationError(problems)

    def data_subject_id(self) -> uuid.UUID | None:
        """Sealed under the graduate's key."""
        return self.person_id


class Placement(SyncedModel):
    """A job a graduate took, recorded by staff and verified with the employer."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    personal_fields: ClassVar[tuple[str, ...]] = ("employer", "started_on")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="placements")
    completion = models.ForeignKey(
        Completion, null=True, blank=True, on_delete=models.SET_NULL, related_name="placements"
    )
    employer = models.CharField(_("employer"), max_length=200)
    tech_role = models.BooleanField(_("technology role"), default=False)
    started_on = models.DateField(_("started on"))
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    verified_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = LiveManager["Placement"]()
    all_objects: models.Manager[Placement] = models.Manager()

    class Meta:
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return f"placement of {self.person_id}"

    def data_subject_id(self) -> uuid.UUID | None:
        """Sealed under the graduate's key."""
        return self.person_id


# The Washington Group Short Set: six domains, four levels of difficulty.
WG_DOMAINS: tuple[str, ...] = (
    "seeing",
    "hearing",
    "walking",
    "cognition",
    "self_care",
    "communication",
)


class Difficulty(models.IntegerChoices):
    """The four answer levels of the Washington Group questions."""

    NONE = 1, _("No difficulty")
    SOME = 2, _("Some difficulty")
    A_LOT = 3, _("A lot of difficulty")
    CANNOT = 4, _("Cannot do at all")


def with_disability_from(answers: dict[str, int]) -> bool:
    """The Washington Group cut-off: any domain at "a lot of difficulty" or worse."""
    return any(answers[domain] >= Difficulty.A_LOT for domain in WG_DOMAINS)


class DisabilityStatus(SyncedModel):
    """One person's Washington Group answers, sealed; ``with_disability`` stays groupable.

    The six answers are one sealed value (``answers_sealed``) under a data key of this
    record's own (its ``id`` is the data subject), so that withdrawing the disability
    consent shreds that key: the answers become unreadable in the table, the journal and
    every synced copy, while the rest of the person's data stays. Held only while the
    person's latest ``disability`` consent is given.
    """

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    sensitive_fields: ClassVar[tuple[str, ...]] = ("answers_sealed", "with_disability")

    # One live record per person (a constraint); a withdrawn one stays as a tombstone, so
    # that the erasure syncs, and a new consent starts a new record with a new key.
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disability_status")
    answers_sealed = models.BinaryField()
    with_disability = models.BooleanField(default=False)
    recorded_on = models.DateField()
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = LiveManager["DisabilityStatus"]()
    all_objects: models.Manager[DisabilityStatus] = models.Manager()

    class Meta:
        constraints = [UniqueAmongLive(fields=["person"], name="outcomes_disability_one_live")]

    def __str__(self) -> str:
        return f"disability status of {self.person_id}"

    def data_subject_id(self) -> uuid.UUID | None:
        """Sealed under the record's own key, shredded when consent is withdrawn."""
        return self.id

    def seal_answers(self, answers: dict[str, int]) -> None:
        """Seal the six answers and derive the flag; refuses incomplete or invalid answers."""
        clean = wg_answers_check(answers)
        keys = crypto.data_keys_for([self.id])
        key = keys.get(self.id)
        if key is None:
            raise ValueError(f"disability record {self.id} has been erased")
        self.answers_sealed = crypto.seal_values(key, self.id, clean)
        self.with_disability = with_disability_from(clean)

    def answers(self) -> dict[str, int] | None:
        """The six answers, or ``None`` once the record's key is shredded."""
        if not self.answers_sealed:
            return None
        opened = crypto.open_values(self.id, bytes(self.answers_sealed))
        if opened is None:
            return None
        return {domain: int(opened[domain]) for domain in WG_DOMAINS}


def wg_answers_check(answers: dict[str, Any]) -> dict[str, int]:
    """The six answers as integers 1 to 4, or a ``ValidationError`` naming each problem."""
    problems: dict[str, Any] = {}
    clean: dict[str, int] = {}
    for domain in WG_DOMAINS:
        value = answers.get(domain)
        try:
            level = int(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            problems[domain] = _("Choose one of the four answers.")
            continue
        if level not in Difficulty.values:
            problems[domain] = _("Choose one of the four answers.")
            continue
        clean[domain] = level
    extra = sorted(set(answers) - set(WG_DOMAINS))
    if extra:
        problems["__all__"] = _("Unknown questions: %(names)s") % {"names": ", ".join(extra)}
    if problems:
        raise ValidationError(problems)
    return clean
