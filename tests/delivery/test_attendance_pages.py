"""The room's pages: the roll, self check-in, learner cards, printables and final results.

Data is built through the services, at a cohort running today so that check-in is open.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    make_deliverable_course,
    make_institution,
    make_person,
    make_site,
    make_user,
    number,
)
from ujuzi.core.models import User
from ujuzi.delivery.attendance import (
    attendance_mark,
    card_person_id,
    card_token,
    check_in,
)
from ujuzi.delivery.models import Attendance, Cohort, Enrolment, Session
from ujuzi.delivery.scheduling import cohort_create, session_add
from ujuzi.delivery.services import DeliveryError, enrolment_self
from ujuzi.people.models import Person, RoleAssignment
from ujuzi.people.services import person_link_user, role_assign
from ujuzi.places.models import Site

Role = RoleAssignment.Role
ROLES = ("admin", "officer", "facilitator", "other_facilitator", "learner", "partner", "dpo")


@dataclass
class Room:
    users: dict[str, User]
    site: Site
    other_site: Site
    cohort: Cohort
    session: Session
    learners: list[Person]
    other_cohort: Cohort
    other_session: Session
    outsider: Person

    def client(self, role: str) -> Client:
        client = Client()
        client.force_login(self.users[role])
        return client


def _cohort(site: Site, *, by: User, seats: int = 10, pass_mark: int | None = None) -> Cohort:
    today = timezone.localdate()
    return cohort_create(
        course=make_deliverable_course(pass_mark_percent=pass_mark),
        site=site,
        code=f"room-{number()}",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=4),
        capacity=seats,
        is_open=True,
        by=by,
    )


def _session_now(cohort: Cohort, *, by: User) -> Session:
    """A session under way: begun ten minutes ago, or at midnight if the day is younger."""
    now = timezone.now()
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return session_add(
        cohort=cohort,
        starts_at=max(now - datetime.timedelta(minutes=10), midnight),
        ends_at=now + datetime.timedelta(hours=2),
        by=by,
        topic="Spotting phishing",
    )


def _learner(site: Site, first: str, last: str, **values: object) -> Person:
    return make_person(
        audience="youth",
        personal_number=None,
        first_name=first,
        last_name=last,
        registered_at_site=site,
        **values,
    )


@pytest.fixture
def room(db) -> Room:
    site, other_site = make_site(name="Faza centre"), make_site(name="Garsen centre")
    users = {name: make_user(first_name=name.title()) for name in ROLES}
    role_assign(user=users["admin"], role=Role.PROGRAMME_ADMIN, by=None)
    role_assign(
        user=users["officer"],
        role=Role.TRAINING_OFFICER,
        institution=make_institution(kind="ministry", name="Ministry of ICT"),
        by=None,
    )
    role_assign(user=users["facilitator"], role=Role.FACILITATOR, site=site, by=None)
    role_assign(user=users["other_facilitator"], role=Role.FACILITATOR, site=other_site, by=None)
    role_assign(user=users["learner"], role=Role.LEARNER, by=None)
    role_assign(user=users["partner"], role=Role.PARTNER_VIEWER, by=None)
    role_assign(user=users["dpo"], role=Role.DATA_PROTECTION_OFFICER, by=None)
    admin = users["admin"]
    cohort = _cohort(site, by=admin, pass_mark=70)
    session = _session_now(cohort, by=admin)
    learners = [
        _learner(site, "Amina", "Bakari", phone="+254712000001", national_id="30111222"),
        _learner(site, "Baraka", "Chege", phone="+254712000002"),
        _learner(other_site, "Chausiku", "Dida", phone="+254712000003"),
    ]
    person_link_user(person=learners[0], user=users["learner"], by=None)
    for person in learners:
        enrolment_self(cohort=cohort, person=person, by=None)
    other_cohort = _cohort(other_site, by=admin)
    other_session = _session_now(other_cohort, by=admin)
    outsider = _learner(other_site, "Dalila", "Zuberi", phone="+254712000009")
    enrolment_self(cohort=other_cohort, person=outsider, by=None)
    return Room(
        users=users,
        site=site,
        other_site=other_site,
        cohort=cohort,
        session=session,
        learners=learners,
        other_cohort=other_cohort,
        other_session=other_session,
        outsider=outsider,
    )


def roll_url(session: Session) -> str:
    return reverse("session-roll", args=[session.pk])


def mark_url(session: Session, person: Person) -> str:
    return reverse("session-roll-mark", args=[session.pk, person.pk])


def check_in_url(session: Session) -> str:
    return reverse("session-check-in", args=[session.pk])


def newest(session: Session, person: Person) -> Attendance | None:
    return (
        Attendance.objects.filter(session=session, person=person).order_by("-changed_clock").first()
    )


# The roll


@pytest.mark.parametrize("role", ["facilitator", "admin"])
def test_the_roll_lists_every_seat_with_the_code_and_a_qr_code(room: Room, role: str):
    response = room.client(role).get(roll_url(room.session))

    assert response.status_code == 200
    body = response.content.decode()
    for person in room.learners:
        assert person.full_name in body
        assert f'id="person-{person.pk}"' in body
    assert room.outsider.full_name not in body
    assert room.session.check_in_code in body
    assert '<svg role="img"' in body
    assert f"{settings.UJUZI.public_url}{check_in_url(room.session)}" in body  # not the Host
    assert reverse("session-sheet", args=[room.session.pk]) in body
    assert 'data-count="unmarked">3<' in body


@pytest.mark.parametrize("role", ["officer", "learner", "partner", "dpo", "other_facilitator"])
def test_the_roll_is_not_found_for_anyone_else(room: Room, role: str):
    assert room.client(role).get(roll_url(room.session)).status_code == 404
    response = room.client(role).post(mark_url(room.session, room.learners[0]), {"present": "1"})
    assert response.status_code == 404
    assert Attendance.objects.count() == 0


def test_the_roll_of_an_unknown_session_is_not_found(room: Room):
    response = room.client("admin").get(reverse("session-roll", args=[room.cohort.pk]))
    assert response.status_code == 404


def test_a_tap_marks_present_and_a_second_tap_absent(room: Room):
    client = room.client("facilitator")
    person = room.learners[1]

    first = client.post(mark_url(room.session, person), {"present": "1"})
    assert first.status_code == 302
    assert first["Location"] == f"{roll_url(room.session)}#person-{person.pk}"
    assert newest(room.session, person).present is True

    second = client.post(mark_url(room.session, person), {"present": "0"})
    assert second.status_code == 302
    assert newest(room.session, person).present is False
    # Marks only accumulate; the newest counts on the page.
    assert Attendance.objects.filter(session=room.session, person=person).count() == 2
    body = client.get(roll_url(room.session)).content.decode()
    assert 'data-count="present">0<' in body
    assert 'data-count="absent">1<' in body
    assert 'data-count="unmarked">2<' in body


def test_the_same_tap_twice_records_one_mark(room: Room):
    client = room.client("facilitator")
    for _ in range(2):
        client.post(mark_url(room.session, room.learners[0]), {"present": "1"})
    assert Attendance.objects.filter(session=room.session).count() == 1


def test_marking_someone_not_enrolled_is_refused(room: Room):
    client = room.client("facilitator")
    response = client.post(mark_url(room.session, room.outsider), {"present": "1"})
    assert response.status_code == 404
    with pytest.raises(DeliveryError):
        attendance_mark(
            session=room.session, person=room.outsider, present=True, by=room.users["facilitator"]
        )
    assert Attendance.objects.count() == 0


def test_a_tap_without_a_choice_is_a_bad_request(room: Room):
    client = room.client("facilitator")
    for value in ["", "yes", "1' OR '1'='1"]:
        response = client.post(mark_url(room.session, room.learners[0]), {"present": value})
        assert response.status_code == 400
    assert client.get(mark_url(room.session, room.learners[0])).status_code == 405
    assert Attendance.objects.count() == 0


def test_with_htmx_a_tap_returns_only_the_row_and_the_counts(room: Room):
    client = room.client("facilitator")
    person = room.learners[0]
    response = client.post(mark_url(room.session, person), {"present": "1"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert body.count("<li id=") == 1
    assert f'<li id="person-{person.pk}" class="roll-row is-present">' in body
    assert room.learners[1].full_name not in body
    assert 'hx-swap-oob="innerHTML"' in body
    assert 'data-count="present">1<' in body
    assert 'name="present" value="0"' in body  # the next tap marks absent


def test_the_roll_page_loads_htmx_and_every_row_has_its_own_form(room: Room):
    body = room.client("facilitator").get(roll_url(room.session)).content.decode()
    assert "htmx" in body
    assert body.count('<form method="post" action="/sessions/') == 3
    assert body.count('hx-target="closest li"') == 3


def test_the_roll_reads_a_fixed_number_of_queries(room: Room, django_assert_max_num_queries):
    client = room.client("facilitator")
    client.get(roll_url(room.session))  # warm the session and the catalogue caches
    for n in range(20):
        enrolment_self(cohort=room.cohort, person=_learner(room.site, "Extra", f"L{n}"), by=None)
    Cohort.objects.filter(pk=room.cohort.pk).update(capacity=30)
    for person in room.learners:
        attendance_mark(session=room.session, person=person, present=True, by=room.users["admin"])
    with django_assert_max_num_queries(12):
        response = client.get(roll_url(room.session))
    assert response.status_code == 200


def test_the_roll_with_more_learners_reads_no_more_queries(room: Room, django_assert_num_queries):
    client = room.client("facilitator")
    client.get(roll_url(room.session))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(roll_url(room.session))
    Cohort.objects.filter(pk=room.cohort.pk).update(capacity=40)
    for n in range(15):
        enrolment_self(cohort=room.cohort, person=_learner(room.site, "More", f"M{n}"), by=None)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(roll_url(room.session))


# Self check-in


def test_the_check_in_page_is_public_and_shows_no_names(room: Room):
    response = Client().get(check_in_url(room.session))
    assert response.status_code == 200
    body = response.content.decode()
    assert room.site.name in body
    assert "csrfmiddlewaretoken" in body
    assert all(person.last_name not in body for person in room.learners)
    assert room.session.check_in_code not in body


def test_the_check_in_page_of_an_unknown_session_is_not_found(room: Room):
    assert Client().get(reverse("session-check-in", args=[room.cohort.pk])).status_code == 404


@pytest.mark.parametrize("identifier", ["0712 000 002", "+254712000002", "254712000002"])
def test_a_learner_checks_in_with_their_phone(room: Room, identifier: str):
    code = room.session.check_in_code.lower()
    response = Client().post(check_in_url(room.session), {"identifier": identifier, "code": code})

    assert response.status_code == 200
    body = response.content.decode()
    assert "You are checked in" in body
    assert room.learners[1].last_name not in body
    mark = newest(room.session, room.learners[1])
    assert (mark.present, mark.method, mark.marked_by) == (True, "check_in", None)


def test_a_learner_checks_in_with_their_national_id(room: Room):
    response = Client().post(
        check_in_url(room.session),
        {"identifier": "30111222", "code": room.session.check_in_code},
    )
    assert response.status_code == 200
    assert newest(room.session, room.learners[0]).method == "check_in"


def _refused(room: Room, data: dict[str, str], message: str) -> None:
    response = Client().post(check_in_url(room.session), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Attendance.objects.count() == 0


def test_check_in_with_the_wrong_code_is_refused(room: Room):
    _refused(
        room,
        {"identifier": "0712000002", "code": "XXXXXX"},
        "That is not the code shown in the room.",
    )


def test_check_in_of_an_unknown_phone_is_refused_neutrally(room: Room):
    code = room.session.check_in_code
    _refused(room, {"identifier": "0799999999", "code": code}, "We could not check you in")


def test_check_in_of_someone_not_enrolled_is_refused_with_the_same_words(room: Room):
    code = room.session.check_in_code
    _refused(room, {"identifier": "0712000009", "code": code}, "We could not check you in")


def test_check_in_outside_the_window_is_refused(room: Room):
    later = _cohort(room.site, by=room.users["admin"])
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    session = session_add(
        cohort=later,
        starts_at=tomorrow,
        ends_at=tomorrow + datetime.timedelta(hours=2),
        by=room.users["admin"],
    )
    enrolment_self(
        cohort=later, person=_learner(room.site, "Eshe", "Fundi", phone="+254712000007"), by=None
    )
    response = Client().post(
        check_in_url(session), {"identifier": "0712000007", "code": session.check_in_code}
    )
    assert response.status_code == 400
    assert "Check-in is open from 30 minutes before" in response.content.decode()
    assert Attendance.objects.count() == 0


def test_the_check_in_window_in_the_service(room: Room):
    session = room.session
    code, phone = session.check_in_code, "0712000002"
    too_early = session.starts_at - datetime.timedelta(minutes=31)
    too_late = session.ends_at + datetime.timedelta(seconds=1)
    for moment in (too_early, too_late):
        with pytest.raises(DeliveryError):
            check_in(session=session, identifier=phone, code=code, now=moment)
    assert Attendance.objects.count() == 0
    opening = session.starts_at - datetime.timedelta(minutes=30)
    check_in(session=session, identifier=phone, code=code, now=opening)
    assert Attendance.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"identifier": "0" * 5000, "code": "A" * 5000},
        {"identifier": "0712000002' OR '1'='1", "code": "' OR 1=1; --"},
        {"identifier": "0712000002", "code": "'; DROP TABLE delivery_attendance; --"},
        {"identifier": "٠٧١٢٠٠٠٠٠٢", "code": "\uff21\uff23\uff24\uff13\uff14\uff17"},  # full-width
        {"identifier": "0712000002\x00", "code": "ACD347"},
        {"identifier": "<script>alert(1)</script>", "code": "<b>x</b>"},
        {"identifier": "", "code": ""},
        {},
    ],
    ids=[
        "long",
        "sql-identifier",
        "sql-code",
        "unicode-digits",
        "null-byte",
        "html",
        "empty",
        "missing",
    ],
)
def test_hostile_check_in_input_writes_nothing(room: Room, data: dict[str, str]):
    response = Client().post(check_in_url(room.session), data)
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert Attendance.objects.count() == 0


def test_check_in_keeps_csrf_protection(room: Room):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        check_in_url(room.session),
        {"identifier": "0712000002", "code": room.session.check_in_code},
    )
    assert response.status_code == 403
    assert Attendance.objects.count() == 0


# Learner cards


def test_a_learner_sees_their_own_card(room: Room):
    response = room.client("learner").get(reverse("my-card"))
    assert response.status_code == 200
    body = response.content.decode()
    assert room.learners[0].full_name in body
    assert '<svg role="img"' in body


@pytest.mark.parametrize("role", ["admin", "facilitator", "partner"])
def test_staff_without_a_person_record_have_no_card(room: Room, role: str):
    assert room.client(role).get(reverse("my-card")).status_code == 404


def test_the_card_token_names_its_learner_and_a_forged_one_nobody(room: Room):
    token = card_token(room.learners[0])
    assert card_person_id(token) == room.learners[0].pk
    assert card_person_id(token[:-2] + "xx") is None
    assert card_person_id("") is None


def test_a_facilitator_scans_a_card_and_marks_the_learner_present(room: Room):
    client = room.client("facilitator")
    url = reverse("card-scan", args=[card_token(room.learners[1])])

    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert room.learners[1].full_name in body
    assert f'value="{room.session.pk}"' in body

    response = client.post(url, {"session": str(room.session.pk)})
    assert response.status_code == 302
    mark = newest(room.session, room.learners[1])
    assert (mark.present, mark.method, mark.marked_by) == (True, "card", room.users["facilitator"])


def test_a_scan_cannot_mark_a_session_the_facilitator_does_not_run(room: Room):
    url = reverse("card-scan", args=[card_token(room.learners[1])])
    response = room.client("facilitator").post(url, {"session": str(room.other_session.pk)})
    assert response.status_code == 404
    assert Attendance.objects.count() == 0


def test_a_forged_card_is_not_found(room: Room):
    client = room.client("facilitator")
    token = card_token(room.learners[1])
    for forged in [token[:-3] + "abc", "not-a-token", "x" * 500]:
        assert client.get(reverse("card-scan", args=[forged])).status_code == 404


def test_a_learner_out_of_the_facilitators_scope_is_not_found(room: Room):
    url = reverse("card-scan", args=[card_token(room.outsider)])
    assert room.client("facilitator").get(url).status_code == 404
    assert (
        room.client("facilitator").post(url, {"session": str(room.other_session.pk)}).status_code
        == 404
    )
    assert room.client("other_facilitator").get(url).status_code == 200
    assert Attendance.objects.count() == 0


@pytest.mark.parametrize("role", ["officer", "learner", "partner", "dpo"])
def test_only_those_who_take_attendance_scan_cards(room: Room, role: str):
    url = reverse("card-scan", args=[card_token(room.learners[0])])
    assert room.client(role).get(url).status_code == 404


# Printables


def test_the_attendance_sheet_lists_the_seats_of_this_session_only(room: Room):
    response = room.client("facilitator").get(reverse("session-sheet", args=[room.session.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert all(person.full_name in body for person in room.learners)
    assert room.outsider.full_name not in body
    assert room.site.name in body
    assert body.count('class="sheet-box"') == 3


@pytest.mark.parametrize("role", ["officer", "learner", "partner", "dpo", "other_facilitator"])
def test_the_attendance_sheet_has_the_access_of_the_roll(room: Room, role: str):
    url = reverse("session-sheet", args=[room.session.pk])
    assert room.client(role).get(url).status_code == 404


@pytest.mark.parametrize("role", ["admin", "facilitator", "dpo"])
def test_the_class_list_names_this_cohorts_places(room: Room, role: str):
    response = room.client(role).get(reverse("cohort-class-list", args=[room.cohort.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert all(person.full_name in body for person in room.learners)
    assert room.outsider.full_name not in body
    assert "Faza centre" in body  # where a learner without an institution registered


def test_the_class_list_shows_the_waiting_list_in_order(room: Room):
    full = _cohort(room.site, by=room.users["admin"], seats=1)
    people = [_learner(room.site, "Wait", name) for name in ("Seat", "First", "Second")]
    for person in people:
        enrolment_self(cohort=full, person=person, by=None)
    assert list(Enrolment.objects.filter(cohort=full).values_list("status", flat=True)) == [
        "enrolled",
        "waitlisted",
        "waitlisted",
    ]
    body = room.client("facilitator").get(reverse("cohort-class-list", args=[full.pk]))
    text = body.content.decode()
    assert text.index("Wait Seat") < text.index("Wait First") < text.index("Wait Second")
    assert "waiting, number 1" in text and "waiting, number 2" in text


@pytest.mark.parametrize("role", ["officer", "learner", "partner", "other_facilitator"])
def test_the_class_list_is_not_found_without_a_visible_place(room: Room, role: str):
    url = reverse("cohort-class-list", args=[room.cohort.pk])
    assert room.client(role).get(url).status_code == 404


def test_the_class_list_reads_a_fixed_number_of_queries(room: Room, django_assert_max_num_queries):
    client = room.client("admin")
    client.get(reverse("cohort-class-list", args=[room.cohort.pk]))
    Cohort.objects.filter(pk=room.cohort.pk).update(capacity=30)
    for n in range(15):
        enrolment_self(cohort=room.cohort, person=_learner(room.site, "Extra", f"C{n}"), by=None)
    with django_assert_max_num_queries(10):
        client.get(reverse("cohort-class-list", args=[room.cohort.pk]))


def test_printables_hide_the_navigation_when_printed():
    from pathlib import Path

    import ujuzi

    css = (Path(ujuzi.__file__).parent / "core/static/ujuzi/site.css").read_text()
    block = css[css.index("@media print") :]
    assert re.search(r"\.site-header[^{]*\{[^}]*display:\s*none", block)


# Final results


def test_a_facilitator_records_a_final_score(room: Room):
    client = room.client("facilitator")
    url = reverse("cohort-results", args=[room.cohort.pk])
    place = Enrolment.objects.get(cohort=room.cohort, person=room.learners[1])

    page = client.get(url)
    assert page.status_code == 200
    assert room.learners[1].full_name in page.content.decode()

    response = client.post(url, {"place": str(place.pk), "score": "82"})
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.final_score == 82


@pytest.mark.parametrize("score", ["101", "-1", "eighty", "", "1e3"])
def test_a_final_score_out_of_range_is_refused(room: Room, score: str):
    url = reverse("cohort-results", args=[room.cohort.pk])
    place = Enrolment.objects.get(cohort=room.cohort, person=room.learners[1])
    response = room.client("facilitator").post(url, {"place": str(place.pk), "score": score})
    assert response.status_code == 400
    place.refresh_from_db()
    assert place.final_score is None


@pytest.mark.parametrize("role", ["officer", "learner", "partner", "dpo", "other_facilitator"])
def test_final_results_are_for_those_who_run_the_room(room: Room, role: str):
    url = reverse("cohort-results", args=[room.cohort.pk])
    place = Enrolment.objects.get(cohort=room.cohort, person=room.learners[1])
    assert room.client(role).get(url).status_code == 404
    assert room.client(role).post(url, {"place": str(place.pk), "score": "90"}).status_code == 404
    place.refresh_from_db()
    assert place.final_score is None


def test_a_course_without_a_pass_mark_takes_no_final_score(room: Room):
    url = reverse("cohort-results", args=[room.other_cohort.pk])
    place = Enrolment.objects.get(cohort=room.other_cohort)
    client = room.client("admin")
    assert "no final assessment" in client.get(url).content.decode()
    assert client.post(url, {"place": str(place.pk), "score": "90"}).status_code == 404
    place.refresh_from_db()
    assert place.final_score is None
