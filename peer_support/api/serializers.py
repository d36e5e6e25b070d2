"""Serializers of the peer-support API. Groups, events and aggregates carry no participant's
personal data: no member, no facilitator's name (a facilitator may be a returnee), no
contact person; a partner reaches a referred returnee only through the registry's
pseudonymised endpoint."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from communities.api.serializers import CommunityRefSerializer
from config.api_fields import NamedChoiceField
from peer_support.models import CommunityEvent, NetworkGroup, PeerGroup
from peer_support.selectors import GROUP_STATUSES


class PeerGroupSerializer(serializers.ModelSerializer):
    community = CommunityRefSerializer(read_only=True)
    organization = serializers.SlugRelatedField(slug_field="name", read_only=True)
    focus = NamedChoiceField(enum_name="PeerGroupFocusEnum", choices=PeerGroup.Focus.choices)
    composition = NamedChoiceField(
        enum_name="PeerGroupCompositionEnum", choices=PeerGroup.Composition.choices
    )
    facilitator_kind = NamedChoiceField(
        enum_name="FacilitatorKindEnum", choices=PeerGroup.FacilitatorKind.choices
    )
    status = NamedChoiceField(
        enum_name="PeerGroupStatusEnum",
        choices=list(GROUP_STATUSES.items()),
        source="activity_status",
    )
    leaders_approved = serializers.SerializerMethodField(
        help_text=_("The community leaders approved the group (handbook 3.5.2).")
    )
    participants = serializers.IntegerField(read_only=True)
    initial_meetings_held = serializers.IntegerField(source="initial_held", read_only=True)
    meetings_held = serializers.IntegerField(read_only=True)
    first_meeting_on = serializers.DateField(read_only=True, allow_null=True)
    last_meeting_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = PeerGroup
        fields = [
            "id",
            "name",
            "organization",
            "community",
            "focus",
            "composition",
            "facilitator_kind",
            "started_on",
            "planned_initial_meetings",
            "extended_until",
            "leaders_approved",
            "leaders_approved_on",
            "closed_on",
            "status",
            "participants",
            "initial_meetings_held",
            "meetings_held",
            "first_meeting_on",
            "last_meeting_on",
        ]
        read_only_fields = fields

    def get_leaders_approved(self, group) -> bool:
        return group.leaders_approved_on is not None


class NetworkGroupSerializer(serializers.ModelSerializer):
    community = CommunityRefSerializer(read_only=True)
    kind = NamedChoiceField(enum_name="NetworkGroupKindEnum", choices=NetworkGroup.Kind.choices)
    formality = NamedChoiceField(
        enum_name="NetworkGroupFormalityEnum", choices=NetworkGroup.Formality.choices
    )
    members_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = NetworkGroup
        fields = [
            "id",
            "name",
            "community",
            "kind",
            "formality",
            "sensitised_on",
            "accepts_returnees",
            "is_active",
            "members_count",
        ]
        read_only_fields = fields


class CommunityEventSerializer(serializers.ModelSerializer):
    community = CommunityRefSerializer(read_only=True)
    kind = NamedChoiceField(enum_name="CommunityEventKindEnum", choices=CommunityEvent.Kind.choices)
    organization = serializers.SlugRelatedField(slug_field="name", read_only=True)
    total_participants = serializers.IntegerField(read_only=True)

    class Meta:
        model = CommunityEvent
        fields = [
            "id",
            "kind",
            "title",
            "date",
            "organization",
            "community",
            "place",
            "network_group",
            "returnees_count",
            "family_members_count",
            "community_members_count",
            "opinion_leaders_count",
            "local_authorities_count",
            "total_participants",
        ]
        read_only_fields = fields


class SocialCohesionSerializer(serializers.Serializer):
    """One community's figures (``peer_support.selectors.social_cohesion_by_community``)."""

    community_id = serializers.IntegerField()
    community_name = serializers.CharField()
    # The community's codes in the names of the community list (issue 8).
    pcode = serializers.CharField(help_text=_("OCHA P-code (may be empty)."))
    country = serializers.CharField(help_text=_("ISO 3166-1 alpha-3."))
    admin1 = serializers.CharField()
    admin2 = serializers.CharField()
    events = serializers.IntegerField(help_text=_("Community events in the period."))
    returnees = serializers.IntegerField(help_text=_("Event participants who are returnees."))
    family_members = serializers.IntegerField()
    community_members = serializers.IntegerField()
    opinion_leaders = serializers.IntegerField()
    local_authorities = serializers.IntegerField()
    total_participants = serializers.IntegerField()
    non_returnee_share = serializers.IntegerField(
        allow_null=True, help_text=_("Percent of event participants who are not returnees.")
    )
    peer_groups_active = serializers.IntegerField()
    peer_group_participants = serializers.IntegerField()
    trained_mentors = serializers.IntegerField(help_text=_("Active mentors who are trained."))
    refresher_overdue = serializers.IntegerField()
    active_mentorships = serializers.IntegerField()
    network_groups = serializers.IntegerField()
    network_groups_sensitised = serializers.IntegerField()
    network_groups_accepting = serializers.IntegerField()
    network_members = serializers.IntegerField()
