"""People the programme trains, the institutions they work for, consent and roles.

A ``Person`` is a civil servant, a young person or anyone else who trains; many never sign
in. Sex (and later disability) is sensitive data under Kenya's Data Protection Act, so it
lives in ``PersonSensitive``, read only through the policy. Consent is a list of events
per purpose, never edited. A ``RoleAssignment`` gives a login one role with its scope:
an institution (training officer) or a site (facilitator).
"""

from __future__ import annotations

import datetime
import uuid
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ujuzi.core.constraints import UniqueAmongLive
from ujuzi.core.merge import APPEND_ONLY, LAST_WRITER_WINS, ConfirmedMerge, MergePolicy
from ujuzi.core.models import AdministrativeArea, LiveManager, SyncedModel, User
from ujuzi.people.learner_numbers import learner_number_new
from ujuzi.places.models import Site

ADULT_AGE = 18


def years_between(born: datetime.date, day: datetime.date) -> int:
    """Age in whole years on ``day`` of someone born on ``born`` (a birthday counts that day)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Institution(SyncedModel):
    """A ministry, state department, county government, agency or other employer."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    not_personal_fields: ClassVar[tuple[str, ...]] = ("name",)

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("ministry")
        STATE_DEPARTMENT = "state_department", _("state department")
        COUNTY_GOVERNMENT = "county_government", _("county government")
        STATE_AGENCY = "state_agency", _("state agency")
        CONSTITUTIONAL_COMMISSION = "commission", _("constitutional commission")
        TRAINING_INSTITUTION = "training", _("training institution")
        PRIVATE = "private", _("private company")
        NGO = "ngo", _("non-governmental organisation")

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    area = models.ForeignKey(
        AdministrativeArea, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = LiveManager["Institution"]()
    all_objects: models.Manager[Institution] = models.Manager()

    class Meta:
        ordering = ["name"]
        constraints = [UniqueAmongLive(fields=["code"], name="people_institution_code_live")]

    def __str__(self) -> str:
        return self.name


class Person(SyncedModel):
    """Someone the programme trains. People under 18 have a guardian, not a national ID."""

    # One person registered at two sites becomes one record only when an admin confirms it.
    merge_policy: ClassVar[MergePolicy] = ConfirmedMerge(
        natural_keys=(("national_id",), ("personal_number",))
    )

    class Audience(models.TextChoices):
        CIVIL_SERVANT = "civil_servant", _("civil servant")
        YOUTH = "youth", _("young person")
        OTHER = "other", _("other")

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        KISWAHILI = "sw", _("Kiswahili")

    # The programme's random identifier for the person (``learner_numbers``): certificates
    # name their holder by its salted hash, never by an e-mail address or an ID number.
    # Unique among tombstones too: a number a certificate names is never given to another
    # person, and being random it is never typed in again for a new record.
    learner_number = models.CharField(
        _("learner number"),
        max_length=20,
        unique=True,
        default=learner_number_new,
        editable=False,  # renewed through the service, never typed in
    )
    first_name = models.CharField(_("first name"), max_length=100)
    middle_name = models.CharField(_("middle name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    # NULL (not "") when absent, so that the unique constraints allow many people without one.
    national_id = models.CharField(  # noqa: DJ001
        _("national ID number"), max_length=20, null=True, blank=True
    )
    personal_number = models.CharField(  # noqa: DJ001
        _("personal number"), max_length=40, null=True, blank=True
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    # The three keys below are indexed in Meta.indexes, not by their own db_index.
    area = models.ForeignKey(
        AdministrativeArea,
        verbose_name=_("county or district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        db_index=False,
    )
    registered_at_site = models.ForeignKey(
        Site,
        verbose_name=_("registered at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registered_people",
        db_index=False,
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    grade = models.CharField(_("job group / grade"), max_length=20, blank=True)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    guardian_name = models.CharField(_("guardian's name"), max_length=200, blank=True)
    guardian_phone = models.CharField(_("guardian's phone"), max_length=20, blank=True)
    user = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )

    objects = LiveManager["Person"]()
    all_objects: models.Manager[Person] = models.Manager()

    personal_fields: ClassVar[tuple[str, ...]] = (
        "learner_number",
        "first_name",
        "middle_name",
        "last_name",
        "national_id",
        "personal_number",
        "email",
        "phone",
        "date_of_birth",
        "job_title",
        "guardian_name",
        "guardian_phone",
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            UniqueAmongLive(fields=["national_id"], name="people_person_national_id"),
            UniqueAmongLive(fields=["personal_number"], name="people_person_personal_number"),
        ]
        # Every index costs each new person's insert (an import writes a hundred thousand):
        # the institution's key is served by (institution, last_name), the county's needs no
        # PostgreSQL pattern-matching twin, and only people registered at a site are listed
        # under one (migration 0002).
        indexes = [
            models.Index(fields=["institution", "last_name"], name="people_person_institution"),
            models.Index(fields=["email"], name="people_person_email"),
            models.Index(fields=["area"], name="people_person_area"),
            models.Index(
                fields=["registered_at_site"],
                name="people_person_site",
                condition=models.Q(registered_at_site__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        """Names in the order people write them."""
        return " ".join(
            part for part in (self.first_name, self.middle_name, self.last_name) if part
        )

    def data_subject_id(self) -> uuid.UUID | None:
        """A person's values are sealed under their own key."""
        return self.id

    def age_on(self, day: datetime.date) -> int | None:
        """Age in whole years on a day, when the date of birth is known."""
        return None if self.date_of_birth is None else years_between(self.date_of_birth, day)

    def clean(self) -> None:
        """Minors carry a guardian instead of a national ID."""
        age = self.age_on(datetime.date.today())  # noqa: DTZ011 - a date of birth is a local date
        if age is not None and age < ADULT_AGE:
            problems = {}
            if self.national_id:
                problems["national_id"] = _("People under 18 do not have a national ID number.")
            if not self.guardian_name or not self.guardian_phone:
                problems["guardian_name"] = _("People under 18 need a guardian's name and phone.")
            if problems:
                raise ValidationError(problems)


class PersonSensitive(SyncedModel):
    """Sensitive data of one person, kept apart from the person and read through the policy.

    ``sex`` stays groupable so that indicators can be disaggregated; ``sex_basis`` records
    the lawful ground on which it is held.
    """

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    not_personal_fields: ClassVar[tuple[str, ...]] = ("sex_basis",)

    class Sex(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")
        INTERSEX = "intersex", _("intersex")

    class Basis(models.TextChoices):
        EMPLOYER_RECORD = "employer_record", _("employer's HR record")
        SELF_DECLARED = "self_declared", _("declared by the person with consent")

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="sensitive")
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True)
    sex_basis = models.CharField(max_length=20, choices=Basis.choices, blank=True)

    objects = LiveManager["PersonSensitive"]()
    all_objects: models.Manager[PersonSensitive] = models.Manager()

    sensitive_fields: ClassVar[tuple[str, ...]] = ("sex",)

    def __str__(self) -> str:
        return f"sensitive data of {self.person_id}"

    def data_subject_id(self) -> uuid.UUID | None:
        """Sealed under the person's key."""
        return self.person_id


class ConsentEvent(SyncedModel):
    """A person gave or withdrew consent for one purpose. Never edited; the latest counts."""

    merge_policy: ClassVar[MergePolicy] = APPEND_ONLY

    class Purpose(models.TextChoices):
        TRAINING_ADMINISTRATION = "training", _("training administration")
        OUTCOME_FOLLOW_UP = "follow_up", _("outcome follow-up")
        DISABILITY_DATA = "disability", _("disability data")
        SHARING_WITH_EMPLOYERS = "employers", _("sharing with employers")

    class Decision(models.TextChoices):
        GIVEN = "given", _("given")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Channel(models.TextChoices):
        WEB = "web", _("web")
        PAPER = "paper", _("paper form")
        SMS = "sms", _("SMS")
        PHONE = "phone", _("phone call")
        IMPORT = "import", _("HR import")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    notice_version = models.CharField(_("privacy notice version"), max_length=20)
    decided_at = models.DateTimeField(_("when"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)

    class Meta:
        ordering = ["person", "purpose", "decided_at"]

    def __str__(self) -> str:
        return f"{self.person_id} {self.purpose} {self.decision}"


class RoleAssignment(SyncedModel):
    """A login's role, with the institution or site it is limited to."""

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    class Role(models.TextChoices):
        PROGRAMME_ADMIN = "programme_admin", _("programme administrator")
        TRAINING_OFFICER = "training_officer", _("training officer")
        FACILITATOR = "facilitator", _("facilitator")
        LEARNER = "learner", _("learner")
        DATA_PROTECTION_OFFICER = "dpo", _("data protection officer")
        PARTNER_VIEWER = "partner_viewer", _("partner viewer")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    institution = models.ForeignKey(
        Institution, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    site = models.ForeignKey(
        Site, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = LiveManager["RoleAssignment"]()
    all_objects: models.Manager[RoleAssignment] = models.Manager()

    def __str__(self) -> str:
        return f"{self.user_id} {self.role}"

    def clean(self) -> None:
        """Officers are limited to an institution, facilitators to a site."""
        if self.role == self.Role.TRAINING_OFFICER and self.institution_id is None:
            raise ValidationError({"institution": _("A training officer needs an institution.")})
        if self.role == self.Role.FACILITATOR and self.site_id is None:
            raise ValidationError({"site": _("A facilitator needs a site.")})
