"""In Chromium, end to end (issue acceptance 1): a case manager identifies a returnee's
interest in theatre during counselling, sees the matching network group and the trained
mentors, refers to both in one click each, and the referrals flow to accepted, which
enrols the returnee in the group and starts the mentorship."""

import datetime

import pytest

from communities.tests.factories import CommunityFactory
from peer_support.models import Mentorship, NetworkGroupMember
from peer_support.tests.factories import (
    ConsentFactory,
    MentorFactory,
    NetworkGroupFactory,
    ReturneeFactory,
)
from reintegration.models import Referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_interests_to_groups_and_mentors_to_accepted_referrals(page, login_page, case_manager):
    kaloum = CommunityFactory(name="Kaloum", country="GIN")
    returnee = ReturneeFactory(
        case_manager=case_manager,
        registered_by=case_manager,
        first_name="Aïssatou",
        last_name="Barry",
        community=kaloum,
        languages=["Pular", "French"],
        countries_lived=["LBY"],
        months_abroad=18,
        return_date=datetime.date.today() - datetime.timedelta(days=20),
    )
    ConsentFactory(returnee=returnee, given_on=returnee.return_date)
    troupe = NetworkGroupFactory(community=kaloum, name="Troupe Kaloum", kind="theatre")
    NetworkGroupFactory(community=kaloum, name="Kaloum FC", kind="sports")
    mentor = MentorFactory(
        organization=case_manager.organization,
        name="Fanta Kouyaté",
        community=kaloum,
        languages=["Pular"],
        trained=True,
    )
    MentorFactory(organization=case_manager.organization, name="Not Trained", community=kaloum)

    login_page("case-manager")
    page.goto(f"/returnees/{returnee.pk}/")
    # Counselling: the session, and the interest it brought up, recorded in the profile.
    page.get_by_role("link", name="Log a session").click()
    page.get_by_label("Date").fill(datetime.date.today().isoformat())
    page.get_by_label("Notes").fill("She acted in a theatre group before leaving.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Edit profile").click()
    interest = page.locator("[data-formset=interests] [data-row='1']")
    interest.get_by_label("Kind").select_option("theatre")
    interest.get_by_label("Description").fill("Acting")
    page.get_by_role("button", name="Save").click()
    assert "Returnee saved." in page.locator("main").inner_text()

    # The peer-support page of the returnee (linked from the returnee page by URL).
    page.goto(f"/peer-support/returnees/{returnee.pk}/")
    assert page.get_by_test_id("interest").inner_text() == "Theatre: Acting"
    networks = page.get_by_test_id("matching-networks")
    assert "Troupe Kaloum" in networks.inner_text()
    assert "Kaloum FC" not in networks.inner_text()
    suggestions = page.get_by_test_id("mentor-suggestions")
    assert "Fanta Kouyaté" in suggestions.inner_text()
    assert "Not Trained" not in suggestions.inner_text()
    assert suggestions.get_by_test_id("score").inner_text() == "55"
    assert "Lives in Kaloum: 30" in suggestions.inner_text()
    assert "Speaks Pular: 15" in suggestions.inner_text()
    # She would rather have a woman as mentor: the ranking takes it into account.
    page.get_by_label("The returnee would prefer a mentor who is").select_option("female")
    page.get_by_role("button", name="Save preference").click()
    suggestions = page.get_by_test_id("mentor-suggestions")
    assert suggestions.get_by_test_id("score").inner_text() == "75"
    assert "this mentor is a woman: 20" in suggestions.inner_text()

    page.get_by_role("button", name="Refer to Troupe Kaloum").click()
    assert "Referred to Troupe Kaloum (theatre group)." in page.locator("main").inner_text()
    page.get_by_role("button", name="Refer to Fanta Kouyaté").click()
    assert "Referred to Mentor Fanta Kouyaté." in page.locator("main").inner_text()
    assert page.get_by_test_id("peer-referrals").locator("tbody tr").count() == 2

    # Both referrals are answered by the case manager's organization: accept them.
    for label in ("Troupe Kaloum (theatre group)", "Mentor Fanta Kouyaté"):
        page.goto(f"/peer-support/returnees/{returnee.pk}/")
        page.get_by_test_id("peer-referrals").get_by_role("link", name=label).click()
        assert page.get_by_test_id("referral-status").inner_text() == "Proposed"
        page.get_by_label("New status").select_option(label="Accepted")
        page.get_by_role("button", name="Update referral").click()
        assert page.get_by_test_id("referral-status").inner_text() == "Accepted"

    page.goto(f"/peer-support/returnees/{returnee.pk}/")
    statuses = page.get_by_test_id("peer-referrals").inner_text()
    assert statuses.count("Accepted") == 2
    assert "Mentored by Fanta Kouyaté" in page.locator("main").inner_text()
    assert "Member of Troupe Kaloum" in page.locator("main").inner_text()
    assert sorted(Referral.objects.values_list("status", flat=True)) == ["accepted", "accepted"]
    mentorship = Mentorship.objects.get()
    assert (mentorship.mentor, mentorship.returnee, mentorship.status) == (
        mentor,
        returnee,
        "active",
    )
    assert mentorship.mentor_sex_preference == "female"
    assert NetworkGroupMember.objects.get().group == troupe
