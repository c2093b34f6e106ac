"""No page lets a partner viewer count fewer than N people (property-based, over page output).

The pages are read as a reader would: the figures are parsed back out of the HTML table
beside each chart. For any indicator, breakdown and filters, and for any two requests whose
filters differ by one value, no figure shown, no total minus the shown rows, and no
difference between the two requests counts between 1 and N-1 people.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import area, make_site, make_user
from tests.reports.test_pages import graduates, technical_cohort
from ujuzi.people.models import RoleAssignment
from ujuzi.people.services import role_assign
from ujuzi.reports.catalogue import INDICATORS
from ujuzi.reports.mappings import minimum_cell
from ujuzi.reports.refresh import facts_refresh

HIDDEN = "hidden (small number)"
# (site kind, county, track, sex, graduates, answered, in a technology role)
GROUPS = [
    ("campus", "KE-047", "ai", "female", 12, 8, 3),
    ("campus", "KE-047", "ai", "male", 3, 2, 1),
    ("community_centre", "KE-005", "ai", "female", 7, 5, 2),
    ("community_centre", "KE-005", "cloud", "male", 6, 6, 4),
    ("mobile_lab", "KE-001", "cloud", "female", 2, 1, 1),
    ("mobile_lab", "KE-001", "ai", "male", 9, 4, 0),
    ("campus", "KE-005", "cloud", "female", 5, 5, 1),
]
CODES = [
    "enrolled",
    "completed",
    "completion_rate",
    "conversion_graduates",
    "conversion_respondents",
    "share_women",
]
BREAKDOWNS = [(), ("sex",), ("county",), ("site_kind",), ("track",), ("sex", "county")]
FILTER_VALUES = {
    "county": ["KE-047", "KE-005", "KE-001"],
    "track": ["ai", "cloud"],
    "site_kind": ["campus", "community_centre", "mobile_lab"],
}


@pytest.fixture
def partner(shipped) -> Client:
    for index, (kind, county, track, sex, count, answered, tech) in enumerate(GROUPS):
        site = make_site(kind=kind, area=area(county))
        cohort = technical_cohort(f"group-{index}", site=site, track=track)
        graduates(count, cohort=cohort, answered=answered, tech=tech, sex=sex, area=area(county))
    facts_refresh()
    user = make_user()
    role_assign(user=user, role=RoleAssignment.Role.PARTNER_VIEWER, by=None)
    client = Client()
    client.force_login(user)
    return client


@dataclass(frozen=True)
class Figure:
    """What a reader can count from one line of a table: its people counts, or hidden."""

    hidden: bool
    counts: tuple[int, ...]  # a count; or counted, out of, and out of minus counted


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def _figure(cells: list[str], unit: str, labels: int) -> Figure:
    value = cells[labels]
    if HIDDEN in value:
        return Figure(True, ())
    if unit == "proportion":
        counted, out_of = _number(cells[labels + 2]), _number(cells[labels + 3])
        return Figure(False, (counted, out_of, out_of - counted))
    return Figure(False, (_number(value),))


def read_table(body: str, unit: str, labels: int) -> tuple[dict[tuple[str, ...], Figure], Figure]:
    """The rows (by their labels) and the total of the page's data table."""

    def cells(row: str) -> list[str]:
        found = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL)
        return [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in found]

    tbody = re.search(r"<tbody>(.*?)</tbody>", body, re.DOTALL)
    tfoot = re.search(r"<tfoot>(.*?)</tfoot>", body, re.DOTALL)
    assert tbody is not None and tfoot is not None
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", tbody.group(1), re.DOTALL):
        values = cells(row)
        if len(values) <= labels:  # "No rows" line
            continue
        rows[tuple(values[:labels])] = _figure(values, unit, labels)
    (total_row,) = re.findall(r"<tr>(.*?)</tr>", tfoot.group(1), re.DOTALL)
    return rows, _figure(cells(total_row), unit, 1)


def page(client: Client, code: str, by: tuple[str, ...], filters: dict[str, str]):
    query = urlencode([*filters.items(), *(("by", name) for name in by)])
    response = client.get(f"/reports/{code}/?{query}")
    assert response.status_code == 200, response.content.decode()[:500]
    body = response.content.decode()
    assert "/records/" not in body and "/people/" not in body
    return read_table(body, INDICATORS[code].unit, max(len(by), 1))


def small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


def assert_nothing_small(rows, total, threshold: int) -> None:
    for figure in [*rows.values(), total]:
        assert not any(small(count, threshold) for count in figure.counts), figure
    hidden = [figure for figure in rows.values() if figure.hidden]
    if hidden and not total.hidden and rows:
        shown = [figure for figure in rows.values() if not figure.hidden]
        for part, whole in enumerate(total.counts):
            rest = whole - sum(figure.counts[part] for figure in shown)
            assert not small(rest, threshold), (part, rest)


requests = st.tuples(
    st.sampled_from(CODES),
    st.sampled_from(BREAKDOWNS),
    st.fixed_dictionaries(
        {}, optional={name: st.sampled_from(values) for name, values in FILTER_VALUES.items()}
    ),
    st.sampled_from(sorted(FILTER_VALUES)),
    st.data(),
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(asked=requests)
def test_no_page_and_no_pair_of_pages_counts_a_small_group(partner, asked):
    code, by, base, extra_name, data = asked
    if INDICATORS[code].dimensions and not set(by) <= set(INDICATORS[code].dimensions):
        by = ()
    threshold = minimum_cell()
    narrower = dict(base)
    narrower[extra_name] = data.draw(st.sampled_from(FILTER_VALUES[extra_name]))
    wide_rows, wide_total = page(
        partner, code, by, {k: v for k, v in base.items() if k != extra_name}
    )
    narrow_rows, narrow_total = page(partner, code, by, narrower)
    assert_nothing_small(wide_rows, wide_total, threshold)
    assert_nothing_small(narrow_rows, narrow_total, threshold)
    # differencing: the wider request minus the narrower, line by line and in total
    pairs = [(wide_total, narrow_total)] + [
        (figure, narrow_rows[labels])
        for labels, figure in wide_rows.items()
        if labels in narrow_rows
    ]
    for wide, narrow in pairs:
        if wide.hidden or narrow.hidden:
            continue
        for part in range(len(wide.counts)):
            assert not small(wide.counts[part] - narrow.counts[part], threshold), (wide, narrow)
