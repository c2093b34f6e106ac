"""Nominations, approval, seats, the waiting list, double-booking, check-in, completion."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from tests.factories import make_deliverable_course, make_person, make_user
from ujuzi.assessment.models import Evidence, SkillEstimate
from ujuzi.catalog.models import CourseOutcome
from ujuzi.competencies.models import Competency
from ujuzi.core.models import AuditEntry, JournalEntry
from ujuzi.core.records import record_create
from ujuzi.delivery.attendance import (
    attendance_mark,
    card_person_id,
    card_token,
    check_in,
    cohort_complete,
    final_score_record,
)
from ujuzi.delivery.models import Attendance, Completion, Enrolment, Nomination
from ujuzi.delivery.scheduling import session_add
from ujuzi.delivery.services import (
    DeliveryError,
    cohort_capacity_change,
    enrolment_leave,
    enrolment_self,
    nomination_create,
    nomination_decide,
)

Status = Enrolment.Status

NAIROBI = zoneinfo.ZoneInfo("Africa/Nairobi")


def _days_ago(days):
    return datetime.date.today() - datetime.timedelta(days=days)  # noqa: DTZ011


def _approved(office, cohort, person):
    nomination = nomination_create(cohort=cohort, person=person, by=office.officer)
    nomination_decide(nomination=nomination, approve=True, by=office.admin)
    return Enrolment.objects.get(cohort=cohort, person=person)


def _counts():
    return (
        Nomination.objects.count(),
        Enrolment.objects.count(),
        JournalEntry.objects.count(),
        AuditEntry.objects.count(),
    )


def test_officer_nominates_own_staff_and_admin_approval_gives_a_seat(office):
    cohort = office.cohort()
    person = office.staff()
    nomination = nomination_create(cohort=cohort, person=person, by=office.officer)
    assert nomination.status == "pending"
    assert not Enrolment.objects.exists()
    nomination_decide(nomination=nomination, approve=True, by=office.admin)
    nomination.refresh_from_db()
    assert (nomination.status, nomination.decided_by_id) == ("approved", office.admin.pk)
    place = Enrolment.objects.get()
    assert (place.person_id, place.status, place.source, place.nomination_id) == (
        person.pk,
        Status.ENROLLED,
        "nomination",
        nomination.pk,
    )
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "delivery.nomination.create",
        "delivery.nomination.approved",
        "delivery.enrolment.enrolled",
    } <= actions


def test_officer_cannot_nominate_staff_of_another_institution(office):
    cohort = office.cohort()
    outsider = make_person(institution=office.other_ministry)
    before = _counts()
    with pytest.raises(DeliveryError, match="No such person among your staff"):
        nomination_create(cohort=cohort, person=outsider, by=office.officer)
    assert _counts() == before


def test_nobody_but_officers_and_admins_nominates(office):
    cohort, person, nobody = office.cohort(), office.staff(), make_user()
    before = _counts()
    for user in (office.facilitator, nobody):
        with pytest.raises(DeliveryError):
            nomination_create(cohort=cohort, person=person, by=user)
    assert _counts() == before


def test_only_admins_decide_and_a_decision_is_final(office):
    nomination = nomination_create(cohort=office.cohort(), person=office.staff(), by=office.officer)
    with pytest.raises(DeliveryError, match="Only programme administrators"):
        nomination_decide(nomination=nomination, approve=True, by=office.officer)
    with pytest.raises(DeliveryError, match="Say why"):
        nomination_decide(nomination=nomination, approve=False, by=office.admin, reason="  ")
    nomination_decide(nomination=nomination, approve=False, by=office.admin, reason="Cohort full")
    before = _counts()
    with pytest.raises(DeliveryError, match="already been decided"):
        nomination_decide(nomination=nomination, approve=True, by=office.admin)
    assert _counts() == before
    assert not Enrolment.objects.exists()


def test_a_person_is_nominated_once_per_cohort(office):
    cohort, person = office.cohort(), office.staff()
    nomination_create(cohort=cohort, person=person, by=office.officer)
    with pytest.raises(DeliveryError, match="already been nominated"):
        nomination_create(cohort=cohort, person=person, by=office.officer)


def test_seats_then_waiting_list_then_promotion_first_come_by_clock(office):
    cohort = office.cohort(capacity=2)
    people = [office.staff() for _ in range(4)]
    places = [_approved(office, cohort, person) for person in people]
    assert [p.status for p in places] == ["enrolled", "enrolled", "waitlisted", "waitlisted"]
    assert places[2].queued_clock < places[3].queued_clock
    promoted = enrolment_leave(enrolment=places[0], reason="", by=office.admin)
    assert [p.pk for p in promoted] == [places[2].pk]
    statuses = {p.pk: p.status for p in Enrolment.objects.all()}
    assert statuses == {
        places[0].pk: Status.WITHDRAWN,
        places[1].pk: Status.ENROLLED,
        places[2].pk: Status.ENROLLED,
        places[3].pk: Status.WAITLISTED,
    }
    assert AuditEntry.objects.filter(action="delivery.enrolment.promoted").count() == 1


def test_a_waiting_person_leaving_promotes_nobody(office):
    cohort = office.cohort(capacity=1)
    first, waiting = (_approved(office, cohort, office.staff()) for _ in range(2))
    assert enrolment_leave(enrolment=waiting, reason="", by=office.admin) == []
    first.refresh_from_db()
    assert first.status == Status.ENROLLED


def test_more_seats_promote_from_the_waiting_list(office):
    cohort = office.cohort(capacity=1)
    places = [_approved(office, cohort, office.staff()) for _ in range(3)]
    promoted = cohort_capacity_change(cohort=cohort, capacity=3, by=office.admin)
    assert [p.pk for p in promoted] == [places[1].pk, places[2].pk]
    with pytest.raises(DeliveryError, match="More people are enrolled"):
        cohort_capacity_change(cohort=cohort, capacity=2, by=office.admin)


def test_no_double_booking_in_overlapping_cohorts(office):
    today = datetime.date.today()  # noqa: DTZ011
    first = office.cohort(starts_on=today + datetime.timedelta(days=7))
    overlapping = office.cohort(
        starts_on=today + datetime.timedelta(days=10), ends_on=today + datetime.timedelta(days=14)
    )
    later = office.cohort(
        starts_on=today + datetime.timedelta(days=12), ends_on=today + datetime.timedelta(days=13)
    )
    person = office.staff()
    _approved(office, first, person)
    with pytest.raises(DeliveryError, match="same dates"):
        nomination_create(cohort=overlapping, person=person, by=office.officer)
    assert _approved(office, later, person).status == Status.ENROLLED


def test_double_booking_is_also_refused_at_approval(office):
    today = datetime.date.today()  # noqa: DTZ011
    first, second = office.cohort(), office.cohort(starts_on=today + datetime.timedelta(days=8))
    person = office.staff()
    pending = nomination_create(cohort=second, person=person, by=office.officer)
    _approved(office, first, person)
    with pytest.raises(DeliveryError, match="same dates"):
        nomination_decide(nomination=pending, approve=True, by=office.admin)
    pending.refresh_from_db()
    assert pending.status == "pending"
    assert Enrolment.objects.filter(person=person).count() == 1


def test_self_enrolment_only_in_open_cohorts_for_the_audience(office):
    youth = make_person(audience="youth", personal_number=None)
    closed = office.cohort()
    with pytest.raises(DeliveryError, match="nominations from institutions only"):
        enrolment_self(cohort=closed, person=youth, by=None)
    civil_course = make_deliverable_course(audience="civil_servant")
    open_civil = office.cohort(course=civil_course, is_open=True)
    with pytest.raises(DeliveryError, match="another audience"):
        enrolment_self(cohort=open_civil, person=youth, by=None)
    open_all = office.cohort(is_open=True)
    assert enrolment_self(cohort=open_all, person=youth, by=None).status == Status.ENROLLED


def test_dropping_out_after_the_start_needs_a_reason(office):
    today = datetime.date.today()  # noqa: DTZ011
    cohort = office.cohort(starts_on=today - datetime.timedelta(days=1))
    place = _approved(office, cohort, office.staff())
    with pytest.raises(DeliveryError, match="the cohort has started"):
        enrolment_leave(enrolment=place, reason="", by=office.admin)
    enrolment_leave(enrolment=place, reason="moved to another county", by=office.admin)
    place.refresh_from_db()
    assert (place.status, place.leaving_reason) == (Status.DROPPED_OUT, "moved to another county")


def _live_session(office, cohort, **values):
    now = timezone.now()
    return session_add(
        cohort=cohort,
        starts_at=values.get("starts_at", now - datetime.timedelta(minutes=10)),
        ends_at=values.get("ends_at", now + datetime.timedelta(hours=2)),
        by=office.admin,
    )


def test_check_in_only_for_enrolled_people_with_the_room_code_in_the_window(office):
    cohort = office.cohort(starts_on=_days_ago(1))
    enrolled = office.staff(phone="+254712000111", national_id="23456789")
    _approved(office, cohort, enrolled)
    stranger = office.staff(phone="+254712000222")
    session = _live_session(office, cohort)
    code = session.check_in_code
    with pytest.raises(DeliveryError, match="not the code"):
        check_in(session=session, identifier="0712000111", code="WRONG1")
    with pytest.raises(DeliveryError, match="could not check you in"):
        check_in(session=session, identifier="0712000222", code=code)
    with pytest.raises(DeliveryError, match="could not check you in"):
        check_in(session=session, identifier="0799999999", code=code)
    assert stranger.pk and not Attendance.objects.exists()
    early = session.starts_at - datetime.timedelta(minutes=31)
    late = session.ends_at + datetime.timedelta(seconds=1)
    for moment in (early, late):
        with pytest.raises(DeliveryError, match="Check-in is open"):
            check_in(session=session, identifier="0712000111", code=code, now=moment)
    assert not Attendance.objects.exists()
    mark = check_in(session=session, identifier="0712 000 111", code=code.lower())
    assert (mark.person_id, mark.present, mark.method) == (enrolled.pk, True, "check_in")
    again = check_in(session=session, identifier="23456789", code=code)
    assert again.pk == mark.pk
    assert Attendance.objects.count() == 1


def test_waitlisted_people_cannot_check_in(office):
    cohort = office.cohort(capacity=1, starts_on=_days_ago(1))
    _approved(office, cohort, office.staff())
    waiting = office.staff(phone="+254712000333")
    _approved(office, cohort, waiting)
    session = _live_session(office, cohort)
    with pytest.raises(DeliveryError, match="could not check you in"):
        check_in(session=session, identifier="+254712000333", code=session.check_in_code)


def test_roll_by_the_sites_facilitator_newest_mark_counts(office):
    cohort = office.cohort(starts_on=_days_ago(1))
    person = office.staff()
    _approved(office, cohort, person)
    session = _live_session(office, cohort)
    attendance_mark(session=session, person=person, present=True, by=office.facilitator)
    attendance_mark(session=session, person=person, present=False, by=office.facilitator)
    marks = list(Attendance.objects.order_by("changed_clock").values_list("present", flat=True))
    assert marks == [True, False]
    other_facilitator = make_user()
    with pytest.raises(DeliveryError, match="do not take the roll"):
        attendance_mark(session=session, person=person, present=True, by=other_facilitator)
    with pytest.raises(DeliveryError, match="not enrolled"):
        attendance_mark(session=session, person=office.staff(), present=True, by=office.admin)
    assert Attendance.objects.count() == 2


def test_a_card_key_names_its_learner_and_a_forged_one_nobody(office):
    person = office.staff()
    token = card_token(person)
    assert card_person_id(token) == person.pk
    assert card_person_id(token[:-2] + "xx") is None
    assert card_person_id("garbage") is None


def _course_with_outcomes(office, pass_mark=None):
    course = make_deliverable_course(min_attendance_percent=75, pass_mark_percent=pass_mark)
    competency = Competency.objects.filter(kind="competency").first()
    if competency is None:
        from tests.factories import make_competency

        competency = make_competency()
    record_create(CourseOutcome(course=course, competency=competency, level=3), by=None)
    return course, competency


def _held_sessions(office, cohort, count):
    start = timezone.now() - datetime.timedelta(days=count + 1)
    return [
        session_add(
            cohort=cohort,
            starts_at=start + datetime.timedelta(days=day),
            ends_at=start + datetime.timedelta(days=day, hours=3),
            by=office.admin,
        )
        for day in range(count)
    ]


def test_completion_rule_attendance_share_and_evidence(office):
    course, competency = _course_with_outcomes(office)
    today = datetime.date.today()  # noqa: DTZ011
    cohort = office.cohort(course=course, capacity=5, starts_on=_days_ago(6), ends_on=_days_ago(0))
    good, poor = office.staff(), office.staff()
    _approved(office, cohort, good)
    _approved(office, cohort, poor)
    sessions = _held_sessions(office, cohort, 4)
    for session in sessions[:3]:  # 3 of 4 = 75 %: enough
        attendance_mark(session=session, person=good, present=True, by=office.facilitator)
    for session in sessions[:2]:  # 2 of 4 (and a third marked then unmarked) = 50 %
        attendance_mark(session=session, person=poor, present=True, by=office.facilitator)
    attendance_mark(session=sessions[2], person=poor, present=True, by=office.facilitator)
    attendance_mark(session=sessions[2], person=poor, present=False, by=office.facilitator)
    completions = cohort_complete(cohort=cohort, by=office.admin, on=today)
    assert [c.person_id for c in completions] == [good.pk]
    assert (completions[0].attendance_percent, completions[0].completed_on) == (75, today)
    statuses = dict(Enrolment.objects.values_list("person_id", "status"))
    assert statuses == {good.pk: Status.COMPLETED, poor.pk: Status.NOT_COMPLETED}
    evidence = Evidence.objects.get(person=good)
    assert (evidence.source, evidence.level, evidence.competency_id) == ("course", 3, competency.pk)
    assert SkillEstimate.objects.get(person=good, competency=competency).level == 3
    assert not Evidence.objects.filter(person=poor).exists()
    assert cohort_complete(cohort=cohort, by=office.admin) == []
    assert Completion.objects.count() == 1
    cohort.refresh_from_db()
    assert cohort.closed_on == today


def test_completion_needs_the_pass_mark_when_the_course_has_one(office):
    course, _competency = _course_with_outcomes(office, pass_mark=70)
    today = datetime.date.today()  # noqa: DTZ011
    cohort = office.cohort(course=course, capacity=5, starts_on=_days_ago(6), ends_on=_days_ago(0))
    passed, failed, untested = office.staff(), office.staff(), office.staff()
    places = {p.pk: _approved(office, cohort, p) for p in (passed, failed, untested)}
    for session in _held_sessions(office, cohort, 2):
        for person in (passed, failed, untested):
            attendance_mark(session=session, person=person, present=True, by=office.facilitator)
    final_score_record(enrolment=places[passed.pk], score=70, by=office.facilitator)
    final_score_record(enrolment=places[failed.pk], score=69, by=office.facilitator)
    with pytest.raises(DeliveryError, match="0 to 100"):
        final_score_record(enrolment=places[failed.pk], score=101, by=office.facilitator)
    completions = cohort_complete(cohort=cohort, by=office.admin, on=today)
    assert [(c.person_id, c.final_score) for c in completions] == [(passed.pk, 70)]
    reasons = dict(Enrolment.objects.values_list("person_id", "leaving_reason"))
    assert reasons[failed.pk] == "below pass mark"
    assert reasons[untested.pk] == "no final score"


def test_only_admins_close_a_cohort(office):
    cohort = office.cohort()
    with pytest.raises(DeliveryError):
        cohort_complete(cohort=cohort, by=office.facilitator)


def test_reminders_go_once_to_each_seated_learner_in_their_language(
    office, django_capture_on_commit_callbacks
):
    from ujuzi.delivery.tasks import session_reminders_send
    from ujuzi.notifications.models import Message

    cohort = office.cohort(capacity=1, starts_on=_days_ago(0))
    seated = office.staff(phone="+254712000444", email="", preferred_language="sw")
    _approved(office, cohort, seated)
    _approved(office, cohort, office.staff(phone="+254712000555", email=""))  # waiting
    now = timezone.now()
    session_add(
        cohort=cohort,
        starts_at=now + datetime.timedelta(hours=20),
        ends_at=now + datetime.timedelta(hours=23),
        by=office.admin,
    )
    session_add(  # too far ahead for a reminder
        cohort=cohort,
        starts_at=now + datetime.timedelta(days=3),
        ends_at=now + datetime.timedelta(days=3, hours=3),
        by=office.admin,
    )
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert session_reminders_send.call() == 1
    reminders = Message.objects.filter(kind="session_reminder")
    assert [(m.person_id, m.channel, m.language) for m in reminders] == [(seated.pk, "sms", "sw")]
    assert "Ujuzi:" in reminders[0].body and "Leta simu" in reminders[0].body


# An hour before a session that starts today: the rule is about the hour, so the test
# names one rather than run whenever the suite does.
@time_machine.travel(datetime.datetime(2026, 12, 2, 10, 0, tzinfo=NAIROBI), tick=True)
def test_a_cohort_closes_only_after_its_sessions_and_then_takes_nothing_more(office):
    cohort = office.cohort(capacity=1, starts_on=_days_ago(2), ends_on=_days_ago(0))
    with pytest.raises(DeliveryError, match="without sessions"):
        cohort_complete(cohort=cohort, by=office.admin)
    seated, waiting = office.staff(), office.staff()
    _approved(office, cohort, seated)
    waiting_place = _approved(office, cohort, waiting)
    held = _held_sessions(office, cohort, 1)[0]
    now = timezone.now()
    upcoming = session_add(
        cohort=cohort,
        starts_at=now + datetime.timedelta(minutes=50),
        ends_at=now + datetime.timedelta(minutes=55),
        by=office.admin,
    )
    with pytest.raises(DeliveryError, match="roll opens 30 minutes before"):
        attendance_mark(session=upcoming, person=seated, present=True, by=office.facilitator)
    with pytest.raises(DeliveryError, match="once every session has started"):
        cohort_complete(cohort=cohort, by=office.admin)
    upcoming.delete()  # (the test's own shortcut: the session never took place)
    attendance_mark(session=held, person=seated, present=True, by=office.facilitator)
    assert len(cohort_complete(cohort=cohort, by=office.admin)) == 1
    waiting_place.refresh_from_db()
    assert waiting_place.status == Status.NO_SEAT
    before = _counts()
    with pytest.raises(DeliveryError, match="closed"):
        nomination_create(cohort=cohort, person=office.staff(), by=office.officer)
    with pytest.raises(DeliveryError, match="closed"):
        attendance_mark(session=held, person=seated, present=False, by=office.facilitator)
    with pytest.raises(DeliveryError, match="closed"):
        session_add(cohort=cohort, starts_at=now, ends_at=now, by=office.admin)
    assert _counts()[:2] == before[:2]


def test_check_in_never_undoes_the_facilitators_mark_and_stops_after_ten_failures(office):
    from django.core.cache import cache

    cache.clear()
    cohort = office.cohort(starts_on=_days_ago(1))
    person = office.staff(phone="+254712000666")
    _approved(office, cohort, person)
    session = _live_session(office, cohort)
    attendance_mark(session=session, person=person, present=False, by=office.facilitator)
    with pytest.raises(DeliveryError, match="could not check you in"):
        check_in(session=session, identifier="0712000666", code=session.check_in_code)
    assert not Attendance.objects.get().present
    for _ in range(10):
        with pytest.raises(DeliveryError):
            check_in(session=session, identifier="0799", code="NOPE", client="10.0.0.9")
    with pytest.raises(DeliveryError, match="Too many tries"):
        check_in(
            session=session, identifier="0712000666", code=session.check_in_code, client="10.0.0.9"
        )
    cache.clear()


def test_rwandan_learners_check_in_with_their_phone_or_16_digit_id(office):
    cohort = office.cohort(starts_on=_days_ago(1))
    rwandan = office.staff(phone="+250788123456", national_id=None)
    _approved(office, cohort, rwandan)
    session = _live_session(office, cohort)
    mark = check_in(session=session, identifier="+250 788 123 456", code=session.check_in_code)
    assert mark.person_id == rwandan.pk


def test_nominations_respect_the_courses_audience(office):
    youth_course = make_deliverable_course(audience="youth")
    cohort = office.cohort(course=youth_course)
    with pytest.raises(DeliveryError, match="another audience"):
        nomination_create(cohort=cohort, person=office.staff(), by=office.officer)


def test_the_waiting_list_follows_the_order_the_officer_asked_in(office):
    cohort = office.cohort(capacity=1)
    first, second, third = office.staff(), office.staff(), office.staff()
    nominations = [
        nomination_create(cohort=cohort, person=person, by=office.officer)
        for person in (first, second, third)
    ]
    for index in (0, 2, 1):  # approved out of order
        nomination_decide(nomination=nominations[index], approve=True, by=office.admin)
    seat = Enrolment.objects.get(person=first)
    promoted = enrolment_leave(enrolment=seat, reason="", by=office.admin)
    assert [p.person_id for p in promoted] == [second.pk]


def test_a_learner_who_withdrew_may_come_back_at_the_end_of_the_line(office):
    youth = make_person(audience="youth", personal_number=None)
    cohort = office.cohort(is_open=True, capacity=1)
    place = enrolment_self(cohort=cohort, person=youth, by=None)
    enrolment_leave(enrolment=place, reason="", by=None)
    other = enrolment_self(
        cohort=cohort, person=make_person(audience="youth", personal_number=None), by=None
    )
    back = enrolment_self(cohort=cohort, person=youth, by=None)
    assert back.pk == place.pk
    assert (back.status, other.status) == (Status.WAITLISTED, Status.ENROLLED)
    assert back.queued_clock > other.queued_clock


def test_facilitators_of_a_cohort_work_at_its_site(office):
    from tests.factories import make_site
    from ujuzi.people.models import RoleAssignment
    from ujuzi.people.services import role_assign

    elsewhere = make_user()
    role_assign(user=elsewhere, role=RoleAssignment.Role.FACILITATOR, site=make_site(), by=None)
    with pytest.raises(DeliveryError, match="is not a facilitator at Faza centre"):
        office.cohort(facilitators=[elsewhere])
