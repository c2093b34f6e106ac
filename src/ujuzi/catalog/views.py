"""Public pages of the catalogue: the course list and each course."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ujuzi.catalog import selectors
from ujuzi.catalog.forms import CourseFilterForm

PAGE_SIZE = 20


@require_GET
def course_list(request: HttpRequest) -> HttpResponse:
    """Courses, searchable and filterable, paginated."""
    form = CourseFilterForm(request.GET or None)
    filters = selectors.CourseFilters()
    if form.is_valid():
        filters = selectors.CourseFilters(
            search=form.cleaned_data["q"],
            programme=form.cleaned_data["programme"],
            mode=form.cleaned_data["mode"],
            language=form.cleaned_data["language"],
        )
    page = Paginator(selectors.course_list(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "catalog/course_list.html", context)


@require_GET
def course_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One course: what it develops, what comes first, where it runs."""
    course = selectors.course_get(code)
    if course is None:
        raise Http404
    return render(request, "catalog/course_detail.html", {"course": course})
