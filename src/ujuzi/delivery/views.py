"""Pages of cohorts and nominations: the list, a cohort, nominating, deciding, places.

The administrators' scheduling actions are in ``cohort_admin_views``, the calendar
feeds in ``calendar_views``.

Thin: parse, call one selector or service, render. Cohorts (course, site, dates, seats)
are public; who is in them is shown only within the caller's scope. Anything the caller
may not act on is 404, never 403.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ujuzi.delivery import selectors
from ujuzi.delivery.forms import (
    CancelForm,
    CapacityForm,
    CohortFilterForm,
    DecisionForm,
    LeaveForm,
    NominateForm,
    SessionForm,
    StaffSearchForm,
)
from ujuzi.delivery.models import Enrolment
from ujuzi.delivery.pages import cohort_or_404, signed_in_user
from ujuzi.delivery.services import (
    DeliveryError,
    enrolment_leave,
    enrolment_self,
    nomination_create,
    nomination_decide,
)
from ujuzi.people.policy import scope_for

PAGE_SIZE = 20
STAFF_PAGE_SIZE = 25


@require_GET
def cohort_list(request: HttpRequest) -> HttpResponse:
    """Cohorts soonest first, with seats left; filter by course, site, open ones, past."""
    form = CohortFilterForm(request.GET or None)
    filters = selectors.CohortFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.CohortFilters(
            course_code=data["course"].strip(),
            site_id=data["site"].pk if data["site"] else None,
            upcoming_only=not data["past"],
            open_only=data["open_only"],
        )
    page = Paginator(selectors.cohort_list(filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "runs_cohorts": scope_for(request.user).runs_cohorts,
    }
    return render(request, "delivery/cohort_list.html", context)


@require_GET
def cohort_detail(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    """One cohort: sessions, seats, and what the caller may do or see in it."""
    cohort = cohort_or_404(cohort_id)
    scope = scope_for(request.user)
    context: dict[str, object] = {
        "cohort": cohort,
        "sessions": selectors.sessions_of_cohort(cohort),
        "seats_left": max(0, cohort.capacity - cohort.enrolled_count),  # type: ignore[attr-defined]
        "scope": scope,
        "actions": selectors.cohort_actions_for(request.user, cohort),
    }
    if request.user.is_authenticated:
        places = list(selectors.places_for(request.user, cohort))
        own_place = next((p for p in places if p.person.user_id == request.user.pk), None)
        context["places"] = places
        context["own_place"] = own_place
        person = selectors.own_person(request.user)
        context["can_enrol"] = (
            person is not None
            and (own_place is None or own_place.status == Enrolment.Status.WITHDRAWN)
            and selectors.cohort_takes_self_enrolment(cohort, person)
        )
        context["pending"] = list(selectors.nominations_for(request.user).filter(cohort=cohort))
        context["decision_form"] = DecisionForm()
        context["waiting_position"] = (
            selectors.waiting_position(own_place) if own_place is not None else None
        )
        context["capacity_form"] = CapacityForm(initial={"capacity": cohort.capacity})
        context["cancel_form"] = CancelForm()
        context["session_form"] = SessionForm(
            initial={"day": cohort.starts_on, "starts": "09:00", "ends": "12:00"}
        )
    return render(request, "delivery/cohort_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cohort_nominate(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    """A training officer ticks members of staff and nominates them for the cohort."""
    scope = scope_for(request.user)
    if not (scope.nominates or scope.runs_cohorts):
        raise Http404
    cohort = cohort_or_404(cohort_id)
    search = StaffSearchForm(request.GET or None)
    words = search.cleaned_data["q"] if search.is_valid() else ""
    staff = selectors.nominable_staff_for(request.user, cohort, search=words)
    page = Paginator(staff, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    choices = [(str(person.pk), person.full_name) for person in page]
    form = NominateForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        chosen = staff.filter(pk__in=form.cleaned_data["person"])
        done, refused = 0, []
        for person in chosen:
            try:
                nomination_create(cohort=cohort, person=person, by=signed_in_user(request))
                done += 1
            except DeliveryError as error:
                refused.append(str(error))
        if done:
            text = ngettext(
                "%(n)d nomination sent for approval.", "%(n)d nominations sent for approval.", done
            )
            messages.success(request, text % {"n": done})
        for reason in refused:
            messages.error(request, reason)
        return redirect("cohort-detail", cohort_id=cohort.pk)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "cohort": cohort,
        "search": search,
        "form": form,
        "page": page,
        "query": query.urlencode(),
    }
    return render(request, "delivery/cohort_nominate.html", context)


@login_required
@require_POST
def cohort_enrol(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    """A signed-in learner takes a place in an open cohort."""
    cohort = cohort_or_404(cohort_id)
    person = selectors.own_person(request.user)
    if person is None or not cohort.is_open:
        raise Http404
    try:
        place = enrolment_self(cohort=cohort, person=person, by=signed_in_user(request))
    except DeliveryError as error:
        messages.error(request, str(error))
    else:
        if place.status == Enrolment.Status.ENROLLED:
            messages.success(request, _("You have a place in this cohort."))
        else:
            messages.success(request, _("The cohort is full: you are on the waiting list."))
    return redirect("cohort-detail", cohort_id=cohort.pk)


@login_required
@require_GET
def nomination_list(request: HttpRequest) -> HttpResponse:
    """Administrators: nominations to decide. Officers: their staff's nominations."""
    scope = scope_for(request.user)
    if not (scope.runs_cohorts or scope.nominates):
        raise Http404
    nominations = selectors.nominations_for(request.user, pending_only=scope.runs_cohorts)
    page = Paginator(nominations, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "decision_form": DecisionForm(), "decides": scope.runs_cohorts}
    return render(request, "delivery/nomination_list.html", context)


@login_required
@require_POST
def nomination_decide_view(request: HttpRequest, nomination_id: uuid.UUID) -> HttpResponse:
    """Approve or decline one nomination, then go back to where the decision was taken."""
    if not scope_for(request.user).runs_cohorts:
        raise Http404
    nomination = selectors.nomination_get_for(request.user, nomination_id)
    if nomination is None:
        raise Http404
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or decline; keep the reason short."))
    else:
        try:
            nomination_decide(
                nomination=nomination,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
                by=signed_in_user(request),
            )
        except DeliveryError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Decision recorded for %(name)s.") % {"name": nomination.person}
            )
    back = request.POST.get("next", "")
    if back == "cohort":
        return redirect("cohort-detail", cohort_id=nomination.cohort_id)
    return redirect("nomination-list")


@login_required
@require_POST
def place_leave(request: HttpRequest, enrolment_id: uuid.UUID) -> HttpResponse:
    """The learner (their own place) or an administrator ends a place in a cohort."""
    place = selectors.place_get_for(request.user, enrolment_id)
    scope = scope_for(request.user)
    own = place is not None and place.person.user_id == request.user.pk
    if place is None or not (own or scope.runs_cohorts):
        raise Http404
    form = LeaveForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        enrolment_leave(enrolment=place, reason=reason, by=signed_in_user(request))
    except DeliveryError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The place has been given up."))
    return redirect("cohort-detail", cohort_id=place.cohort_id)
