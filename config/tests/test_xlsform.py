"""Writing an XLSForm and reading submissions back, without the database."""

import datetime
import io

import pytest

from config.xlsform import (
    AnswerError,
    Question,
    SubmissionFileError,
    XLSForm,
    calculate,
    export_version,
    read_submissions,
)

NAMES = {"community", "q_1", "q_1_methods", "collected_on", "form_code"}


def sample_form() -> XLSForm:
    form = XLSForm(form_id="demo", title="Demo", version="1.202611020830")
    form.choice_list("rating", [("1", "1 – low"), ("2", "2 – high"), ("unknown", "Unknown")])
    form.choice_list("methods", [("desk_review", "Desk review"), ("focus_group", "Focus group")])
    form.add(calculate("form_code", "demo"))
    form.begin_group("g1", "Group one")
    form.add(
        Question("select_one rating", "q_1", "Question one", required=True),
        Question("select_multiple methods", "q_1_methods", "Methods"),
        Question("date", "collected_on", "Date"),
    )
    form.end_group("g1")
    return form


def test_sheets_of_a_form():
    sheets = sample_form().sheets()
    assert sheets["settings"] == [
        ["form_title", "form_id", "version"],
        ["Demo", "demo", "1.202611020830"],
    ]
    assert sheets["survey"][1][:2] == ["calculate", "form_code"]
    assert sheets["survey"][1][-1] == "'demo'"
    assert sheets["survey"][3][:5] == ["select_one rating", "q_1", "Question one", "", "yes"]
    assert sheets["choices"][1] == ["rating", "1", "1 – low"]
    assert export_version(2, datetime.datetime(2026, 1, 5, 7, 9)) == "2.202601050709"


def test_a_form_refuses_names_the_exports_would_mangle():
    form = sample_form()
    for name in ("Q-1", "q.1", "1q", "q 1"):
        with pytest.raises(ValueError, match="is not a name the exports keep intact"):
            form.add(Question("text", name, "x"))
    with pytest.raises(ValueError, match="already has a question named 'q_1'"):
        form.add(Question("text", "q_1", "again"))
    with pytest.raises(ValueError, match="No choice list 'nope'"):
        form.add(Question("select_one nope", "q_9", "x"))
    with pytest.raises(ValueError, match="may not be empty or hold spaces"):
        form.choice_list("bad", [("a b", "A B")])


def test_answers_are_read_as_the_form_defines_them():
    form = sample_form()
    assert form.answer("q_1", " 2 ") == "2"
    assert form.answer("q_1", "Unknown") == "unknown"  # an export "with labels"
    assert form.answer("q_1", "") is None
    assert form.answer("q_1_methods", "focus_group desk_review focus_group") == [
        "focus_group",
        "desk_review",
    ]
    assert form.answer("collected_on", "2026-03-01T00:00:00") == datetime.date(2026, 3, 1)
    with pytest.raises(AnswerError, match=r"“3” is not one of the choices \(1, 2, unknown\)"):
        form.answer("q_1", "3")
    with pytest.raises(AnswerError, match="is not a date written as YYYY-MM-DD"):
        form.answer("collected_on", "01/03/2026")


def test_kobo_json_envelope():
    data = b"""{"count": 2, "next": null, "previous": null, "results": [
      {"_uuid": "aaa", "meta/instanceID": "uuid:AAA", "meta/deprecatedID": "uuid:old",
       "meta/rootUuid": "uuid:root", "__version__": "vX1", "_submission_time":
       "2026-03-02T10:15:00", "_submitted_by": "fatou", "_validation_status":
       {"uid": "validation_status_approved", "label": "Approved"}, "g1/q_1": "2",
       "g1/q_1_methods": "desk_review", "formhub/uuid": "ff", "_attachments": []},
      {"_uuid": "bbb", "g1/q_1": ["2"], "_validation_status": {}}
    ]}"""
    first, second = read_submissions(io.BytesIO(data), "d.json", names=NAMES).submissions
    assert (first.instance_id, first.deprecated_id, first.root_id) == ("aaa", "old", "root")
    assert (first.tool_version, first.submitted_by, first.review) == ("vX1", "fatou", "approved")
    assert first.submitted_at == datetime.datetime(2026, 3, 2, 10, 15, tzinfo=datetime.UTC)
    assert first.values == {"q_1": "2", "q_1_methods": "desk_review"}
    assert (second.instance_id, second.root_id, second.review) == ("bbb", "bbb", "")
    assert second.problems == ["q_1: expected one answer, found a list."]
    assert second.label == "submission 2 (bbb)"


def test_odk_central_csv_envelope():
    data = (
        b"SubmissionDate,g1-q_1,g1-q_1_methods,meta-instanceID,KEY,SubmitterName,ReviewState,"
        b"FormVersion\n"
        b"2026-03-02T10:15:00.000Z,1,focus_group,uuid:new,uuid:first,Amadou,hasIssues,1.2026\n"
    )
    [submission] = read_submissions(io.BytesIO(data), "s.csv", names=NAMES).submissions
    assert (submission.instance_id, submission.root_id) == ("new", "first")
    assert (submission.submitted_by, submission.review, submission.tool_version) == (
        "Amadou",
        "has_issues",
        "1.2026",
    )
    assert submission.values == {"q_1": "1", "q_1_methods": "focus_group"}
    assert submission.where == "row 2"


def test_kobo_csv_per_option_columns_are_left_out_and_a_question_twice_is_refused():
    data = b"g1/q_1;g1/q_1_methods;g1/q_1_methods/desk_review;_uuid\n2;desk_review;1;u1\n"
    [submission] = read_submissions(io.BytesIO(data), "k.csv", names=NAMES).submissions
    assert submission.values == {"q_1": "2", "q_1_methods": "desk_review"}
    twice = b"g1/q_1,q_1,_uuid\n1,2,u\n"
    with pytest.raises(SubmissionFileError, match="both hold the question q_1"):
        read_submissions(io.BytesIO(twice), "k.csv", names=NAMES)


def test_a_bad_submission_time_is_a_problem_of_that_submission():
    data = b'[{"_uuid": "u", "_submission_time": "yesterday"}]'
    [submission] = read_submissions(io.BytesIO(data), "d.json", names=NAMES).submissions
    assert submission.problems == ["“yesterday” is not a submission time."]
