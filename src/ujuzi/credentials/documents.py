"""Open Badges 3.0 credential documents, before they are signed.

An ``OpenBadgeCredential`` says that the holder of a learner number earned an achievement;
the issuer is this installation's ``did:web`` profile. The recipient is named only by a
salted SHA-256 hash of that random number, so the certificate itself carries no address,
phone number or ID, and the hash cannot be turned back into one.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from ujuzi.credentials.contexts import OB_V3P0_303, VC_V2


def timestamp(moment: datetime.datetime) -> str:
    """XML Schema dateTime in UTC to the second ("2026-12-01T08:00:00Z")."""
    if moment.tzinfo is None:
        raise ValueError("credential dates must carry a time zone")
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def recipient_identity_hash(identity: str, salt: str) -> str:
    """OB 3.0 ``identityHash``: ``sha256$`` and the hex SHA-256 of identity + salt."""
    return "sha256$" + hashlib.sha256((identity + salt).encode()).hexdigest()


def open_badge(
    *,
    credential_id: str,
    issuer_did: str,
    issuer_name: str,
    achievement: dict[str, Any],
    recipient_hash: str,
    salt: str,
    valid_from: datetime.datetime,
    valid_until: datetime.datetime | None = None,
    identity_type: str = "emailAddress",
    credential_status: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An unsigned OpenBadgeCredential (VC 2.0 with the OB 3.0.3 context).

    ``identity_type`` says what was hashed (``ext:studentId`` for a learner number;
    certificates issued before learner numbers hashed an ``emailAddress`` or a
    ``nationalIdentityNumber``);
    ``credential_status`` is a ``BitstringStatusListEntry`` (VC 2.0 context terms).
    """
    document: dict[str, Any] = {
        "@context": [VC_V2, OB_V3P0_303],
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_did, "type": ["Profile"], "name": issuer_name},
        "validFrom": timestamp(valid_from),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": recipient_hash,
                    "identityType": identity_type,
                    "hashed": True,
                    "salt": salt,
                }
            ],
            "achievement": achievement,
        },
    }
    if "name" in achievement:
        document["name"] = achievement["name"]
    if valid_until is not None:
        document["validUntil"] = timestamp(valid_until)
    if credential_status is not None:
        document["credentialStatus"] = credential_status
    return document
