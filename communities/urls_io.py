"""Import and export of communities and services; included in the ``communities``
namespace by communities/urls.py."""

from django.urls import path

from communities import views_io

urlpatterns = [
    path("import/", views_io.import_communities, name="import_communities"),
    path("import/services/", views_io.import_services, name="import_services"),
    path("import/template/", views_io.import_template, name="import_template"),
    path("export/", views_io.export_communities, name="export_communities"),
    path("export/services/", views_io.export_services, name="export_services"),
]
