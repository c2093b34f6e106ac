"""Follow-up pages: the public survey by link, the learner's own survey, the staff pages."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ujuzi.core.models import User
from ujuzi.outcomes import selectors
from ujuzi.outcomes.forms import DisabilityConsentForm, DisabilityForm, PlacementForm, SurveyForm
from ujuzi.outcomes.models import FollowUp
from ujuzi.outcomes.placements import (
    DISABILITY,
    disability_consent_withdraw,
    disability_status_record,
    placement_record,
    placement_verify,
)
from ujuzi.outcomes.services import (
    FollowUpError,
    follow_up_answer_as_self,
    follow_up_answer_by_link,
    follow_up_answer_by_phone,
    follow_up_by_link,
    link_problem,
)
from ujuzi.people.models import ConsentEvent, Person
from ujuzi.people.policy import scope_for
from ujuzi.people.services import consent_record

PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - login_required ran first
    return request.user


def _language(request: HttpRequest, person: Person | None) -> str:
    """The language the visitor chose, else the person's own, else English."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in ("en", "sw"):
        return chosen
    if person is not None and person.preferred_language in ("en", "sw"):
        return person.preferred_language
    return "en"


def _form_errors_into(
    form: SurveyForm | PlacementForm | DisabilityForm, error: ValidationError
) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def _survey_context(follow_up: FollowUp, form: SurveyForm) -> dict[str, object]:
    return {"follow_up": follow_up, "form": form, "course": follow_up.completion.course}


@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    """The survey from a personal link: no sign-in, one answer, inside the window."""
    follow_up = follow_up_by_link(token)
    today = selectors.today()
    with translation.override(_language(request, follow_up.person if follow_up else None)):
        problem = link_problem(follow_up, today)
        if problem is not None or follow_up is None:
            status = 404 if problem is None or problem.code == "invalid" else 410
            if problem is not None and problem.code == "not_open":
                status = 200
            context = {"problem": problem, "code": problem.code if problem else "invalid"}
            return render(request, "outcomes/survey_refused.html", context, status=status)
        civil_servant = follow_up.person.audience == Person.Audience.CIVIL_SERVANT
        form = SurveyForm(request.POST or None, civil_servant=civil_servant)
        if request.method == "POST" and form.is_valid():
            try:
                follow_up_answer_by_link(token, form.answers(), today=today)
            except FollowUpError as refused:
                context = {"problem": refused, "code": refused.code}
                return render(request, "outcomes/survey_refused.html", context, status=410)
            except ValidationError as error:
                _form_errors_into(form, error)
            else:
                return redirect("follow-up-thanks")
        return render(request, "outcomes/survey.html", _survey_context(follow_up, form))


@require_GET
def survey_thanks(request: HttpRequest) -> HttpResponse:
    """After an answer: thanks, and nothing about the person."""
    return render(request, "outcomes/survey_thanks.html")


@login_required
@require_http_methods(["GET", "POST"])
def my_follow_up(request: HttpRequest, follow_up_id: uuid.UUID) -> HttpResponse:
    """A signed-in learner answers their own open follow-up from the home page."""
    follow_up = selectors.own_follow_up(request.user, follow_up_id)
    if follow_up is None:
        raise Http404
    today = selectors.today()
    problem = link_problem(follow_up, today)
    if problem is not None:
        context = {"problem": problem, "code": problem.code}
        return render(request, "outcomes/survey_refused.html", context)
    civil_servant = follow_up.person.audience == Person.Audience.CIVIL_SERVANT
    form = SurveyForm(request.POST or None, civil_servant=civil_servant)
    if request.method == "POST" and form.is_valid():
        try:
            follow_up_answer_as_self(follow_up, form.answers(), by=_user(request), today=today)
        except FollowUpError as refused:
            messages.error(request, str(refused))
            return redirect("home")
        except ValidationError as error:
            _form_errors_into(form, error)
        else:
            return redirect("follow-up-thanks")
    return render(request, "outcomes/survey.html", _survey_context(follow_up, form))


