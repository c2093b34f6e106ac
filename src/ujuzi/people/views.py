"""Pages for people and institutions, and each role's home page. Thin: parse, select, render."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ujuzi.people import dashboards, selectors
from ujuzi.people.forms import PersonFilterForm
from ujuzi.people.policy import scope_for

PAGE_SIZE = 50


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The landing page for visitors; each role's own home once signed in."""
    if not request.user.is_authenticated:
        return render(request, "people/home_public.html")
    panel = dashboards.home_panel_for(request.user)
    sections = dashboards.home_sections_for(request.user)
    return render(request, "people/home.html", {"panel": panel, "sections": sections})


@login_required
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    """People in the caller's scope, searchable and paginated (staff roles only)."""
    if not scope_for(request.user).is_staff_reader:
        raise Http404
    form = PersonFilterForm(request.GET or None)
    filters = selectors.PersonFilters()
    if form.is_valid():
        filters = selectors.PersonFilters(
            search=form.cleaned_data["q"],
            audience=form.cleaned_data["audience"],
            area_key=form.cleaned_data["county"].pk if form.cleaned_data["county"] else "",
        )
    page = Paginator(selectors.person_list_for(request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "people/person_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "imports_people": scope_for(request.user).imports_people,
        },
    )


@login_required
@require_GET
def person_detail(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """One person's record, if the caller may see it (reads by staff are audited)."""
    person = selectors.person_get_for(request.user, person_id)
    if person is None:
        raise Http404
    context = {
        "person": person,
        "sensitive": selectors.person_sensitive_for(request.user, person),
        "consents": selectors.consents_in_force(person),
    }
    return render(request, "people/person_detail.html", context)


@login_required
@require_GET
def institution_list(request: HttpRequest) -> HttpResponse:
    """Institutions in the caller's scope with their people counts."""
    if not scope_for(request.user).sees_institutions:
        raise Http404
    search = request.GET.get("q", "")[:100]
    page = Paginator(
        selectors.institution_list_for(request.user, search=search), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "people/institution_list.html", {"page": page, "search": search})


@login_required
@require_GET
def institution_detail(request: HttpRequest, institution_id: uuid.UUID) -> HttpResponse:
    """One institution, its sub-institutions and how many people it has."""
    institution = selectors.institution_get_for(request.user, institution_id)
    if institution is None:
        raise Http404
    children = selectors.institution_list_for(request.user).filter(parent=institution)
    context = {
        "institution": institution,
        "children": children,
        "people_count": selectors.person_list_for(
            request.user, filters=selectors.PersonFilters(institution_id=institution.pk)
        ).count(),
        "shows_people": scope_for(request.user).sees_any_people,
        "shows_skills_gap": scope_for(request.user).sees_skills_gaps,
    }
    return render(request, "people/institution_detail.html", context)
