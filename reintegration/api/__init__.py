"""The REST API of the returnee registry: returnees, cases and referrals (read-only)."""

from reintegration.api.viewsets import CaseViewSet, ReferralViewSet, ReturneeViewSet


def register(router) -> None:
    router.register("returnees", ReturneeViewSet, basename="returnee")
    router.register("cases", CaseViewSet, basename="case")
    router.register("referrals", ReferralViewSet, basename="referral")


__all__ = ["CaseViewSet", "ReferralViewSet", "ReturneeViewSet", "register"]
