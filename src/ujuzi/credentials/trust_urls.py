"""The trust list of other issuers, included at the root of the URL map."""

from django.urls import URLPattern, path

from ujuzi.credentials import mapping_views, trust_views, verify_views, views

urlpatterns: list[URLPattern] = [
    path("trust/", trust_views.trust_list, name="trust-list"),
    path("trust/import/", trust_views.trust_import, name="trust-import"),
    path("trust/<uuid:issuer_id>/trust/", trust_views.trust_mark, name="trust-mark"),
    path("trust/<uuid:issuer_id>/remove/", trust_views.trust_remove, name="trust-remove"),
    path(
        "trust/<uuid:issuer_id>/achievements/",
        mapping_views.achievement_mappings,
        name="achievement-mappings",
    ),
    path(
        "trust/<uuid:issuer_id>/achievements/<uuid:mapping_id>/remove/",
        mapping_views.achievement_mapping_delete,
        name="achievement-mapping-delete",
    ),
    # UJUZI_PUBLIC_URL=https://example.org/ujuzi gives did:web:example.org:ujuzi, which
    # resolvers fetch from https://example.org/ujuzi/did.json: with the app mounted at
    # /ujuzi/, that is did.json at the root of this URL map. Same document as
    # /.well-known/did.json (which serves an address without a path).
    path("did.json", views.did_json, name="did-document-path"),
    # Public like /verify/, which links to it: another issuer's sample certificate, offered
    # only while that issuer is on the trust list and never in production (samples.py).
    path(
        "verify/samples/<slug:sample>.json",
        verify_views.credential_sample_download,
        name="credential-sample-download",
    ),
]
