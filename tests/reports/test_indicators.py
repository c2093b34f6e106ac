"""Each indicator on the hand-built programme (tests/reports/builders.py), worked out by hand.

People (all in 2025): youth cohort "youth-lamu" (technical programme, community centre in
Lamu): y1 (woman, 20, disability) completed, answered the 12-month survey in a tech role
started 164 days after; y2 (man, 25) completed, answered, not a tech role; y3 (woman, 24)
completed, no response; y4 (woman, 34, Nairobi) completed, verified tech placement; y5 (man,
14) dropped out; y6 (woman, no birth date) still enrolled; y7 only waitlisted. Officers'
cohort (Nairobi campus, not technical): o1 (woman, 55, grade K) completed, answered,
promoted; o2 (man, 44, CSG 5) completed, answered, nothing new; o3 (man) did not complete.
Partner track "cloud" (online): y1 and o1 completed again in April, no follow-up.
"""

from __future__ import annotations

import pytest

from tests.reports.builders import build, viewer
from ujuzi.reports.refresh import facts_refresh
from ujuzi.reports.services import indicator_table, wilson_interval
from ujuzi.reports.tables import Filters

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return viewer("programme_admin")


@pytest.fixture
def programme():
    found = build()
    facts_refresh()
    return found


def figure(code, admin, **filters):
    table = indicator_table(code, viewer=admin, filters=Filters(**filters), suppression=False)
    return table.total


def by(code, admin, dimension, **filters):
    table = indicator_table(
        code, viewer=admin, filters=Filters(**filters), by=(dimension,), suppression=False
    )
    return {row.keys[0]: (row.cell.numerator, row.cell.denominator) for row in table.rows}


def test_people_enrolled_count_distinct_seat_holders(programme, admin):
    # y1..y6 and o1..o3; the waitlisted y7 is not counted, y1 and o1 only once.
    assert figure("enrolled", admin).numerator == 9


def test_completions_and_completion_rate(programme, admin):
    assert figure("completed", admin).numerator == 6
    rate = figure("completion_rate", admin)
    # Finished places: y1-y5, o1-o3 (y6 is still enrolled); completed: y1-y4, o1, o2.
    assert (rate.numerator, rate.denominator) == (6, 8)
    assert rate.value == 0.75
    low, high = wilson_interval(6, 8)
    assert (rate.low, rate.high) == (low, high)


def test_officers_trained_by_programme_and_track(programme, admin):
    assert figure("officers_trained", admin).numerator == 2
    assert by("officers_trained", admin, "programme") == {
        "digital-skills-for-public-servants": (2, None),
        "industry-certification-tracks": (1, None),
    }
    assert by("officers_trained", admin, "track") == {
        "digital-skills-for-public-servants": (2, None),
        "cloud": (1, None),
    }
    assert by("officers_trained", admin, "grade_band") == {
        "officer": (1, None),
        "senior": (1, None),
    }


def test_certificates_issued_leave_out_revoked_ones(programme, admin):
    assert figure("certificates_issued", admin).numerator == 2


def test_follow_up_response_rate(programme, admin):
    # Due: y1, y2, y3, y4 (no record, window long over), o1, o2; answered y1, y2, o1, o2.
    rate = figure("follow_up_response_rate", admin)
    assert (rate.numerator, rate.denominator) == (4, 6)


def test_conversion_among_respondents_and_among_all_graduates(programme, admin):
    respondents = figure("conversion_respondents", admin)
    # Known outcomes: y1, y2 (answered) and y4 (verified placement); in a tech role: y1, y4.
    assert (respondents.numerator, respondents.denominator) == (2, 3)
    graduates = figure("conversion_graduates", admin)
    # All graduates whose 12 months are over: y1-y4; y3 did not answer: unknown, not unemployed.
    assert (graduates.numerator, graduates.denominator) == (2, 4)
    unknown = figure("outcome_unknown", admin)
    assert (unknown.numerator, unknown.denominator) == (1, 4)
    assert by("conversion_graduates", admin, "sex") == {"female": (2, 3), "male": (0, 1)}


