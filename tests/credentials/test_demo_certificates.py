"""The demo issues certificates for its closed cohort, once."""

from __future__ import annotations

import pytest

from ujuzi.credentials.models import Credential
from ujuzi.credentials.verify import credential_verify
from ujuzi.delivery.models import Completion
from ujuzi.demo.loader import demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_graduates_hold_valid_certificates_and_loading_again_adds_none():
    demo_load(learners=500, seed=2026)
    issued = Credential.objects.count()

    demo_load(learners=500, seed=2026)

    # Every graduate who can be named in a certificate holds one: a certificate's
    # recipient is the hash of an e-mail address or a national ID, so a young graduate
    # with neither gets none (the issuing job logs it).
    nameable = Completion.objects.exclude(person__email="", person__national_id__isnull=True)
    nameable = nameable.exclude(person__email="", person__national_id="")
    assert issued == nameable.count() > 0
    assert Completion.objects.count() > issued
    assert Credential.objects.count() == issued
    assert {credential_verify(c.document).status for c in Credential.objects.all()} == {"valid"}
