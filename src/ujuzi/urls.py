"""The URL map: pages, the JSON API under /api/v1/, the admin and language switching."""

from django.contrib import admin
from django.urls import include, path

from ujuzi.api.urls import api
from ujuzi.assessment import views as assessment_views
from ujuzi.catalog import views as catalog_views
from ujuzi.competencies import views as competency_views
from ujuzi.core import views as core_views
from ujuzi.credentials import passport_views, verify_views
from ujuzi.credentials import views as credential_views
from ujuzi.delivery import attendance_views, calendar_views, cohort_admin_views
from ujuzi.delivery import views as delivery_views
from ujuzi.notifications import views as notification_views
from ujuzi.people import import_views
from ujuzi.people import views as people_views
from ujuzi.places import views as places_views

urlpatterns = [
    path("", people_views.home, name="home"),
    path("people/", people_views.person_list, name="person-list"),
    path("people/<uuid:person_id>/", people_views.person_detail, name="person-detail"),
    path("people/import/", import_views.people_import_upload, name="people-import"),
    path(
        "people/import/sample.csv",
        import_views.people_import_sample,
        name="people-import-sample",
    ),
    path(
        "people/import/<uuid:upload_id>/",
        import_views.people_import_check,
        name="people-import-check",
    ),
    path(
        "people/import/<uuid:upload_id>/confirm/",
        import_views.people_import_confirm,
        name="people-import-confirm",
    ),
    path(
        "people/import/<uuid:upload_id>/rejected.csv",
        import_views.people_import_errors,
        name="people-import-errors",
    ),
    path(
        "people/import/progress/<uuid:task_id>/",
        import_views.people_import_progress,
        name="people-import-progress",
    ),
    path("people/<uuid:person_id>/skills/", assessment_views.person_skills, name="person-skills"),
    path(
        "people/<uuid:person_id>/skills/role-profile/",
        assessment_views.person_role_profile,
        name="person-role-profile",
    ),
    path(
        "people/<uuid:person_id>/pathway/", assessment_views.person_pathway, name="person-pathway"
    ),
    path("institutions/", people_views.institution_list, name="institution-list"),
    path(
        "institutions/<uuid:institution_id>/",
        people_views.institution_detail,
        name="institution-detail",
    ),
    path(
        "institutions/<uuid:institution_id>/skills-gap/",
        assessment_views.institution_heatmap,
        name="institution-heatmap",
    ),
    path("skills/", assessment_views.my_skills, name="my-skills"),
    path("skills/checks/", assessment_views.diagnostic_list, name="diagnostic-list"),
    path("skills/checks/start/", assessment_views.diagnostic_start, name="diagnostic-start"),
    path(
        "skills/checks/<uuid:attempt_id>/",
        assessment_views.diagnostic_page,
        name="diagnostic-page",
    ),
    path("skills/self/", assessment_views.self_assessment_list, name="self-assessment-list"),
    path(
        "skills/self/<str:uri_code>/",
        assessment_views.self_assessment_page,
        name="self-assessment-page",
    ),
    path("courses/", catalog_views.course_list, name="course-list"),
    path("courses/<str:code>/", catalog_views.course_detail, name="course-detail"),
    path("sites/", places_views.site_list, name="site-list"),
    path("sites/<uuid:site_id>/", places_views.site_detail, name="site-detail"),
    path("competencies/<slug:slug>/", competency_views.framework_detail, name="framework-detail"),
    path(
        "competencies/<slug:slug>/<str:uri_code>/",
        competency_views.competency_detail,
        name="competency-detail",
    ),
    path("outbox/", notification_views.outbox_list, name="outbox"),
    path("outbox/<uuid:message_id>/", notification_views.outbox_detail, name="outbox-detail"),
    # cohorts, nominations and calendars
    path("cohorts/", delivery_views.cohort_list, name="cohort-list"),
    path("cohorts/new/", cohort_admin_views.cohort_new, name="cohort-new"),
    path(
        "cohorts/<uuid:cohort_id>/sessions/",
        cohort_admin_views.session_new,
        name="session-new",
    ),
    path("cohorts/<uuid:cohort_id>/", delivery_views.cohort_detail, name="cohort-detail"),
    path(
        "cohorts/<uuid:cohort_id>/nominate/",
        delivery_views.cohort_nominate,
        name="cohort-nominate",
    ),
    path("cohorts/<uuid:cohort_id>/enrol/", delivery_views.cohort_enrol, name="cohort-enrol"),
    path("cohorts/<uuid:cohort_id>/close/", cohort_admin_views.cohort_close, name="cohort-close"),
    path(
        "cohorts/<uuid:cohort_id>/cancel/",
        cohort_admin_views.cohort_cancel_view,
        name="cohort-cancel",
    ),
    path(
        "cohorts/<uuid:cohort_id>/seats/",
        cohort_admin_views.cohort_capacity,
        name="cohort-capacity",
    ),
    path("nominations/", delivery_views.nomination_list, name="nomination-list"),
    path(
        "nominations/<uuid:nomination_id>/decide/",
        delivery_views.nomination_decide_view,
        name="nomination-decide",
    ),
    path("places/<uuid:enrolment_id>/leave/", delivery_views.place_leave, name="place-leave"),
    path("me/calendar.ics", calendar_views.my_calendar, name="my-calendar"),
    path(
        "me/calendar/replace/",
        calendar_views.my_calendar_replace,
        name="my-calendar-replace",
    ),
    path("calendars/<str:token>.ics", calendar_views.calendar_feed, name="calendar-feed"),
    path("sites/<uuid:site_id>/calendar.ics", calendar_views.site_calendar, name="site-calendar"),
    # the room: roll, check-in, cards, printables
    path("sessions/<uuid:session_id>/roll/", attendance_views.session_roll, name="session-roll"),
    path(
        "sessions/<uuid:session_id>/roll/<uuid:person_id>/",
        attendance_views.session_roll_mark,
        name="session-roll-mark",
    ),
    path(
        "sessions/<uuid:session_id>/check-in/",
        attendance_views.session_check_in,
        name="session-check-in",
    ),
    path("sessions/<uuid:session_id>/sheet/", attendance_views.session_sheet, name="session-sheet"),
    path("me/card/", attendance_views.my_card, name="my-card"),
    path("me/card/replace/", attendance_views.my_card_replace, name="my-card-replace"),
    path("cards/<str:token>/", attendance_views.card_scan, name="card-scan"),
    path(
        "cohorts/<uuid:cohort_id>/class-list/",
        attendance_views.cohort_class_list,
        name="cohort-class-list",
    ),
    path(
        "cohorts/<uuid:cohort_id>/results/", attendance_views.cohort_results, name="cohort-results"
    ),
    path("accounts/login/", core_views.SignInView.as_view(), name="login"),
    path("accounts/logout/", core_views.SignOutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("health", core_views.health, name="health"),
    path(".well-known/did.json", credential_views.did_json, name="did-document"),
    path("me/certificates/", passport_views.my_certificates, name="my-certificates"),
    path(
        "me/certificates/partner/",
        passport_views.my_partner_certificate_add,
        name="my-partner-certificate-add",
    ),
    path(
        "me/certificates/<uuid:credential_id>/download",
        passport_views.my_certificate_download,
        name="my-certificate-download",
    ),
    path("verify/", verify_views.credential_verify_upload, name="credential-verify-upload"),
    path(
        "verify/<uuid:credential_id>/revoke/",
        verify_views.credential_revoke_view,
        name="credential-revoke",
    ),
    path(
        "verify/<uuid:credential_id>/",
        verify_views.credential_verify_page,
        name="credential-verify",
    ),
    path(
        "credentials/status/<slug:list_id>",
        credential_views.status_list,
        name="credential-status-list",
    ),
    path("", include("ujuzi.credentials.paper_urls")),
    path("", include("ujuzi.credentials.trust_urls")),
    path("", include("ujuzi.credentials.hold_urls")),
    path("", include("ujuzi.outcomes.urls")),
    path("", include("ujuzi.reports.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
