"""Cohort, nomination and calendar pages, through the test client like a browser."""

from __future__ import annotations

import datetime

from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from tests.factories import make_deliverable_course, make_person, make_user
from ujuzi.delivery.models import Enrolment, Nomination
from ujuzi.delivery.scheduling import session_add
from ujuzi.delivery.services import enrolment_self, nomination_create, nomination_decide
from ujuzi.people.models import RoleAssignment
from ujuzi.people.services import person_link_user, role_assign


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_officer_nominates_ticked_staff_and_the_admin_approves_on_the_page(office):
    cohort = office.cohort(capacity=1)
    first, second = office.staff(last_name="Achieng"), office.staff(last_name="Barasa")
    outsider = make_person(institution=office.other_ministry, last_name="Zighe")
    officer = _client(office.officer)
    page = officer.get(f"/cohorts/{cohort.pk}/nominate/")
    body = page.content.decode()
    assert "Achieng" in body and "Barasa" in body and "Zighe" not in body
    response = officer.post(
        f"/cohorts/{cohort.pk}/nominate/", {"person": [str(first.pk), str(second.pk)]}
    )
    assert response.status_code == 302
    assert set(Nomination.objects.values_list("person_id", flat=True)) == {first.pk, second.pk}
    # a forged id of another institution's person is not among the choices: nothing happens
    officer.post(f"/cohorts/{cohort.pk}/nominate/", {"person": [str(outsider.pk)]})
    assert not Nomination.objects.filter(person=outsider).exists()
    admin = _client(office.admin)
    queue = admin.get("/nominations/").content.decode()
    assert "Achieng" in queue and "Barasa" in queue
    for nomination in Nomination.objects.order_by("created_at"):
        admin.post(f"/nominations/{nomination.pk}/decide/", {"decision": "approve"})
    statuses = dict(Enrolment.objects.values_list("person_id", "status"))
    assert statuses == {first.pk: "enrolled", second.pk: "waitlisted"}
    assert "Achieng" in officer.get("/nominations/").content.decode()


def test_declining_needs_a_reason_and_only_admins_decide(office):
    nomination = nomination_create(cohort=office.cohort(), person=office.staff(), by=office.officer)
    url = f"/nominations/{nomination.pk}/decide/"
    assert _client(office.officer).post(url, {"decision": "approve"}).status_code == 404
    assert _client(office.facilitator).post(url, {"decision": "approve"}).status_code == 404
    admin = _client(office.admin)
    response = admin.post(url, {"decision": "decline", "reason": ""}, follow=True)
    assert "Say why the nomination is declined." in response.content.decode()
    admin.post(url, {"decision": "decline", "reason": "x" * 301})
    admin.post(url, {"decision": "bogus"})
    nomination.refresh_from_db()
    assert nomination.status == "pending"
    admin.post(url, {"decision": "decline", "reason": "Not in the training plan"})
    nomination.refresh_from_db()
    assert (nomination.status, nomination.decision_reason) == (
        "declined",
        "Not in the training plan",
    )


def test_cohort_page_shows_only_the_people_in_the_callers_scope(office):
    cohort = office.cohort(capacity=5)
    staff = office.staff(last_name="Wekesa")
    nomination = nomination_create(cohort=cohort, person=staff, by=office.officer)
    nomination_decide(nomination=nomination, approve=True, by=office.admin)
    youth = make_person(audience="youth", personal_number=None, last_name="Mohamed")
    learner = make_user()
    role_assign(user=learner, role=RoleAssignment.Role.LEARNER, by=None)
    person_link_user(person=youth, user=learner, by=None)
    office_cohort = office.cohort(is_open=True, capacity=5, code="open-one")
    enrolment_self(cohort=office_cohort, person=youth, by=learner)
    enrolment_self(cohort=office_cohort, person=make_person(last_name="Omondi"), by=None)
    visitor = Client().get(f"/cohorts/{cohort.pk}/").content.decode()
    assert "Wekesa" not in visitor and "1 of 5 seats taken" in visitor
    assert "Wekesa" in _client(office.officer).get(f"/cohorts/{cohort.pk}/").content.decode()
    assert "Wekesa" in _client(office.facilitator).get(f"/cohorts/{cohort.pk}/").content.decode()
    own = _client(learner).get(f"/cohorts/{office_cohort.pk}/").content.decode()
    assert 'data-place-status="enrolled"' in own and "Omondi" not in own
    assert "Omondi" in _client(office.admin).get(f"/cohorts/{office_cohort.pk}/").content.decode()


