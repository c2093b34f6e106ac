"""Pages for skills checks, self-assessment, skill profiles, pathways and the gap heatmap.

Thin: parse, call a selector or service, render. Skills checks and self-assessment are
taken by the signed-in person for themselves; profiles and pathways follow the people
policy (a learner sees their own, staff see the people in their scope).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ujuzi.assessment import selectors, services
from ujuzi.assessment.charts import gap_chart
from ujuzi.assessment.forms import RoleProfileOverrideForm, SelfAssessmentForm
from ujuzi.assessment.heatmap import heatmap_for
from ujuzi.assessment.recommend import pathway_for
from ujuzi.assessment.scoring import AnswerError
from ujuzi.competencies.selectors import framework_current
from ujuzi.core.models import User
from ujuzi.people.models import Person


def _learner(request: HttpRequest) -> Person:
    person = selectors.learner_person(request.user)
    if person is None:
        raise Http404
    return person


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


@login_required
@require_GET
def my_skills(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own skill profile."""
    return redirect("person-skills", _learner(request).pk)


@login_required
@require_GET
def diagnostic_list(request: HttpRequest) -> HttpResponse:
    """The tracks one can check, and the person's earlier checks."""
    person = _learner(request)
    framework = framework_current(selectors.DEFAULT_FRAMEWORK)
    if framework is None:
        raise Http404
    tracks = selectors.tracks(framework)
    context = {
        "person": person,
        "tracks": tracks,
        "track_titles": {track.slug: track.domain.title for track in tracks},
        "attempts": selectors.attempts_of(person),
    }
    return render(request, "assessment/diagnostic_list.html", context)


@login_required
@require_POST
def diagnostic_start(request: HttpRequest) -> HttpResponse:
    """Start (or resume) the skills check of a track."""
    person = _learner(request)
    framework = framework_current(selectors.DEFAULT_FRAMEWORK)
    if framework is None:
        raise Http404
    try:
        attempt = services.diagnostic_start(
            person, framework, request.POST.get("track", "")[:60], by=_actor(request)
        )
    except services.AssessmentError:
        messages.error(request, _("Choose one of the tracks below."))
        return redirect("diagnostic-list")
    return redirect("diagnostic-page", attempt.pk)


@login_required
@require_http_methods(["GET", "POST"])
def diagnostic_page(request: HttpRequest, attempt_id: uuid.UUID) -> HttpResponse:
    """The current question of a check (one per page), or its result once finished."""
    attempt = selectors.attempt_get_for(request.user, attempt_id)
    if attempt is None:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            services.diagnostic_answer(
                attempt, request.POST.get("question", ""), request.POST, by=_actor(request)
            )
            return redirect("diagnostic-page", attempt.pk)
        except AnswerError as problem:
            error = str(problem)
        except services.AssessmentError:
            messages.info(request, _("That question was already answered; here is the next one."))
            return redirect("diagnostic-page", attempt.pk)
    state = selectors.diagnostic_state(attempt)
    if state.finished:
        context = {"state": state, "answers": state.answers_with_right()}
        return render(request, "assessment/diagnostic_result.html", context)
    track = selectors.track_get(attempt.framework, attempt.track)
    context = {"state": state, "question": state.question, "error": error, "track": track}
    return render(
        request, "assessment/diagnostic_question.html", context, status=400 if error else 200
    )


@login_required
@require_GET
def self_assessment_list(request: HttpRequest) -> HttpResponse:
    """The competencies one can rate oneself in, those one's role needs first."""
    rows = selectors.self_ratings(_learner(request))
    if rows is None:
        raise Http404
    return render(request, "assessment/self_assessment_list.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def self_assessment_page(request: HttpRequest, uri_code: str) -> HttpResponse:
    """Rate oneself in one competency against its level descriptors."""
    person = _learner(request)
    found = selectors.competency_for_rating(uri_code)
    if found is None:
        raise Http404
    competency, levels = found
    top = len(levels) - 1
    form = SelfAssessmentForm(request.POST or None, top=top)
    if request.method == "POST" and form.is_valid():
        services.self_assessment_record(
            person, competency, form.cleaned_data["level"], by=_actor(request)
        )
        messages.success(request, _("Thank you. Your self-assessment is saved."))
        return redirect("self-assessment-list")
    context = {"competency": competency, "form": form, "levels": levels}
    status = 400 if request.method == "POST" else 200
    return render(request, "assessment/self_assessment_page.html", context, status=status)


@login_required
@require_GET
def person_skills(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """A person's skill profile: estimates, evidence and the gap to their role profile."""
    profile = selectors.skill_profile_for(request.user, person_id)
    if profile is None:
        raise Http404
    may_override = selectors.may_override_profile(request.user, profile.person)
    form = None
    if may_override:
        form = RoleProfileOverrideForm(
            initial={
                "role_profile": profile.role_profile.code
                if profile.overridden and profile.role_profile
                else ""
            }
        )
    own = selectors.learner_person(request.user) == profile.person
    evidence = sorted(
        (item for row in profile.rows for item in row.evidence),
        key=lambda item: item.observed_at,
        reverse=True,
    )
    context = {
        "profile": profile,
        "chart": gap_chart(profile),
        "form": form,
        "own": own,
        "evidence": evidence,
    }
    return render(request, "assessment/person_skills.html", context)


@login_required
@require_POST
def person_role_profile(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """Set a person's role profile by hand (administrators and their training officer)."""
    profile = selectors.skill_profile_for(request.user, person_id)
    if profile is None or not selectors.may_override_profile(request.user, profile.person):
        raise Http404
    form = RoleProfileOverrideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role profile from the list."))
        return redirect("person-skills", person_id)
    services.role_profile_override_set(
        profile.person, form.chosen(), reason=form.cleaned_data["reason"], by=_actor(request)
    )
    messages.success(request, _("The role profile is saved."))
    return redirect("person-skills", person_id)


@login_required
@require_GET
def person_pathway(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """A person's recommended courses, in order, each with its reason."""
    pathway = pathway_for(request.user, person_id)
    if pathway is None:
        raise Http404
    own = selectors.learner_person(request.user) == pathway.profile.person
    return render(request, "assessment/person_pathway.html", {"pathway": pathway, "own": own})


@login_required
@require_GET
def institution_heatmap(request: HttpRequest, institution_id: uuid.UUID) -> HttpResponse:
    """The gap heatmap of an institution's staff (administrators and its officers)."""
    heatmap = heatmap_for(request.user, institution_id)
    if heatmap is None:
        raise Http404
    return render(request, "assessment/heatmap.html", {"heatmap": heatmap})
