"""The demo's history at scale: consistent, realistic in its proportions, the same for a seed."""

from __future__ import annotations

import datetime
import itertools
from collections import Counter, defaultdict

import pytest

from ujuzi.core.audit import verify_chain
from ujuzi.core.crypto import open_values
from ujuzi.core.models import AuditEntry, JournalEntry
from ujuzi.delivery.models import Cohort, Completion, Enrolment
from ujuzi.demo.loader import demo_load
from ujuzi.demo.scale import PERSON_FIELDS
from ujuzi.demo.scale_outcomes import Plan
from ujuzi.demo.scale_plan import MARKER, Planner
from ujuzi.outcomes.models import DisabilityStatus, FollowUp, FollowUpAnswer, Placement
from ujuzi.outcomes.windows import window_for
from ujuzi.people.models import ConsentEvent, Person

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def loaded(monkeypatch: pytest.MonkeyPatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return demo_load(learners=300, seed=5, history=True)


def test_every_record_of_the_history_hangs_together(loaded):
    activity = loaded.activity
    assert activity is not None
    assert activity.enrolments > 100 and activity.completions > 60
    assert activity.follow_ups > 0 and activity.answers > 0
    cohorts = {cohort.pk: cohort for cohort in Cohort.objects.filter(code__startswith=MARKER)}
    assert len(cohorts) == activity.cohorts
    enrolments = list(Enrolment.objects.filter(cohort__in=cohorts))
    assert len(enrolments) == activity.enrolments
    by_id = {enrolment.pk: enrolment for enrolment in enrolments}
    # Every cohort is closed, in the past, and holds no more people than it has seats.
    seats = Counter(enrolment.cohort_id for enrolment in enrolments)
    for cohort in cohorts.values():
        assert cohort.closed_on == cohort.ends_on < TODAY
        assert 0 < seats[cohort.pk] <= cohort.capacity
    # No one is in two cohorts that overlap, nor twice in one course.
    spans = defaultdict(list)
    for enrolment in enrolments:
        cohort = cohorts[enrolment.cohort_id]
        spans[enrolment.person_id].append((cohort.starts_on, cohort.ends_on, cohort.course_id))
    for taken in spans.values():
        taken.sort()
        assert len({course for _, _, course in taken}) == len(taken)
        for (_, ends, _), (starts, _, _) in itertools.pairwise(taken):
            assert ends < starts
    # Every completion has its completed enrolment, in the same course, on the last day.
    completions = list(Completion.objects.filter(enrolment__in=by_id))
    assert len(completions) == activity.completions
    completed = {e.pk for e in enrolments if e.status == Enrolment.Status.COMPLETED}
    assert {completion.enrolment_id for completion in completions} == completed
    for completion in completions:
        enrolment = by_id[completion.enrolment_id]
        cohort = cohorts[enrolment.cohort_id]
        assert completion.person_id == enrolment.person_id
        assert completion.course_id == cohort.course_id
        assert completion.completed_on == cohort.ends_on
    # Follow-ups only for completions, each wave once, in its window; sent only once open.
    completion_of = {completion.pk: completion for completion in completions}
    follow_ups = list(FollowUp.objects.filter(completion__in=completion_of))
    assert len(follow_ups) == activity.follow_ups
    assert len({(item.completion_id, item.wave) for item in follow_ups}) == len(follow_ups)
    for item in follow_ups:
        completion = completion_of[item.completion_id]
        assert item.person_id == completion.person_id
        assert item.opens_on <= item.due_on <= item.closes_on
        if item.status == FollowUp.Status.SCHEDULED:
            assert item.opens_on > TODAY and item.sent_at is None
        else:
            assert item.opens_on <= TODAY and item.sent_at is not None
        if item.status == FollowUp.Status.NO_RESPONSE:
            assert item.closes_on < TODAY
        assert bool(item.link_secret_hash) == (item.status == FollowUp.Status.SENT)
        window = window_for(completion.completed_on, item.wave)
        assert (item.due_on, item.opens_on, item.closes_on) == (
            window.due_on,
            window.opens_on,
            window.closes_on,
        )
    # Answers only for answered follow-ups, within their window and not in the future.
    answered = {item.pk: item for item in follow_ups if item.status == FollowUp.Status.ANSWERED}
    answers = list(FollowUpAnswer.objects.filter(follow_up__in=[item.pk for item in follow_ups]))
    assert len(answers) == activity.answers
    assert {answer.follow_up_id for answer in answers} == set(answered)
    for answer in answers:
        follow_up = answered[answer.follow_up_id]
        answer.full_clean(exclude=["follow_up", "person", "recorded_by"])
        assert answer.person_id == follow_up.person_id
        assert follow_up.opens_on <= answer.answered_on <= min(follow_up.closes_on, TODAY)
        assert follow_up.answered_at.date() == answer.answered_on
    # Placements belong to the graduate's completion; verification is dated and in the past.
    for placement in Placement.objects.filter(completion__in=completion_of):
        assert completion_of[placement.completion_id].person_id == placement.person_id
        assert placement.verified == (placement.verified_on is not None)
        assert placement.verified_on is None or placement.verified_on <= TODAY


def test_disability_answers_are_sealed_and_held_only_with_consent(loaded):
    statuses = list(DisabilityStatus.objects.all())
    assert statuses
    consenting = set(
        ConsentEvent.objects.filter(purpose="disability", decision="given").values_list(
            "person_id", flat=True
        )
    )
    for status in statuses:
        assert status.person_id in consenting
        answers = status.answers()  # under the record's own key
        assert answers is not None and set(answers.values()) <= {1, 2, 3, 4}
        assert status.with_disability == any(level >= 3 for level in answers.values())
    # Young people's follow-ups rest on their consent; civil servants' on the employer's basis.
    followed = set(FollowUp.objects.values_list("person_id", flat=True))
    youth_followed = set(
        Person.objects.filter(pk__in=followed)
        .exclude(audience="civil_servant")
        .values_list("pk", flat=True)
    )
    follow_up_consent = set(
        ConsentEvent.objects.filter(purpose="follow_up").values_list("person_id", flat=True)
    )
    assert youth_followed <= follow_up_consent


def test_the_history_is_journaled_sealed_and_audited(loaded):
    activity = loaded.activity
    history = _history()
    for model, count in (
        (Cohort, activity.cohorts),
        (Enrolment, activity.enrolments),
        (Completion, activity.completions),
        (FollowUp, activity.follow_ups),
        (FollowUpAnswer, activity.answers),
    ):
        ids = set(history[model].values_list("pk", flat=True))
        assert len(ids) == count, model
        journaled = JournalEntry.objects.filter(
            model=model._meta.label_lower, operation="create", record_id__in=ids
        )
        assert journaled.count() == count, model
    answer = JournalEntry.objects.filter(
        model="outcomes.followupanswer", record_id__in=history[FollowUpAnswer].values("pk")
    ).first()
    assert "employment_status" not in answer.values  # personal: sealed, not in clear
    opened = open_values(answer.subject_id, bytes(answer.sealed_values))
    assert opened["employment_status"] in FollowUpAnswer.Employment.values
    assert AuditEntry.objects.filter(action="demo.scale.answers").exists()
    assert verify_chain().is_valid


def _history() -> dict:
    cohorts = Cohort.objects.filter(code__startswith=MARKER)
    completions = Completion.objects.filter(enrolment__cohort__in=cohorts)
    follow_ups = FollowUp.objects.filter(completion__in=completions)
    return {
        Cohort: cohorts,
        Enrolment: Enrolment.objects.filter(cohort__in=cohorts),
        Completion: completions,
        FollowUp: follow_ups,
        FollowUpAnswer: FollowUpAnswer.objects.filter(follow_up__in=follow_ups),
    }


def test_loading_again_adds_nothing(loaded):
    before = Enrolment.objects.count()
    again = demo_load(learners=300, seed=5, history=True)
    assert again.activity is not None and again.activity.enrolments == 0
    assert Enrolment.objects.count() == before


def test_proportions_are_those_of_the_programme(loaded):
    enrolled = set(
        Enrolment.objects.filter(cohort__code__startswith=MARKER).values_list(
            "person_id", flat=True
        )
    )
    people = Person.objects.filter(pk__in=enrolled)
    women = people.filter(sensitive__sex="female").count() / people.count()
    assert 0.38 < women < 0.56
    sent = FollowUp.objects.exclude(status__in=["scheduled", "sent"])
    rate = sent.filter(status="answered").count() / sent.count()
    assert 0.45 < rate < 0.8


def test_the_same_seed_plans_the_same_history(loaded):
    def plan(seed: int) -> list:
        planner = Planner(seed=seed, today=TODAY, staff_id=None)
        result = Plan()
        for person in people:
            planner.person(result, person)
        ignored = {"id", "queued_clock", "cohort_id", "enrolment_id", "completion_id"}
        ignored |= {"follow_up_id", "code"}
        return [
            (model._meta.label, sorted((k, str(v)) for k, v in row.items() if k not in ignored))
            for model, rows in result.rows.items()
            for row in rows
        ]

    # The same people planned again, as if new: the same history, cohort keys apart.
    people = list(
        Person.objects.filter(user__isnull=True).order_by("pk").values_list(*PERSON_FIELDS)
    )
    first = plan(5)
    assert first == plan(5)
    assert first != plan(6)
