"""Suppression cannot be undone: not from one table's totals, nor by differencing two requests.

Hypothesis builds small random programmes straight into the facts table (the rows
``facts_refresh`` would write), then asks for tables as a partner viewer (suppression
forced) with random filters and breakdowns, and for the same tables with each filter set
that differs by one value (a filter removed, or the period widened to its quarter, year or
no period). Every published figure is checked against the true counts:

- no published count of people is between 1 and N-1 (numerator, denominator, difference);
- within a table, the hidden cells of a line whose total is published are never exactly
  one, and their true counts never add up to between 1 and N-1;
- for two requests differing by one value, the same cell published in both never differs
  by between 1 and N-1 in any count it reveals.

The same tables through the API and every export (CSV, JSON, XLSX) carry exactly the
engine's published figures and nothing for a suppressed cell.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import uuid

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.reports.builders import viewer
from ujuzi.core.services import api_token_create
from ujuzi.reports import exports
from ujuzi.reports.models import EnrolmentFact, FactsRefresh
from ujuzi.reports.services import indicator_table, parents
from ujuzi.reports.tables import Cell, Filters, Table

pytestmark = pytest.mark.django_db
N = 5
MONTHS = [datetime.date(2025, 1, 1), datetime.date(2025, 2, 1), datetime.date(2025, 4, 1)]
INDICATORS = ["enrolled", "completed", "completion_rate", "share_rural", "conversion_graduates"]
BREAKDOWNS = [(), ("sex",), ("county",), ("site_kind",), ("sex", "county")]

seat = st.fixed_dictionaries(
    {
        "sex": st.sampled_from(["female", "male", ""]),
        "county": st.sampled_from(["KE-005", "KE-047"]),
        "site_kind": st.sampled_from(["campus", "community_centre"]),
        "month": st.sampled_from(MONTHS),
        "finished": st.booleans(),
        "completed": st.booleans(),
        "follow_up": st.sampled_from(["answered", "unknown", "pending"]),
        "tech_role": st.booleans(),
        "second_seat": st.booleans(),
    }
)
PERIODS = [
    (None, None),
    (datetime.date(2025, 1, 1), datetime.date(2025, 1, 31)),
    (datetime.date(2025, 1, 1), datetime.date(2025, 3, 31)),
    (datetime.date(2025, 4, 1), datetime.date(2025, 4, 30)),
    (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
]
filter_sets = st.builds(
    lambda county, site_kind, period: Filters(
        county=county, site_kind=site_kind, period_start=period[0], period_end=period[1]
    ),
    st.sampled_from([None, "KE-005", "KE-047"]),
    st.sampled_from([None, "campus", "community_centre"]),
    st.sampled_from(PERIODS),
)


def load(seats: list[dict]) -> None:
    EnrolmentFact.objects.all().delete()
    FactsRefresh.objects.all().delete()
    rows = []
    for number, item in enumerate(seats):
        person = uuid.UUID(int=number + 1)
        for copy in range(2 if item["second_seat"] else 1):
            completed = item["completed"] and item["finished"]
            month = MONTHS[(MONTHS.index(item["month"]) + copy) % len(MONTHS)]
            rows.append(
                EnrolmentFact(
                    enrolment_id=uuid.uuid4(),
                    person_id=person,
                    sex=item["sex"],
                    county=item["county"],
                    urban_rural="urban" if item["county"] == "KE-047" else "rural",
                    audience="youth",
                    programme="youth",
                    course_id=person,
                    track="youth",
                    technical=True,
                    site_kind=item["site_kind"],
                    cohort=f"cohort-{copy}",
                    starts_on=month,
                    start_month=month,
                    finished=item["finished"],
                    completed=completed,
                    completed_on=month + datetime.timedelta(days=10) if completed else None,
                    completion_month=month if completed else None,
                    follow_up=item["follow_up"] if completed else "",
                    tech_role_within_365=completed
                    and item["follow_up"] == "answered"
                    and item["tech_role"],
                )
            )
    EnrolmentFact.objects.bulk_create(rows)
    now = timezone.now()
    FactsRefresh.objects.create(started_at=now, finished_at=now, rows=len(rows))


def revealed(cell: Cell) -> tuple[int, ...]:
    if cell.denominator is None:
        return (cell.numerator or 0,)
    return (cell.numerator or 0, cell.denominator, cell.denominator - (cell.numerator or 0))


def small(values) -> bool:
    return any(0 < value < N for value in values)


def check_published(table: Table) -> None:
    for cell in [table.total, *(row.cell for row in table.rows)]:
        if cell.suppressed:
            assert (cell.numerator, cell.denominator, cell.value) == (None, None, None)
        else:
            assert not small(revealed(cell))


def check_lines(published: Table, truth: Table, margins: dict) -> None:
    """Hidden cells of a line with a published total are never recoverable."""
    true_cells = {row.keys: row.cell for row in truth.rows}
    lines = [(published.total, list(published.rows))]
    if len(published.by) == 2:
        for position in (0, 1):
            groups: dict = {}
            for row in published.rows:
                groups.setdefault(row.keys[position], []).append(row)
            for value, rows in groups.items():
                margin = margins[position].get(value)
                if margin is not None:
                    lines.append((margin, rows))
    for total, rows in lines:
        hidden = [row for row in rows if row.cell.suppressed]
        if total.suppressed or not hidden:
            continue
        assert len(hidden) != 1, f"one hidden cell recoverable from its total: {hidden[0].keys}"
        sums = [
            sum(part) for part in zip(*(revealed(true_cells[r.keys]) for r in hidden), strict=True)
        ]
        assert not small(sums), f"hidden cells add up to a small count: {sums}"


def check_differencing(child: Table, parent: Table) -> None:
    pairs = [(child.total, parent.total)]
    parent_rows = {row.keys: row.cell for row in parent.rows}
    pairs += [(row.cell, parent_rows[row.keys]) for row in child.rows if row.keys in parent_rows]
    for mine, theirs in pairs:
        if mine.suppressed or theirs.suppressed:
            continue
        differences = [abs(a - b) for a, b in zip(revealed(theirs), revealed(mine), strict=True)]
        assert not small(differences), f"two requests differ by a small count: {differences}"


def tables(code, who, filters, by):
    published = indicator_table(code, viewer=who, filters=filters, by=by)
    truth = indicator_table(code, viewer=None, filters=filters, by=by, suppression=False)
    return published, truth


@pytest.fixture
def partner():
    return viewer("partner_viewer")


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seats=st.lists(seat, min_size=0, max_size=40),
    filters=filter_sets,
    code=st.sampled_from(INDICATORS),
    by=st.sampled_from(BREAKDOWNS),
)
def test_no_small_count_is_published_or_recoverable(partner, seats, filters, code, by):
    load(seats)
    published, truth = tables(code, partner, filters, by)
    check_published(published)
    margins = {}
    if len(by) == 2:
        for position in (0, 1):
            margin = indicator_table(code, viewer=partner, filters=filters, by=(by[position],))
            margins[position] = {row.keys[0]: row.cell for row in margin.rows}
    check_lines(published, truth, margins)
    for parent_filters in parents(filters):
        parent = indicator_table(code, viewer=partner, filters=parent_filters, by=by)
        check_published(parent)
        check_differencing(published, parent)
        if by:
            check_differencing(
                indicator_table(code, viewer=partner, filters=filters),
                indicator_table(code, viewer=partner, filters=parent_filters),
            )


def figures(table: Table) -> list[tuple]:
    """The published figures of a table, as the exports should carry them."""
    cells = [(row.labels, row.cell) for row in table.rows] + [(("total",), table.total)]
    return [
        (
            tuple(labels),
            None
            if cell.suppressed
            else (cell.numerator, cell.denominator)
            if cell.denominator is not None
            else (cell.numerator,),
        )
        for labels, cell in cells
    ]


def trimmed(line: list) -> list:
    """A spreadsheet row without its trailing blank cells, blanks read as empty text."""
    values = list(line)
    while values and values[-1] is None:
        values.pop()
    return ["" if value is None else value for value in values]


def from_lines(table: Table, lines: list[list]) -> list[tuple]:
    width = len(table.by) or 1
    found = []
    for line in lines:
        labels = tuple(str(v) for v in line[:width])
        numbers = line[width:]
        if labels[0] == "total":
            labels = ("total",)
        if "suppressed" in [str(v) for v in numbers]:
            assert {str(v) for v in numbers} == {"suppressed"}
            found.append((labels, None))
        elif table.indicator.unit == "proportion":
            found.append((labels, (int(numbers[0]), int(numbers[1]))))
        else:
            found.append((labels, (int(numbers[0]),)))
    return found


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seats=st.lists(seat, min_size=0, max_size=30),
    code=st.sampled_from(["enrolled", "completion_rate"]),
    by=st.sampled_from([(), ("sex",), ("sex", "county")]),
)
def test_api_and_every_export_carry_exactly_the_published_figures(partner, seats, code, by):
    load(seats)
    table = indicator_table(code, viewer=partner, filters=Filters(), by=by)
    expected = figures(table)

    # the header is the first line of either file, the figures all the rest
    rows = list(csv.reader(io.StringIO(exports.table_csv(table).decode("utf-8-sig"))))
    assert from_lines(table, rows[1:]) == expected

    sheet = load_workbook(io.BytesIO(exports.table_xlsx(table))).worksheets[0]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert trimmed(values[0]) == rows[0]
    assert from_lines(table, [trimmed(line) for line in values[1:]]) == expected

    data = json.loads(exports.table_json(table))
    token = getattr(partner, "_report_token", None)
    if token is None:
        token = api_token_create(user=partner, name="t", scopes=["reports:read"], by=None).secret
        partner._report_token = token
    query = "&".join(f"by={name}" for name in by)
    api = (
        Client()
        .get(f"/api/v1/reports/indicators/{code}?{query}", HTTP_AUTHORIZATION=f"Bearer {token}")
        .json()
    )
    for shape in (data, api):
        got = [
            (
                tuple(row["labels"]),
                None
                if row["cell"]["suppressed"]
                else tuple(
                    v
                    for v in (row["cell"]["numerator"], row["cell"]["denominator"])
                    if v is not None
                ),
            )
            for row in shape["rows"]
        ]
        total = shape["total"]
        got.append(
            (
                ("total",),
                None
                if total["suppressed"]
                else tuple(v for v in (total["numerator"], total["denominator"]) if v is not None),
            )
        )
        assert got == expected
