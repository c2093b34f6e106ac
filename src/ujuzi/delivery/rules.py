"""The rules of delivery as pure functions: overlap, seats, check-in windows, completion.

Kept apart from the services so that they can be tested on their own, with many cases,
and read by a programme officer who wants to know exactly what the platform does.
"""

from __future__ import annotations

import datetime
import hmac
import secrets
from dataclasses import dataclass

# Letters and digits that cannot be mistaken for one another on a projector or a phone.
CHECK_IN_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
CHECK_IN_CODE_LENGTH = 6
# Learners may check in from half an hour before a session starts until it ends.
CHECK_IN_OPENS_BEFORE = datetime.timedelta(minutes=30)
# The most seats a cohort may have (a campus hall; larger groups are several cohorts).
MAX_CAPACITY = 1000


def check_in_code_new() -> str:
    """A fresh code to show in the room (22**6, about 113 million possibilities)."""
    return "".join(secrets.choice(CHECK_IN_ALPHABET) for _ in range(CHECK_IN_CODE_LENGTH))


def check_in_code_matches(expected: str, given: str) -> bool:
    """Compare a typed code with the room's, ignoring case and spaces, in constant time."""
    typed = "".join(given.split()).upper()[: CHECK_IN_CODE_LENGTH * 2]
    return hmac.compare_digest(expected.upper().encode(), typed.encode())


def check_in_open(
    starts_at: datetime.datetime, ends_at: datetime.datetime, now: datetime.datetime
) -> bool:
    """True from half an hour before the session starts until it ends."""
    return starts_at - CHECK_IN_OPENS_BEFORE <= now <= ends_at


def dates_overlap(
    first: tuple[datetime.date, datetime.date], second: tuple[datetime.date, datetime.date]
) -> bool:
    """Two cohorts' date ranges (both ends included) share at least one day."""
    return first[0] <= second[1] and second[0] <= first[1]


@dataclass(frozen=True)
class CompletionResult:
    """What the completion rule decided for one learner, and why."""

    completed: bool
    attendance_percent: int
    reason: str


def completion_decide(
    *,
    sessions_held: int,
    sessions_attended: int,
    min_attendance_percent: int,
    pass_mark_percent: int | None,
    final_score: int | None,
) -> CompletionResult:
    """Apply a course's completion rule.

    Attendance is the share of the cohort's sessions the learner attended, rounded down
    to a whole percent (so 79.9 % does not pass an 80 % rule). A course with a pass mark
    also needs a recorded final score at or above it; a missing score is not a pass.
    """
    if sessions_held <= 0:
        return CompletionResult(False, 0, "no sessions")
    percent = (100 * sessions_attended) // sessions_held
    if percent < min_attendance_percent:
        return CompletionResult(False, percent, "attendance")
    if pass_mark_percent is not None:
        if final_score is None:
            return CompletionResult(False, percent, "no final score")
        if final_score < pass_mark_percent:
            return CompletionResult(False, percent, "below pass mark")
    return CompletionResult(True, percent, "")
