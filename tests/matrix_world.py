"""The world the permission matrix walks: one record of every kind, owned by the lead
organization, built through the apps' factories and services (tests/permission_matrix.py).

The returnee is referred to a service of the partner's organization with consent to share
their record with it, so ``partner`` is the partner WITH a referral and consent and
``other_partner`` (another partner organization) the one without.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from accounts.models import Role
from accounts.tests.factories import OrganizationFactory, UserFactory
from assessments.catalogues import TABLE_3_1
from assessments.models import CommunityScore, Submission
from assessments.services.instruments import assessment_record
from assessments.services.scoring import active_instrument, community_score
from communities.services.profiles import profile_create
from communities.tests.factories import (
    CommunityFactory,
    LivelihoodOpportunityFactory,
    ServiceFactory,
    StakeholderFactory,
)
from communities.xlsform.models import ProfileSubmission
from peer_support.services.mentors import supervision_record
from peer_support.tests.factories import (
    CommunityEventFactory,
    MentorFactory,
    MentorshipFactory,
    MentorTrainingFactory,
    NetworkGroupFactory,
    PeerGroupFactory,
    PeerGroupMemberFactory,
)
from projects.models import Approach
from projects.services.appraisals import project_appraise
from projects.services.finance.ledger import contribution_record
from projects.tests.factories import ParticipantFactory, ProjectFactory
from projects.tests.factories_finance import FinancialGroupFactory, NonMigrantMemberFactory
from reintegration import services

TODAY = datetime.date.today()
# The owning organization's sensitive markers: a persona who must not see the returnee must
# not find these anywhere in a list page or list endpoint.
MARKER_NAME = "Zeynabou"


@dataclass(repr=False)
class World:
    organization: Any
    community: Any
    returnee: Any
    peer_returnee: Any
    referral: Any
    group_referral: Any
    service: Any
    partner_service: Any
    stakeholder: Any
    opportunity: Any
    profile: Any
    profile_submission: Any
    assessment: Any
    submission: Any
    score: Any
    project: Any
    existing_project: Any
    participant: Any
    appraisal: Any
    financial_group: Any
    member: Any
    entry: Any
    mentor: Any
    training: Any
    mentorship: Any
    peer_group: Any
    network_group: Any
    event: Any


def other_partner_user():
    """A partner user in another partner organization, with no referral and no consent."""
    organization = OrganizationFactory(name="Unrelated NGO", kind="implementing_partner")
    return UserFactory(username="other-partner", organization=organization, roles=[Role.PARTNER])


def register(case_manager, community, first_name, last_name):
    return services.returnee_register(
        actor=case_manager,
        fields={
            "first_name": first_name,
            "last_name": last_name,
            "sex": "female",
            "estimated_age": 30,
            "nationality": "GIN",
            "community": community,
            "return_date": TODAY - datetime.timedelta(days=20),
            "return_kind": "forced",
        },
        confirm_not_duplicate=True,
    )


def build_world(*, case_manager, programme_manager, partner) -> World:
    organization = case_manager.organization
    community = CommunityFactory(country="GIN")
    returnee = register(case_manager, community, MARKER_NAME, "Matrixsentinel")
    services.consent_record(
        actor=case_manager,
        returnee=returnee,
        given_on=TODAY,
        group_contact=True,
        shared_with=[partner.organization],
    )
    partner_service = ServiceFactory(community=community, organization=partner.organization)
    referral = services.referral_create(
        actor=case_manager, returnee=returnee, target=partner_service, reason="Livelihood support"
    )
    services.session_log(actor=case_manager, returnee=returnee, date=TODAY, notes="First talk")
    services.note_add(actor=case_manager, returnee=returnee, text="Met the family")

    # A second returnee referred to the organization's own peer group (group referral accept).
    peer_returnee = register(case_manager, community, "Mariama", "Peerreferral")
    services.consent_record(
        actor=case_manager, returnee=peer_returnee, given_on=TODAY, group_contact=True
    )
    peer_group = PeerGroupFactory(organization=organization, community=community)
    PeerGroupMemberFactory(group=peer_group, returnee=returnee)
    group_referral = services.referral_create(
        actor=case_manager, returnee=peer_returnee, target=peer_group, reason="Peer support"
    )

    profile = profile_create(
        actor=programme_manager, community=community, profile_date=TODAY, assessors="Team A"
    )
    profile_submission = ProfileSubmission.objects.create(
        instance_id="matrix-profile-1",
        root_id="matrix-profile-1",
        form_id="community_profile",
        form_version=1,
        subject_label=community.name,
        collected_on=TODAY,
        imported_by=programme_manager,
        source_file="profile.xlsx",
        profile=profile,
        community=community,
    )
    instrument = active_instrument(TABLE_3_1)
    assessment = assessment_record(
        actor=programme_manager,
        instrument=instrument,
        assessed_on=TODAY,
        answers={},
        community=community,
    )
    # An imported submission holds its draft assessment (FieldSubmission.record_constraint).
    submission_assessment = assessment_record(
        actor=programme_manager,
        instrument=instrument,
        assessed_on=TODAY,
        answers={},
        community=community,
    )
    submission = Submission.objects.create(
        instance_id="matrix-assessment-1",
        root_id="matrix-assessment-1",
        form_id=TABLE_3_1,
        form_version=1,
        subject_label=community.name,
        collected_on=TODAY,
        imported_by=programme_manager,
        source_file="table_3_1.xlsx",
        assessment=submission_assessment,
        instrument=instrument,
        community=community,
    )
    community_score(community_ids=[community.pk], actor=programme_manager)
    score = CommunityScore.objects.filter(community=community).latest("pk")

    project = ProjectFactory(
        organization=organization, created_by=case_manager, communities=[community]
    )
    participant = ParticipantFactory(project=project, returnee=returnee)
    # Table 3.5 and matching are for projects that integrate returnees into existing ones.
    existing_project = ProjectFactory(
        organization=organization,
        created_by=case_manager,
        communities=[community],
        approach=Approach.INTEGRATE_EXISTING,
    )
    appraisal = project_appraise(
        actor=programme_manager, project=project, assessed_on=TODAY, answers={}
    )

    financial_group = FinancialGroupFactory(
        organization=organization,
        community=community,
        cycle_start=TODAY - datetime.timedelta(days=30),
        cycle_end=TODAY + datetime.timedelta(days=300),
    )
    member = NonMigrantMemberFactory(group=financial_group)
    entry = contribution_record(
        actor=case_manager,
        group=financial_group,
        member=member,
        date=TODAY,
        amount=Decimal("1000"),
    )

    mentor = MentorFactory(organization=organization, community=community, trained=True)
    training = MentorTrainingFactory(mentor=mentor)
    supervision_record(
        actor=case_manager, organization=organization, date=TODAY, mentors=[mentor], issues="x"
    )
    mentorship = MentorshipFactory(mentor=mentor, returnee=returnee)
    return World(
        organization=organization,
        community=community,
        returnee=returnee,
        peer_returnee=peer_returnee,
        referral=referral,
        group_referral=group_referral,
        service=ServiceFactory(community=community),
        partner_service=partner_service,
        stakeholder=StakeholderFactory(community=community),
        opportunity=LivelihoodOpportunityFactory(community=community),
        profile=profile,
        profile_submission=profile_submission,
        assessment=assessment,
        submission=submission,
        score=score,
        project=project,
        existing_project=existing_project,
        participant=participant,
        appraisal=appraisal,
        financial_group=financial_group,
        member=member,
        entry=entry,
        mentor=mentor,
        training=training,
        mentorship=mentorship,
        peer_group=peer_group,
        network_group=NetworkGroupFactory(community=community),
        event=CommunityEventFactory(organization=organization, community=community),
    )
