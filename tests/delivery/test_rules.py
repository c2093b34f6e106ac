"""The pure rules of delivery, over many cases."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from ujuzi.delivery.rules import (
    CHECK_IN_ALPHABET,
    check_in_code_matches,
    check_in_code_new,
    check_in_open,
    completion_decide,
    dates_overlap,
)

percent = st.integers(min_value=0, max_value=100)
days = st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2027, 12, 31))


@given(
    held=st.integers(min_value=0, max_value=60),
    attended=st.integers(min_value=0, max_value=60),
    minimum=percent,
    pass_mark=st.none() | percent,
    score=st.none() | percent,
)
def test_completion_is_exactly_the_documented_rule(held, attended, minimum, pass_mark, score):
    attended = min(attended, held)
    result = completion_decide(
        sessions_held=held,
        sessions_attended=attended,
        min_attendance_percent=minimum,
        pass_mark_percent=pass_mark,
        final_score=score,
    )
    # the share is floored to a whole percent before it is compared
    share_met = held > 0 and (100 * attended) // held >= minimum
    mark_met = pass_mark is None or (score is not None and score >= pass_mark)
    assert result.completed == (share_met and mark_met)
    assert 0 <= result.attendance_percent <= 100
    assert result.completed == (result.reason == "")


@given(st.integers(min_value=1, max_value=60), percent)
def test_one_more_session_attended_never_undoes_a_completion(held, minimum):
    outcomes = [
        completion_decide(
            sessions_held=held,
            sessions_attended=attended,
            min_attendance_percent=minimum,
            pass_mark_percent=None,
            final_score=None,
        ).completed
        for attended in range(held + 1)
    ]
    assert outcomes == sorted(outcomes)


@given(days, days, days, days)
def test_overlap_is_symmetric_and_means_a_shared_day(a, b, c, d):
    first, second = (min(a, b), max(a, b)), (min(c, d), max(c, d))
    assert dates_overlap(first, second) == dates_overlap(second, first)
    shared = max(first[0], second[0]) <= min(first[1], second[1])
    assert dates_overlap(first, second) == shared


@given(st.text(max_size=40))
def test_only_the_rooms_code_matches_ignoring_case_and_spaces(typed):
    code = check_in_code_new()
    assert len(code) == 6 and set(code) <= set(CHECK_IN_ALPHABET)
    assert check_in_code_matches(code, f" {code[:3].lower()} {code[3:]} ")
    assert check_in_code_matches(code, typed) == ("".join(typed.split()).upper() == code)


@given(st.integers(min_value=-120, max_value=300))
def test_check_in_opens_half_an_hour_before_and_closes_at_the_end(minutes):
    start = datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC)
    end = start + datetime.timedelta(hours=3)
    now = start + datetime.timedelta(minutes=minutes)
    assert check_in_open(start, end, now) == (-30 <= minutes <= 180)
