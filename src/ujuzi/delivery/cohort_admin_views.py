"""The programme administrators' scheduling actions on cohorts.

Scheduling a cohort and its sessions, changing its seats, cancelling and closing it.
Thin: parse, call one service, report its answer as a message, go back to the cohort.
Anyone else gets 404.
"""

from __future__ import annotations

import datetime
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ujuzi.delivery.attendance import cohort_complete
from ujuzi.delivery.forms import (
    CancelForm,
    CapacityForm,
    CohortForm,
    CourseSearchForm,
    SessionForm,
)
from ujuzi.delivery.models import Cohort
from ujuzi.delivery.pages import cohort_or_404, signed_in_user
from ujuzi.delivery.scheduling import cohort_cancel, cohort_create, session_add
from ujuzi.delivery.services import DeliveryError, cohort_capacity_change
from ujuzi.people.policy import scope_for


def _administered_cohort(request: HttpRequest, cohort_id: uuid.UUID) -> Cohort:
    if not scope_for(request.user).runs_cohorts:
        raise Http404
    return cohort_or_404(cohort_id)


def _form_error(form: CohortForm | SessionForm, error: Exception) -> None:
    """Show a service's refusal on the form: per field when it names fields."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(
            None, str(error.messages[0] if isinstance(error, ValidationError) else error)
        )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_new(request: HttpRequest) -> HttpResponse:
    """A programme administrator schedules a cohort of a course at a site.

    ``?q=`` narrows the course picker (a GET form above it, so no script is needed); the
    scheduling form posts back with the same ``q`` so that the picker stays narrowed.
    """
    if not scope_for(request.user).runs_cohorts:
        raise Http404
    search = CourseSearchForm(request.GET or None)
    words = search.cleaned_data["q"] if search.is_valid() else ""
    form = CohortForm(request.POST or None, course_search=words)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cohort = cohort_create(
                course=data["course"],
                site=data["site"],
                route_stop=data["route_stop"],
                code=data["code"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                capacity=data["capacity"],
                language=data["language"],
                is_open=data["is_open"],
                facilitators=data["facilitators"],
                by=signed_in_user(request),
            )
        except (DeliveryError, ValidationError) as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Cohort scheduled. Add its sessions below."))
            return redirect("cohort-detail", cohort_id=cohort.pk)
    context = {"form": form, "search": search, "words": words}
    return render(request, "delivery/cohort_new.html", context)


@login_required
@require_POST
def session_new(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    """A programme administrator adds a session to a cohort."""
    cohort = _administered_cohort(request, cohort_id)
    form = SessionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        zone = timezone.get_current_timezone()
        try:
            session_add(
                cohort=cohort,
                starts_at=datetime.datetime.combine(data["day"], data["starts"], tzinfo=zone),
                ends_at=datetime.datetime.combine(data["day"], data["ends"], tzinfo=zone),
                topic=data["topic"],
                by=signed_in_user(request),
            )
        except (DeliveryError, ValidationError) as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Session added."))
            return redirect("cohort-detail", cohort_id=cohort.pk)
    for problem in [str(e) for errors in form.errors.values() for e in errors]:
        messages.error(request, problem)
    return redirect("cohort-detail", cohort_id=cohort.pk)


@login_required
@require_POST
def cohort_close(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    """A programme administrator closes a cohort: completions under the course's rule."""
    cohort = _administered_cohort(request, cohort_id)
    try:
        completions = cohort_complete(cohort=cohort, by=signed_in_user(request))
    except DeliveryError as error:
        messages.error(request, str(error))
    else:
        count = len(completions)
        text = ngettext(
            "%(n)d learner completed the course.", "%(n)d learners completed the course.", count
        )
        messages.success(request, text % {"n": count})
    return redirect("cohort-detail", cohort_id=cohort.pk)


@login_required
@require_POST
def cohort_cancel_view(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    """A programme administrator cancels a cohort, with the reason learners are told."""
    cohort = _administered_cohort(request, cohort_id)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the cohort is cancelled, in under 300 characters."))
        return redirect("cohort-detail", cohort_id=cohort.pk)
    try:
        cohort_cancel(cohort=cohort, reason=form.cleaned_data["reason"], by=signed_in_user(request))
    except DeliveryError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The cohort is cancelled and its learners are told."))
    return redirect("cohort-detail", cohort_id=cohort.pk)


@login_required
@require_POST
def cohort_capacity(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    """A programme administrator changes the seats; more seats promote the waiting list."""
    cohort = _administered_cohort(request, cohort_id)
    form = CapacityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A cohort has from 1 to 1000 seats."))
        return redirect("cohort-detail", cohort_id=cohort.pk)
    try:
        promoted = cohort_capacity_change(
            cohort=cohort, capacity=form.cleaned_data["capacity"], by=signed_in_user(request)
        )
    except DeliveryError as error:
        messages.error(request, str(error))
    else:
        count = len(promoted)
        text = ngettext(
            "Seats changed; %(n)d person moved up from the waiting list.",
            "Seats changed; %(n)d people moved up from the waiting list.",
            count,
        )
        messages.success(request, text % {"n": count})
    return redirect("cohort-detail", cohort_id=cohort.pk)
