"""The demo issues certificates for its closed cohort, once."""

from __future__ import annotations

import pytest

from ujuzi.credentials.models import Credential, IssuingHold
from ujuzi.credentials.verify import credential_verify
from ujuzi.delivery.models import Completion
from ujuzi.demo.loader import demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_graduates_hold_valid_certificates_and_loading_again_adds_none():
    demo_load(learners=500, seed=2026)
    issued = Credential.objects.count()

    demo_load(learners=500, seed=2026)

    # Every graduate holds a certificate, young people without an e-mail address or a
    # national ID included: the certificate names its holder by their learner number.
    assert issued == Completion.objects.count() > 0
    without_contact = Completion.objects.filter(person__email="", person__national_id__isnull=True)
    assert without_contact.exists()
    assert Credential.objects.filter(completion__in=without_contact).count() == (
        without_contact.count()
    )
    assert not IssuingHold.objects.exists()
    assert Credential.objects.count() == issued
    assert {credential_verify(c.document).status for c in Credential.objects.all()} == {"valid"}