def test_learner_enrols_in_an_open_cohort_and_gives_the_place_up(office):
    youth = make_person(audience="youth", personal_number=None)
    learner = make_user()
    role_assign(user=learner, role=RoleAssignment.Role.LEARNER, by=None)
    person_link_user(person=youth, user=learner, by=None)
    closed, open_cohort = office.cohort(), office.cohort(is_open=True)
    client = _client(learner)
    assert client.post(f"/cohorts/{closed.pk}/enrol/").status_code == 404
    assert _client(office.officer).post(f"/cohorts/{open_cohort.pk}/enrol/").status_code == 404
    client.post(f"/cohorts/{open_cohort.pk}/enrol/")
    place = Enrolment.objects.get(person=youth)
    assert place.status == "enrolled"
    response = client.post(f"/cohorts/{open_cohort.pk}/enrol/", follow=True)
    assert "already has a place" in response.content.decode()
    home = client.get("/").content.decode()
    assert open_cohort.code in home and "/me/calendar.ics" in home
    someone = _client(make_user())
    assert someone.post(f"/places/{place.pk}/leave/").status_code == 404
    client.post(f"/places/{place.pk}/leave/", {"reason": ""})
    place.refresh_from_db()
    assert place.status == "withdrawn"


def test_only_admins_close_a_cohort_on_the_page(office):
    cohort = office.cohort()
    for user in (office.officer, office.facilitator):
        assert _client(user).post(f"/cohorts/{cohort.pk}/close/").status_code == 404
    assert _client(office.admin).post(f"/cohorts/{cohort.pk}/close/").status_code == 302


