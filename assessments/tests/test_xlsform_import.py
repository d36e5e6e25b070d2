"""Round trips: each instrument's XLSForm is downloaded, filled in as an enumerator would,
exported as KoboToolbox (API JSON, CSV, XLSX) and ODK Central (CSV) write their data, and
imported: every answer is found in the draft with its exact value."""

import datetime
import io

import pytest

from accounts.models import AuditEvent
from assessments.catalogues import TABLE_3_2, TABLE_3_5
from assessments.models import Assessment, Instrument, Submission
from assessments.tests.xlsform_fixtures import project_source  # noqa: F401 - fixture
from assessments.xlsform.forms import item_names
from assessments.xlsform.services import assessment_submissions_import
from communities.tests.factories import CommunityFactory, StakeholderFactory
from communities.tests.xlsform_support import (
    central_csv,
    fill,
    kobo_csv,
    kobo_json,
    kobo_record,
    read_workbook,
)
from config.tabular import xlsx_file

pytestmark = pytest.mark.django_db

COLLECTED = datetime.date.today() - datetime.timedelta(days=12)
RATING_TYPES = ("rating_0_3", "rating_1_5")


def download(client, code: str):
    response = client.get(f"/assessments/field/{code}.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return read_workbook(b"".join(response.streaming_content))


def run(actor, code, data: bytes, filename: str, **options):
    instrument = Instrument.objects.get(code=code, is_active=True)
    return assessment_submissions_import(
        actor=actor, instrument=instrument, file=io.BytesIO(data), filename=filename, **options
    )


def expected_answers(instrument: Instrument, answers: dict) -> list[tuple]:
    """What the draft must hold for each item, read straight off the filled-in form:
    (code, rating, choice, text, methods, sources)."""
    rows = []
    for item in instrument.items.order_by("order"):
        names = item_names(item, instrument.answer_type)
        value = answers[names["answer"]]
        methods = answers[names["methods"]].split()
        sources = answers[names["sources"]]
        if instrument.answer_type == "text":
            rows.append((item.code, None, "", value, methods, sources))
        elif instrument.answer_type in RATING_TYPES:
            rating = None if value == "unknown" else int(value)
            rows.append((item.code, rating, "", answers[names["note"]], methods, sources))
        elif instrument.answer_type == "yes_no":
            rows.append((item.code, None, value, answers[names["note"]], methods, sources))
        else:  # suitability: "unknown" is left empty
            choice = "" if value == "unknown" else value
            rows.append((item.code, None, choice, answers[names["note"]], methods, sources))
    return rows


def stored_answers(assessment: Assessment) -> list[tuple]:
    return [
        (a.item.code, a.rating, a.choice, a.text, a.methods, a.sources)
        for a in assessment.answers.select_related("item").order_by("item__order")
    ]


COMMUNITY_CASES = [
    ("altai", "kobo_json"),
    ("altai", "central_csv"),
    ("table_3_1", "kobo_json"),
    ("table_3_1", "kobo_csv"),
    ("table_6_1", "kobo_json"),
    ("table_6_1", "kobo_xlsx"),
    ("child_protection", "kobo_json"),
    ("child_protection", "central_csv"),
]


def export(book, answers, shape: str, **envelope) -> tuple[bytes, str]:
    record = kobo_record(book, answers, **envelope)
    if shape == "kobo_json":
        return kobo_json([record]), "data.json"
    if shape == "kobo_csv":
        return kobo_csv(book, [record]), "export.csv"
    if shape == "kobo_xlsx":
        rows = [line.split(";") for line in kobo_csv(book, [record]).decode().splitlines()]
        assert all(len(r) == len(rows[0]) for r in rows), "no ';' inside the answers here"
        with xlsx_file({"data": rows}) as file:
            return file.read(), "export.xlsx"
    central = {
        "answers": answers,
        "instance_id": record["meta/instanceID"],
        "submitter": envelope.get("submitted_by") or "",
    }
    return central_csv(book, [central]), "submissions.csv"


@pytest.mark.parametrize(("code", "shape"), COMMUNITY_CASES)
def test_round_trip_of_a_community_instrument(code, shape, client_for, programme_manager):
    community = CommunityFactory(name="Kaloum")
    CommunityFactory(name="Matam")
    book = download(client_for(programme_manager), code)
    answers = fill(book, subject=str(community.pk), collected_on=COLLECTED, seed=len(shape))
    if shape == "kobo_xlsx":
        answers = {k: v.replace(";", ",") for k, v in answers.items()}
    data, filename = export(book, answers, shape, submitted_by="programme-manager")

    result = run(programme_manager, code, data, filename)

    assert result.errors == [] and result.skipped == []
    assert (len(result.imported), len(result.replaced), len(result.already)) == (1, 0, 0)
    instrument = Instrument.objects.get(code=code, is_active=True)
    assessment = Assessment.objects.get()
    assert (assessment.instrument, assessment.community, assessment.status) == (
        instrument,
        community,
        "draft",
    )
    assert (assessment.assessed_on, assessment.assessor) == (COLLECTED, programme_manager)
    assert assessment.notes.startswith(answers["notes"])
    assert stored_answers(assessment) == expected_answers(instrument, answers)
    assert {a.answered_on for a in assessment.answers.all()} == {COLLECTED}
    submission = Submission.objects.get()
    assert (submission.assessment, submission.community, submission.state) == (
        assessment,
        community,
        "imported",
    )
    assert (submission.form_id, submission.form_version, submission.collected_on) == (
        code,
        1,
        COLLECTED,
    )
    assert submission.subject_label.startswith("Kaloum (")
    assert submission.enumerator == programme_manager
    assert submission.data["community"] == str(community.pk)


def test_every_rating_and_unknown_are_read_exactly(client_for, programme_manager):
    community = CommunityFactory(name="Kaloum")
    book = download(client_for(programme_manager), "altai")
    answers = fill(book, subject=str(community.pk), collected_on=COLLECTED)
    ratings = {"q_1": "0", "q_2": "1", "q_3": "2", "q_4": "3", "q_5": "unknown", "q_6": "3"}
    answers.update(ratings, q_7="", q_1_methods="focus_group key_informant", q_1_note="Seen")
    result = run(programme_manager, "altai", kobo_json([kobo_record(book, answers)]), "d.json")
    assert len(result.imported) == 1
    assessment = Assessment.objects.get()
    assert [(a.item.code, a.rating) for a in assessment.answers.order_by("item__order")] == [
        ("1", 0),
        ("2", 1),
        ("3", 2),
        ("4", 3),
        ("5", None),
        ("6", 3),
        ("7", None),
    ]
    first = assessment.answers.get(item__code="1")
    assert (first.methods, first.text, first.source) == (
        ["focus_group", "key_informant"],
        "Seen",
        "assessor",
    )


@pytest.mark.usefixtures("project_source")
@pytest.mark.parametrize(("code", "shape"), [(TABLE_3_2, "kobo_json"), (TABLE_3_5, "kobo_csv")])
def test_round_trip_of_a_project_instrument(code, shape, client_for, programme_manager):
    project = StakeholderFactory(name="Poultry cooperative")
    book = download(client_for(programme_manager), code)
    answers = fill(book, subject=str(project.pk), collected_on=COLLECTED, seed=3)
    data, filename = export(book, answers, shape)

    result = run(programme_manager, code, data, filename)

    assert result.skipped == [] and len(result.imported) == 1
    instrument = Instrument.objects.get(code=code, is_active=True)
    assessment = Assessment.objects.get()
    assert (assessment.subject, assessment.community, assessment.status) == (
        project,
        None,
        "draft",
    )
    assert stored_answers(assessment) == expected_answers(instrument, answers)
    assert assessment.conclusion != ""  # Tables 3.2 and 3.5 conclude
    assert Submission.objects.get().subject_label == "Poultry cooperative"


def test_import_is_audited(client_for, programme_manager):
    community = CommunityFactory()
    book = download(client_for(programme_manager), "child_protection")
    answers = fill(book, subject=str(community.pk), collected_on=COLLECTED)
    run(programme_manager, "child_protection", kobo_json([kobo_record(book, answers)]), "f.json")
    events = AuditEvent.objects.filter(actor=programme_manager).order_by("id")
    assert [(e.action, e.content_type.model, e.note) for e in events] == [
        ("create", "assessment", ""),
        ("import", "submission", "f.json"),
    ]


def test_enumerator_without_an_account_is_kept_as_text(client_for, programme_manager, supervisor):
    community = CommunityFactory()
    book = download(client_for(programme_manager), "table_3_1")
    answers = fill(book, subject=str(community.pk), collected_on=COLLECTED)
    records = [
        kobo_record(book, answers, submitted_by="fatou_kobo"),
        # A user of the same name exists, in the importer's organization: the assessor.
        kobo_record(book, answers, submitted_by="Supervisor"),
    ]
    result = run(programme_manager, "table_3_1", kobo_json(records), "f.json")
    assert len(result.imported) == 2
    first, second = Submission.objects.order_by("id")
    assert (first.submitted_by, first.enumerator, first.assessment.assessor) == (
        "fatou_kobo",
        None,
        programme_manager,
    )
    assert (second.submitted_by, second.enumerator, second.assessment.assessor) == (
        "Supervisor",
        supervisor,
        supervisor,
    )
    change = AuditEvent.objects.get(action="update", object_id=str(second.assessment.pk))
    assert (change.actor, change.changes) == (
        programme_manager,
        {"assessor": [programme_manager.pk, supervisor.pk]},
    )
