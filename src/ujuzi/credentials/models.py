"""The issuer's signing keys.

An ``IssuerKey`` is one Ed25519 key pair of this installation's ``did:web`` issuer. The
public half is published in the DID document (``/.well-known/did.json``) under the key's
fragment (``#key-1``, ``#key-2``…); the private half is stored only sealed with the
installation's keyring (``UJUZI_ENCRYPTION_KEYS``, AES-256-GCM bound to the key's id).
Rotation adds a key and retires the previous one: a retired key signs nothing more but
stays published, so every credential it signed still verifies.

The model is local, not synced: a signing key belongs to the installation whose domain
names the issuer, and its sealed private half opens only with that installation's
keyring, so copying it to other nodes would spread a secret for no use.
"""

from __future__ import annotations

import datetime
import uuid
from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ujuzi.catalog.models import Course
from ujuzi.competencies.models import Competency
from ujuzi.core.constraints import UniqueAmongLive
from ujuzi.core.ids import uuid7
from ujuzi.core.merge import LAST_WRITER_WINS, MergePolicy
from ujuzi.core.models import LiveManager, SyncedModel
from ujuzi.delivery.models import Completion
from ujuzi.people.models import Person


class IssuerKey(models.Model):
    """One signing key of this installation's issuer."""

    not_personal_fields: ClassVar[tuple[str, ...]] = ()

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    number = models.PositiveIntegerField(_("number"), unique=True)
    public_key_multibase = models.CharField(_("public key"), max_length=64, unique=True)
    private_key_sealed = models.BinaryField(editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    is_retired = models.BooleanField(_("retired"), default=False)

    class Meta:
        verbose_name = _("issuer key")
        verbose_name_plural = _("issuer keys")
        ordering = ["number"]

    def __str__(self) -> str:
        return self.key_id

    @property
    def key_id(self) -> str:
        """The fragment that names the key in the DID document ("key-1")."""
        return f"key-{self.number}"


class StatusListRange(SyncedModel):
    """A block of indexes of one status list that one node hands out to its credentials.

    Each credential takes the next free index of a range held by the node that issues it,
    so two sites issuing offline never take the same bit of a list. Today the node that
    serves the list creates whole-list ranges on demand; a hub could hand a site a slice.
    """

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    list_id = models.CharField(_("status list"), max_length=40)
    node = models.UUIDField(_("node"))
    first = models.PositiveIntegerField(_("first index"))
    last = models.PositiveIntegerField(_("last index"))
    next = models.PositiveIntegerField(_("next free index"))

    objects = LiveManager["StatusListRange"]()
    all_objects: models.Manager[StatusListRange] = models.Manager()

    class Meta:
        ordering = ["list_id", "first"]
        # Among tombstones too (unlike natural keys, ``ujuzi.core.constraints``): a range
        # handed out once keeps its indexes, so no bit of a published list serves twice.
        constraints = [
            models.UniqueConstraint(fields=["list_id", "first"], name="credentials_range_start"),
        ]

    def __str__(self) -> str:
        return f"list {self.list_id}: {self.first}-{self.last} (next {self.next})"


class Credential(SyncedModel):
    """A signed Open Badges certificate for one completion.

    The signed ``document`` is kept exactly as issued (it is what the learner downloads).
    It names the learner only by a salted hash, but with the person link it is still
    personal data and is declared so.
    """

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    personal_fields: ClassVar[tuple[str, ...]] = ("person", "document")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="credentials")
    completion = models.OneToOneField(
        Completion, on_delete=models.PROTECT, related_name="credential"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="credentials")
    document = models.JSONField(_("signed credential"))
    # The published identifiers below stay unique among tombstones too: a verifier who
    # holds a deleted credential's id or status bit must never find another one there.
    credential_id = models.CharField(_("credential id"), max_length=300, unique=True)
    status_list_id = models.CharField(_("status list"), max_length=40)
    status_list_index = models.PositiveIntegerField(_("status list index"))
    issued_at = models.DateTimeField(_("issued"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)

    objects = LiveManager["Credential"]()
    all_objects: models.Manager[Credential] = models.Manager()

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["status_list_id", "status_list_index"], name="credentials_status_bit"
            ),
        ]

    def __str__(self) -> str:
        return self.credential_id

    def data_subject_id(self) -> uuid.UUID | None:
        """Sealed under the learner's key."""
        return self.person_id

    @property
    def is_revoked(self) -> bool:
        """True once revoked; a revoked credential stays, with its reason."""
        return self.revoked_at is not None