def test_calendars_hold_the_sessions_and_only_public_facts(office):
    cohort = office.cohort(is_open=True)
    start = datetime.datetime.combine(cohort.starts_on, datetime.time(6), tzinfo=datetime.UTC)
    for day in range(2):
        session_add(
            cohort=cohort,
            starts_at=start + datetime.timedelta(days=day),
            ends_at=start + datetime.timedelta(days=day, hours=3),
            topic=f"Day {day + 1}",
            by=office.admin,
        )
    youth = make_person(audience="youth", personal_number=None, last_name="Lali")
    learner = make_user()
    role_assign(user=learner, role=RoleAssignment.Role.LEARNER, by=None)
    person_link_user(person=youth, user=learner, by=None)
    enrolment_self(cohort=cohort, person=youth, by=learner)
    mine = _client(learner).get("/me/calendar.ics")
    assert mine["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(mine.content).walk("VEVENT")
    assert [event["SUMMARY"].split(": ")[-1] for event in events] == ["Day 1", "Day 2"]
    assert events[0].decoded("DTSTART") == start
    assert len({str(event["UID"]) for event in events}) == 2
    site = Client().get(f"/sites/{office.site.pk}/calendar.ics")
    assert site.status_code == 200 and b"Lali" not in site.content
    assert len(Calendar.from_ical(site.content).walk("VEVENT")) == 2
    assert _client(office.officer).get("/me/calendar.ics").status_code == 404


def test_cohort_list_filters_and_does_not_grow_queries(office, django_assert_max_num_queries):
    for number in range(12):
        office.cohort(code=f"list-{number}", is_open=number % 2 == 0)
    client = Client()
    with django_assert_max_num_queries(6):
        body = client.get("/cohorts/").content.decode()
    assert "12 cohorts" in body
    assert "6 cohorts" in client.get("/cohorts/?open_only=on").content.decode()
    hostile = client.get("/cohorts/?course=%27%3B%20DROP%20TABLE&site=not-a-uuid&page=999")
    assert hostile.status_code == 200


def test_admin_schedules_a_cohort_and_its_sessions_with_clear_refusals(office):
    from ujuzi.delivery.models import Cohort, Session

    admin = _client(office.admin)
    for user in (office.officer, office.facilitator):
        assert _client(user).get("/cohorts/new/").status_code == 404
    start = datetime.date.today() + datetime.timedelta(days=20)  # noqa: DTZ011
    values = {
        "course": office.course.pk,
        "site": office.site.pk,
        "code": "faza-may",
        "starts_on": start.isoformat(),
        "ends_on": (start + datetime.timedelta(days=2)).isoformat(),
        "capacity": "15",
        "language": "sw",
        "facilitators": [str(office.facilitator.pk)],
    }
    backwards = values | {"ends_on": (start - datetime.timedelta(days=1)).isoformat()}
    assert "cannot come before" in admin.post("/cohorts/new/", backwards).content.decode()
    online_only = make_deliverable_course(delivery_modes=["online"])
    wrong_site = admin.post("/cohorts/new/", values | {"course": online_only.pk})
    assert "is not delivered at a community digital centre" in wrong_site.content.decode()
    assert admin.post("/cohorts/new/", values | {"capacity": "0"}).status_code == 200
    assert not Cohort.objects.exists()
    response = admin.post("/cohorts/new/", values)
    cohort = Cohort.objects.get(code="faza-may")
    assert response.url == f"/cohorts/{cohort.pk}/"
    assert list(cohort.facilitators.values_list("user_id", flat=True)) == [office.facilitator.pk]
    duplicate = admin.post("/cohorts/new/", values).content.decode()
    assert "already exists" in duplicate and Cohort.objects.count() == 1
    url = f"/cohorts/{cohort.pk}/sessions/"
    assert _client(office.facilitator).post(url, {}).status_code == 404
    outside = {
        "day": (start + datetime.timedelta(days=5)).isoformat(),
        "starts": "09:00",
        "ends": "12:00",
    }
    refused = admin.post(url, outside, follow=True).content.decode()
    assert "one of the cohort&#x27;s days" in refused
    admin.post(url, outside | {"day": start.isoformat(), "ends": "08:00"})
    assert not Session.objects.exists()
    admin.post(url, outside | {"day": start.isoformat(), "topic": "Nywila"})
    session = Session.objects.get()
    assert timezone.localtime(session.starts_at).hour == 9
    assert session.topic == "Nywila" and len(session.check_in_code) == 6


def test_a_learners_calendar_address_is_signed(office):
    from ujuzi.delivery.calendars import feed_token

    youth = make_person(audience="youth", personal_number=None, preferred_language="sw")
    learner = make_user()
    role_assign(user=learner, role=RoleAssignment.Role.LEARNER, by=None)
    person_link_user(person=youth, user=learner, by=None)
    cohort = office.cohort(is_open=True)
    start = datetime.datetime.combine(cohort.starts_on, datetime.time(6), tzinfo=datetime.UTC)
    session_add(
        cohort=cohort, starts_at=start, ends_at=start + datetime.timedelta(hours=2), by=office.admin
    )
    enrolment_self(cohort=cohort, person=youth, by=learner)
    token = feed_token(youth)
    assert token in _client(learner).get("/").content.decode()
    feed = Client().get(f"/calendars/{token}.ics")
    assert feed.status_code == 200
    assert len(Calendar.from_ical(feed.content).walk("VEVENT")) == 1
    assert "Kozi" in str(Calendar.from_ical(feed.content).walk("VEVENT")[0]["SUMMARY"])
    for forged in (token[:-3] + "abc", "nothing", "x" * 500):
        assert Client().get(f"/calendars/{forged}.ics").status_code == 404


def test_learners_replace_a_lost_card_or_a_shared_calendar_address(office):
    from ujuzi.delivery.attendance import card_person_id, card_token
    from ujuzi.delivery.calendars import feed_token

    youth = make_person(audience="youth", personal_number=None)
    learner = make_user()
    role_assign(user=learner, role=RoleAssignment.Role.LEARNER, by=None)
    person_link_user(person=youth, user=learner, by=None)
    client = _client(learner)
    old_card, old_feed = card_token(youth), feed_token(youth)
    assert card_token(youth) == old_card  # one live key per purpose
    client.post("/me/card/replace/")
    client.post("/me/calendar/replace/")
    assert card_person_id(old_card) is None
    assert card_person_id(card_token(youth)) == youth.pk
    assert Client().get(f"/calendars/{old_feed}.ics").status_code == 404
    assert Client().get(f"/calendars/{feed_token(youth)}.ics").status_code == 200
    assert _client(office.officer).post("/me/card/replace/").status_code == 404
    assert client.get("/me/card/replace/").status_code == 405


def test_admin_cancels_a_cohort_and_everyone_in_it_is_told(
    office, django_capture_on_commit_callbacks
):
    from ujuzi.notifications.models import Message

    cohort = office.cohort(capacity=1)
    seated = office.staff(phone="+254712000777", email="")
    waiting = office.staff(phone="+254712000888", email="")
    pending = office.staff()
    for person in (seated, waiting):
        nomination = nomination_create(cohort=cohort, person=person, by=office.officer)
        nomination_decide(nomination=nomination, approve=True, by=office.admin)
    open_nomination = nomination_create(cohort=cohort, person=pending, by=office.officer)
    url = f"/cohorts/{cohort.pk}/cancel/"
    assert _client(office.officer).post(url, {"reason": "x"}).status_code == 404
    admin = _client(office.admin)
    admin.post(url, {"reason": ""})
    cohort.refresh_from_db()
    assert not cohort.is_cancelled
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(url, {"reason": "The lab's generator failed"})
    cohort.refresh_from_db()
    assert cohort.is_cancelled
    assert set(Enrolment.objects.values_list("status", flat=True)) == {"cancelled"}
    open_nomination.refresh_from_db()
    assert (open_nomination.status, open_nomination.decision_reason) == (
        "declined",
        "The lab's generator failed",
    )
    told = set(Message.objects.filter(kind="cohort_cancelled").values_list("person_id", flat=True))
    assert told == {seated.pk, waiting.pk}
    page = Client().get(f"/cohorts/{cohort.pk}/").content.decode()
    assert "This cohort has been cancelled." in page


def test_more_seats_on_the_page_move_the_line_up_and_learners_see_their_place(office):
    cohort = office.cohort(capacity=1, is_open=True)
    learners = []
    for _ in range(3):
        youth = make_person(audience="youth", personal_number=None)
        login = make_user()
        role_assign(user=login, role=RoleAssignment.Role.LEARNER, by=None)
        person_link_user(person=youth, user=login, by=None)
        enrolment_self(cohort=cohort, person=youth, by=login)
        learners.append(login)
    third = _client(learners[2]).get(f"/cohorts/{cohort.pk}/").content.decode()
    assert "number 2 in line" in third
    admin = _client(office.admin)
    for refused in ("0", "1001", "many"):
        admin.post(f"/cohorts/{cohort.pk}/seats/", {"capacity": refused})
    cohort.refresh_from_db()
    assert cohort.capacity == 1
    response = admin.post(f"/cohorts/{cohort.pk}/seats/", {"capacity": "2"}, follow=True)
    assert "1 person moved up from the waiting list" in response.content.decode()
    second = _client(learners[1]).get(f"/cohorts/{cohort.pk}/").content.decode()
    assert 'data-place-status="enrolled"' in second
    assert "number 1 in line" in _client(learners[2]).get(f"/cohorts/{cohort.pk}/").content.decode()


def test_the_enrol_button_shows_only_where_the_learner_may_enrol(office):
    youth = make_person(audience="youth", personal_number=None)
    learner = make_user()
    role_assign(user=learner, role=RoleAssignment.Role.LEARNER, by=None)
    person_link_user(person=youth, user=learner, by=None)
    for_staff = office.cohort(
        is_open=True, course=make_deliverable_course(audience="civil_servant")
    )
    for_all = office.cohort(is_open=True)
    client = _client(learner)
    assert "Enrol in this cohort" not in client.get(f"/cohorts/{for_staff.pk}/").content.decode()
    assert "Enrol in this cohort" in client.get(f"/cohorts/{for_all.pk}/").content.decode()
    place = enrolment_self(cohort=for_all, person=youth, by=learner)
    client.post(f"/places/{place.pk}/leave/", {"reason": ""})
    assert "Enrol in this cohort" in client.get(f"/cohorts/{for_all.pk}/").content.decode()
