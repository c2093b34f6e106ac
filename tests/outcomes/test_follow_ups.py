"""Scheduling, sending, answering and closing follow-ups, by the services."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.outcomes.conftest import COMPLETED_ON, Graduates, consent
from tests.sync.nodes import become_a_site
from ujuzi.core.models import JournalEntry
from ujuzi.notifications.models import Message
from ujuzi.outcomes.models import FollowUp, FollowUpAnswer
from ujuzi.outcomes.selectors import twelve_month_outcomes
from ujuzi.outcomes.services import (
    FollowUpError,
    follow_up_answer_by_link,
    follow_up_answer_by_phone,
    follow_up_send,
    follow_ups_mark_no_response,
    follow_ups_schedule,
    follow_ups_schedule_new,
    follow_ups_send_due,
    token_hash,
)
from ujuzi.outcomes.tasks import follow_ups_daily
from ujuzi.outcomes.windows import add_months, window_for

ANSWER = {
    "employment_status": "employed",
    "tech_role": True,
    "role_started_on": datetime.date(2026, 6, 1),
    "sector": "public",
    "promoted": False,
    "new_digital_responsibilities": True,
    "digital_project_led": False,
    "skills_use": "daily",
}
# The 12-month window of a completion on 15 January 2026: 15 Dec 2026 to 15 Mar 2027.
IN_TWELVE = datetime.date(2027, 1, 20)


def twelve(completion) -> FollowUp:
    return FollowUp.objects.get(completion=completion, wave=12)


def sent_twelve(grads: Graduates, **values) -> tuple[FollowUp, str]:
    completion = grads.graduate(**values)
    follow_ups_schedule(completion, today=COMPLETED_ON)
    follow_up = twelve(completion)
    token = follow_up_send(follow_up, today=IN_TWELVE)
    assert token is not None
    follow_up.refresh_from_db()
    return follow_up, token


# --- windows and scheduling ---------------------------------------------------------------


def test_the_windows_of_each_wave():
    assert window_for(COMPLETED_ON, 3).due_on == datetime.date(2026, 4, 15)
    assert window_for(COMPLETED_ON, 3).opens_on == datetime.date(2026, 3, 15)
    assert window_for(COMPLETED_ON, 3).closes_on == datetime.date(2026, 6, 15)
    assert window_for(COMPLETED_ON, 6).opens_on == datetime.date(2026, 6, 15)
    assert window_for(COMPLETED_ON, 6).closes_on == datetime.date(2026, 9, 15)
    twelve_window = window_for(COMPLETED_ON, 12)
    assert twelve_window.due_on == datetime.date(2027, 1, 15)
    assert twelve_window.opens_on == datetime.date(2026, 12, 15)  # month 11
    assert twelve_window.closes_on == datetime.date(2027, 3, 15)  # month 14
    with pytest.raises(ValueError, match="wave"):
        window_for(COMPLETED_ON, 9)


def test_a_month_after_the_31st_lands_on_the_last_day():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2027, 1, 31), 13) == datetime.date(2028, 2, 29)
    assert add_months(datetime.date(2026, 3, 31), -1) == datetime.date(2026, 2, 28)


@given(
    st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2090, 12, 31)),
    st.sampled_from([3, 6, 12]),
)
def test_every_window_holds_its_due_date(completed_on, wave):
    window = window_for(completed_on, wave)
    assert window.opens_on < window.due_on < window.closes_on
    assert window.holds(window.due_on)
    assert (window.due_on - completed_on).days in range(wave * 28, wave * 31 + 1)


def test_scheduling_makes_three_waves_once(grads: Graduates):
    completion = grads.graduate()
    made = follow_ups_schedule(completion, today=COMPLETED_ON)
    assert sorted(item.wave for item in made) == [3, 6, 12]
    assert follow_ups_schedule(completion, today=COMPLETED_ON) == []
    assert FollowUp.objects.filter(completion=completion).count() == 3
    follow_up = twelve(completion)
    assert (follow_up.due_on, follow_up.opens_on, follow_up.closes_on) == (
        datetime.date(2027, 1, 15),
        datetime.date(2026, 12, 15),
        datetime.date(2027, 3, 15),
    )
    assert follow_up.status == "scheduled"
    assert JournalEntry.objects.filter(record_id=follow_up.pk, operation="create").exists()


def test_no_follow_up_without_consent_or_after_withdrawal(grads: Graduates):
    silent = grads.graduate(follow_up_consent=False)
    assert follow_ups_schedule(silent, today=COMPLETED_ON) == []
    withdrawn = grads.graduate()
    consent(withdrawn.person, "follow_up", "withdrawn")
    assert follow_ups_schedule(withdrawn, today=COMPLETED_ON) == []
    assert FollowUp.objects.count() == 0


def test_the_job_schedules_new_completions_and_skips_closed_waves(grads: Graduates):
    fresh = grads.graduate()
    old = grads.graduate(completed_on=datetime.date(2026, 1, 15))
    grads.graduate(follow_up_consent=False)
    # On 1 Oct 2026 the old completion's 3- and 6-month windows have closed.
    assert follow_ups_schedule_new(datetime.date(2026, 10, 1)) == 2
    assert FollowUp.objects.filter(completion=old).count() == 1
    assert FollowUp.objects.filter(completion=fresh).count() == 1
    assert follow_ups_schedule_new(datetime.date(2026, 10, 1)) == 0


# --- sending -------------------------------------------------------------------------------


def test_sending_writes_the_link_in_the_persons_language(grads: Graduates):
    completion = grads.graduate(preferred_language="sw")
    follow_ups_schedule(completion, today=COMPLETED_ON)
    assert follow_ups_send_due(IN_TWELVE) == 1
    follow_up = twelve(completion)
    assert follow_up.status == "sent"
    assert follow_up.sent_at is not None
    messages = list(Message.objects.filter(person=completion.person).order_by("channel"))
    assert {message.channel for message in messages} == {"email", "sms"}
    for message in messages:
        assert message.language == "sw"
        assert message.kind == "follow_up_survey"
        assert "/s/" in message.body
    token = messages[0].body.split("/s/")[1].split("/")[0]
    # Only the hash is kept on the follow-up; the token is only in the message.
    assert follow_up.link_secret_hash == token_hash(token)
    assert token not in follow_up.link_secret_hash
    assert follow_ups_send_due(IN_TWELVE) == 0  # sent once
    assert Message.objects.filter(person=completion.person).count() == 2


def test_nothing_is_sent_before_a_window_opens(grads: Graduates):
    completion = grads.graduate()
    follow_ups_schedule(completion, today=COMPLETED_ON)
    assert follow_ups_send_due(datetime.date(2026, 3, 14)) == 0
    assert follow_ups_send_due(datetime.date(2026, 3, 15)) == 1  # the 3-month wave opens


def test_a_withdrawn_consent_cancels_instead_of_sending(grads: Graduates):
    completion = grads.graduate()
    follow_ups_schedule(completion, today=COMPLETED_ON)
    consent(completion.person, "follow_up", "withdrawn")
    assert follow_ups_send_due(IN_TWELVE) == 0
    assert twelve(completion).status == "cancelled"
    assert not Message.objects.filter(person=completion.person).exists()


# --- answering by link ---------------------------------------------------------------------


def test_a_link_answers_once(grads: Graduates):
    follow_up, token = sent_twelve(grads)
    answer = follow_up_answer_by_link(token, ANSWER, today=IN_TWELVE)
    assert answer.channel == "link"
    assert answer.employment_status == "employed"
    assert answer.promoted is False
    follow_up.refresh_from_db()
    assert follow_up.status == "answered"
    assert follow_up.answered_at is not None
    with pytest.raises(FollowUpError) as reused:
        follow_up_answer_by_link(token, ANSWER | {"skills_use": "never"}, today=IN_TWELVE)
    assert reused.value.code == "used"
    assert FollowUpAnswer.objects.get().skills_use == "daily"


def test_an_expired_link_is_refused(grads: Graduates):
    follow_up, token = sent_twelve(grads)
    with pytest.raises(FollowUpError) as late:
        follow_up_answer_by_link(token, ANSWER, today=follow_up.closes_on + datetime.timedelta(1))
    assert late.value.code == "expired"
    # The last day still counts.
    follow_up_answer_by_link(token, ANSWER, today=follow_up.closes_on)


def test_a_link_before_its_window_is_refused(grads: Graduates):
    completion = grads.graduate()
    follow_ups_schedule(completion, today=COMPLETED_ON)
    follow_up = twelve(completion)
    token = follow_up_send(follow_up, today=IN_TWELVE)
    assert token is not None
    with pytest.raises(FollowUpError) as early:
        follow_up_answer_by_link(token, ANSWER, today=follow_up.opens_on - datetime.timedelta(1))
    assert early.value.code == "not_open"
    assert not FollowUpAnswer.objects.exists()


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(
    st.one_of(
        st.text(max_size=200),
        st.text(alphabet="ABCDEFabcdef0123456789-_", min_size=43, max_size=43),
        st.sampled_from(["' OR 1=1 --", "../../etc/passwd", "%00", "a" * 10_000, "é" * 43]),
    )
)
def test_hostile_tokens_are_refused_and_write_nothing(grads: Graduates, token: str):
    with pytest.raises(FollowUpError) as wrong:
        follow_up_answer_by_link(token, ANSWER, today=IN_TWELVE)
    assert wrong.value.code == "invalid"
    assert not FollowUpAnswer.objects.exists()


def test_the_hash_of_a_real_token_is_not_a_token(grads: Graduates):
    follow_up, token = sent_twelve(grads)
    with pytest.raises(FollowUpError):
        follow_up_answer_by_link(follow_up.link_secret_hash, ANSWER, today=IN_TWELVE)
    wrong = ("A" if token[0] != "A" else "B") + token[1:]
    with pytest.raises(FollowUpError):
        follow_up_answer_by_link(wrong, ANSWER, today=IN_TWELVE)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"employment_status": "astronaut"}, "employment_status"),
        ({"employment_status": ""}, "employment_status"),
        ({"skills_use": "hourly"}, "skills_use"),
        ({"employment_status": "unemployed_looking"}, "tech_role"),
        ({"role_started_on": datetime.date(2099, 1, 1)}, "role_started_on"),
        ({"sector": "military"}, "sector"),
    ],
)
def test_malformed_answers_are_refused_and_nothing_is_half_written(
    grads: Graduates, changes: dict, field: str
):
    follow_up, token = sent_twelve(grads)
    with pytest.raises(ValidationError) as refused:
        follow_up_answer_by_link(token, ANSWER | changes, today=IN_TWELVE)
    assert field in refused.value.message_dict
    follow_up.refresh_from_db()
    assert follow_up.status == "sent"
    assert not FollowUpAnswer.all_objects.exists()
    # The link still works for a corrected answer.
    follow_up_answer_by_link(token, ANSWER, today=IN_TWELVE)


def test_unknown_answer_fields_are_refused(grads: Graduates):
    _, token = sent_twelve(grads)
    with pytest.raises(ValidationError, match="salary"):
        follow_up_answer_by_link(token, ANSWER | {"salary": 10}, today=IN_TWELVE)


def test_civil_servant_questions_are_left_empty_for_others(grads: Graduates):
    _, token = sent_twelve(grads, audience="youth", institution=None)
    answer = follow_up_answer_by_link(token, ANSWER | {"promoted": True}, today=IN_TWELVE)
    assert (answer.promoted, answer.new_digital_responsibilities) == (None, None)


# --- non-response --------------------------------------------------------------------------


def test_non_response_is_recorded_and_never_as_unemployed(grads: Graduates):
    follow_up, _ = sent_twelve(grads)
    unsent = grads.graduate()
    follow_ups_schedule(unsent, today=COMPLETED_ON)
    assert follow_ups_mark_no_response(follow_up.closes_on) == 4  # 3- and 6-month waves
    assert twelve(follow_up.completion).status == "sent"
    assert follow_ups_mark_no_response(follow_up.closes_on + datetime.timedelta(1)) == 2
    follow_up.refresh_from_db()
    assert follow_up.status == "no_response"
    assert twelve(unsent).status == "no_response"
    assert not FollowUpAnswer.all_objects.exists()
    outcomes = {item.completion_id: item for item in twelve_month_outcomes()}
    silent = outcomes[follow_up.completion_id]
    assert silent.status == "no_response"
    assert silent.employment_status == ""
    assert silent.converted is None  # unknown, never "not converted" or unemployed
    assert follow_ups_mark_no_response(follow_up.closes_on + datetime.timedelta(1)) == 0


def test_an_answered_follow_up_is_never_marked_no_response(grads: Graduates):
    follow_up, token = sent_twelve(grads)
    follow_up_answer_by_link(token, ANSWER, today=IN_TWELVE)
    follow_ups_mark_no_response(follow_up.closes_on + datetime.timedelta(30))
    follow_up.refresh_from_db()
    assert follow_up.status == "answered"


# --- answers by phone ----------------------------------------------------------------------


def test_phone_answers_by_scope(grads: Graduates):
    own, _ = sent_twelve(grads)
    other, _ = sent_twelve(grads, institution=grads.other_ministry)
    for outsider in (grads.facilitator, grads.dpo):
        with pytest.raises(FollowUpError) as refused:
            follow_up_answer_by_phone(own, ANSWER, by=outsider, today=IN_TWELVE)
        assert refused.value.code == "not_found"
    with pytest.raises(FollowUpError):
        follow_up_answer_by_phone(other, ANSWER, by=grads.officer, today=IN_TWELVE)
    answer = follow_up_answer_by_phone(own, ANSWER, by=grads.officer, today=IN_TWELVE)
    assert (answer.channel, answer.recorded_by_id) == ("phone", grads.officer.pk)
    follow_up_answer_by_phone(other, ANSWER, by=grads.admin, today=IN_TWELVE)
    assert FollowUpAnswer.objects.count() == 2


def test_phone_answers_keep_to_the_window(grads: Graduates):
    own, _ = sent_twelve(grads)
    with pytest.raises(FollowUpError) as late:
        follow_up_answer_by_phone(
            own, ANSWER, by=grads.admin, today=own.closes_on + datetime.timedelta(1)
        )
    assert late.value.code == "expired"


# --- what the reports read -----------------------------------------------------------------


def test_conversion_counts_a_tech_role_started_within_a_year(grads: Graduates):
    late_start, late_token = sent_twelve(grads)
    in_time, in_time_token = sent_twelve(grads)
    follow_up_answer_by_link(
        late_token,
        ANSWER | {"role_started_on": datetime.date(2027, 1, 16)},
        today=datetime.date(2027, 1, 20),
    )
    follow_up_answer_by_link(in_time_token, ANSWER, today=IN_TWELVE)
    outcomes = {item.completion_id: item for item in twelve_month_outcomes()}
    assert outcomes[late_start.completion_id].converted is False
    assert outcomes[in_time.completion_id].converted is True
    assert outcomes[in_time.completion_id].applied_skills is True


def test_no_answer_is_taken_after_the_consent_is_withdrawn(grads: Graduates):
    follow_up, token = sent_twelve(grads)
    consent(follow_up.person, "follow_up", "withdrawn")
    with pytest.raises(FollowUpError) as refused:
        follow_up_answer_by_link(token, ANSWER, today=IN_TWELVE)
    assert refused.value.code == "cancelled"
    with pytest.raises(FollowUpError):
        follow_up_answer_by_phone(follow_up, ANSWER, by=grads.admin, today=IN_TWELVE)
    assert not FollowUpAnswer.objects.exists()


def test_a_site_schedules_no_follow_up(grads: Graduates) -> None:
    completion = grads.graduate()
    become_a_site()
    assert follow_ups_schedule(completion, today=COMPLETED_ON) == []
    assert follow_ups_daily.call() == {"scheduled": 0, "sent": 0, "no_response": 0}
    assert not FollowUp.objects.exists()
