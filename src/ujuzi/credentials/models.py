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

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ujuzi.core.ids import uuid7


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
