"""The import and export views alone, for their tests: the pages' URLs change while they
are being built, so these tests do not depend on them."""

from django.urls import include, path

from accounts.views import home, set_language
from communities import urls_io

urlpatterns = [
    path("", home, name="home"),
    # base.html posts the language switcher here.
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("accounts.urls")),
    path("communities/", include((urls_io.urlpatterns, "communities"))),
]
