"""Reads of frameworks and competencies (public: frameworks hold no personal data)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from ujuzi.competencies.models import Competency, Framework, LevelDescriptor, ProficiencyLevel


def framework_list() -> QuerySet[Framework]:
    """Every framework version, newest version last within each slug."""
    return Framework.objects.order_by("slug", "created_at")


def framework_current(slug: str) -> Framework | None:
    """The newest published version of a framework (or the newest draft if none is)."""
    versions = Framework.objects.filter(slug=slug).order_by("-created_at")
    return versions.filter(status=Framework.Status.PUBLISHED).first() or versions.first()


@dataclass(frozen=True)
class TreeNode:
    """A framework node with its children, for pages that show the whole tree."""

    item: Competency
    children: list[TreeNode] = field(default_factory=list)


def framework_tree(framework: Framework) -> list[TreeNode]:
    """The framework's top-level nodes with their descendants, built in one pass."""
    items = Competency.objects.filter(framework=framework).order_by("position")
    nodes = {item.pk: TreeNode(item) for item in items}
    roots: list[TreeNode] = []
    for node in nodes.values():
        parent = nodes.get(node.item.parent_id) if node.item.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots


def framework_levels(framework: Framework) -> list[ProficiencyLevel]:
    """The framework's scale, lowest first."""
    return list(ProficiencyLevel.objects.filter(framework=framework).order_by("number"))


def competency_by_uri(slug: str, uri_code: str) -> Competency | None:
    """The competency a stable URI names, in the framework's current version."""
    framework = framework_current(slug)
    if framework is None:
        return None
    descriptors = LevelDescriptor.objects.order_by("level_number")
    return (
        Competency.objects.filter(framework=framework, uri_code=uri_code)
        .select_related("framework", "parent")
        .prefetch_related(Prefetch("descriptors", queryset=descriptors))
        .first()
    )
