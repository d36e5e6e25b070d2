from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("tables/<slug:key>.<slug:fmt>", views.overview_table, name="overview_table"),
    path("map/", views.community_map, name="map"),
    path("map/table.<slug:fmt>", views.map_table, name="map_table"),
    path("communities/<int:pk>/", views.community, name="community"),
    path(
        "communities/<int:pk>/tables/<slug:key>.<slug:fmt>",
        views.community_table,
        name="community_table",
    ),
]
