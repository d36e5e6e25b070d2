"""The browser pages: they render with and without data, refuse who may not, and their
forms save through the services or show the service's message with nothing saved."""

import datetime

import pytest

from accounts.models import AuditEvent
from peer_support.models import (
    CommunityEvent,
    Mentor,
    MentorTraining,
    NetworkGroup,
    PeerGroupMeeting,
    PeerGroupMember,
)
from peer_support.tests.factories import (
    MentorFactory,
    PeerGroupFactory,
    PeerGroupMemberFactory,
    ReturneeFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def urls(d):
    return {
        "/peer-support/": "Peer support and community networks",
        "/peer-support/mentors/": "Fanta Kouyaté",
        f"/peer-support/mentors/{d['mentor'].pk}/": "Trained on",
        "/peer-support/mentors/new/": "New mentor",
        f"/peer-support/mentors/{d['mentor'].pk}/edit/": "Edit Fanta Kouyaté",
        f"/peer-support/mentors/{d['mentor'].pk}/trainings/new/": "Record a training",
        f"/peer-support/mentors/{d['mentor'].pk}/active/": "Deactivate Fanta Kouyaté",
        "/peer-support/supervision/": "No supervision session recorded yet.",
        "/peer-support/supervision/new/": "Record a supervision session",
        "/peer-support/mentorships/": d["returnee"].reference,
        f"/peer-support/mentorships/{d['mentorship'].pk}/": "Mentorship of",
        f"/peer-support/mentorships/{d['mentorship'].pk}/meetings/new/": "Record a mentor",
        f"/peer-support/mentorships/{d['mentorship'].pk}/evaluate/": "End-of-cycle evaluation",
        f"/peer-support/mentorships/{d['mentorship'].pk}/end/": "End the mentorship early?",
        "/peer-support/groups/": "Circle",
        "/peer-support/groups/new/": "New peer-support group",
        f"/peer-support/groups/{d['group'].pk}/": "1 participant: the handbook suggests",
        f"/peer-support/groups/{d['group'].pk}/edit/": "Edit Circle",
        f"/peer-support/groups/{d['group'].pk}/approval/": "Community leaders informed",
        f"/peer-support/groups/{d['group'].pk}/extend/": "Extend Circle",
        f"/peer-support/groups/{d['group'].pk}/close/": "Close Circle?",
        f"/peer-support/groups/{d['group'].pk}/members/new/": "Add a member to Circle",
        f"/peer-support/groups/{d['group'].pk}/members/{d['member'].pk}/leave/": "leaves Circle",
        f"/peer-support/groups/{d['group'].pk}/meetings/new/": "Record a meeting of Circle",
        "/peer-support/networks/": "Troupe Kaloum",
        "/peer-support/networks/new/": "New community network group",
        f"/peer-support/networks/{d['network'].pk}/": "Troupe Kaloum",
        f"/peer-support/networks/{d['network'].pk}/edit/": "Edit Troupe Kaloum",
        "/peer-support/events/": "Dialogue",
        "/peer-support/events/new/": "Record a community event",
        f"/peer-support/events/{d['event'].pk}/": "20: 5 returnees, 6 family members",
        f"/peer-support/events/{d['event'].pk}/edit/": "Edit Dialogue",
        f"/peer-support/events/{d['event'].pk}/delete/": "Delete Dialogue?",
        f"/peer-support/returnees/{d['returnee'].pk}/": "Peer support for Aminata",
    }


def test_every_page_renders_for_a_case_manager(client_for, case_manager, data):
    client = client_for(case_manager)
    for url, text in urls(data).items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/peer-support/", "No peer-support activity recorded yet."),
        ("/peer-support/mentors/", "No mentor yet."),
        ("/peer-support/mentors/?q=nobody", "No mentor matches these filters."),
        ("/peer-support/mentorships/", "No mentorship yet"),
        ("/peer-support/groups/", "No peer-support group yet."),
        ("/peer-support/networks/", "No network group mapped yet."),
        ("/peer-support/events/", "No community event recorded yet."),
    ],
)
def test_empty_states(client_for, case_manager, url, text):
    response = client_for(case_manager).get(url)
    assert text in response.content.decode()