@login_required
@require_GET
def follow_up_list(request: HttpRequest) -> HttpResponse:
    """Staff: follow-ups of the graduates they work on, by status, soonest closing first."""
    if not selectors.works_on_outcomes(scope_for(request.user)):
        raise Http404
    status = request.GET.get("status", "")
    if status not in FollowUp.Status.values:
        status = ""
    today = selectors.today()
    open_only = request.GET.get("open") == "1"
    found = selectors.follow_ups_for(
        request.user, status=status, due_by=today if open_only else None
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": FollowUp.Status.choices,
        "open_only": open_only,
        "today": today,
    }
    return render(request, "outcomes/follow_up_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def follow_up_detail(request: HttpRequest, follow_up_id: uuid.UUID) -> HttpResponse:
    """Staff: one follow-up, its answer, and the form to record an answer taken by phone."""
    follow_up = selectors.follow_up_get_for(request.user, follow_up_id)
    if follow_up is None:
        raise Http404
    today = selectors.today()
    problem = link_problem(follow_up, today)
    civil_servant = follow_up.person.audience == Person.Audience.CIVIL_SERVANT
    form = SurveyForm(request.POST or None, civil_servant=civil_servant)
    if request.method == "POST":
        if problem is not None:
            messages.error(request, str(problem))
            return redirect("follow-up-detail", follow_up_id=follow_up.pk)
        if form.is_valid():
            try:
                follow_up_answer_by_phone(follow_up, form.answers(), by=_user(request), today=today)
            except FollowUpError as refused:
                messages.error(request, str(refused))
            except ValidationError as error:
                _form_errors_into(form, error)
            else:
                messages.success(request, _("The answer taken by phone is recorded."))
                return redirect("follow-up-detail", follow_up_id=follow_up.pk)
    answer = getattr(follow_up, "answer", None) if follow_up.status == "answered" else None
    context = {
        "follow_up": follow_up,
        "answer": answer,
        "form": form,
        "problem": problem,
        "placements": selectors.placements_for(request.user, follow_up.person),
    }
    return render(request, "outcomes/follow_up_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def placement_new(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """Staff: record a job a graduate took."""
    person = selectors.person_for_outcomes(request.user, person_id)
    if person is None:
        raise Http404
    form = PlacementForm(request.POST or None, person_id=person.pk)
    if request.method == "POST" and form.is_valid():
        try:
            placement_record(person=person, values=form.cleaned_data, by=_user(request))
        except FollowUpError as refused:
            messages.error(request, str(refused))
        except ValidationError as error:
            _form_errors_into(form, error)
        else:
            messages.success(request, _("The placement is recorded. Verify it with the employer."))
            return redirect("person-placement-new", person_id=person.pk)
    context = {
        "person": person,
        "form": form,
        "placements": selectors.placements_for(request.user, person),
    }
    return render(request, "outcomes/placement_form.html", context)


@login_required
@require_POST
def placement_verify_view(request: HttpRequest, placement_id: uuid.UUID) -> HttpResponse:
    """Staff: the employer confirmed a placement."""
    placement = selectors.placement_get_for(request.user, placement_id)
    if placement is None:
        raise Http404
    placement_verify(placement, by=_user(request))
    messages.success(request, _("The placement is verified."))
    return redirect("person-placement-new", person_id=placement.person_id)


@login_required
@require_http_methods(["GET", "POST"])
def my_disability(request: HttpRequest) -> HttpResponse:
    """The learner's own Washington Group answers: consent, answer, change or withdraw."""
    person = selectors.own_person(request.user)
    if person is None:
        raise Http404
    user = _user(request)
    consented = selectors.latest_consent(person.pk, DISABILITY) == ConsentEvent.Decision.GIVEN
    action = request.POST.get("action", "") if request.method == "POST" else ""
    consent_form = DisabilityConsentForm(request.POST if action == "consent" else None)
    form = DisabilityForm(
        request.POST if action == "answers" else None,
        initial=selectors.own_disability_answers(user) if consented else None,
    )
    if action == "consent" and consent_form.is_valid():
        consent_record(
            person=person,
            purpose=DISABILITY,
            decision=ConsentEvent.Decision.GIVEN,
            channel=ConsentEvent.Channel.WEB,
            by=user,
        )
        return redirect("my-disability")
    if action == "withdraw" and consented:
        disability_consent_withdraw(person=person, channel=ConsentEvent.Channel.WEB, by=user)
        messages.success(request, _("Your consent is withdrawn and your answers are erased."))
        return redirect("my-disability")
    if action == "answers" and consented and form.is_valid():
        try:
            disability_status_record(person=person, answers=form.cleaned_data, by=user)
        except FollowUpError as refused:
            messages.error(request, str(refused))
        except ValidationError as error:
            _form_errors_into(form, error)
        else:
            messages.success(request, _("Your answers are saved, encrypted."))
            return redirect("my-disability")
    context = {"consented": consented, "consent_form": consent_form, "form": form}
    return render(request, "outcomes/my_disability.html", context)
