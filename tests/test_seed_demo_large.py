"""``seed_demo --size large`` at a thousandth of its size (the hidden ``--scale``): exact row
counts per model, every kind of row present, a sample of each model passing ``full_clean()``,
realistic referral histories, a second run that adds nothing, and the same rows from the
same seed. PostgreSQL only: the large dataset is loaded with COPY."""

import hashlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction

from accounts.demo_large import COUNTRIES, lead_name
from accounts.models import Organization, User
from assessments.models import CommunityScore
from communities.models import (
    Community,
    CommunityProfile,
    LivelihoodOpportunity,
    ProfileEntry,
    Service,
    Stakeholder,
)
from config.encryption import PREFIX, decrypt
from peer_support.models import (
    CommunityEvent,
    Mentor,
    Mentorship,
    MentorTraining,
    PeerGroup,
    PeerGroupAttendance,
    PeerGroupMeeting,
    PeerGroupMember,
)
from projects.models import (
    FinancialGroup,
    GroupMember,
    LedgerEntry,
    LoanGuarantor,
    Participant,
    Project,
)
from reintegration.models import (
    Consent,
    CounsellingSession,
    HouseholdMember,
    Referral,
    ReferralStatusChange,
    Returnee,
    ReturneeInterest,
    ReturneeNeed,
    ReturneeSkill,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY needs PostgreSQL"),
]

SCALE = 0.001
SEED = 7
MODELS = [
    Organization, User, Community, CommunityProfile, ProfileEntry, Stakeholder, Service,
    LivelihoodOpportunity, Returnee, HouseholdMember, ReturneeSkill, ReturneeInterest,
    ReturneeNeed, Consent, CounsellingSession, Referral, ReferralStatusChange, Project,
    Participant, FinancialGroup, GroupMember, LedgerEntry, LoanGuarantor, Mentor,
    MentorTraining, Mentorship, PeerGroup, PeerGroupMember, PeerGroupMeeting,
    PeerGroupAttendance, CommunityEvent, CommunityScore,
]  # fmt: skip
# What the large seeder adds at SCALE with SEED: the scaled targets (2 communities, 200
# returnees, 400 referrals, 5 projects, 2 peer groups...) and what the seed draws around them.
EXPECTED = {
    "accounts.Organization": 18,
    "accounts.User": 30,
    "communities.Community": 2,
    "communities.CommunityProfile": 4,
    "communities.ProfileEntry": 80,
    "communities.Stakeholder": 10,
    "communities.Service": 10,
    "communities.LivelihoodOpportunity": 6,
    "reintegration.Returnee": 200,
    "reintegration.HouseholdMember": 415,
    "reintegration.ReturneeSkill": 164,
    "reintegration.ReturneeInterest": 200,
    "reintegration.ReturneeNeed": 410,
    "reintegration.Consent": 189,
    "reintegration.CounsellingSession": 212,
    "reintegration.Referral": 400,
    "reintegration.ReferralStatusChange": 1143,
    "projects.Project": 5,
    "projects.Participant": 53,
    "projects.FinancialGroup": 1,
    "projects.GroupMember": 15,
    "projects.LedgerEntry": 187,
    "projects.LoanGuarantor": 10,
    "peer_support.Mentor": 4,
    "peer_support.MentorTraining": 7,
    "peer_support.Mentorship": 9,
    "peer_support.PeerGroup": 2,
    "peer_support.PeerGroupMember": 24,
    "peer_support.PeerGroupMeeting": 5,
    "peer_support.PeerGroupAttendance": 41,
    "peer_support.CommunityEvent": 6,
    "assessments.CommunityScore": 2,
}


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in MODELS}


def every_count() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def seed_large() -> str:
    out = io.StringIO()
    call_command("seed_demo", size="large", scale=SCALE, seed=SEED, stdout=out)
    return out.getvalue()


