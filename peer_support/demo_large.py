"""The large demo dataset's peer support (``seed_demo --size large``), handbook 3.5.2 and
3.5.3: 4,000 mentors (returnees and community members) with their initial training and yearly
refreshers, 2,000 peer-support groups with members of the right composition, their initial
meetings and attendance, 6,000 community events, and referrals to groups (24,000) and mentors
(12,000); an accepted referral enrols the returnee (a group membership or a mentorship)."""

import datetime
import random

from django.contrib.contenttypes.models import ContentType

from accounts.bulk import copy_rows, reserve_ids, scaled
from accounts.demo_large import COUNTRIES, lead_name, staff
from accounts.models import Organization
from communities.demo_large import large_communities
from peer_support import rules
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
from reintegration.demo_referrals import referral_pool, write_referrals
from reintegration.models import Returnee

MENTORS = 4_000
GROUPS = 2_000
EVENTS = 6_000
GROUP_REFERRALS = 24_000
MENTOR_REFERRALS = 12_000
FACILITATORS = [
    "Mme Camara (psychologist)",
    "M. Diop (social worker)",
    "Dr Okafor",
    "Mme Traoré (counsellor)",
]
COMMUNITY_NAMES = [
    "Hawa Sylla",
    "Boubacar Bah",
    "Ngozi Eze",
    "Fatou Ceesay",
    "Issa Maïga",
    "Aïcha Hamani",
    "Lamine Fall",
    "Ramatou Sow",
]
EVENT_KINDS = list(CommunityEvent.Kind.values)
BACKGROUNDS = [b for b in Mentor.Background.values if b != "other"]


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(11), tzinfo=datetime.UTC)


def _mentors(rng, count, communities, people, leads, today):
    """Mentor rows and their trainings; the training fields follow peer_support.rules."""
    first = reserve_ids(Mentor, count)
    mentors, trainings, taken = [], [], set()
    for n in range(count):
        pk = first + n
        community, country, _place = rng.choice(communities)
        candidates = [p for p in people.get(community, []) if p[0] not in taken]
        returnee = rng.choice(candidates) if candidates and rng.random() < 0.6 else None
        sessions = []
        if rng.random() < 0.85:
            day = today - datetime.timedelta(days=rng.randint(20, 3 * 365))
            sessions.append(
                rules.TrainingSession("initial", day, rng.randint(2, 3), rules.ALL_TOPICS)
            )
            while (
                day := rules.add_months(day, 12) + datetime.timedelta(days=rng.randint(-20, 40))
            ) <= today:
                if rng.random() < 0.7:
                    sessions.append(
                        rules.TrainingSession(
                            "refresher",
                            day,
                            1,
                            frozenset(rng.sample(sorted(rules.ALL_TOPICS), k=3)),
                        )
                    )
        elif rng.random() < 0.5:  # started the training, not finished it
            day = today - datetime.timedelta(days=rng.randint(5, 200))
            sessions.append(
                rules.TrainingSession("initial", day, 1, frozenset(sorted(rules.ALL_TOPICS)[:4]))
            )
        progress = rules.training_progress(sessions)
        if returnee:
            taken.add(returnee[0])
        mentors.append(
            (
                pk,
                leads[country],
                "returnee" if returnee else "community_member",
                returnee[0] if returnee else None,
                "" if returnee else rng.choice(COMMUNITY_NAMES),
                returnee[1] if returnee else rng.choice(["female", "male"]),
                community,
                "",
                [],
                rng.choice(BACKGROUNDS),
                "",
                rng.choice(["Weekends", "Evenings", "Market days"]),
                rng.randint(1, 5),
                rng.random() < 0.9,
                "",
                progress.trained_on,
                progress.last_training_on,
                progress.refresher_due_on,
                _at(sessions[0].date if sessions else today),
                _at(sessions[0].date if sessions else today),
            )
        )
        trainings += [
            (
                pk,
                s.kind,
                s.date,
                s.days,
                sorted(s.topics),
                "Demo trainer",
                "",
                _at(s.date),
                _at(s.date),
            )
            for s in sessions
        ]
    return mentors, trainings


