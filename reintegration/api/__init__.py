"""The REST API of the returnee registry: returnees, cases and referrals (read-only), and
the answer to a referral by the organization it is addressed to."""

from django.urls import path

from reintegration.api.referral_answers import ReferralAnswerView
from reintegration.api.viewsets import CaseViewSet, ReferralViewSet, ReturneeViewSet


def register(router) -> None:
    router.register("returnees", ReturneeViewSet, basename="returnee")
    router.register("cases", CaseViewSet, basename="case")
    router.register("referrals", ReferralViewSet, basename="referral")


# Before the router's patterns, so referrals/<id>/answer/ is not taken for a detail route.
urlpatterns = [
    path("referrals/<int:pk>/answer/", ReferralAnswerView.as_view(), name="referral-answer"),
]

__all__ = ["CaseViewSet", "ReferralViewSet", "ReturneeViewSet", "register", "urlpatterns"]
