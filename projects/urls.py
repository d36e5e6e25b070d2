from django.urls import path

from projects.views import appraisals, groups, lifecycle, matching, participants, projects

app_name = "projects"

urlpatterns = [
    path("", projects.project_list, name="list"),
    path("new/", projects.project_create, name="create"),
    path("group-formation/", groups.group_formation, name="group_formation"),
    path("group-formation/create/", groups.group_create, name="group_create"),
    path("<int:pk>/", projects.project_detail, name="detail"),
    path("<int:pk>/edit/", projects.project_edit, name="edit"),
    path("<int:pk>/history/", projects.project_history, name="history"),
    path("<int:pk>/status/", projects.project_status, name="status"),
    path("<int:pk>/actions/<str:code>/", lifecycle.action_set, name="action_set"),
    path("<int:pk>/actions/<str:code>/reopen/", lifecycle.action_reopen, name="action_reopen"),
    path("<int:pk>/advance/", lifecycle.step_advance, name="advance"),
    path(
        "<int:pk>/participants/new/<str:kind>/",
        participants.participant_add,
        name="participant_add",
    ),
    path(
        "<int:pk>/participants/<int:participant_pk>/edit/",
        participants.participant_edit,
        name="participant_edit",
    ),
    path(
        "<int:pk>/participants/<int:participant_pk>/leave/",
        participants.participant_leave,
        name="participant_leave",
    ),
    path("<int:pk>/appraisal/new/", appraisals.appraisal_record, name="appraisal_record"),
    path("<int:pk>/table-3-5/new/", appraisals.table_3_5_record, name="table_3_5_record"),
    path(
        "<int:pk>/assessments/<int:assessment_pk>/",
        appraisals.assessment_detail,
        name="assessment",
    ),
    path("<int:pk>/matching/", matching.matching, name="matching"),
]
