"""A closed cohort counts the people who held its seats, says it is closed, and offers
nothing that would change it: no sessions to add, no roll to take, no seats to change.

The cohort met at local midnight on its three days (today the last), so that every
session has started whatever the hour the test runs at.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from ujuzi.core.models import JournalEntry
from ujuzi.core.services import api_token_create
from ujuzi.delivery import selectors
from ujuzi.delivery.attendance import attendance_mark, check_in, cohort_complete
from ujuzi.delivery.models import Cohort, Enrolment, Session
from ujuzi.delivery.scheduling import session_add
from ujuzi.delivery.services import (
    DeliveryError,
    cohort_capacity_change,
    nomination_create,
    nomination_decide,
)


@dataclass
class Closed:
    cohort: Cohort
    sessions: list[Session]
    today: datetime.date


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(0)))


@pytest.fixture
def closed(office) -> Closed:
    """Six people held seats of 30; four attended everything, two nothing; closed today."""
    today = timezone.localdate()
    cohort = office.cohort(
        code="closed-cyber",
        starts_on=today - datetime.timedelta(days=2),
        ends_on=today,
        capacity=30,
    )
    sessions = [
        session_add(
            cohort=cohort,
            starts_at=_midnight(today - datetime.timedelta(days=back)),
            ends_at=_midnight(today - datetime.timedelta(days=back)) + datetime.timedelta(hours=1),
            by=office.admin,
        )
        for back in (2, 1, 0)
    ]
    people = [office.staff(last_name=f"Learner{number}") for number in range(6)]
    for number, person in enumerate(people):
        nomination = nomination_create(cohort=cohort, person=person, by=office.officer)
        nomination_decide(nomination=nomination, approve=True, by=office.admin)
        for session in sessions:
            attendance_mark(
                session=session, person=person, present=number < 4, by=office.facilitator
            )
    assert len(cohort_complete(cohort=cohort, by=office.admin, on=today)) == 4
    return Closed(cohort=cohort, sessions=sessions, today=today)


def test_a_closed_cohort_counts_the_people_who_held_its_seats(office, closed):
    counted = selectors.cohort_get(closed.cohort.pk)
    assert counted is not None
    assert (counted.enrolled_count, counted.waiting_count) == (6, 0)  # type: ignore[attr-defined]
    assert (counted.completed_count, counted.not_completed_count) == (4, 2)  # type: ignore[attr-defined]
    listing = Client().get("/cohorts/?past=on").content.decode()
    assert "6 of 30 seats taken" in listing
    assert f'data-closed-on="{closed.today.isoformat()}"' in listing
    assert "completed: 4 · did not complete: 2" in listing
    page = _client(office.facilitator).get(f"/cohorts/{closed.cohort.pk}/").content.decode()
    assert "6 of 30 seats taken" in page
    assert f'data-closed-on="{closed.today.isoformat()}"' in page
    assert "completed: 4 · did not complete: 2" in page


def test_a_closed_cohort_offers_neither_sessions_nor_the_roll(office, closed):
    cohort = selectors.cohort_get(closed.cohort.pk)
    assert cohort is not None
    actions = selectors.cohort_actions_for(office.admin, cohort)
    assert actions == selectors.CohortActions(
        adds_sessions=False,
        takes_roll=False,
        sees_roll=True,
        manages_seats=False,
        nominates=False,
        closes=False,
    )
    for user in (office.admin, office.facilitator):
        page = _client(user).get(f"/cohorts/{closed.cohort.pk}/").content.decode()
        assert "Take the roll" not in page
        assert "Add a session" not in page
        assert "Change the seats" not in page
        assert "See the roll" in page
    assert (
        "Nominate staff"
        not in _client(office.officer).get(f"/cohorts/{closed.cohort.pk}/").content.decode()
    )


def test_the_services_refuse_to_change_a_closed_cohort(office, closed):
    before = (Session.objects.count(), JournalEntry.objects.count())
    person = Enrolment.objects.filter(cohort=closed.cohort).first().person
    start = _midnight(closed.today) + datetime.timedelta(hours=1)
    with pytest.raises(DeliveryError, match="closed"):
        session_add(
            cohort=closed.cohort,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            by=office.admin,
        )
    with pytest.raises(DeliveryError, match="closed"):
        attendance_mark(
            session=closed.sessions[-1], person=person, present=False, by=office.facilitator
        )
    with pytest.raises(DeliveryError, match="closed"):
        cohort_capacity_change(cohort=closed.cohort, capacity=40, by=office.admin)
    with pytest.raises(DeliveryError, match="closed"):
        check_in(
            session=closed.sessions[-1],
            identifier=str(person.phone),
            code=closed.sessions[-1].check_in_code,
            now=closed.sessions[-1].starts_at,
        )
    refused = _client(office.admin).post(
        f"/cohorts/{closed.cohort.pk}/sessions/",
        {"day": closed.today.isoformat(), "starts": "10:00", "ends": "11:00"},
        follow=True,
    )
    assert "closed or cancelled cohort" in refused.content.decode()
    assert (Session.objects.count(), JournalEntry.objects.count()) == before
    closed.cohort.refresh_from_db()
    assert closed.cohort.capacity == 30


def test_sessions_today_and_the_roll_of_a_closed_cohort_are_read_only(office, closed):
    today = selectors.sessions_to_run_for(office.facilitator, day=closed.today)
    assert [(s.pk, s.takes_roll) for s in today] == [(closed.sessions[-1].pk, False)]  # type: ignore[attr-defined]
    home = _client(office.facilitator).get("/").content.decode()
    assert "Cohort closed" in home
    assert f"/sessions/{closed.sessions[-1].pk}/roll/" not in home
    roll = _client(office.facilitator).get(f"/sessions/{closed.sessions[-1].pk}/roll/")
    body = roll.content.decode()
    assert body.count("Learner") >= 6 and "data-roll-closed" in body
    assert "Mark present" not in body and "Mark absent" not in body
    assert closed.sessions[-1].check_in_code not in body


def test_the_api_says_a_cohort_is_closed_and_how_it_ended(office, closed):
    token = api_token_create(
        user=office.admin, name="planning", scopes=["cohorts:read"], by=None
    ).secret
    answer = (
        Client()
        .get(f"/api/v1/cohorts/{closed.cohort.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
        .json()
    )
    assert {key: answer[key] for key in ("enrolled", "waiting", "closed_on")} == {
        "enrolled": 6,
        "waiting": 0,
        "closed_on": closed.today.isoformat(),
    }
    assert (answer["completed"], answer["not_completed"]) == (4, 2)
