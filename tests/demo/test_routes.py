"""The demo's mobile labs travel around the demo's today: stops held, and stops to come
where cohorts can be scheduled."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.test import Client
from django.utils import timezone

from ujuzi.catalog.models import Course
from ujuzi.core.models import User
from ujuzi.delivery.models import Cohort
from ujuzi.demo import programme
from ujuzi.demo.loader import demo_load
from ujuzi.places.models import RouteStop, Site


def test_routes_run_from_weeks_before_the_demos_today_to_months_after():
    today = datetime.date(2027, 3, 10)  # a Wednesday
    for code, _name, _county, places in programme.MOBILE_LABS:
        stops = programme.route_stops(code, places, today=today, seed=2026)
        assert stops == programme.route_stops(code, places, today=today, seed=2026)
        assert today - datetime.timedelta(weeks=9) < stops[0].starts_on
        assert stops[0].ends_on < today - datetime.timedelta(weeks=2)
        assert stops[-1].ends_on > today + datetime.timedelta(weeks=20)
        assert [stop.place for stop in stops[: len(places)]] == [place for _, place in places]
        for stop, following in itertools.pairwise(stops):
            assert stop.starts_on.weekday() == 0 and stop.ends_on.weekday() == 4
            assert stop.ends_on < following.starts_on
    starts = {
        programme.route_stops(code, places, today=today, seed=seed)[0].starts_on
        for seed in range(20)
        for code, _name, _county, places in programme.MOBILE_LABS
    }
    assert len(starts) > 1  # the seed staggers the labs' departures


@pytest.mark.django_db
def test_each_demo_mobile_lab_stops_after_today_and_takes_cohorts_there():
    demo_load(learners=40)
    today = timezone.localdate()
    admin = Client()
    admin.force_login(User.objects.get(username="admin"))
    course = Course.objects.get(code="YTH-101")
    labs = Site.objects.filter(kind="mobile_lab").order_by("code")
    assert labs.count() == len(programme.MOBILE_LABS)
    for lab in labs:
        coming = RouteStop.objects.filter(site=lab, ends_on__gt=today).order_by("starts_on")
        assert coming.exists(), lab.code
        assert RouteStop.objects.filter(site=lab, ends_on__lt=today).exists(), lab.code
        stop = coming.first()
        starts_on = max(stop.starts_on, today + datetime.timedelta(days=1))
        response = admin.post(
            "/cohorts/new/",
            {
                "course": course.pk,
                "site": lab.pk,
                "route_stop": stop.pk,
                "code": f"{lab.code}-next-stop",
                "starts_on": starts_on.isoformat(),
                "ends_on": min(stop.ends_on, starts_on + datetime.timedelta(days=3)).isoformat(),
                "capacity": "20",
                "language": course.languages[0],
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        assert Cohort.objects.get(code=f"{lab.code}-next-stop").route_stop == stop


@pytest.mark.parametrize("offset", range(35))
def test_on_the_demos_day_every_lab_is_at_a_stop(offset):
    today = datetime.date(2026, 12, 7) + datetime.timedelta(days=offset)
    for code, _name, _county, places in programme.MOBILE_LABS:
        stops = programme.route_stops(code, places, today=today, seed=offset)
        assert any(stop.starts_on <= today <= stop.ends_on for stop in stops), (code, today)