def test_outsiders_get_404_and_partners_403(client_for, outsider, partner, data):
    outsider_client = client_for(outsider)
    for url in (
        f"/peer-support/mentors/{data['mentor'].pk}/",
        f"/peer-support/mentorships/{data['mentorship'].pk}/",
        f"/peer-support/groups/{data['group'].pk}/",
        f"/peer-support/events/{data['event'].pk}/",
        f"/peer-support/returnees/{data['returnee'].pk}/",
    ):
        assert outsider_client.get(url).status_code == 404, url
    # Network groups are community resources every organization reads.
    assert outsider_client.get(f"/peer-support/networks/{data['network'].pk}/").status_code == 200
    partner_client = client_for(partner)
    for url in ("/peer-support/", "/peer-support/mentors/", "/peer-support/groups/"):
        assert partner_client.get(url).status_code == 403, url


def test_an_outsider_cannot_change_a_group_and_nothing_changes(client_for, outsider, data):
    before = (AuditEvent.objects.count(), PeerGroupMeeting.objects.count())
    response = client_for(outsider).post(
        f"/peer-support/groups/{data['group'].pk}/meetings/new/",
        {"date": TODAY.isoformat(), "duration_minutes": 60},
    )
    assert response.status_code == 404
    assert (AuditEvent.objects.count(), PeerGroupMeeting.objects.count()) == before


def test_a_programme_manager_sets_up_but_does_not_do_casework(client_for, programme_manager, data):
    client = client_for(programme_manager)
    before = PeerGroupMember.objects.count()
    response = client.post(
        f"/peer-support/groups/{data['group'].pk}/members/new/",
        {"returnee": ReturneeFactory(case_manager=None, organization=data["group"].organization)},
    )
    assert response.status_code == 403
    assert PeerGroupMember.objects.count() == before
    response = client.post(
        "/peer-support/mentors/new/",
        {
            "kind": "community_member",
            "name": "Oumou Diallo",
            "sex": "female",
            "community": data["mentor"].community.pk,
            "languages": "Susu, French",
            "background": "teacher",
            "capacity": 2,
        },
    )
    mentor = Mentor.objects.get(name="Oumou Diallo")
    assert response.status_code == 302
    assert response["Location"] == f"/peer-support/mentors/{mentor.pk}/"
    assert (mentor.organization, mentor.languages, mentor.capacity) == (
        programme_manager.organization,
        ["Susu", "French"],
        2,
    )


def test_a_returnee_mentor_is_added_by_reference(client_for, case_manager):
    returnee = ReturneeFactory(case_manager=case_manager, sex="male", languages=["Pular"])
    client = client_for(case_manager)
    response = client.post(
        "/peer-support/mentors/new/",
        {"kind": "returnee", "returnee": "ret-2026-999999", "background": "teacher", "capacity": 3},
    )
    assert "No returnee ret-2026-999999 in your registry." in response.content.decode()
    response = client.post(
        "/peer-support/mentors/new/",
        {
            "kind": "returnee",
            "returnee": returnee.reference.lower(),
            "background": "successful_reintegration",
            "capacity": 3,
        },
    )
    assert response.status_code == 302
    mentor = Mentor.objects.get()
    assert (mentor.returnee, mentor.sex, mentor.languages) == (returnee, "male", ["Pular"])


