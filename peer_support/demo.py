"""Invented demo peer support (no real people) for ``seed_demo``: mentors with their
training and supervision, mentorships, peer-support groups with meetings and attendance,
network groups and community events in the first demo communities. Idempotent: it does
nothing when the demo organization already has mentors. Everything goes through the
services, so the demo obeys the handbook's rules like real data."""

import datetime
import random

from django.db import transaction

from accounts.models import Organization, User
from communities.models import Community
from peer_support import rules, services
from peer_support.models import Mentor, NetworkGroup
from reintegration.models import Returnee

COMMUNITIES = 3
NETWORK_GROUPS = [
    ("Troupe {name}", NetworkGroup.Kind.THEATRE, NetworkGroup.Formality.INFORMAL),
    ("{name} Football Club", NetworkGroup.Kind.SPORTS, NetworkGroup.Formality.FORMAL),
    ("Voices of {name} choir", NetworkGroup.Kind.MUSIC, NetworkGroup.Formality.INFORMAL),
    ("{name} storytellers", NetworkGroup.Kind.STORYTELLING, NetworkGroup.Formality.INFORMAL),
]
COMMUNITY_MENTORS = [
    ("Mariama Kaba", "female", "teacher"),
    ("Sékou Cissé", "male", "social_worker"),
]


def _consenting(community: Community, organization: Organization):
    return (
        Returnee.objects.filter(
            community=community,
            organization=organization,
            consent__withdrawn_on__isnull=True,
            consent__case_management=True,
        )
        .order_by("return_date", "pk")
        .select_related("community")
    )


