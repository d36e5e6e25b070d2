"""Read-only endpoints of the returnee registry, cases and referrals.

Every queryset comes from a selector that starts from ``reintegration.access``. Partners
(a partner role and no staff role, the precedence of ``access.returnees_for_user``) get
the pseudonymised serializers. Writes go through the browser, so no endpoint accepts any.
"""

import datetime

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from accounts.audit import access_log_record
from accounts.client_ip import client_ip
from reintegration import selectors

# STAFF_ROLES and sees_pseudonymised lived here first: re-exported for their importers.
from reintegration.access import (  # noqa: F401
    STAFF_ROLES,
    can_see_sensitive,
    sees_pseudonymised,
)
from reintegration.api import filters
from reintegration.api.serializers import (
    CaseSerializer,
    PartnerReturneeSerializer,
    ReferralDetailSerializer,
    ReferralSerializer,
    ReturneeDetailSerializer,
    ReturneeListSerializer,
    ReturneeSensitiveDetailSerializer,
    partner_returnee_row,
)
from reintegration.models import Returnee


class RegistryCursorPagination(CursorPagination):
    """Cursor pagination: stable pages over a registry that grows while a partner pulls it,
    and no COUNT over the whole registry on every page."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class ReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    pagination_class = RegistryCursorPagination
    # No OrderingFilter: the cursor needs the unique "-id" ordering.
    filter_backends = [DjangoFilterBackend]

    @property
    def partner(self) -> bool:
        return sees_pseudonymised(self.request.user)


@extend_schema_view(
    list=extend_schema(
        responses=PolymorphicProxySerializer(
            component_name="ReturneeListItem",
            serializers=[ReturneeListSerializer, PartnerReturneeSerializer],
            resource_type_field_name=None,
            many=True,
        ),
        description="Staff get the named list row; partners get the pseudonymised record of "
        "the returnees referred to their organization with consent to share.",
    ),
    retrieve=extend_schema(
        responses=PolymorphicProxySerializer(
            component_name="ReturneeRecord",
            serializers=[ReturneeSensitiveDetailSerializer, PartnerReturneeSerializer],
            resource_type_field_name=None,
        ),
        description="Staff get the record (the sensitive fields only for the assigned case "
        "manager, their supervisor and administrators); partners the pseudonymised one.",
    ),
)
class ReturneeViewSet(ReadOnlyViewSet):
    """The returnee registry."""

    @property
    def filterset_class(self):
        return filters.PartnerReturneeFilter if self.partner else filters.ReturneeFilter

    def get_queryset(self):
        user = self.request.user
        if self.partner:
            return selectors.api_partner_returnee_list(user=user)
        if self.action == "retrieve":
            return selectors.api_returnee_detail(user=user)
        return selectors.api_returnee_list(user=user)

    def get_serializer_class(self):
        if self.partner:
            return PartnerReturneeSerializer
        if self.action == "retrieve":
            return ReturneeDetailSerializer
        return ReturneeListSerializer

    def list(self, request, *args, **kwargs):
        if not self.partner:
            return super().list(request, *args, **kwargs)
        # A partner's list pages through plain rows in one query and builds each record with
        # partner_returnee_row, which a test holds equal to PartnerReturneeSerializer's
        # output: about 4x less time for a page of 100 (benchmarks/partner_api.py, issue 10).
        rows = self.filter_queryset(selectors.api_partner_returnee_rows(user=request.user))
        page = self.paginate_queryset(rows)
        today = datetime.date.today()
        return self.get_paginated_response([partner_returnee_row(row, today) for row in page])

    def retrieve(self, request, *args, **kwargs):
        returnee = self.get_object()
        serializer_class = self.get_serializer_class()
        if serializer_class is ReturneeDetailSerializer and can_see_sensitive(
            request.user, returnee
        ):
            serializer_class = ReturneeSensitiveDetailSerializer
            # The browser logs who was shown sensitive values; the API does the same.
            shown = [f for f in Returnee.SENSITIVE_FIELDS if getattr(returnee, f)]
            if shown:
                access_log_record(
                    user=request.user,
                    instance=returnee,
                    fields=shown,
                    purpose="api",
                    ip_address=client_ip(request),
                )
        serializer = serializer_class(returnee, context=self.get_serializer_context())
        return Response(serializer.data)


class CaseViewSet(ReadOnlyViewSet):
    """Cases of the returnees the user sees. A case is the lead organization's work, not
    shared: partners get an empty list and 404 on a case (as for any record they may not
    see), so a partner's client can walk every endpoint without special cases."""

    serializer_class = CaseSerializer
    filterset_class = filters.CaseFilter

    def get_queryset(self):
        if self.partner:
            return Returnee.objects.none()
        return selectors.api_case_list(user=self.request.user)


class ReferralViewSet(ReadOnlyViewSet):
    """Referrals of the returnees the user sees and referrals addressed to their
    organization; a partner's only those addressed to it with consent to share."""

    filterset_class = filters.ReferralFilter

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.api_referral_detail(user=self.request.user, partner=self.partner)
        return selectors.api_referral_list(user=self.request.user, partner=self.partner)

    def get_serializer_class(self):
        return ReferralDetailSerializer if self.action == "retrieve" else ReferralSerializer

    def get_serializer_context(self):
        # One "today" for the whole response, so every row's is_overdue agrees.
        return {**super().get_serializer_context(), "today": datetime.date.today()}