def checksum() -> str:
    """A digest of natural keys (ids depend on the sequences, which a rollback keeps)."""
    digest = hashlib.sha256()
    queries = [
        Returnee.objects.filter(community__pcode__regex=r"^[A-Z]{2}[0-9]{7}$").values_list(
            "reference", "name_normalized", "sex", "date_of_birth", "return_date",
            "community__pcode", "status", "phone",
        ).order_by("reference"),
        Referral.objects.filter(returnee__community__pcode__regex=r"^[A-Z]{2}[0-9]{7}$")
        .values_list("returnee__reference", "target_label", "status", "created_at",
                     "follow_up_date")
        .order_by("returnee__reference", "created_at", "target_label", "status"),
        Project.objects.filter(iati_activity_id__startswith="LRG-").values_list(
            "iati_activity_id", "name", "status", "budget", "current_step"
        ).order_by("iati_activity_id"),
        LedgerEntry.objects.filter(group__community__pcode__regex=r"^[A-Z]{2}[0-9]{7}$")
        .values_list("group__name", "sequence", "kind", "date", "amount", "interest")
        .order_by("group__name", "sequence"),
        PeerGroup.objects.filter(community__pcode__regex=r"^[A-Z]{2}[0-9]{7}$")
        .values_list("name", "started_on", "composition").order_by("name"),
    ]  # fmt: skip
    for query in queries:
        for row in query:
            digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.fixture
def small_seed():
    call_command("seed_demo", stdout=io.StringIO())


def test_large_seed_counts_validity_and_second_run(small_seed):
    before = counts()
    out = seed_large()
    added = {label: n - before[label] for label, n in counts().items()}
    assert added == EXPECTED
    assert all(added.values()), "every kind of row is present"
    assert "returnees" in out and "Large dataset:" in out

    # A sample of each model the seeders write passes the model's own validation. Scores are
    # the scoring service's own rows (and an empty ``unmet`` list fails blank=False).
    for model in MODELS:
        if model is CommunityScore:
            continue
        for obj in model.objects.order_by("-pk")[:5]:
            obj.full_clean()

    # Every country has its lead organization, referrals and histories follow DESIGN.md.
    assert Organization.objects.filter(name__in=[lead_name(c) for c in COUNTRIES]).count() == 6
    for referral in Referral.objects.filter(returnee__organization__name__startswith="Reint"):
        path = list(
            referral.history.order_by("changed_at", "id").values_list("from_status", "to_status")
        )
        assert path[0] == ("", "proposed")
        assert path[-1][1] == referral.status
        for from_status, to_status in path[1:]:
            assert to_status in Referral.TRANSITIONS[from_status]
        partner = referral.target_organization_id
        if partner and partner != referral.returnee.organization_id:
            assert referral.returnee.consent.shared_with.filter(pk=partner).exists()
    assert set(Referral.objects.values_list("status", flat=True)) == set(Referral.Status.values)
    # Sensitive fields filled by the seeder are ciphertext that decrypts.
    with connection.cursor() as cursor:  # the stored value, not the field's decrypted one
        cursor.execute(
            "SELECT protection_concern FROM reintegration_returnee WHERE protection_concern <> ''"
        )
        stored = [value for (value,) in cursor.fetchall()]
    assert len(stored) == Returnee.objects.exclude(protection_concern="").count() > 0
    for value in stored:
        assert value.startswith(PREFIX)
        assert decrypt(value) == "Reported exploitation in transit (demo)."
    # References follow RET-YYYY-NNNNNN and are unique (the database refuses duplicates).
    assert Returnee.objects.filter(reference__regex=r"^RET-[0-9]{4}-[0-9]{6}$").count() == (
        Returnee.objects.count()
    )

    after = every_count()
    out = seed_large()
    assert "Large dataset already present: skipped" in out
    assert every_count() == after


def test_large_seed_is_deterministic(small_seed):
    digests = []
    for _ in range(2):
        with transaction.atomic():
            seed_large()
            digests.append((checksum(), counts()))
            transaction.set_rollback(True)
    assert digests[0] == digests[1]
    assert digests[0][1]["reintegration.Returnee"] > 200
