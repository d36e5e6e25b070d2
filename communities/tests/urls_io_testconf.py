"""The import and export views alone, for their tests: the pages' URLs change while they
are being built, so these tests do not depend on them."""

from django.urls import include, path

from accounts.views import home
from communities import urls_io

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("communities/", include((urls_io.urlpatterns, "communities"))),
]
