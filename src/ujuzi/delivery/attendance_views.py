"""Pages of the room: the roll, self check-in, learner cards, printables and final scores.

Thin: parse, call one selector or service, render. Facilitators use these on a phone in
the room, often over a weak link, so every action is a plain form post that works
without JavaScript; when htmx has loaded, a tap on the roll swaps only that learner's row.
Anything the caller may not see is 404, never 403.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.middleware import HtmxDetails

from ujuzi.core.models import User
from ujuzi.delivery import room_selectors, selectors
from ujuzi.delivery.attendance import (
    attendance_mark,
    card_person_id,
    card_token,
    check_in,
    final_score_record,
)
from ujuzi.delivery.attendance_forms import CheckInForm, FinalScoreForm
from ujuzi.delivery.keys import learner_key_replace
from ujuzi.delivery.models import Attendance, LearnerKey, Session
from ujuzi.delivery.qr import absolute_url, qr_svg
from ujuzi.delivery.selectors import RollLine
from ujuzi.delivery.services import DeliveryError


class HtmxRequest(HttpRequest):
    """A request that has passed django-htmx's middleware."""

    htmx: HtmxDetails


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise Http404
    return request.user


def _session_and_roll(
    request: HttpRequest, session_id: uuid.UUID
) -> tuple[Session, list[RollLine]]:
    session = selectors.session_get(session_id)
    roll = None if session is None else selectors.roll_for(request.user, session)
    if session is None or roll is None:
        raise Http404
    return session, roll


def _counts(roll: list[RollLine]) -> dict[str, int]:
    present = sum(1 for line in roll if line.present is True)
    absent = sum(1 for line in roll if line.present is False)
    return {"present": present, "absent": absent, "unmarked": len(roll) - present - absent}


