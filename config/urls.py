from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from accounts import api as accounts_api
from accounts.views import home, set_language
from assessments import api as assessments_api
from communities import api as communities_api
from config.api_errors import api_not_found
from config.views import health
from dashboards import api as dashboards_api
from peer_support import api as peer_support_api
from projects import api as projects_api
from projects.api import finance as finance_api
from reintegration import api as reintegration_api

router = DefaultRouter()
router.register("organizations", accounts_api.OrganizationViewSet, basename="organization")
communities_api.register(router)
reintegration_api.register(router)
assessments_api.register(router)
projects_api.register(router)
finance_api.register(router)
peer_support_api.register(router)
dashboards_api.register(router)

api_v1 = [
    path("me/", accounts_api.me, name="me"),
    *reintegration_api.urlpatterns,
    *dashboards_api.urlpatterns,
    path("", include(router.urls)),
    # Anything else under /api/v1/ answers in the API's error shape, not an HTML page.
    re_path(r"^.*/$", api_not_found),
]

urlpatterns = [
    path("", home, name="home"),
    path("health/", health, name="health"),
    # The language switcher (user menu and login page): Django's set_language, remembered
    # on the user (accounts/views.py).
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("accounts.urls")),
    path("communities/", include("communities.urls")),
    path("returnees/", include("reintegration.urls")),
    path("assessments/", include("assessments.urls")),
    path("projects/", include("projects.urls")),
    path("financial-groups/", include("projects.urls_finance")),
    path("peer-support/", include("peer_support.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

handler500 = "config.views.server_error"