def test_a_zero_day_training_shows_the_message_and_saves_nothing(client_for, case_manager):
    mentor = MentorFactory(organization=case_manager.organization)
    before = (AuditEvent.objects.count(), MentorTraining.objects.count())
    response = client_for(case_manager).post(
        f"/peer-support/mentors/{mentor.pk}/trainings/new/",
        {
            "kind": "initial",
            "date": TODAY.isoformat(),
            "days": 0,
            "topics": ["activities", "listening"],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "A training lasts at least one day." in page
    assert "Nothing was saved" in page
    assert (AuditEvent.objects.count(), MentorTraining.objects.count()) == before


def test_recording_a_two_day_training_trains_the_mentor(client_for, case_manager):
    mentor = MentorFactory(organization=case_manager.organization)
    response = client_for(case_manager).post(
        f"/peer-support/mentors/{mentor.pk}/trainings/new/",
        {
            "kind": "initial",
            "date": (TODAY - DAY).isoformat(),
            "days": 2,
            "topics": [
                "activities",
                "listening",
                "expectations",
                "relationships",
                "referral",
                "psychological_first_aid",
                "ending",
            ],
        },
        follow=True,
    )
    assert "Training recorded. The mentor is trained." in response.content.decode()
    mentor.refresh_from_db()
    assert mentor.trained_on == TODAY - DAY


def test_a_meeting_before_the_approval_is_refused_on_the_page(client_for, case_manager):
    group = PeerGroupFactory(
        organization=case_manager.organization, leaders_approved_by="", leaders_approved_on=None
    )
    response = client_for(case_manager).post(
        f"/peer-support/groups/{group.pk}/meetings/new/",
        {"date": TODAY.isoformat(), "duration_minutes": 60},
    )
    assert "The community leaders&#x27; approval is needed before the first meeting" in (
        response.content.decode()
    )
    assert PeerGroupMeeting.objects.count() == 0


def test_adding_the_seventh_member_warns(client_for, case_manager):
    group = PeerGroupFactory(organization=case_manager.organization, name="Circle")
    PeerGroupMemberFactory.create_batch(6, group=group, returnee__case_manager=case_manager)
    returnee = ReturneeFactory(case_manager=case_manager)
    response = client_for(case_manager).post(
        f"/peer-support/groups/{group.pk}/members/new/",
        {"returnee": returnee.reference},
        follow=True,
    )
    page = response.content.decode()
    assert f"{returnee.reference} joined Circle." in page
    assert "7 participants: the handbook suggests ideally 8 to 20 (3.5.2)." in page


def test_a_meeting_records_attendance(client_for, case_manager, data):
    group, member = data["group"], data["member"]
    response = client_for(case_manager).post(
        f"/peer-support/groups/{group.pk}/meetings/new/",
        {"date": TODAY.isoformat(), "duration_minutes": 60, "attendees": [member.pk]},
        follow=True,
    )
    assert "Initial meeting 1 on" in response.content.decode()
    assert "with 1 present." in response.content.decode()
    assert list(PeerGroupMeeting.objects.get().attendees.all()) == [member]


def test_deleting_an_event_asks_first(client_for, case_manager, data):
    event = data["event"]
    client = client_for(case_manager)
    assert "Confirm" in client.get(f"/peer-support/events/{event.pk}/delete/").content.decode()
    assert CommunityEvent.objects.filter(pk=event.pk).exists()
    response = client.post(f"/peer-support/events/{event.pk}/delete/")
    assert response["Location"] == "/peer-support/events/"
    assert not CommunityEvent.objects.filter(pk=event.pk).exists()
    assert AuditEvent.objects.filter(action="delete", object_id=str(event.pk)).count() == 1


def test_network_group_and_event_forms(client_for, case_manager, data):
    client = client_for(case_manager)
    community = data["mentor"].community
    response = client.post(
        "/peer-support/networks/new/",
        {
            "name": "Kaloum Dancers",
            "community": community.pk,
            "kind": "dance",
            "formality": "formal",
            "accepts_returnees": "true",
            "is_active": "on",
        },
    )
    group = NetworkGroup.objects.get(name="Kaloum Dancers")
    assert response["Location"] == f"/peer-support/networks/{group.pk}/"
    assert (group.kind, group.accepts_returnees, group.created_by) == ("dance", True, case_manager)
    response = client.post(
        "/peer-support/networks/new/",
        {
            "name": "kaloum dancers",
            "community": community.pk,
            "kind": "dance",
            "formality": "formal",
        },
    )
    assert "This group is already recorded in this community." in response.content.decode()
    response = client.post(
        "/peer-support/events/new/",
        {
            "kind": "focus_group",
            "title": "Big dialogue",
            "date": TODAY.isoformat(),
            "community": community.pk,
            "place": "Market square",
            "returnees_count": 10,
            "family_members_count": 10,
            "community_members_count": 15,
            "opinion_leaders_count": 0,
            "local_authorities_count": 0,
        },
        follow=True,
    )
    assert "Big dialogue recorded. Note: 35 participants: the Ghana focus groups" in (
        response.content.decode()
    )
    response = client.post(
        "/peer-support/events/new/",
        {
            "kind": "exhibition",
            "title": "Empty",
            "date": TODAY.isoformat(),
            "community": community.pk,
            "place": "Hall",
            **dict.fromkeys(CommunityEvent.COUNT_FIELDS, 0),
        },
    )
    assert "Count the participants by category" in response.content.decode()
    assert not CommunityEvent.objects.filter(title="Empty").exists()