def test_non_respondents_never_count_as_unemployed(programme, admin):
    respondents = figure("conversion_respondents", admin)
    # Respondents not in a tech role: y2 only; y3 (no response) is in neither figure.
    assert respondents.denominator - respondents.numerator == 1
    assert by("conversion_respondents", admin, "sex") == {"female": (2, 2), "male": (0, 1)}


def test_applied_skills_of_officers(programme, admin):
    applied = figure("applied_skills", admin)
    assert (applied.numerator, applied.denominator) == (1, 2)


def test_mean_gap_closed(programme, admin):
    # Course Y-1 brings learners to level 3: y1 was at 1 (+2), y2 at 4 (+0), y3 and y4 had
    # no evidence (+3 each): 8 levels over 4 completions.
    gap = figure("mean_gap_closed", admin)
    assert (gap.numerator, gap.denominator, gap.value) == (8, 4, 2.0)


def test_shares_of_women_disability_and_rural_learners(programme, admin):
    women = figure("share_women", admin)
    assert (women.numerator, women.denominator) == (5, 9)
    disability = figure("share_disability", admin)
    assert (disability.numerator, disability.denominator) == (1, 3)
    rural = figure("share_rural", admin)
    # Nairobi (KE-047) is urban by default: y4, o1, o2, o3; the other five are in Lamu.
    assert (rural.numerator, rural.denominator) == (5, 9)


def test_coverage_of_centres_and_mobile_lab_stops(programme, admin):
    centres = figure("coverage_community_centres", admin)
    assert (centres.numerator, centres.denominator) == (1, 2)
    stops = figure("coverage_mobile_lab_stops", admin)
    assert (stops.numerator, stops.denominator) == (1, 2)


def test_age_bands_at_the_start_of_the_cohort(programme, admin):
    assert by("enrolled", admin, "age_band") == {
        "15-24": (2, None),  # y1 (20), y3 (24 the day before her birthday)
        "25-34": (2, None),  # y2 (25 on the day), y4 (34)
        "under-15": (1, None),  # y5
        "35-44": (1, None),  # o2
        "55+": (1, None),  # o1
        "": (2, None),  # y6, o3: no date of birth
    }


def test_period_filters_count_completions_by_their_date(programme, admin):
    import datetime

    q1 = {"period_start": datetime.date(2025, 1, 1), "period_end": datetime.date(2025, 3, 31)}
    q2 = {"period_start": datetime.date(2025, 4, 1), "period_end": datetime.date(2025, 6, 30)}
    assert figure("completed", admin, **q1).numerator == 6
    assert figure("completed", admin, **q2).numerator == 2
    assert by("completed", admin, "period") == {"2025-03": (6, None), "2025-04": (2, None)}
    assert figure("enrolled", admin, **q2).numerator == 2  # the April track cohort


def test_disaggregation_by_county_disability_site_kind_and_cohort(programme, admin):
    assert by("enrolled", admin, "county") == {"KE-005": (5, None), "KE-047": (4, None)}
    assert by("enrolled", admin, "disability") == {"yes": (1, None), "no": (2, None), "": (6, None)}
    assert by("completed", admin, "site_kind") == {
        "community_centre": (4, None),
        "campus": (2, None),
        "online": (2, None),
    }
    assert by("completed", admin, "cohort") == {
        "youth-lamu": (4, None),
        "officers-nairobi": (2, None),
        "cloud-online": (2, None),
    }


def test_wilson_interval_matches_published_values():
    # Known values (Newcombe 1998, table I; and the usual textbook example 81/263).
    low, high = wilson_interval(81, 263)
    assert round(low, 4) == 0.2553 and round(high, 4) == 0.3662
    low, high = wilson_interval(0, 10)
    assert low == 0.0 and round(high, 4) == 0.2775
    low, high = wilson_interval(15, 148)
    assert round(low, 4) == 0.0624 and round(high, 4) == 0.1605
