"""In Chromium: a programme manager downloads an instrument's XLSForm, imports the
submissions collected with it, reviews the draft and finalises it."""

import datetime
from pathlib import Path

import pytest

from assessments.models import Assessment
from communities.tests.factories import CommunityFactory
from communities.tests.xlsform_support import fill, kobo_json, kobo_record, read_workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_download_the_form_import_its_submissions_and_finalise(
    page, login_page, programme_manager, tmp_path
):
    community = CommunityFactory(name="Kankan Ville")
    login_page("programme-manager")
    page.get_by_role("link", name="Field data").click()
    with page.expect_download() as download_info:
        page.get_by_test_id("download-child_protection").click()
    download = download_info.value
    assert download.suggested_filename.startswith("child_protection-1.")
    book = read_workbook(Path(download.path()).read_bytes())

    answers = fill(book, subject=str(community.pk), collected_on=datetime.date.today())
    answers["q_1"] = "4"
    export = tmp_path / "kobo.json"
    export.write_bytes(kobo_json([kobo_record(book, answers, submitted_by="fatou_kobo")]))

    page.get_by_test_id("import-child_protection").click()
    page.get_by_label("Submissions file").set_input_files(str(export))
    page.get_by_role("button", name="Import").click()
    assert page.get_by_test_id("count-imported").inner_text() == "1"
    assert page.get_by_test_id("count-skipped").inner_text() == "0"

    page.get_by_role("link", name="New draft").click()
    assert page.get_by_test_id("submission-status").inner_text() == "Draft"
    assert page.locator("[data-item='1'] td").nth(1).inner_text() == "4"
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Finalise").click()
    assert page.get_by_test_id("submission-status").inner_text() == "Final"
    assert Assessment.objects.get().status == "final"
