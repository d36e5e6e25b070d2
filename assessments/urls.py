from django.urls import path

from assessments import views, views_analyses, views_xlsform

app_name = "assessments"

urlpatterns = [
    path("ranking/", views.ranking, name="ranking"),
    path("ranking/rescore/", views.rescore_all, name="rescore_all"),
    path("communities/<int:pk>/", views.suitability, name="suitability"),
    path("communities/<int:pk>/rate/", views.altai_rate, name="altai_rate"),
    path("communities/<int:pk>/rescore/", views.rescore, name="rescore"),
    path("tasks/<str:task_id>/", views.task_status, name="task_status"),
    path("communities/<int:pk>/analyses/", views_analyses.analyses, name="analyses"),
    path(
        "communities/<int:pk>/analyses/<str:code>/new/",
        views_analyses.analysis_record,
        name="analysis_record",
    ),
    path("analyses/<int:pk>/", views_analyses.analysis_detail, name="analysis"),
    # Field data collection with KoboToolbox / ODK (XLSForms out, submissions in).
    path("field/", views_xlsform.index, name="xlsform_index"),
    path("field/<str:code>.xlsx", views_xlsform.download, name="xlsform_download"),
    path("field/<str:code>/import/", views_xlsform.submissions_import, name="xlsform_import"),
    path("field/submissions/", views_xlsform.submission_list, name="xlsform_submissions"),
    path(
        "field/submissions/<int:pk>/",
        views_xlsform.submission_detail,
        name="xlsform_submission",
    ),
    path(
        "field/submissions/<int:pk>/finalise/",
        views_xlsform.submission_finalise,
        name="xlsform_finalise",
    ),
    path(
        "field/submissions/<int:pk>/discard/",
        views_xlsform.submission_discard,
        name="xlsform_discard",
    ),
]
