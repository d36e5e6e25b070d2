from django.urls import include, path

from reintegration.views import case, privacy, referrals, returnees

app_name = "reintegration"

urlpatterns = [
    path("", returnees.returnee_list, name="list"),
    path("new/", returnees.returnee_register, name="register"),
    path("caseload/", case.caseload, name="caseload"),
    path("<int:pk>/", returnees.returnee_detail, name="returnee"),
    path("<int:pk>/edit/", returnees.returnee_edit, name="edit"),
    path("<int:pk>/case/", case.case_edit, name="case"),
    path("<int:pk>/consent/", case.consent_edit, name="consent"),
    path("<int:pk>/consent/withdraw/", case.consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/sessions/new/", case.session_create, name="session_create"),
    path("<int:pk>/notes/new/", case.note_create, name="note_create"),
    path("<int:pk>/referrals/new/", referrals.referral_create, name="referral_create"),
    path("<int:pk>/erase/", privacy.returnee_erase, name="erase"),
    path("<int:pk>/subject-access/", privacy.subject_access, name="subject_access"),
    path("referrals/", referrals.referral_list, name="referrals"),
    path("referrals/<int:pk>/", referrals.referral_detail, name="referral"),
    path("", include("reintegration.urls_io")),
]
