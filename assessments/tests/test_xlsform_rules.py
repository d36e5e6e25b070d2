"""The rules of a submissions import: nothing twice, edits replace their draft, approved
only, what is skipped and why (named by submission and field), whole-file refusals that
change nothing, and the review (finalise, discard) with its effect on the score."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from assessments import services as assessment_services
from assessments.models import Assessment, CommunityScore, Instrument, Submission
from assessments.services.versions import instrument_new_version
from assessments.tests.test_xlsform_import import COLLECTED, download, run
from assessments.xlsform.services import (
    assessment_submission_discard,
    assessment_submission_finalise,
)
from communities.tests.factories import CommunityFactory
from communities.tests.xlsform_support import (
    central_csv,
    fill,
    instance,
    kobo_json,
    kobo_record,
)

pytestmark = pytest.mark.django_db

APPROVED = {"uid": "validation_status_approved", "label": "Approved", "by_whom": "lead"}
ON_HOLD = {"uid": "validation_status_on_hold", "label": "On Hold"}
NOT_APPROVED = {"uid": "validation_status_not_approved", "label": "Not Approved"}


@pytest.fixture
def form(client_for, programme_manager):
    """The child protection form, downloaded, and a community to answer it for."""
    community = CommunityFactory(name="Kaloum")
    book = download(client_for(programme_manager), "child_protection")
    return book, community


def answered(book, place, **changes):
    answers = fill(book, subject=str(place.pk), collected_on=COLLECTED)
    answers.update(changes)
    return answers


def counts():
    return (Assessment.objects.count(), Submission.objects.count())


def test_importing_the_same_file_twice_creates_nothing_the_second_time(form, programme_manager):
    book, community = form
    data = kobo_json([kobo_record(book, answered(book, community)) for _ in range(3)])
    first = run(programme_manager, "child_protection", data, "week1.json")
    assert len(first.imported) == 3
    audit = AuditEvent.objects.count()

    second = run(programme_manager, "child_protection", data, "week1.json")

    assert (len(second.imported), len(second.replaced), len(second.skipped)) == (0, 0, 0)
    assert len(second.already) == 3
    assert second.already[0].reason.startswith("Already imported on ")
    assert second.already[0].reason.endswith("(imported).")
    assert counts() == (3, 3)
    assert AuditEvent.objects.count() == audit


def test_an_edited_submission_replaces_the_draft_it_deprecates(form, programme_manager):
    book, community = form
    original = instance()
    data = kobo_json([kobo_record(book, answered(book, community, q_1="2"), instance_id=original)])
    run(programme_manager, "child_protection", data, "before.json")
    old_submission = Submission.objects.get()
    old_assessment = old_submission.assessment

    edited = instance()
    record = kobo_record(
        book,
        answered(book, community, q_1="5"),
        instance_id=edited,
        deprecated_id=original,
        root=original,
    )
    result = run(programme_manager, "child_protection", kobo_json([record]), "after.json")

    assert (len(result.imported), len(result.replaced)) == (0, 1)
    assert counts() == (1, 2)
    assert not Assessment.objects.filter(pk=old_assessment.pk).exists()
    new = Submission.objects.get(instance_id=edited.removeprefix("uuid:"))
    assert new.assessment.answers.get(item__code="1").rating == 5
    assert (new.root_id, new.deprecated_id) == (
        original.removeprefix("uuid:"),
        original.removeprefix("uuid:"),
    )
    old_submission.refresh_from_db()
    assert (old_submission.state, old_submission.assessment, old_submission.replaced_by) == (
        "replaced",
        None,
        new,
    )
    deleted = AuditEvent.objects.get(action="delete", object_id=str(old_assessment.pk))
    assert deleted.note == f"edited: {edited.removeprefix('uuid:')}"
    assert deleted.changes["answers"]["1"]["rating"] == 2

    # The older export imported again brings nothing back.
    again = run(programme_manager, "child_protection", data, "before.json")
    assert again.already[0].reason.endswith("(replaced by an edit).")
    assert counts() == (1, 2)


def test_an_edit_found_by_odk_centrals_key_replaces_the_draft(form, programme_manager):
    book, community = form
    key = instance()
    first = central_csv(book, [{"answers": answered(book, community, q_2="1"), "instance_id": key}])
    run(programme_manager, "child_protection", first, "submissions.csv")
    edit = {"answers": answered(book, community, q_2="4"), "instance_id": instance(), "key": key}
    result = run(programme_manager, "child_protection", central_csv(book, [edit]), "s.csv")
    assert len(result.replaced) == 1
    assert Assessment.objects.get().answers.get(item__code="2").rating == 4


def test_an_edit_of_a_finalised_draft_is_listed_not_imported(form, programme_manager):
    book, community = form
    original = instance()
    data = kobo_json([kobo_record(book, answered(book, community), instance_id=original)])
    run(programme_manager, "child_protection", data, "a.json")
    assessment_submission_finalise(actor=programme_manager, submission=Submission.objects.get())
    record = kobo_record(
        book, answered(book, community), instance_id=instance(), deprecated_id=original
    )
    result = run(programme_manager, "child_protection", kobo_json([record]), "b.json")
    assert len(result.skipped) == 1
    assert "has already finalised; a final assessment is never changed" in (
        result.skipped[0].reason
    )
    assert counts() == (1, 1)
    assert Assessment.objects.get().status == "final"


def test_an_edit_in_the_same_file_leaves_the_older_version_out(form, programme_manager):
    book, community = form
    original = instance()
    records = [
        kobo_record(book, answered(book, community, q_3="1"), instance_id=original),
        kobo_record(
            book, answered(book, community, q_3="3"), instance_id=instance(), deprecated_id=original
        ),
    ]
    result = run(programme_manager, "child_protection", kobo_json(records), "f.json")
    assert len(result.imported) == 1
    assert [o.reason for o in result.skipped] == [
        "Replaced by its edit at submission 2 of this file."
    ]
    assert Assessment.objects.get().answers.get(item__code="3").rating == 3


def test_only_approved_submissions_when_asked(form, programme_manager):
    book, community = form
    records = [
        kobo_record(book, answered(book, community), validation=APPROVED),
        kobo_record(book, answered(book, community), validation=ON_HOLD),
        kobo_record(book, answered(book, community)),
        kobo_record(book, answered(book, community), validation=NOT_APPROVED),
    ]
    result = run(
        programme_manager, "child_protection", kobo_json(records), "f.json", approved_only=True
    )
    assert len(result.imported) == 1
    assert Submission.objects.get().review == "approved"
    assert [(o.label.split(" (")[0], o.reason) for o in result.skipped] == [
        ("submission 2", "Not validated as approved (on hold)."),
        ("submission 3", "Not validated as approved (not validated)."),
        ("submission 4", "Marked “not approved” in the collection tool."),
    ]
    # Without the option the ones on hold and not validated come in; "not approved" never.
    result = run(programme_manager, "child_protection", kobo_json(records), "f.json")
    assert (len(result.imported), len(result.already), len(result.skipped)) == (2, 1, 1)


def test_odk_central_review_states(form, programme_manager):
    book, community = form
    rows = [
        {"answers": answered(book, community), "instance_id": instance(), "review": review}
        for review in ("approved", "hasIssues", "rejected", "")
    ]
    result = run(
        programme_manager, "child_protection", central_csv(book, rows), "s.csv", approved_only=True
    )
    assert len(result.imported) == 1
    assert [o.reason for o in result.skipped] == [
        "Not validated as approved (has issues).",
        "Marked “rejected” in the collection tool.",
        "Not validated as approved (not validated).",
    ]


def test_unknown_community_and_older_version_are_listed_and_not_imported(
    form, programme_manager, administrator
):
    book, community = form
    old = kobo_record(book, answered(book, community))
    instrument = Instrument.objects.get(code="child_protection", is_active=True)
    newer = instrument_new_version(actor=administrator, instrument=instrument)
    Instrument.objects.filter(pk=instrument.pk).update(is_active=False)
    Instrument.objects.filter(pk=newer.pk).update(is_active=True)
    current = answered(book, community, form_version="2", community="999999")
    records = [old, kobo_record(book, current), kobo_record(book, {**current, "form_version": "7"})]

    result = run(programme_manager, "child_protection", kobo_json(records), "f.json")

    assert result.imported == [] and counts() == (0, 0)
    assert [o.reason for o in result.skipped] == [
        "Filled in on version 1 of the form; child_protection is now at version 2, whose "
        "items may differ. Collect it again with the current form.",
        "community: unknown community “999999”: no community has this id here (it was "
        "deleted, or the form came from another installation).",
        "Version 7 of the form is not known here (current: 2).",
    ]


def test_bad_values_name_the_submission_and_the_field(form, programme_manager):
    book, community = form
    good = kobo_record(book, answered(book, community))
    bad = kobo_record(
        book,
        answered(book, community, q_1="7", q_2_methods="desk_review telepathy", collected_on=""),
        instance_id="uuid:bad-one",
    )
    bad["today"] = "2026-02-31"
    result = run(programme_manager, "child_protection", kobo_json([bad, good]), "f.json")
    assert len(result.imported) == 1
    [skipped] = result.skipped
    assert skipped.label == "submission 1 (bad-one)"
    assert skipped.reason == ("today: “2026-02-31” is not a date written as YYYY-MM-DD.")
    del bad["today"]
    bad["_submission_time"] = "2026-03-02T10:15:00"
    result = run(programme_manager, "child_protection", kobo_json([bad]), "f.json")
    assert result.skipped[0].reason == (
        "q_1: “7” is not one of the choices (1, 2, 3, 4, 5, unknown). "
        "q_2_methods: “telepathy” is not one of the choices (desk_review, focus_group, "
        "key_informant, individual_survey, community_consultation, historic_mapping)."
    )
    assert counts() == (1, 1)


def test_a_future_date_is_refused(form, programme_manager):
    book, community = form
    record = kobo_record(book, answered(book, community, collected_on="2999-01-01"))
    result = run(programme_manager, "child_protection", kobo_json([record]), "f.json")
    assert result.skipped[0].reason == "collected_on: 2999-01-01 is in the future."


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b'{"count": 1, "results": [', "d.json", "The file is not valid JSON: Expecting value"),
        (b'{"hello": 1}', "d.json", "This JSON is not a KoboToolbox data export"),
        (b'{"count": 1, "results": [3]}', "d.json", "Submission 1 is not a JSON object."),
        (b'{"count": 0, "next": null, "results": []}', "d.json", "The file holds no submissions."),
        (b"PK\x03\x04", "export.zip", "Unzip the export and upload the main .csv file"),
        (b"x", "notes.txt", "Upload the KoboToolbox JSON (API v2 data), or a CSV or XLSX"),
        (b"\xff\xfe", "e.csv", "The CSV file is not UTF-8 encoded"),
    ],
)
def test_unreadable_files_are_refused_whole(programme_manager, data, filename, message):
    result = run(programme_manager, "child_protection", data, filename)
    assert len(result.errors) == 1 and result.errors[0].startswith(message)
    assert counts() == (0, 0)


def test_a_file_of_another_form_is_refused_whole(form, programme_manager):
    book, community = form
    data = kobo_json([kobo_record(book, answered(book, community))])
    result = run(programme_manager, "altai", data, "f.json")
    assert result.errors == [
        "These are submissions of the form “child_protection”, not of “altai”: import them "
        "on that form's page."
    ]
    labels_export = b"Community;Date of the data collection\nKaloum;2026-03-01\n"
    result = run(programme_manager, "altai", labels_export, "labels.csv")
    assert result.errors[0].startswith(
        "The file does not say which form its submissions answer (no form_code column)."
    )
    assert counts() == (0, 0)


def test_one_page_of_a_paginated_api_answer_says_so(form, programme_manager):
    book, community = form
    data = kobo_json(
        [kobo_record(book, answered(book, community))],
        next_page="https://kf.kobotoolbox.org/api/v2/assets/a1/data/?start=1",
    )
    result = run(programme_manager, "child_protection", data, "page1.json")
    assert len(result.imported) == 1
    assert result.notices == [
        "The file is one page of 1 submissions (1 in it): download the next page too, or "
        "ask the API for all at once (?limit=…)."
    ]


def test_an_imported_altai_draft_counts_in_the_score_only_once_finalised(
    client_for, programme_manager
):
    community = CommunityFactory(name="Kaloum")
    book = download(client_for(programme_manager), "altai")
    answers = fill(book, subject=str(community.pk), collected_on=COLLECTED)
    answers.update(q_4="3", q_6="2")
    run(programme_manager, "altai", kobo_json([kobo_record(book, answers)]), "altai.json")
    submission = Submission.objects.get()

    assessment_services.community_score(community_ids=[community.pk])
    criteria = {c["code"]: c for c in CommunityScore.objects.get().criteria}
    assert (criteria["4"]["rating"], criteria["4"]["source"]) == (None, "unknown")

    assessment_submission_finalise(actor=programme_manager, submission=submission)
    assessment_services.community_score(community_ids=[community.pk])
    criteria = {c["code"]: c for c in CommunityScore.objects.latest("computed_at").criteria}
    assert (criteria["4"]["rating"], criteria["4"]["source"]) == (3, "assessor")
    assert (criteria["6"]["rating"], criteria["6"]["source"]) == (2, "assessor")
    assert Assessment.objects.get().status == "final"
    event = AuditEvent.objects.filter(action="update", object_id=str(submission.assessment_id))
    assert event.get().changes == {"status": ["draft", "final"]}

    with pytest.raises(ValidationError, match="already final"):
        assessment_submission_finalise(actor=programme_manager, submission=submission)
    with pytest.raises(ValidationError, match="a final assessment is never deleted"):
        assessment_submission_discard(actor=programme_manager, submission=submission)


def test_a_discarded_draft_does_not_come_back(form, programme_manager):
    book, community = form
    data = kobo_json([kobo_record(book, answered(book, community))])
    run(programme_manager, "child_protection", data, "f.json")
    submission = Submission.objects.get()
    assessment_pk = submission.assessment_id

    assessment_submission_discard(actor=programme_manager, submission=submission)

    submission.refresh_from_db()
    assert (submission.state, submission.assessment) == ("discarded", None)
    assert not Assessment.objects.filter(pk=assessment_pk).exists()
    assert AuditEvent.objects.filter(action="delete", object_id=str(assessment_pk)).count() == 1
    again = run(programme_manager, "child_protection", data, "f.json")
    assert again.already[0].reason.endswith("(discarded).")
    assert counts() == (0, 1)
    with pytest.raises(ValidationError, match="no draft assessment left to discard"):
        assessment_submission_discard(actor=programme_manager, submission=submission)


def test_a_submission_without_instance_id_is_listed(form, programme_manager):
    book, community = form
    record = kobo_record(book, answered(book, community))
    del record["_uuid"], record["meta/instanceID"]
    result = run(programme_manager, "child_protection", kobo_json([record]), "f.json")
    assert result.skipped[0].reason.startswith("It has no instance ID (meta/instanceID or _uuid)")
    assert counts() == (0, 0)
