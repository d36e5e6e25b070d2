"""In Chromium (issue acceptance 1): a programme manager creates a collective
income-generating project through group formation, records its Table 3.2 appraisal, moves
it through the eight steps of Table 3.4, and sees the balances."""

import pytest

from projects.catalogues import STEPS
from projects.models import Project, StepCompletion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_group_formation_to_the_end_of_the_lifecycle(
    page, login_page, programme_manager, make_returnee, community
):
    expert = make_returnee(
        sex="female", level="advanced", years=9, interested_in_collective_projects=True
    )
    learners = [
        make_returnee(sex=sex, level="intermediate", interested_in_collective_projects=True)
        for sex in ("male", "female", "male")
    ]
    login_page("programme-manager")
    page.get_by_role("link", name="Projects").first.click()
    page.get_by_role("link", name="Group formation", exact=True).click()
    page.get_by_label("Community").select_option(label=str(community))
    page.get_by_label("Sector").select_option(label="Manufacturing – Tailoring and garment making")
    page.get_by_label("Group size").fill("4")
    page.get_by_role("button", name="Propose groups").click()

    group = page.get_by_test_id("group-1")
    assert group.get_by_label(f"Member: {expert.reference}").is_checked()
    assert group.get_by_label(f"Expert: {expert.reference}").is_checked()
    # Adjust: leave the last learner out of the group.
    group.get_by_label(f"Member: {learners[2].reference}").uncheck()
    group.get_by_label("Project name").fill("Kaloum tailoring cooperative")
    group.get_by_role("button", name="Create project from group 1").click()

    assert page.get_by_test_id("project-name").inner_text() == "Kaloum tailoring cooperative"
    project = Project.objects.get()
    assert sorted(project.participants.values_list("returnee_id", "role")) == sorted(
        [(expert.pk, "expert"), (learners[0].pk, "member"), (learners[1].pk, "member")]
    )
    assert page.get_by_test_id("balance-returnees").inner_text() == "3"
    assert (
        "Returnees are 3 of 3 participants" in page.get_by_test_id("balance-warning").inner_text()
    )

    for name, sex in (("Mariama Sow", "female"), ("Alpha Bah", "male")):
        page.get_by_role("link", name="Add a community member").click()
        page.get_by_label("Name").fill(name)
        page.get_by_label("Sex").select_option(sex)
        page.get_by_label("Age band").select_option("25-34")
        page.get_by_role("button", name="Save").click()

    for step in STEPS:
        if step.number == 4:
            # Selection without an appraisal is refused, and nothing is saved.
            for action in step.required_actions:
                page.get_by_role("button", name=f"Mark {action.code} done").click()
            page.get_by_role("button", name="Complete step 4 and move to step 5").click()
            assert "Record the Table 3.2 appraisal of the project before selecting it." in (
                page.locator("main").inner_text()
            )
            assert not StepCompletion.objects.filter(step=4).exists()
            page.get_by_role("link", name="Record a Table 3.2 appraisal").first.click()
            # The suggestions computed from the participants stand beside the criteria.
            assert "3 returnee(s) and 2 community member(s) take part" in (
                page.get_by_test_id("suggestion-P1").inner_text()
            )
            for code in ("P2", "P4", "P5", "P6"):
                page.get_by_role("radiogroup", name=f"Answer to {code}").get_by_label("Yes").check()
            page.get_by_label("Note on P2").fill("Proposed by the returnees with the commune")
            page.get_by_role("button", name="Save the table 3.2 appraisal").click()
            assert page.get_by_test_id("conclusion").inner_text() == "Conclusion: recommended"
            page.get_by_role("link", name="Kaloum tailoring cooperative").click()
            assert page.get_by_test_id("recommendation").inner_text() == "recommended"
        else:
            for action in step.required_actions:
                if action.code == "2.3":
                    row = page.locator("[data-action='2.3']")
                    row.get_by_label("Reason for waiving 2.3").fill(
                        "No incentive in this programme"
                    )
                    row.get_by_role("button", name="Waive 2.3").click()
                else:
                    page.get_by_role("button", name=f"Mark {action.code} done").click()
        label = (
            "Complete step 8 and the lifecycle"
            if step.number == 8
            else f"Complete step {step.number} and move to step {step.number + 1}"
        )
        page.get_by_role("button", name=label).click()

    assert "All eight steps completed" in page.get_by_test_id("lifecycle-done").inner_text()
    assert page.get_by_test_id("project-status").inner_text() == "Selected"
    assert page.get_by_test_id("balance-returnees").inner_text() == "3"
    assert page.get_by_test_id("balance-non-migrants").inner_text() == "2"
    assert page.get_by_test_id("balance-women").inner_text() == "3"
    assert page.get_by_test_id("balance-men").inner_text() == "2"
    assert page.get_by_test_id("balance-warning").count() == 0
    project.refresh_from_db()
    assert project.lifecycle_completed_on is not None
    assert StepCompletion.objects.get(step=4).recommendation == "recommended"
    assert project.action_records.get(action_code="2.3").waiver_reason == (
        "No incentive in this programme"
    )
