"""What peer support holds about one returnee, for the registry's subject access and erasure
(``reintegration.personal_data``, registered from ``PeerSupportConfig.ready``).

- mentor profile (a returnee mentor, handbook 3.5.2): kind, community, sex and background
  kept, so mentor figures still count; the phone, languages (copied from the registry),
  background notes, availability and notes erased, and the mentor deactivated (an erased
  case is closed, and nobody can contact a mentor without a phone).
- mentorships where the returnee is the mentee: dates, status and mentor kept; the end
  reason and the meetings' notes erased. Where the returnee is the mentor, the meetings'
  notes are about the mentee and stay with the mentee's record.
- peer-group and network-group memberships: kept (they hold no text but a late-join reason,
  erased), so group sizes stay right; groups the returnee facilitated keep the link.
- mentoring preference: the preferred mentor's sex, kept.

Community events count participants by category and name nobody, so no event holds a
returnee's data. Supervision sessions' issues concern several mentors at once and are
written about the mentors' work, not a returnee's case; they are not erased (a limitation
noted in SECURITY.md).
"""

from accounts.audit import ERASED, jsonable
from peer_support.models import (
    Mentor,
    MentoringPreference,
    Mentorship,
    MentorshipMeeting,
    NetworkGroupMember,
    PeerGroup,
    PeerGroupMember,
)
from reintegration.personal_data import PersonalDataProvider, Scrubbed

MENTOR_ERASED = ("phone", "languages", "background_notes", "availability", "notes")
MENTOR_KEEP = frozenset(f.name for f in Mentor._meta.concrete_fields if f.name not in MENTOR_ERASED)
MENTORSHIP_KEEP = frozenset(
    f.name for f in Mentorship._meta.concrete_fields if f.name != "end_reason"
)
MEETING_KEEP = frozenset(
    f.name for f in MentorshipMeeting._meta.concrete_fields if f.name != "notes"
)
MEMBER_KEEP = frozenset(
    f.name for f in PeerGroupMember._meta.concrete_fields if f.name != "late_join_reason"
)
NETWORK_MEMBER_KEEP = frozenset(f.name for f in NetworkGroupMember._meta.concrete_fields)


def _mentor(returnee) -> dict | None:
    mentor = Mentor.objects.filter(returnee=returnee).select_related("community").first()
    if mentor is None:
        return None
    return {
        "community": mentor.community.name,
        "sex": mentor.get_sex_display(),
        "phone": mentor.phone,
        "languages": mentor.languages,
        "background": mentor.get_background_display(),
        "background_notes": mentor.background_notes,
        "availability": mentor.availability,
        "capacity": mentor.capacity,
        "is_active": mentor.is_active,
        "notes": mentor.notes,
        "trained_on": jsonable(mentor.trained_on),
    }


def collect(returnee) -> dict:
    mentorships = (
        Mentorship.objects.filter(returnee=returnee)
        .select_related("mentor__returnee")
        .prefetch_related("meetings")
        .order_by("started_on", "id")
    )
    preference = MentoringPreference.objects.filter(returnee=returnee).first()
    return {
        "mentor_profile": _mentor(returnee),
        "mentorships": [
            {
                "mentor": str(m.mentor),
                "started_on": jsonable(m.started_on),
                "planned_end_on": jsonable(m.planned_end_on),
                "ended_on": jsonable(m.ended_on),
                "end_reason": m.end_reason,
                "status": m.get_status_display(),
                "meetings": [
                    {
                        "date": jsonable(meeting.date),
                        "kind": meeting.get_kind_display(),
                        "notes": meeting.notes,
                    }
                    for meeting in sorted(m.meetings.all(), key=lambda x: (x.date, x.pk))
                ],
            }
            for m in mentorships
        ],
        "mentoring_preference": preference.get_mentor_sex_display() if preference else None,
        "peer_groups": [
            {
                "group": member.group.name,
                "joined_on": jsonable(member.joined_on),
                "left_on": jsonable(member.left_on),
                "late_join_reason": member.late_join_reason,
            }
            for member in PeerGroupMember.objects.filter(returnee=returnee)
            .select_related("group")
            .order_by("joined_on", "id")
        ],
        "peer_groups_facilitated": list(
            PeerGroup.objects.filter(facilitator_returnee=returnee)
            .order_by("started_on", "id")
            .values_list("name", flat=True)
        ),
        "network_groups": [
            {"group": member.group.name, "joined_on": jsonable(member.joined_on)}
            for member in NetworkGroupMember.objects.filter(returnee=returnee)
            .select_related("group")
            .order_by("joined_on", "id")
        ],
    }


def erase(*, actor, returnee) -> list[Scrubbed]:
    scrubbed: list[Scrubbed] = []
    mentor = Mentor.objects.filter(returnee=returnee).first()
    if mentor is not None:
        # Queryset updates: the erasure rewrites stored values, it is not a mentor edit
        # (its own audit event is the erasure's, written by the registry's service).
        Mentor.objects.filter(pk=mentor.pk).update(
            phone="",
            languages=[],
            background_notes="",
            availability="",
            notes="",
            is_active=False,
        )
        scrubbed.append(Scrubbed(mentor, MENTOR_KEEP, f"Mentor {returnee.reference}"))
    mentorships = Mentorship.objects.filter(returnee=returnee)
    mentorships.exclude(end_reason="").update(end_reason=ERASED)
    meetings = MentorshipMeeting.objects.filter(mentorship__returnee=returnee)
    meetings.update(notes="")
    members = PeerGroupMember.objects.filter(returnee=returnee)
    members.exclude(late_join_reason="").update(late_join_reason=ERASED)
    scrubbed += [Scrubbed(m, MENTORSHIP_KEEP) for m in mentorships]
    scrubbed += [Scrubbed(m, MEETING_KEEP) for m in meetings]
    scrubbed += [Scrubbed(m, MEMBER_KEEP) for m in members.select_related("returnee")]
    scrubbed += [
        Scrubbed(m, NETWORK_MEMBER_KEEP)
        for m in NetworkGroupMember.objects.filter(returnee=returnee).select_related("returnee")
    ]
    return scrubbed


PROVIDER = PersonalDataProvider(
    key="peer_support", label="Peer support", collect=collect, erase=erase
)
