"""The partner API of the dashboards app: returnee aggregates with small-cell suppression,
places with P-codes and ISO codes (both also as CSV with an optional HXL row), and the
answer to a referral. Conventions for the whole API (errors, throttling, the access log)
live in config/api_errors.py, accounts/throttling.py and accounts/middleware.py."""

from django.urls import path

from dashboards.api.aggregates import ReturneeAggregatesView
from dashboards.api.places import PlaceViewSet
from dashboards.api.referral_answers import ReferralAnswerView


def register(router) -> None:
    router.register("places", PlaceViewSet, basename="place")


# Before the router's patterns, so referrals/<id>/answer/ is not taken for a detail route.
urlpatterns = [
    path("aggregates/returnees/", ReturneeAggregatesView.as_view(), name="aggregates-returnees"),
    path("referrals/<int:pk>/answer/", ReferralAnswerView.as_view(), name="referral-answer"),
]
