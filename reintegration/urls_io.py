"""Import and export of returnees; included in the ``reintegration`` namespace."""

from django.urls import path

from reintegration import views_io

urlpatterns = [
    path("import/", views_io.import_returnees, name="import_returnees"),
    path("import/template/", views_io.import_template, name="import_template"),
    path("export/", views_io.export_returnees, name="export_returnees"),
]