@login_required
@require_GET
def session_roll(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    """The roll of a session, one tap per learner, with the room's check-in code and QR."""
    session, roll = _session_and_roll(request, session_id)
    check_in_url = absolute_url("session-check-in", session_id=session.pk)
    context = {
        "session": session,
        "roll": roll,
        "counts": _counts(roll),
        "check_in_url": check_in_url,
        "check_in_qr": qr_svg(check_in_url, title=_("QR code of this session's check-in page")),
    }
    return render(request, "delivery/roll.html", context)


@login_required
@require_POST
def session_roll_mark(
    request: HtmxRequest, session_id: uuid.UUID, person_id: uuid.UUID
) -> HttpResponse:
    """One tap on the roll: mark a learner present or absent, then show their row again."""
    session, roll = _session_and_roll(request, session_id)
    # Only people on the roll can be marked; anyone else is "not found", so that the
    # page confirms nothing about who exists.
    index = next((i for i, line in enumerate(roll) if line.person.pk == person_id), None)
    if index is None:
        raise Http404
    present = request.POST.get("present", "")
    if present not in ("1", "0"):
        return HttpResponseBadRequest()
    line = roll[index]
    try:
        mark = attendance_mark(
            session=session, person=line.person, present=present == "1", by=_user(request)
        )
    except DeliveryError as problem:
        messages.error(request, str(problem))
    else:
        line = roll[index] = RollLine(person=line.person, present=mark.present, method=mark.method)
    if request.htmx:
        context = {"session": session, "line": line, "counts": _counts(roll), "oob": True}
        row = render_to_string("delivery/roll.html#row", context, request=request)
        counts = render_to_string("delivery/roll.html#counts", context, request=request)
        return HttpResponse(row + counts)
    return redirect(f"{reverse('session-roll', args=[session.pk])}#person-{person_id}")


@require_http_methods(["GET", "POST"])
def session_check_in(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    """A learner checks themselves in with their phone or ID number and the room's code."""
    session = selectors.session_get(session_id)
    if session is None:
        raise Http404
    form = CheckInForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            check_in(
                session=session,
                identifier=form.cleaned_data["identifier"],
                code=form.cleaned_data["code"],
                client=request.META.get("REMOTE_ADDR", ""),
            )
        except DeliveryError as problem:
            form.add_error(None, str(problem))
        else:
            return render(request, "delivery/check_in_done.html", {"session": session})
    return render(
        request,
        "delivery/check_in.html",
        {"session": session, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def my_card(request: HttpRequest) -> HttpResponse:
    """The signed-in learner's printable card: their name and a QR code to scan."""
    person = selectors.own_person(request.user)
    if person is None:
        raise Http404
    card_url = absolute_url("card-scan", token=card_token(person))
    context = {"person": person, "card_qr": qr_svg(card_url, title=_("QR code of your card"))}
    return render(request, "delivery/my_card.html", context)


@login_required
@require_POST
def my_card_replace(request: HttpRequest) -> HttpResponse:
    """The learner replaces a lost card; the old card's code stops working."""
    person = selectors.own_person(request.user)
    if person is None:
        raise Http404
    learner_key_replace(person, LearnerKey.Purpose.CARD, by=_user(request))
    messages.success(request, _("Your card has a new code; the old card no longer works."))
    return redirect("my-card")


@login_required
@require_http_methods(["GET", "POST"])
def card_scan(request: HttpRequest, token: str) -> HttpResponse:
    """A facilitator scanned a learner's card: today's sessions to mark them present in."""
    person_id = card_person_id(token)
    scan = (
        None
        if person_id is None
        else room_selectors.card_scan_for(request.user, person_id, day=timezone.localdate())
    )
    if scan is None:
        raise Http404
    if request.method == "POST":
        wanted = request.POST.get("session", "")
        chosen = next(
            (item.session for item in scan.sessions if str(item.session.pk) == wanted), None
        )
        if chosen is None:
            raise Http404
        try:
            attendance_mark(
                session=chosen,
                person=scan.person,
                present=True,
                by=_user(request),
                method=Attendance.Method.CARD,
            )
        except DeliveryError as problem:
            messages.error(request, str(problem))
        else:
            messages.success(
                request, _("%(name)s is marked present.") % {"name": scan.person.full_name}
            )
        return redirect("card-scan", token=token)
    return render(request, "delivery/card_scan.html", {"scan": scan})


@login_required
@require_GET
def cohort_class_list(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    """A printable class list: names, institution or site, status, seat or waiting place."""
    cohort = selectors.cohort_get(cohort_id)
    lines = None if cohort is None else room_selectors.class_list_for(request.user, cohort)
    if lines is None:
        raise Http404
    return render(request, "delivery/class_list.html", {"cohort": cohort, "lines": lines})


@login_required
@require_GET
def session_sheet(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    """A printable attendance sheet: names, a box to tick and a space to sign."""
    session, roll = _session_and_roll(request, session_id)
    return render(request, "delivery/sheet.html", {"session": session, "roll": roll})


@login_required
@require_http_methods(["GET", "POST"])
def cohort_results(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    """Final assessment results of a cohort's learners, one small form each."""
    cohort = selectors.cohort_get(cohort_id)
    places = None if cohort is None else room_selectors.results_for(request.user, cohort)
    if cohort is None or places is None:
        raise Http404
    errors: dict[uuid.UUID, str] = {}
    typed: dict[uuid.UUID, str] = {}
    if request.method == "POST":
        if cohort.course.pass_mark_percent is None:
            raise Http404  # a course without a final assessment has no result to record
        wanted = request.POST.get("place", "")
        place = next((place for place in places if str(place.pk) == wanted), None)
        if place is None:
            raise Http404
        form = FinalScoreForm(request.POST)
        typed[place.pk] = request.POST.get("score", "")[:10]
        if form.is_valid():
            try:
                final_score_record(
                    enrolment=place, score=form.cleaned_data["score"], by=_user(request)
                )
            except DeliveryError as problem:
                errors[place.pk] = str(problem)
            else:
                messages.success(
                    request,
                    _("Result recorded for %(name)s.") % {"name": place.person.full_name},
                )
                return redirect(f"{reverse('cohort-results', args=[cohort.pk])}#place-{place.pk}")
        else:
            errors[place.pk] = _("Enter a whole percentage from 0 to 100.")
    rows = [(place, errors.get(place.pk, ""), typed.get(place.pk)) for place in places]
    context = {
        "cohort": cohort,
        "rows": rows,
        "has_pass_mark": cohort.course.pass_mark_percent is not None,
    }
    return render(request, "delivery/results.html", context, status=400 if errors else 200)
