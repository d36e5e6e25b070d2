from django.urls import path

from assessments import views, views_analyses

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
]
