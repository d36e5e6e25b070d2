from django.urls import include, path

from communities import views

app_name = "communities"

urlpatterns = [
    path("", views.community_list, name="list"),
    path("new/", views.community_create, name="create"),
    path("<int:pk>/", views.community_detail, name="detail"),
    path("<int:pk>/edit/", views.community_edit, name="edit"),
    path("<int:pk>/profiles/new/", views.profile_create, name="profile_create"),
    path("<int:pk>/profiles/compare/", views.profile_compare, name="profile_compare"),
    path("profiles/<int:pk>/", views.profile_detail, name="profile"),
    path("profiles/<int:pk>/finalise/", views.profile_finalise, name="profile_finalise"),
    path(
        "<int:community_pk>/stakeholders/new/",
        views.resource_edit,
        {"kind": "stakeholder"},
        name="stakeholder_create",
    ),
    path(
        "stakeholders/<int:pk>/edit/",
        views.resource_edit,
        {"kind": "stakeholder"},
        name="stakeholder_edit",
    ),
    path(
        "<int:community_pk>/services/new/",
        views.resource_edit,
        {"kind": "service"},
        name="service_create",
    ),
    path("services/<int:pk>/edit/", views.resource_edit, {"kind": "service"}, name="service_edit"),
    path(
        "<int:community_pk>/opportunities/new/",
        views.resource_edit,
        {"kind": "opportunity"},
        name="opportunity_create",
    ),
    path(
        "opportunities/<int:pk>/edit/",
        views.resource_edit,
        {"kind": "opportunity"},
        name="opportunity_edit",
    ),
    path("", include("communities.urls_io")),
    path("", include("communities.urls_xlsform")),
]
