"""The field data collection pages: who may download and import (programme managers and
administrators), the import's result summary, the list and the review of submissions."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import Assessment, Submission
from assessments.tests.test_xlsform_import import COLLECTED, download
from communities.tests.factories import CommunityFactory
from communities.tests.xlsform_support import fill, kobo_json, kobo_record

pytestmark = pytest.mark.django_db


def submissions_file(client, community, count=1, **changes) -> SimpleUploadedFile:
    book = download(client, "child_protection")
    records = []
    for _ in range(count):
        answers = fill(book, subject=str(community.pk), collected_on=COLLECTED)
        answers.update(changes)
        records.append(kobo_record(book, answers, submitted_by="fatou_kobo"))
    return SimpleUploadedFile("week1.json", kobo_json(records), "application/json")


def test_programme_manager_sees_every_form(client_for, programme_manager):
    CommunityFactory(country="GIN")
    response = client_for(programme_manager).get("/assessments/field/?country=gin")
    assert response.status_code == 200
    assert response.context["country"] == "GIN"
    assert [f["instrument"].code for f in response.context["forms"]] == [
        "altai",
        "child_protection",
        "table_3_1",
        "table_6_1",
        "table_3_2",
        "table_3_5",
    ]
    assert response.context["profile"] == {
        "form_id": "community_profile",
        "version": 1,
        "drafts": 0,
    }
    html = response.content.decode()
    assert 'href="/assessments/field/altai.xlsx?country=GIN"' in html
    assert 'href="/communities/field/profile.xlsx?country=GIN"' in html
    assert "Field data" in [item["label"] for item in response.context["nav_items"]]


def test_download_names_the_file_after_form_and_version(client_for, programme_manager):
    CommunityFactory(country="GIN")
    CommunityFactory(country="SEN", admin1="Dakar")
    client = client_for(programme_manager)
    response = client.get("/assessments/field/table_6_1.xlsx?country=SEN")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="table_6_1-SEN-1.')
    assert disposition.endswith('.xlsx"')
    # An unknown country is ignored: every community is listed.
    response = client.get("/assessments/field/table_6_1.xlsx?country=XXX")
    assert response["Content-Disposition"].startswith('attachment; filename="table_6_1-1.')
    assert client.get("/assessments/field/nonsense.xlsx").status_code == 404


def test_import_page_shows_the_summary(client_for, programme_manager):
    community = CommunityFactory(name="Kaloum")
    client = client_for(programme_manager)
    upload = submissions_file(client, community, count=2)
    response = client.post("/assessments/field/child_protection/import/", {"file": upload})
    assert response.status_code == 200
    result = response.context["result"]
    assert (len(result.imported), len(result.skipped), len(result.already)) == (2, 0, 0)
    html = response.content.decode()
    assert '<span class="badge text-bg-success" data-testid="count-imported">2</span>' in html
    submission = Submission.objects.order_by("id").first()
    assert f'href="/assessments/field/submissions/{submission.pk}/"' in html

    again = client.post(
        "/assessments/field/child_protection/import/",
        {"file": submissions_file(client, community, q_1="9"), "approved_only": "on"},
    )
    result = again.context["result"]
    assert [o.reason for o in result.skipped] == ["Not validated as approved (not validated)."]
    assert Assessment.objects.count() == 2


def test_import_refuses_a_file_that_is_not_an_export(client_for, programme_manager):
    client = client_for(programme_manager)
    upload = SimpleUploadedFile("notes.pdf", b"%PDF", "application/pdf")
    response = client.post("/assessments/field/altai/import/", {"file": upload})
    assert response.context["result"] is None
    assert response.context["form"].errors["file"] == [
        "File extension “pdf” is not allowed. Allowed extensions are: json, csv, xlsx."
    ]


@pytest.mark.parametrize("persona", ["case_manager", "supervisor", "partner"])
def test_other_roles_may_neither_download_nor_import(
    client_for, request, programme_manager, persona
):
    community = CommunityFactory()
    upload = submissions_file(client_for(programme_manager), community)
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/assessments/field/").status_code == 403
    assert client.get("/assessments/field/altai.xlsx").status_code == 403
    response = client.post("/assessments/field/child_protection/import/", {"file": upload})
    assert response.status_code == 403
    assert client.get("/assessments/field/submissions/").status_code == 403
    assert (Assessment.objects.count(), Submission.objects.count()) == (0, 0)


def test_administrators_may_collect_too(client_for, administrator):
    client = client_for(administrator)
    assert client.get("/assessments/field/").status_code == 200
    assert client.get("/assessments/field/altai.xlsx").status_code == 200


def test_review_finalises_or_discards_and_others_cannot(
    client_for, programme_manager, case_manager
):
    community = CommunityFactory(name="Kaloum")
    client = client_for(programme_manager)
    client.post(
        "/assessments/field/child_protection/import/",
        {"file": submissions_file(client, community, count=2)},
    )
    first, second = Submission.objects.order_by("id")
    page = client.get(f"/assessments/field/submissions/{first.pk}/")
    assert page.status_code == 200
    assert [r["answer"].item.code for r in page.context["rows"]] == [str(n) for n in range(1, 11)]
    assert page.context["rows"][0]["question"] == "q_1"
    assert "fatou_kobo (no account of this name in your organization)" in page.content.decode()

    refused = client_for(case_manager)
    assert refused.post(f"/assessments/field/submissions/{first.pk}/finalise/").status_code == 403
    assert refused.post(f"/assessments/field/submissions/{first.pk}/discard/").status_code == 403
    assert refused.get(f"/assessments/field/submissions/{first.pk}/").status_code == 403
    assert [s.assessment.status for s in Submission.objects.order_by("id")] == ["draft", "draft"]

    client = client_for(programme_manager)
    response = client.post(f"/assessments/field/submissions/{first.pk}/finalise/")
    assert response.status_code == 302
    client.post(f"/assessments/field/submissions/{second.pk}/discard/")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.assessment.status, second.state, second.assessment) == (
        "final",
        "discarded",
        None,
    )
    response = client.post(f"/assessments/field/submissions/{second.pk}/discard/", follow=True)
    assert "no draft assessment left to discard" in response.content.decode()


def test_submission_list_query_count_stays_constant(
    client_for, programme_manager, django_assert_num_queries
):
    community = CommunityFactory(name="Kaloum")
    client = client_for(programme_manager)
    client.post(
        "/assessments/field/child_protection/import/",
        {"file": submissions_file(client, community)},
    )

    def count_queries(expected_rows):
        # 1 session, 2 user, 3-4 permissions (user, groups), 5 the forms for the filter,
        # 6 COUNT, 7 the page of submissions with their assessment, instrument, community
        # and enumerator joined, 8 groups (navigation), 9 organization (user menu).
        with django_assert_num_queries(9):
            response = client.get("/assessments/field/submissions/?state=draft")
        assert len(response.context["page"].object_list) == expected_rows

    count_queries(1)
    client.post(
        "/assessments/field/child_protection/import/",
        {"file": submissions_file(client, community, count=4)},
    )
    count_queries(5)
    response = client.get("/assessments/field/submissions/?form=altai")
    assert list(response.context["page"].object_list) == []
