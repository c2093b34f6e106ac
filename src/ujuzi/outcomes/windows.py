"""When each follow-up wave is due, and the window in which its answers count.

| wave | due | opens | closes |
|---|---|---|---|
| 3 months | completion + 3 months | due - 1 month (month 2) | due + 2 months (month 5) |
| 6 months | completion + 6 months | due - 1 month (month 5) | due + 2 months (month 8) |
| 12 months | completion + 12 months | month 11 | month 14 |

The 12-month window is the one the skills-to-jobs conversion counts (answers from month 11
to month 14). The shorter waves use the same shape: a month before the due date so the
link reaches people while the date is near, and two months after for late answers. Both
ends are inclusive. A month later than the last day of a shorter month lands on that
month's last day (31 January + 1 month = 28 or 29 February).
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

WAVES: tuple[int, ...] = (3, 6, 12)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month ``months`` later (or earlier), clamped to the month's end."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class Window:
    """A wave's due date and the first and last days on which it may be answered."""

    due_on: datetime.date
    opens_on: datetime.date
    closes_on: datetime.date

    def holds(self, day: datetime.date) -> bool:
        """True when ``day`` is inside the window (both ends count)."""
        return self.opens_on <= day <= self.closes_on


def window_for(completed_on: datetime.date, wave: int) -> Window:
    """The window of one wave after a completion date."""
    if wave not in WAVES:
        raise ValueError(f"a follow-up wave is one of {WAVES} months, not {wave!r}")
    if wave == 12:
        opens, closes = 11, 14
    else:
        opens, closes = wave - 1, wave + 2
    return Window(
        due_on=add_months(completed_on, wave),
        opens_on=add_months(completed_on, opens),
        closes_on=add_months(completed_on, closes),
    )