class IssuingHold(SyncedModel):
    """A graduate whose certificate could not be issued yet, and why.

    Issuing never drops a completion with only a log line: the programme administrator
    sees every hold on their home page and on the list of certificates waiting, with the
    reason and the way to mend it. Issuing again (the periodic job, or "Try again") clears
    the hold once the certificate is signed; the row stays, resolved, as the record.
    """

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    class Reason(models.TextChoices):
        NO_LEARNER_NUMBER = "learner_number", _("the learner has no valid learner number")
        PERSON_REMOVED = "person_removed", _("the learner's record has been removed")
        SIGNING_KEY = "signing_key", _("the issuer's signing key cannot be opened")

    completion = models.OneToOneField(
        Completion, on_delete=models.PROTECT, related_name="issuing_hold"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    noted_at = models.DateTimeField(_("noted"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    objects = LiveManager["IssuingHold"]()
    all_objects: models.Manager[IssuingHold] = models.Manager()

    class Meta:
        ordering = ["-noted_at"]

    def __str__(self) -> str:
        return f"{self.completion_id}: {self.reason}"


class TrustedIssuer(SyncedModel):
    """Another issuer whose DID document the programme imported: trusted or only known.

    A verifier accepts a foreign credential only when its issuer is here and ``trusted``;
    a known issuer that is not trusted (a partner under review, or one withdrawn) gives
    "untrusted issuer", and one not here gives "unknown issuer". The public keys are taken
    from the imported ``document`` when it is imported and kept in ``verification_methods``
    (verification method id → ``publicKeyMultibase``), so verifying needs no network.

    Synced: the programme decides whom it trusts once, and every site must verify its
    partners' certificates offline with the same list. Nothing here names a person.
    """

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    not_personal_fields: ClassVar[tuple[str, ...]] = ("name",)

    did = models.CharField(_("DID"), max_length=500)
    # An organisation's own name, as it writes it (not translated).
    name = models.CharField(_("name"), max_length=250)
    country = models.CharField(_("country"), max_length=2, blank=True)
    document = models.JSONField(_("DID document"))
    verification_methods = models.JSONField(_("public keys"), default=dict)
    trusted = models.BooleanField(_("trusted"), default=True)
    note = models.TextField(_("note"), blank=True)
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)

    objects = LiveManager["TrustedIssuer"]()
    all_objects: models.Manager[TrustedIssuer] = models.Manager()

    class Meta:
        verbose_name = _("trusted issuer")
        verbose_name_plural = _("trusted issuers")
        ordering = ["name", "did"]
        constraints = [
            UniqueAmongLive(fields=["did"], name="credentials_trusted_issuer_did"),
        ]

    def __str__(self) -> str:
        return self.did


class PassportShare(SyncedModel):
    """A link a learner gives someone (an employer, say) to see their certificates.

    The link carries a random token; only its SHA-256 is kept, so a copy of the database
    does not open anyone's passport. The learner may give it an expiry and may revoke it
    at any time. Synced: a link made at a site works once it reaches the hub that serves
    the public address, and a revocation travels the same way.
    """

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    personal_fields: ClassVar[tuple[str, ...]] = ("person", "label")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="passport_shares")
    # Unique among tombstones too: a removed share's link must never open another one.
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    # The learner's own note of whom the link is for; shown only to them.
    label = models.CharField(_("note"), max_length=100, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = LiveManager["PassportShare"]()
    all_objects: models.Manager[PassportShare] = models.Manager()

    class Meta:
        verbose_name = _("passport share link")
        verbose_name_plural = _("passport share links")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"passport share of {self.person_id}"

    def data_subject_id(self) -> uuid.UUID | None:
        """Sealed under the learner's key."""
        return self.person_id

    def is_open_at(self, moment: datetime.datetime) -> bool:
        """True while neither revoked nor expired."""
        return self.revoked_at is None and (self.expires_at is None or moment < self.expires_at)


class AchievementMapping(SyncedModel):
    """What a trusted partner's achievement attests in the programme's framework.

    A CASE association kept by the programme administrator: the partner's achievement
    (by its ``id``) is an exact match of, or related to, one of our competencies at a
    level. A partner certificate a learner adds to their record then counts as evidence
    at that level: fully for an exact match, with less confidence for a related one.
    """

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    not_personal_fields: ClassVar[tuple[str, ...]] = ("achievement_name",)

    class Association(models.TextChoices):
        EXACT_MATCH = "exactMatchOf", _("exact match")
        RELATED = "isRelatedTo", _("related")

    issuer = models.ForeignKey(
        TrustedIssuer, on_delete=models.PROTECT, related_name="achievement_mappings"
    )
    achievement_id = models.CharField(_("achievement"), max_length=300)
    achievement_name = models.CharField(_("achievement's name"), max_length=250, blank=True)
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"))
    association = models.CharField(_("association"), max_length=20, choices=Association.choices)

    objects = LiveManager["AchievementMapping"]()
    all_objects: models.Manager[AchievementMapping] = models.Manager()

    class Meta:
        ordering = ["achievement_id", "competency"]
        constraints = [
            UniqueAmongLive(
                fields=["issuer", "achievement_id", "competency"],
                name="credentials_achievement_mapping",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.achievement_id} {self.association} {self.competency_id}"


class PartnerCredential(SyncedModel):
    """A certificate from a trusted partner issuer that a learner added to their record.

    Kept exactly as signed, with the person it was proved to name; its achievement counts
    as evidence through the issuer's ``AchievementMapping`` rows.
    """

    merge_policy: ClassVar[MergePolicy] = LAST_WRITER_WINS

    personal_fields: ClassVar[tuple[str, ...]] = ("person", "document")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    issuer = models.ForeignKey(TrustedIssuer, on_delete=models.PROTECT, related_name="+")
    credential_id = models.CharField(_("credential id"), max_length=300)
    achievement_id = models.CharField(_("achievement"), max_length=300)
    document = models.JSONField(_("signed credential"))
    added_at = models.DateTimeField(_("added"))

    objects = LiveManager["PartnerCredential"]()
    all_objects: models.Manager[PartnerCredential] = models.Manager()

    class Meta:
        ordering = ["-added_at"]
        constraints = [
            UniqueAmongLive(
                fields=["person", "credential_id"], name="credentials_partner_credential"
            ),
        ]

    def __str__(self) -> str:
        return self.credential_id

    def data_subject_id(self) -> uuid.UUID | None:
        """Sealed under the learner's key."""
        return self.person_id
