"""In Chromium, end to end: a case manager registers a returnee with household, skills,
interests, needs and consent, logs a counselling session, refers them to a service and
follows the referral to "completed" (issue acceptance 1)."""

import datetime

import pytest

from communities.tests.factories import CommunityFactory, ServiceFactory
from reintegration.models import Referral, Returnee

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_counsel_refer_and_complete(page, login_page, case_manager):
    community = CommunityFactory(name="Kaloum", country="GIN")
    ServiceFactory(community=community, name="District health centre", sector="health")
    login_page("case-manager")
    page.get_by_role("link", name="Returnees").first.click()
    page.get_by_role("link", name="Register a returnee").first.click()

    page.get_by_label("Given name(s)").fill("Aïssatou")
    page.get_by_label("Family name").fill("Barry")
    page.locator("#id_sex").select_option("female")
    page.get_by_label("Date of birth").fill("1996-03-14")
    page.get_by_label("Nationality").select_option("GIN")
    page.get_by_label("Languages").fill("Pular, French")
    page.get_by_label("Phone").fill("+224 620 11 22 33")
    page.get_by_label("Community of return").select_option(label=str(community))
    return_date = (datetime.date.today() - datetime.timedelta(days=12)).isoformat()
    page.get_by_label("Return date").fill(return_date)
    page.get_by_label("Return kind").select_option("assisted_voluntary")
    page.get_by_label("Single caregiver").check()
    page.get_by_label("Interested in collective or community projects?").select_option("true")
    household = page.locator("[data-formset=household] [data-row='1']")
    household.get_by_label("Relationship").select_option("child")
    household.get_by_label("Age").fill("8")
    household.get_by_label("In school (children)").select_option("true")
    skill = page.locator("[data-formset=skills] [data-row='1']")
    skill.get_by_label("Trade or sector").select_option(
        label="Manufacturing – Tailoring and garment making"
    )
    skill.get_by_label("Level").select_option("advanced")
    skill.get_by_label("Years").fill("6")
    interest = page.locator("[data-formset=interests] [data-row='1']")
    interest.get_by_label("Kind").select_option("music")
    need = page.locator("[data-formset=needs] [data-row='1']")
    need.get_by_label("Level").select_option("economic")
    need.get_by_label("Description").fill("Sewing machine to restart her business")
    consent = page.get_by_test_id("consent-fieldset")
    consent.get_by_label("Given on").fill(return_date)
    consent.get_by_label("Contact for group activities").check()
    page.get_by_role("button", name="Save").click()

    reference = page.get_by_test_id("reference").inner_text()
    returnee = Returnee.objects.get()
    assert reference == returnee.reference
    assert returnee.name_normalized == "aissatou barry"
    assert [(m.age, m.school_enrolled) for m in returnee.household.all()] == [(8, True)]
    assert [(s.sector.code, s.level, s.years_experience) for s in returnee.skills.all()] == [
        ("C-TAILORING", "advanced", 6)
    ]
    assert [i.kind for i in returnee.interests.all()] == ["music"]
    assert [n.level for n in returnee.needs.all()] == ["economic"]
    assert returnee.consent.group_contact is True

    page.get_by_role("link", name="Log a session").click()
    page.get_by_label("Date").fill(datetime.date.today().isoformat())
    page.get_by_label("Notes").fill("Discussed her tailoring plans.")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_test_id("case-status").inner_text() == "Active"

    page.goto(f"/returnees/{returnee.pk}/")
    page.get_by_role("link", name="Refer", exact=True).click()
    page.get_by_label("Refer to").select_option(
        label="District health centre (Health and well-being)"
    )
    page.get_by_label("Reason").fill("Health check after return")
    page.get_by_label("Follow up date").fill(
        (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
    )
    page.get_by_role("button", name="Save").click()
    assert page.get_by_test_id("referral-status").inner_text() == "Proposed"

    for status in ("Accepted", "In progress", "Completed"):
        page.get_by_label("New status").select_option(label=status)
        if status == "Completed":
            page.get_by_label("Outcome").fill("Check-up done, no follow-up needed")
        page.get_by_role("button", name="Update referral").click()
        assert page.get_by_test_id("referral-status").inner_text() == status
    referral = Referral.objects.get()
    assert [h.to_status for h in referral.history.all()] == [
        "proposed",
        "accepted",
        "in_progress",
        "completed",
    ]
    assert referral.outcome == "Check-up done, no follow-up needed"
    assert "This referral is closed." in page.locator("main").inner_text()