@transaction.atomic
def seed_peer_support(**kwargs) -> list[str]:
    lead = Organization.objects.filter(name="Demo Reintegration Organization").first()
    actor = User.objects.filter(username="demo-case-manager").first()
    supervisor = User.objects.filter(username="demo-supervisor").first()
    if not (lead and actor and supervisor):
        return ["Peer support: skipped (demo users missing)."]
    if Mentor.objects.filter(organization=lead).exists():
        return [f"Peer support: already seeded ({lead.mentors.count()} mentors)."]
    rng = random.Random(5353)  # noqa: S311 -- deterministic demo data, not security
    today = datetime.date.today()
    communities = [
        c
        for c in Community.objects.order_by("pk")
        if _consenting(c, lead).filter(return_date__lt=today - datetime.timedelta(days=120))
    ][:COMMUNITIES]
    counts = {"mentors": 0, "mentorships": 0, "groups": 0, "networks": 0, "events": 0}
    mentors = []
    for index, community in enumerate(communities):
        returnees = list(_consenting(community, lead))
        veterans = [r for r in returnees if r.return_date < today - datetime.timedelta(days=120)]
        newcomers = [r for r in returnees if r not in veterans[:2]]
        # Mentors: two former returnees and a community member who has not migrated.
        for returnee in veterans[:2]:
            mentors.append(
                services.mentor_create(
                    actor=actor,
                    organization=lead,
                    kind=Mentor.Kind.RETURNEE,
                    returnee=returnee,
                    background=Mentor.Background.SUCCESSFUL_REINTEGRATION,
                    availability="Weekends",
                )
            )
        name, sex, background = COMMUNITY_MENTORS[index % len(COMMUNITY_MENTORS)]
        mentors.append(
            services.mentor_create(
                actor=actor,
                organization=lead,
                kind=Mentor.Kind.COMMUNITY_MEMBER,
                name=f"{name} ({community.name})",
                sex=sex,
                community=community,
                languages=["French"],
                background=background,
                availability="Weekday evenings",
            )
        )
        community_mentors = mentors[-3:]
        # Training: one mentor trained long ago (refresher overdue), one recently, one
        # still in training after a single day.
        for position, mentor in enumerate(community_mentors):
            start = today - datetime.timedelta(days=[420, 60, 20][position])
            services.training_record(
                actor=actor,
                mentor=mentor,
                kind="initial",
                date=start,
                days=2 if position < 2 else 1,
                topics=rules.TrainingTopic.values if position < 2 else ["activities", "listening"],
                trainer="Demo MHPSS officer",
            )
        # Mentorships for the most recent arrivals.
        for mentor, returnee in zip(community_mentors[:2], reversed(newcomers[-2:]), strict=False):
            services.mentorship_start(actor=actor, mentor=mentor, returnee=returnee)
            counts["mentorships"] += 1
        # A structured peer-support group, approved, with three initial meetings.
        started = today - datetime.timedelta(days=50)
        group = services.peer_group_create(
            actor=actor,
            organization=lead,
            community=community,
            name=f"{community.name} returnees' circle",
            composition="mixed",
            facilitator_kind="professional",
            facilitator_name="Demo psychologist",
            started_on=started,
            planned_initial_meetings=6,
            leaders_informed_on=started - datetime.timedelta(days=10),
        )
        services.peer_group_record_approval(
            actor=actor,
            group=group,
            informed_on=started - datetime.timedelta(days=10),
            approved_by="Chief and imam of the quarter (demo)",
            approved_on=started - datetime.timedelta(days=5),
        )
        members = [
            services.peer_group_member_add(actor=actor, group=group, returnee=r, joined_on=started)
            for r in [r for r in newcomers if r.return_date <= started][:9]
        ]
        for week in range(3):
            services.peer_group_meeting_record(
                actor=actor,
                group=group,
                date=started + datetime.timedelta(days=7 * week),
                topics="Sharing experiences of return (demo)",
                attendee_ids=[m.pk for m in members if rng.random() < 0.8],
            )
        counts["groups"] += 1
        # Network groups, most sensitised and accepting returnees.
        networks = []
        for position, (pattern, kind, formality) in enumerate(NETWORK_GROUPS):
            networks.append(
                services.network_group_create(
                    actor=actor,
                    community=community,
                    name=pattern.format(name=community.name),
                    kind=kind,
                    formality=formality,
                    contact_name="Group leader (demo)",
                    sensitised_on=None if position == 3 else today - datetime.timedelta(days=30),
                    accepts_returnees=None if position == 3 else True,
                )
            )
            counts["networks"] += 1
        # Community events, as in case study 12 and section 3.5.3.
        for kind, title, counts_by_category, group_index in [
            ("focus_group", "Family and community dialogue", (5, 6, 6, 2, 1), None),
            ("storytelling", "Stories of return", (8, 10, 25, 3, 1), 3),
            ("forum_theatre", "Forum theatre: coming home empty-handed", (6, 12, 60, 4, 2), 0),
            ("radio", "Radio programme on the dialogue", (1, 0, 0, 1, 0), None),
        ]:
            services.event_create(
                actor=actor,
                organization=lead,
                community=community,
                kind=kind,
                title=title,
                date=today - datetime.timedelta(days=rng.randint(5, 90)),
                place=f"{community.name} youth centre",
                facilitator="Demo facilitator",
                network_group=networks[group_index] if group_index is not None else None,
                **dict(
                    zip(
                        (
                            "returnees_count",
                            "family_members_count",
                            "community_members_count",
                            "opinion_leaders_count",
                            "local_authorities_count",
                        ),
                        counts_by_category,
                        strict=True,
                    )
                ),
            )
            counts["events"] += 1
    if mentors:
        services.supervision_record(
            actor=supervisor,
            organization=lead,
            date=today - datetime.timedelta(days=14),
            mentors=mentors,
            issues="Returnees ask mentors for money; some feel unable to end the relationship.",
            solutions="Role-play on managing expectations and on ending the relationship.",
        )
    counts["mentors"] = len(mentors)
    return [
        "Peer support: {mentors} mentors, {mentorships} mentorships, {groups} peer-support "
        "groups, {networks} network groups, {events} community events.".format(**counts)
    ]
