"""The community profile's XLSForm, round trip: downloaded, filled in for the 20
indicators, exported as KoboToolbox and ODK Central write their data, imported as a draft
profile with every answer exact; edits, refusals and the list of submissions."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import AuditEvent
from communities.models import CommunityProfile, ProfileIndicator
from communities.tests.factories import CommunityFactory
from communities.tests.xlsform_support import (
    central_csv,
    fill,
    instance,
    kobo_csv,
    kobo_json,
    kobo_record,
    pyxform_convert,
    read_workbook,
)
from communities.xlsform.models import ProfileSubmission
from communities.xlsform.profile import profile_submissions_import

pytestmark = pytest.mark.django_db

COLLECTED = datetime.date.today() - datetime.timedelta(days=20)


def download(client):
    response = client.get("/communities/field/profile.xlsx")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    return read_workbook(data), data


def run(actor, data: bytes, filename: str, **options):
    return profile_submissions_import(
        actor=actor, file=io.BytesIO(data), filename=filename, **options
    )


def expected_entries(answers: dict) -> list[tuple]:
    rows = []
    for indicator in ProfileIndicator.objects.order_by("order"):
        code = indicator.code
        rating = answers[f"{code}_rating"]
        rows.append(
            (
                code,
                None if rating == "unknown" else int(rating),
                answers[f"{code}_finding"],
                answers[f"{code}_methods"].split(),
                answers[f"{code}_varies_by"].split(),
                answers[f"{code}_disaggregation_notes"],
            )
        )
    return rows


def stored_entries(profile: CommunityProfile) -> list[tuple]:
    return [
        (e.indicator.code, e.rating, e.finding, e.methods, e.varies_by, e.disaggregation_notes)
        for e in profile.entries.select_related("indicator").order_by("indicator__order")
    ]


@pytest.mark.parametrize("shape", ["kobo_json", "kobo_csv", "central_csv"])
def test_round_trip_of_the_profile(shape, client_for, programme_manager):
    community = CommunityFactory(name="Kaloum")
    book, data = download(client_for(programme_manager))
    assert pyxform_convert(data)[1] == []
    answers = fill(book, subject=str(community.pk), collected_on=COLLECTED, seed=len(shape))
    record = kobo_record(book, answers, submitted_by="fatou_kobo")
    files = {
        "kobo_json": (kobo_json([record]), "data.json"),
        "kobo_csv": (kobo_csv(book, [record]), "export.csv"),
        "central_csv": (
            central_csv(
                book,
                [{"answers": answers, "instance_id": record["meta/instanceID"]}],
            ),
            "submissions.csv",
        ),
    }
    result = run(programme_manager, *files[shape])

    assert result.errors == [] and result.skipped == [] and len(result.imported) == 1
    profile = CommunityProfile.objects.get()
    assert (profile.community, profile.profile_date, profile.status) == (
        community,
        COLLECTED,
        "draft",
    )
    assert (profile.assessors, profile.summary, profile.recorded_by) == (
        answers["assessors"],
        answers["summary"],
        programme_manager,
    )
    assert stored_entries(profile) == expected_entries(answers)
    # Every rating of the scale, and unknown, went through.
    assert {e[1] for e in stored_entries(profile)} == {None, 1, 2, 3, 4, 5}
    submission = ProfileSubmission.objects.get()
    assert (submission.profile, submission.community, submission.submitted_by) == (
        profile,
        community,
        "fatou_kobo" if shape != "central_csv" else "",
    )
    events = AuditEvent.objects.filter(actor=programme_manager).order_by("id")
    assert [(e.action, e.content_type.model) for e in events] == [
        ("create", "communityprofile"),
        ("update", "communityprofile"),
        ("import", "profilesubmission"),
    ]


def test_edit_replaces_and_same_day_profile_is_explained(client_for, programme_manager):
    community = CommunityFactory(name="Kaloum")
    book, _ = download(client_for(programme_manager))
    answers = fill(book, subject=str(community.pk), collected_on=COLLECTED)
    original = instance()
    run(
        programme_manager,
        kobo_json(
            [kobo_record(book, {**answers, "migration_rates_rating": "2"}, instance_id=original)]
        ),
        "a.json",
    )
    edit = kobo_record(
        book,
        {**answers, "migration_rates_rating": "4"},
        instance_id=instance(),
        deprecated_id=original,
    )
    # A second, different submission for the same community and day.
    other = kobo_record(book, answers)
    result = run(programme_manager, kobo_json([edit, other]), "b.json")

    assert len(result.replaced) == 1
    assert [o.reason for o in result.skipped] == [
        f"collected_on: {COLLECTED:%Y-%m-%d}: This community already has a profile on this date."
    ]
    profile = CommunityProfile.objects.get()
    assert profile.entries.get(indicator__code="migration_rates").rating == 4
    assert list(ProfileSubmission.objects.order_by("id").values_list("state", flat=True)) == [
        "replaced",
        "imported",
    ]


def test_bad_rating_is_named_and_nothing_of_it_is_kept(client_for, programme_manager):
    community = CommunityFactory(name="Kaloum")
    book, _ = download(client_for(programme_manager))
    answers = fill(book, subject=str(community.pk), collected_on=COLLECTED)
    bad = kobo_record(book, {**answers, "safety_levels_rating": "7"}, instance_id="uuid:b1")
    result = run(programme_manager, kobo_json([bad]), "f.json")
    assert [(o.label, o.reason) for o in result.skipped] == [
        (
            "submission 1 (b1)",
            "safety_levels_rating: “7” is not one of the choices (1, 2, 3, 4, 5, unknown).",
        )
    ]
    assert (CommunityProfile.objects.count(), ProfileSubmission.objects.count()) == (0, 0)


@pytest.mark.parametrize("persona", ["case_manager", "supervisor", "partner"])
def test_other_roles_may_neither_download_nor_import(client_for, request, persona):
    community = CommunityFactory()
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/communities/field/profile.xlsx").status_code == 403
    upload = SimpleUploadedFile("d.json", kobo_json([{"community": str(community.pk)}]))
    assert client.post("/communities/field/profile/import/", {"file": upload}).status_code == 403
    assert client.get("/communities/field/profile/submissions/").status_code == 403
    assert (CommunityProfile.objects.count(), ProfileSubmission.objects.count()) == (0, 0)


def test_import_page_list_and_discard(client_for, programme_manager, django_assert_num_queries):
    community = CommunityFactory(name="Kaloum")
    client = client_for(programme_manager)
    book, _ = download(client)

    def upload(count):
        records = [
            kobo_record(book, fill(book, subject=str(community.pk), collected_on=day))
            for day in (COLLECTED - datetime.timedelta(days=n) for n in range(count))
        ]
        return SimpleUploadedFile("week.json", kobo_json(records), "application/json")

    response = client.post("/communities/field/profile/import/", {"file": upload(1)})
    html = response.content.decode()
    profile = CommunityProfile.objects.get()
    assert f'href="/communities/profiles/{profile.pk}/">New draft</a>' in html

    def count_queries(rows):
        # 1 session, 2 user, 3-4 permissions (user, groups), 5 COUNT, 6 the page of
        # submissions with profile, community, enumerator and importer joined,
        # 7 groups (navigation), 8 organization (user menu).
        with django_assert_num_queries(8):
            response = client.get("/communities/field/profile/submissions/?state=draft")
        assert len(response.context["page"].object_list) == rows

    count_queries(1)
    ProfileSubmission.objects.all().delete()
    CommunityProfile.objects.all().delete()
    client.post("/communities/field/profile/import/", {"file": upload(4)})
    count_queries(4)

    submission = ProfileSubmission.objects.order_by("id").first()
    response = client.post(f"/communities/field/profile/submissions/{submission.pk}/discard/")
    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.state, submission.profile) == ("discarded", None)
    assert CommunityProfile.objects.count() == 3
