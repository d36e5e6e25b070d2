"""``POST /api/v1/referrals/{id}/answer/``: the organization a referral is addressed to
answers it through the API (issue 8: a partner "answers referrals addressed to it (accept,
decline, record outcome). Nothing else is writable by partners").

The one write of the registry's API, through the app's own access function and service.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from reintegration import selectors
from reintegration.access import can_answer_referral
from reintegration.api.serializers import ReferralDetailSerializer
from reintegration.api.viewsets import sees_pseudonymised
from reintegration.models import Referral
from reintegration.services import referral_transition

ANSWERS = [
    (Referral.Status.ACCEPTED, "Accept"),
    (Referral.Status.DECLINED, "Decline (give decline_reason)"),
    (Referral.Status.IN_PROGRESS, "Start"),
    (Referral.Status.COMPLETED, "Complete (record the outcome)"),
    (Referral.Status.DROPPED, "Drop (record the outcome)"),
]


class ReferralAnswerSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=ANSWERS,
        help_text="proposed -> accepted | declined; accepted -> in_progress | dropped; "
        "in_progress -> completed | dropped.",
    )
    decline_reason = serializers.CharField(required=False, allow_blank=True, max_length=300)
    outcome = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)
    follow_up_date = serializers.DateField(required=False, allow_null=True)


class ReferralAnswerView(APIView):
    """Answer a referral addressed to your organization: accept, decline, start, complete or
    drop it, with a reason, an outcome or a note. 404 for a referral you cannot see, 403 for
    one you see but do not answer, 400 for a change the referral cannot make."""

    parser_classes = [JSONParser]  # one request body format, so clients have one to build

    @extend_schema(
        operation_id="referrals_answer",
        request=ReferralAnswerSerializer,
        responses={200: OpenApiResponse(ReferralDetailSerializer, description="The referral.")},
    )
    def post(self, request, pk: int):
        user = request.user
        partner = sees_pseudonymised(user)
        referral = get_object_or_404(selectors.api_referral_list(user=user, partner=partner), pk=pk)
        if not can_answer_referral(user, referral):
            raise PermissionDenied(
                gettext("Only the organization the referral is addressed to answers it.")
            )
        answer = ReferralAnswerSerializer(data=request.data)
        answer.is_valid(raise_exception=True)
        data = answer.validated_data
        try:
            referral_transition(
                actor=user,
                referral=referral,
                to_status=data["status"],
                note=data.get("note", ""),
                decline_reason=data.get("decline_reason", ""),
                outcome=data.get("outcome", ""),
                follow_up_date=data.get("follow_up_date"),
            )
        except DjangoValidationError as error:
            raise ValidationError(
                error.message_dict if hasattr(error, "error_dict") else error.messages
            ) from error
        detail = selectors.api_referral_detail(user=user, partner=partner).get(pk=pk)
        return Response(ReferralDetailSerializer(detail, context={"request": request}).data)
