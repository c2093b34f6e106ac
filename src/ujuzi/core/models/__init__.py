"""The shared kernel's records.

Every record that a site may create or change derives from ``SyncedModel``: a UUIDv7 key,
a hybrid-logical-clock ``changed_clock``, the node that last wrote it and a soft-delete
tombstone. Writes go through ``ujuzi.core.services``, which append to the change journal
(``JournalEntry``) and the keyed audit chain (``AuditEntry``) in the same transaction.
"""

from ujuzi.core.models.access import ApiToken, User
from ujuzi.core.models.audit import AuditCheckpoint, AuditEntry, AuditHead
from ujuzi.core.models.base import LiveManager, Node, SyncedModel
from ujuzi.core.models.journal import DataKey, JournalEntry, Shredding
from ujuzi.core.models.reference import AdministrativeArea, Country
from ujuzi.core.models.work import ScheduleState, TaskProgress

__all__ = [
    "AdministrativeArea",
    "ApiToken",
    "AuditCheckpoint",
    "AuditEntry",
    "AuditHead",
    "Country",
    "DataKey",
    "JournalEntry",
    "LiveManager",
    "Node",
    "ScheduleState",
    "Shredding",
    "SyncedModel",
    "TaskProgress",
    "User",
]
