"""The outcomes pages, included at the root of the URL map."""

from django.urls import URLPattern, path

from ujuzi.outcomes import views

urlpatterns: list[URLPattern] = [
    # The survey thanks page comes first: a link token never has six characters.
    path("s/thanks/", views.survey_thanks, name="follow-up-thanks"),
    path("s/<str:token>/", views.survey, name="follow-up-survey"),
    path("me/follow-ups/<uuid:follow_up_id>/", views.my_follow_up, name="my-follow-up"),
    path("me/disability/", views.my_disability, name="my-disability"),
    path("follow-ups/", views.follow_up_list, name="follow-up-list"),
    path("follow-ups/<uuid:follow_up_id>/", views.follow_up_detail, name="follow-up-detail"),
    path(
        "people/<uuid:person_id>/placements/",
        views.placement_new,
        name="person-placement-new",
    ),
    path(
        "placements/<uuid:placement_id>/verify/",
        views.placement_verify_view,
        name="placement-verify",
    ),
]
