"""Sample certificates of other issuers, to try the verifier on a foreign certificate.

A sample is demonstration data: an app that has one (the demo's partner issuer) offers it
through a ``sample_certificates()`` method on its ``AppConfig``, returning
``SampleCertificate`` values; no app here imports it. A sample is offered on the trust
page and on ``/verify/`` only while its issuer is on this installation's trust list, and
never when ``UJUZI_ENV=production``: an installation without the demo's partner shows no
link, and a production one none at all, because a demo key is public knowledge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings

from ujuzi.credentials.models import TrustedIssuer


@dataclass(frozen=True)
class SampleCertificate:
    """A certificate another issuer signed, offered for trying the verifier."""

    slug: str  # names the sample in its download address
    issuer_did: str
    issuer_name: str
    document: dict[str, Any]


def sample_certificates() -> list[SampleCertificate]:
    """The samples on offer here: from installed apps, of issuers on the trust list."""
    if settings.UJUZI.is_production:
        return []
    offered = [
        sample
        for config in apps.get_app_configs()
        if hasattr(config, "sample_certificates")
        for sample in config.sample_certificates()
        if isinstance(sample, SampleCertificate)
    ]
    if not offered:
        return []
    listed = set(
        TrustedIssuer.objects.filter(did__in=[sample.issuer_did for sample in offered]).values_list(
            "did", flat=True
        )
    )
    return [sample for sample in offered if sample.issuer_did in listed]


def sample_certificate_get(slug: str) -> SampleCertificate | None:
    """One sample on offer, by its slug, or None (then a 404)."""
    return next((sample for sample in sample_certificates() if sample.slug == slug), None)
