from django.urls import path

from peer_support.views import groups, mentors, mentorships, networks, overview, returnees

app_name = "peer_support"

urlpatterns = [
    path("", overview.index, name="index"),
    path("mentors/", mentors.mentor_list, name="mentors"),
    path("mentors/new/", mentors.mentor_create, name="mentor_create"),
    path("mentors/<int:pk>/", mentors.mentor_detail, name="mentor"),
    path("mentors/<int:pk>/edit/", mentors.mentor_edit, name="mentor_edit"),
    path("mentors/<int:pk>/active/", mentors.mentor_toggle_active, name="mentor_active"),
    path("mentors/<int:pk>/trainings/new/", mentors.training_create, name="training_create"),
    path("trainings/<int:pk>/delete/", mentors.training_delete, name="training_delete"),
    path("supervision/", mentors.supervision_list, name="supervision"),
    path("supervision/new/", mentors.supervision_create, name="supervision_create"),
    path("mentorships/", mentorships.mentorship_list, name="mentorships"),
    path("mentorships/<int:pk>/", mentorships.mentorship_detail, name="mentorship"),
    path(
        "mentorships/<int:pk>/meetings/new/",
        mentorships.mentorship_meeting_create,
        name="mentorship_meeting",
    ),
    path(
        "mentorships/<int:pk>/evaluate/",
        mentorships.mentorship_evaluate,
        name="mentorship_evaluate",
    ),
    path("mentorships/<int:pk>/end/", mentorships.mentorship_end, name="mentorship_end"),
    path("groups/", groups.group_list, name="groups"),
    path("groups/new/", groups.group_create, name="group_create"),
    path("groups/<int:pk>/", groups.group_detail, name="group"),
    path("groups/<int:pk>/edit/", groups.group_edit, name="group_edit"),
    path("groups/<int:pk>/approval/", groups.group_approval, name="group_approval"),
    path("groups/<int:pk>/extend/", groups.group_extend, name="group_extend"),
    path("groups/<int:pk>/close/", groups.group_close, name="group_close"),
    path("groups/<int:pk>/members/new/", groups.member_add, name="group_member_add"),
    path(
        "groups/<int:pk>/members/<int:member_pk>/leave/",
        groups.member_leave,
        name="group_member_leave",
    ),
    path("groups/<int:pk>/meetings/new/", groups.meeting_create, name="group_meeting"),
    path(
        "groups/<int:pk>/referrals/<int:referral_pk>/accept/",
        groups.referral_accept,
        name="group_referral_accept",
    ),
    path("networks/", networks.network_list, name="networks"),
    path("networks/new/", networks.network_create, name="network_create"),
    path("networks/<int:pk>/", networks.network_detail, name="network"),
    path("networks/<int:pk>/edit/", networks.network_edit, name="network_edit"),
    path("events/", networks.event_list, name="events"),
    path("events/new/", networks.event_create, name="event_create"),
    path("events/<int:pk>/", networks.event_detail, name="event"),
    path("events/<int:pk>/edit/", networks.event_edit, name="event_edit"),
    path("events/<int:pk>/delete/", networks.event_delete, name="event_delete"),
    path("returnees/<int:pk>/", returnees.returnee_panel, name="returnee"),
    path("returnees/<int:pk>/preference/", returnees.preference_set, name="preference"),
    path("returnees/<int:pk>/refer/", returnees.refer, name="refer"),
]