def seed_peer_support_large(*, seed: int, scale: float, today: datetime.date, progress, **kwargs):
    rng = random.Random(seed * 1_000 + 7)  # noqa: S311 -- deterministic demo data
    communities = list(large_communities().order_by("pk").values_list("pk", "country", "name"))
    people: dict[int, list] = {}
    for pk, community, sex in (
        Returnee.objects.filter(community_id__in=[c[0] for c in communities])
        .order_by("pk")
        .values_list("pk", "community_id", "sex")
    ):
        people.setdefault(community, []).append((pk, sex))
    leads = {c: Organization.objects.get(name=lead_name(c)).pk for c in COUNTRIES}
    recorders = {c: staff(c)["cm"][0] for c in COUNTRIES}
    mentors, trainings = _mentors(rng, scaled(MENTORS, scale), communities, people, leads, today)
    copy_rows(
        Mentor,
        (
            "id organization kind returnee name sex community phone languages background "
            "background_notes availability capacity is_active notes trained_on last_training_on "
            "refresher_due_on created_at updated_at"
        ),
        mentors,
    )
    progress.done("mentors", len(mentors))
    progress.done(
        "mentor trainings",
        copy_rows(
            MentorTraining,
            "mentor kind date days topics trainer notes created_at updated_at",
            trainings,
        ),
    )

    count = scaled(GROUPS, scale)
    first = reserve_ids(PeerGroup, count)
    groups, members, meetings, attendance = [], [], [], []
    info = {}
    for n in range(count):
        pk = first + n
        community, country, place = rng.choice(communities)
        composition = rng.choices(["mixed", "men", "women"], weights=[5, 3, 2])[0]
        excluded = rules.EXCLUDED_SEX.get(composition)
        eligible = [p for p in people.get(community, []) if p[1] != excluded]
        started = today - datetime.timedelta(days=rng.randint(0, 3 * 365))
        facilitator = rng.choices(
            ["professional", "trained_returnee", "community_facilitator"], weights=[5, 3, 2]
        )[0]
        if facilitator == "trained_returnee" and not eligible:
            facilitator = "professional"
        trained = started - datetime.timedelta(days=rng.randint(10, 200))
        returnee = rng.choice(eligible)[0] if facilitator == "trained_returnee" else None
        name = {
            "professional": rng.choice(FACILITATORS),
            "trained_returnee": "",
            "community_facilitator": rng.choice(COMMUNITY_NAMES),
        }[facilitator]
        planned = rng.randint(rules.MIN_INITIAL_MEETINGS, rules.MAX_INITIAL_MEETINGS)
        extended = rules.add_months(started, rng.randint(6, 12)) if rng.random() < 0.3 else None
        closed = None
        if (today - started).days > 400 and rng.random() < 0.6:
            closed = min(today, started + datetime.timedelta(days=rng.randint(60, 365)))
        groups.append(
            (
                pk,
                leads[country],
                community,
                f"Peer group {place} {n + 1:04d}",
                "caregivers" if rng.random() < 0.15 else "returnees",
                composition,
                facilitator,
                name,
                returnee,
                None if facilitator == "professional" else trained,
                started,
                planned,
                extended,
                started - datetime.timedelta(days=14),
                "Chief and elders of the quartier",
                started - datetime.timedelta(days=7),
                closed,
                "",
                recorders[country],
                _at(started),
                _at(started),
            )
        )
        info[pk] = (
            community,
            f"Peer group {place} {n + 1:04d} (peer-support group)",
            started,
            set(),
            excluded,
        )
        chosen = rng.sample(
            eligible,
            k=min(
                len(eligible),
                rng.randint(rules.IDEAL_MIN_PARTICIPANTS, rules.IDEAL_MAX_PARTICIPANTS),
            ),
        )
        for returnee_id, _sex in chosen:
            info[pk][3].add(returnee_id)
            members.append([pk, returnee_id, started, None, "", None, recorders[country]])
        for number in range(1, planned + 1):
            day = started + datetime.timedelta(days=7 * (number - 1))
            if day > today or (closed and day > closed):
                break
            meetings.append(
                (
                    pk,
                    "initial",
                    number,
                    day,
                    rules.MEETING_MINUTES,
                    "Sharing experiences of return (demo).",
                    recorders[country],
                )
            )
    copy_rows(
        PeerGroup,
        (
            "id organization community name focus composition facilitator_kind facilitator_name "
            "facilitator_returnee facilitator_trained_on started_on planned_initial_meetings "
            "extended_until leaders_informed_on leaders_approved_by leaders_approved_on closed_on "
            "notes created_by created_at updated_at"
        ),
        groups,
    )
    progress.done("peer groups", count)

    # Referrals to groups (the accepted enrolled as members) and to mentors (mentorships).
    pool = referral_pool([c[0] for c in communities], today)
    by_community: dict[int, list] = {}
    for person in pool:
        by_community.setdefault(person.community_id, []).append(person)
    sex_of = {pk: sex for group in people.values() for pk, sex in group}
    admissible = {  # a single-sex group is referred only people it admits
        pk: [p for p in by_community.get(value[0], []) if sex_of[p.pk] != value[4]]
        for pk, value in info.items()
    }
    candidates = [pk for pk, persons in admissible.items() if persons]
    specs = []
    for _ in range(scaled(GROUP_REFERRALS, scale) if candidates else 0):
        group = rng.choice(candidates)
        _community, label, started, _members, _excluded = info[group]
        person = rng.choice(admissible[group])
        specs.append(
            (
                person,
                group,
                label,
                person.organization_id,
                None,
                "Peer support after return (demo).",
                started,
            )
        )
    written = write_referrals(
        rng,
        specs,
        content_type_id=ContentType.objects.get_for_model(PeerGroup).pk,
        today=today,
        progress=progress,
        label="referrals to peer groups",
    )
    for referral in written:
        group_members = info[referral.target_id][3]
        if referral.accepted_on and referral.returnee_id not in group_members:
            group_members.add(referral.returnee_id)
            members.append(
                [
                    referral.target_id,
                    referral.returnee_id,
                    referral.accepted_on,
                    None,
                    "Joined on referral after the first meetings (demo).",
                    referral.pk,
                    None,
                ]
            )
    member_first = reserve_ids(PeerGroupMember, len(members))
    member_ids = {}
    for k, row in enumerate(members):
        member_ids.setdefault(row[0], []).append((member_first + k, row[2]))
    copy_rows(
        PeerGroupMember,
        (
            "id group returnee joined_on left_on late_join_reason referral added_by created_at "
            "updated_at"
        ),
        ((member_first + k, *row, _at(row[2]), _at(row[2])) for k, row in enumerate(members)),
    )
    progress.done("peer group members", len(members))
    meeting_first = reserve_ids(PeerGroupMeeting, len(meetings))
    for k, meeting in enumerate(meetings):
        for member_id, joined in member_ids.get(meeting[0], []):
            if joined <= meeting[3] and rng.random() < 0.8:
                attendance.append((meeting_first + k, member_id))
    copy_rows(
        PeerGroupMeeting,
        "id group kind number date duration_minutes topics recorded_by created_at updated_at",
        ((meeting_first + k, *m, _at(m[3]), _at(m[3])) for k, m in enumerate(meetings)),
    )
    progress.done("peer group meetings", len(meetings))
    progress.done(
        "peer group attendance", copy_rows(PeerGroupAttendance, ["meeting", "member"], attendance)
    )

    mentor_specs = []
    by_mentor_community: dict[int, list] = {}
    for m in mentors:
        if m[13]:  # active mentors receive referrals
            by_mentor_community.setdefault(m[6], []).append(m)
    mentor_communities = [c for c in by_mentor_community if by_community.get(c)]
    names = {
        pk: f"{first} {last}"
        for pk, first, last in Returnee.objects.filter(
            pk__in=[m[3] for m in mentors if m[3]]
        ).values_list("pk", "first_name", "last_name")
    }
    for _ in range(scaled(MENTOR_REFERRALS, scale) if mentor_communities else 0):
        community = rng.choice(mentor_communities)
        mentor = rng.choice(by_mentor_community[community])
        person = rng.choice(by_community[community])
        label = f"Mentor {mentor[4] or names[mentor[3]]}"
        mentor_specs.append(
            (
                person,
                mentor[0],
                label,
                person.organization_id,
                None,
                "A mentor for the first months (demo).",
                None,
            )
        )
    written = write_referrals(
        rng,
        mentor_specs,
        content_type_id=ContentType.objects.get_for_model(Mentor).pk,
        today=today,
        progress=progress,
        label="referrals to mentors",
    )
    mentorships, active = [], set()
    for referral in sorted(written, key=lambda r: (r.accepted_on or today, r.pk)):
        if not referral.accepted_on:
            continue
        planned_end = rules.add_months(referral.accepted_on, rules.DEFAULT_CYCLE_MONTHS)
        status, ended, reason = "active", None, ""
        if referral.status == "completed" or planned_end < today:
            status, ended = "completed", min(today, planned_end)
        elif referral.status == "dropped":
            status, ended, reason = (
                "ended_early",
                min(today, referral.accepted_on + datetime.timedelta(days=30)),
                "Moved away.",
            )
        if status == "active":
            if referral.returnee_id in active:
                continue
            active.add(referral.returnee_id)
        mentorships.append(
            (
                referral.target_id,
                referral.returnee_id,
                referral.pk,
                referral.accepted_on,
                planned_end,
                ended,
                reason,
                status,
                "",
                None,
                _at(referral.accepted_on),
                _at(referral.accepted_on),
            )
        )
    progress.done(
        "mentorships",
        copy_rows(
            Mentorship,
            (
                "mentor returnee referral started_on planned_end_on ended_on end_reason status "
                "mentor_sex_preference created_by created_at updated_at"
            ),
            mentorships,
        ),
    )

    events = []
    for _ in range(scaled(EVENTS, scale)):
        community, country, place = rng.choice(communities)
        kind = rng.choice(EVENT_KINDS)
        day = today - datetime.timedelta(days=rng.randint(0, 3 * 365))
        counts = (
            [0] * 5
            if kind == "radio"
            else [
                rng.randint(1, 30),
                rng.randint(0, 20),
                rng.randint(0, 60),
                rng.randint(0, 6),
                rng.randint(0, 3),
            ]
        )
        events.append(
            (
                leads[country],
                community,
                kind,
                f"{CommunityEvent.Kind(kind).label} in {place}",
                day,
                f"{place} youth centre",
                "",
                None,
                *counts,
                "",
                recorders[country],
                _at(day),
                _at(day),
            )
        )
    progress.done(
        "community events",
        copy_rows(
            CommunityEvent,
            (
                "organization community kind title date place facilitator network_group "
                "returnees_count family_members_count community_members_count "
                "opinion_leaders_count local_authorities_count notes recorded_by created_at "
                "updated_at"
            ),
            events,
        ),
    )
    return [
        f"Large dataset: {len(mentors):,} mentors, {count:,} peer groups, {len(events):,} events."
    ]
