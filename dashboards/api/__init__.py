"""The partner API of the dashboards app: returnee aggregates with small-cell suppression,
and places with P-codes and ISO codes (both also as CSV with an optional HXL row).
Conventions for the whole API (errors, throttling, the access log) live in
config/api_errors.py, accounts/throttling.py and accounts/middleware.py."""

from django.urls import path

from dashboards.api.aggregates import ReturneeAggregatesView
from dashboards.api.places import PlaceViewSet


def register(router) -> None:
    router.register("places", PlaceViewSet, basename="place")


# Before the router's patterns.
urlpatterns = [
    path("aggregates/returnees/", ReturneeAggregatesView.as_view(), name="aggregates-returnees"),
]
