"""The demo leaves welcome messages in the outbox, once."""

from __future__ import annotations

import pytest

from ujuzi.demo.loader import demo_load
from ujuzi.notifications.models import Message

pytestmark = pytest.mark.django_db


def test_the_demo_leaves_welcomes_in_the_outbox_once():
    demo_load(learners=30, seed=5)
    learner = list(
        Message.objects.filter(person__user__username="learner", kind="welcome")
        .order_by("channel")
        .values_list("channel", "language", "kind", "address")
    )
    assert learner == [
        ("email", "sw", "welcome", "learner@demo.ujuzi.invalid"),
        ("sms", "sw", "welcome", "+254712000111"),
    ]
    count = Message.objects.count()
    assert count > len(learner)
    # The learner's open 12-month survey went out too, by both channels.
    survey = Message.objects.filter(person__user__username="learner", kind="follow_up_survey")
    assert sorted(survey.values_list("channel", flat=True)) == ["email", "sms"]
    demo_load(learners=30, seed=5)
    assert Message.objects.count() == count
