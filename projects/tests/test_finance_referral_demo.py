"""A financial group is a referral target: accepting the referral makes the returnee a
member. The demo seeder builds groups with books, and runs twice without change."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from accounts.models import AuditEvent, Role
from accounts.tests.factories import UserFactory
from communities.tests.factories import CommunityFactory
from projects.models.finance import FinancialGroup, GroupMember, LedgerEntry
from projects.selectors import finance as selectors
from projects.tests.factories_finance import FinancialGroupFactory, consenting_returnee
from reintegration import referral_targets
from reintegration import services as registry
from reintegration.models import Referral

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def open_group(partner_organization):
    """A group run by a partner organization, whose cycle runs through today."""
    return FinancialGroupFactory(
        organization=partner_organization,
        community=CommunityFactory(name="Kaloum", country="GIN"),
        cycle_start=TODAY - datetime.timedelta(days=30),
        cycle_end=TODAY + datetime.timedelta(days=300),
    )


def refer(case_manager, group, **consent):
    returnee = consenting_returnee(case_manager=case_manager, community=group.community, **consent)
    returnee.consent.shared_with.add(group.organization)
    return registry.referral_create(
        actor=case_manager, returnee=returnee, target=group, reason="Wants to save"
    )


def test_groups_are_offered_and_accepting_enrols_the_returnee(case_manager, partner, open_group):
    target = referral_targets.get(FinancialGroup)
    assert target.label == "Financial support group"
    elsewhere = FinancialGroupFactory(
        community=CommunityFactory(name="Abuja", country="NGA"),
        cycle_start=open_group.cycle_start,
        cycle_end=open_group.cycle_end,
    )
    assert list(target.choices_for(community=open_group.community)) == [open_group]
    assert elsewhere not in target.choices_for(community=open_group.community)

    referral = refer(case_manager, open_group)
    assert referral.target_organization == open_group.organization
    registry.referral_transition(actor=partner, referral=referral, to_status="accepted")
    member = GroupMember.objects.get(group=open_group)
    assert (member.returnee, member.joined_on, member.left_on) == (referral.returnee, TODAY, None)
    assert AuditEvent.objects.filter(
        content_type__model="groupmember", object_id=str(member.pk), action="create"
    ).exists()
    # The group's organization sees the member by reference only (the returnee's record is
    # the referring organization's); the referring organization sees the name.
    group_staff = UserFactory(organization=open_group.organization, roles=[Role.CASE_MANAGER])
    reference = referral.returnee.reference
    assert [r.label for r in selectors.member_rows(group=open_group, user=group_staff)] == [
        reference
    ]
    assert selectors.member_rows(group=open_group, user=case_manager)[0].label.startswith(
        f"{reference} Aminata Diallo"
    )


def test_accepting_is_refused_without_consent_to_group_activities(
    case_manager, partner, open_group
):
    referral = refer(case_manager, open_group, group_contact=False)
    with pytest.raises(ValidationError, match="contact for group activities"):
        registry.referral_transition(actor=partner, referral=referral, to_status="accepted")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PROPOSED
    assert not GroupMember.objects.exists()


def test_demo_groups_have_books_and_seeding_is_idempotent(capsys):
    call_command("seed_demo")
    groups = FinancialGroup.objects.order_by("name")
    assert [g.name for g in groups] == [
        "Benin City self-help group",
        "Kaloum savings and loans group",
    ]
    kaloum = groups.get(name="Kaloum savings and loans group")
    assert kaloum.members.filter(returnee__isnull=True).count() == 4
    assert kaloum.members.filter(returnee__isnull=False).count() == 8
    loans = selectors.loan_balances(group=kaloum)
    assert [(b.outstanding, b.is_overdue) for b in loans] == [
        (loans[0].principal - loans[0].repaid, False),
        (loans[1].principal, True),
    ]
    assert LedgerEntry.objects.filter(group=kaloum, kind="correction").count() == 1
    counts = (FinancialGroup.objects.count(), LedgerEntry.objects.count())
    call_command("seed_demo")
    assert "Financial groups: already seeded (2)." in capsys.readouterr().out
    assert (FinancialGroup.objects.count(), LedgerEntry.objects.count()) == counts
