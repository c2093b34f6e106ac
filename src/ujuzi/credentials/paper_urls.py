"""Printable certificates and the passport's share links, included at the root of the URL map."""

from django.urls import URLPattern, path

from ujuzi.credentials import paper_views

urlpatterns: list[URLPattern] = [
    path(
        "me/certificates/<uuid:credential_id>/certificate.pdf",
        paper_views.my_certificate_pdf,
        name="my-certificate-pdf",
    ),
    path("me/certificates/shares/", paper_views.my_passport_shares, name="my-passport-shares"),
    path(
        "me/certificates/shares/<uuid:share_id>/revoke/",
        paper_views.my_passport_share_revoke,
        name="my-passport-share-revoke",
    ),
    path("passport/<str:token>/", paper_views.passport_share_page, name="passport-share"),
    path(
        "passport/<str:token>/<uuid:credential_id>.json",
        paper_views.passport_share_download,
        name="passport-share-download",
    ),
]
