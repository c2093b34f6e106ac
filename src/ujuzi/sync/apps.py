"""Sync: taking in journal entries from other nodes and applying them by each model's rule."""

from django.apps import AppConfig


class SyncConfig(AppConfig):
    """Where a node's changes meet another node's."""

    name = "ujuzi.sync"
    label = "sync"
    verbose_name = "Sync"
