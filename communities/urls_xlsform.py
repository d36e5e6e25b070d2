"""Field data collection of community profiles (KoboToolbox / ODK); included in the
``communities`` namespace by communities/urls.py."""

from django.urls import path

from communities import views_xlsform

urlpatterns = [
    path("field/profile.xlsx", views_xlsform.profile_xlsform, name="xlsform_profile"),
    path(
        "field/profile/import/",
        views_xlsform.profile_submissions_import,
        name="xlsform_profile_import",
    ),
    path(
        "field/profile/submissions/",
        views_xlsform.profile_submissions,
        name="xlsform_profile_submissions",
    ),
    path(
        "field/profile/submissions/<int:pk>/discard/",
        views_xlsform.profile_submission_discard,
        name="xlsform_profile_discard",
    ),
]
