"""Projects, financial support groups and peer support of the hand-built programme
(``data.build`` adds them), every figure counted by hand in ``test_project_sections.py``.

Projects (lead organization unless said; participants active unless they left):

- P1 "Kaloum tailoring" (Kaloum): Table 3.3 collective returnees, collective income, Table
  3.4 step 3, active; r1 (woman), r2 (man), Aissatou (F); r4 left.
- P2 "Kaloum market garden" (Kaloum and Nowhere): new community project, local
  development, proposed; Mamadou (M), Fatou (F), Ibrahima (M).
- P3 "Pikine bakery" (Pikine): collective returnees, collective income, lifecycle completed,
  completed; r6 (man).
- PO the other organization's (Kaloum): integrate existing, social services; o1.

Financial support groups (GNF and XOF are never added together):

- G1 Kaloum collective savings, GNF, running: r1, r3, Kadiatou active, Binta left;
  contributions 100000 + 50000 + 50000; loan 80000 to Kadiatou, repaid 30000 + 2000 interest.
- G2 Kankan group microcredit, XOF, running: Moussa; contribution 5000.50; loan 2000 due
  yesterday (overdue).
- G3 Pikine self-help, XOF, shared out: Awa; contribution 1000.
- GO the other organization's, Kaloum, GNF, running: Sekou; contribution 999.

Peer support: a trained mentor in Kaloum mentors r1 (active) and mentored r3 (completed);
peer-support group "Kaloum circle" (Kaloum) holds r1 and r2; network group "Kaloum theatre"
(Kaloum) holds r4. Events: E1 Kaloum 5 days ago (returnees 4, family 3, community 10, opinion
leaders 2, local authorities 1), E2 Pikine radio 40 days ago (community 6), E3 Kaloum 400
days ago (returnees 1, outside the period), EO the other organization's in Kaloum
(returnees 9).
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from communities.models import Sector
from peer_support.models import CommunityEvent, Mentorship
from peer_support.tests.factories import (
    MentorFactory,
    NetworkGroupFactory,
    PeerGroupFactory,
    PeerGroupMemberFactory,
)
from projects.models import Approach, Kind, LedgerEntry, Participant, Project, ProposedBy
from projects.models.finance import FinancialGroup, GroupMember
from reintegration.models import Returnee


def _project(name, communities, organization, by, **fields):
    project = Project.objects.create(
        name=name,
        organization=organization,
        created_by=by,
        proposed_by=ProposedBy.COMMUNITY,
        **fields,
    )
    project.communities.set(communities)
    return project


def _participant(project, who, joined, **fields):
    if isinstance(who, Returnee):
        return Participant.objects.create(project=project, returnee=who, joined_on=joined, **fields)
    name, sex = who
    return Participant.objects.create(
        project=project, name=name, sex=sex, joined_on=joined, **fields
    )


def _group(name, community, organization, kind, currency, **fields):
    today = datetime.date.today()
    return FinancialGroup.objects.create(
        name=name,
        community=community,
        organization=organization,
        kind=kind,
        currency=currency,
        cycle_start=today - datetime.timedelta(days=90),
        cycle_end=today + datetime.timedelta(days=270),
        **fields,
    )


def _member(group, who, **fields):
    joined = group.cycle_start
    if isinstance(who, Returnee):
        return GroupMember.objects.create(group=group, returnee=who, joined_on=joined, **fields)
    return GroupMember.objects.create(
        group=group, name=who, sex="female", age_band="25-34", joined_on=joined, **fields
    )


class _Ledger:
    def __init__(self, group, by):
        self.group, self.by, self.sequence = group, by, 0

    def entry(self, kind, member, amount, **fields):
        self.sequence += 1
        return LedgerEntry.objects.create(
            group=self.group,
            sequence=self.sequence,
            kind=kind,
            date=fields.pop("date", self.group.cycle_start + datetime.timedelta(days=1)),
            member=member,
            amount=Decimal(amount),
            recorded_by=self.by,
            **fields,
        )


def add(programme, *, case_manager, outsider) -> SimpleNamespace:
    today = programme.today
    r = programme.returnees
    kaloum, kankan, pikine, nowhere = (
        programme.kaloum,
        programme.kankan,
        programme.pikine,
        programme.nowhere,
    )
    lead, other = case_manager.organization, outsider.organization
    joined = today - datetime.timedelta(days=30)
    tailoring = Sector.objects.get(code="C-TAILORING")

    p1 = _project(
        "Kaloum tailoring",
        [kaloum],
        lead,
        case_manager,
        approach=Approach.COLLECTIVE_RETURNEES,
        kind=Kind.COLLECTIVE_INCOME,
        sector=tailoring,
        current_step=3,
        status=Project.Status.ACTIVE,
    )
    for who in (r["r1"], r["r2"], ("Aissatou", "female")):
        _participant(p1, who, joined)
    _participant(p1, r["r4"], joined, left_on=today - datetime.timedelta(days=2))
    p2 = _project(
        "Kaloum market garden",
        [kaloum, nowhere],
        lead,
        case_manager,
        approach=Approach.NEW_COMMUNITY_PROJECT,
        kind=Kind.LOCAL_DEVELOPMENT,
    )
    for who in (("Mamadou", "male"), ("Fatou", "female"), ("Ibrahima", "male")):
        _participant(p2, who, joined)
    p3 = _project(
        "Pikine bakery",
        [pikine],
        lead,
        case_manager,
        approach=Approach.COLLECTIVE_RETURNEES,
        kind=Kind.COLLECTIVE_INCOME,
        sector=tailoring,
        current_step=8,
        lifecycle_completed_on=today - datetime.timedelta(days=10),
        status=Project.Status.COMPLETED,
    )
    _participant(p3, r["r6"], joined)
    po = _project(
        "Other NGO clinic",
        [kaloum],
        other,
        outsider,
        approach=Approach.INTEGRATE_EXISTING,
        kind=Kind.SOCIAL_SERVICES,
        run_by_name="Red Cross",
    )
    _participant(po, r["o1"], joined)

    g1 = _group("Kaloum savings", kaloum, lead, FinancialGroup.Kind.COLLECTIVE_SAVINGS, "GNF")
    m_r1, m_r3, kadiatou = (_member(g1, w) for w in (r["r1"], r["r3"], "Kadiatou"))
    _member(g1, "Binta", left_on=g1.cycle_start + datetime.timedelta(days=5))
    books = _Ledger(g1, case_manager)
    books.entry(LedgerEntry.Kind.CONTRIBUTION, m_r1, "100000")
    books.entry(LedgerEntry.Kind.CONTRIBUTION, kadiatou, "50000")
    books.entry(LedgerEntry.Kind.CONTRIBUTION, m_r3, "50000")
    loan = books.entry(
        LedgerEntry.Kind.LOAN,
        kadiatou,
        "80000",
        due_date=today + datetime.timedelta(days=60),
        purpose="Sewing machine",
    )
    books.entry(LedgerEntry.Kind.REPAYMENT, kadiatou, "30000", interest=Decimal(2000), loan=loan)
    g2 = _group("Kankan microcredit", kankan, lead, FinancialGroup.Kind.GROUP_MICROCREDIT, "XOF")
    moussa = _member(g2, "Moussa")
    books = _Ledger(g2, case_manager)
    books.entry(LedgerEntry.Kind.CONTRIBUTION, moussa, "5000.50")
    books.entry(
        LedgerEntry.Kind.LOAN,
        moussa,
        "2000",
        date=today - datetime.timedelta(days=20),
        due_date=today - datetime.timedelta(days=1),
        purpose="Seeds",
    )
    g3 = _group(
        "Pikine self-help",
        pikine,
        lead,
        FinancialGroup.Kind.SELF_HELP,
        "XOF",
        status=FinancialGroup.Status.SHARED_OUT,
    )
    _Ledger(g3, case_manager).entry(LedgerEntry.Kind.CONTRIBUTION, _member(g3, "Awa"), "1000")
    go = _group("Other savings", kaloum, other, FinancialGroup.Kind.COLLECTIVE_SAVINGS, "GNF")
    _Ledger(go, outsider).entry(LedgerEntry.Kind.CONTRIBUTION, _member(go, "Sekou"), "999")

    mentor = MentorFactory(organization=lead, community=kaloum, trained=True)
    Mentorship.objects.create(
        mentor=mentor,
        returnee=r["r1"],
        started_on=today - datetime.timedelta(days=10),
        planned_end_on=today + datetime.timedelta(days=170),
    )
    Mentorship.objects.create(
        mentor=mentor,
        returnee=r["r3"],
        started_on=today - datetime.timedelta(days=300),
        planned_end_on=today - datetime.timedelta(days=120),
        ended_on=today - datetime.timedelta(days=120),
        status=Mentorship.Status.COMPLETED,
    )
    circle = PeerGroupFactory(organization=lead, community=kaloum, name="Kaloum circle")
    for who in (r["r1"], r["r2"]):
        PeerGroupMemberFactory(group=circle, returnee=who)
    theatre = NetworkGroupFactory(community=kaloum, name="Kaloum theatre")
    theatre.members.create(returnee=r["r4"], joined_on=today - datetime.timedelta(days=3))

    def event(community, organization, days, **counts):
        return CommunityEvent.objects.create(
            organization=organization,
            community=community,
            kind=counts.pop("kind", CommunityEvent.Kind.FOCUS_GROUP),
            title=f"Event {days}",
            date=today - datetime.timedelta(days=days),
            place="Youth centre",
            **counts,
        )

    e1 = event(
        kaloum,
        lead,
        5,
        returnees_count=4,
        family_members_count=3,
        community_members_count=10,
        opinion_leaders_count=2,
        local_authorities_count=1,
    )
    event(pikine, lead, 40, kind=CommunityEvent.Kind.RADIO, community_members_count=6)
    event(kaloum, lead, 400, returnees_count=1)
    event(kaloum, other, 2, returnees_count=9)
    return SimpleNamespace(
        projects={"p1": p1, "p2": p2, "p3": p3, "po": po},
        groups={"g1": g1, "g2": g2, "g3": g3, "go": go},
        peer_group=circle,
        network_group=theatre,
        events={"e1": e1},
    )
