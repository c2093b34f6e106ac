"""Public pages of frameworks and competencies: certificates link to these URIs."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ujuzi.competencies import selectors


@require_GET
def framework_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A framework's domains and competencies, with its proficiency scale."""
    framework = selectors.framework_current(slug)
    if framework is None:
        raise Http404
    context = {
        "framework": framework,
        "tree": selectors.framework_tree(framework),
        "levels": selectors.framework_levels(framework),
    }
    return render(request, "competencies/framework_detail.html", context)


@require_GET
def competency_detail(request: HttpRequest, slug: str, uri_code: str) -> HttpResponse:
    """One competency and what each level means."""
    competency = selectors.competency_by_uri(slug, uri_code)
    if competency is None:
        raise Http404
    context = {"competency": competency}
    return render(request, "competencies/competency_detail.html", context)
