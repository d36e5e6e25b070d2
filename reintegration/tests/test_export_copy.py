"""The CSV export PostgreSQL writes (export_copy) is the file the Python path writes: same
bytes for the same returnees, the same scope and filters, in one snapshot."""

import csv
import datetime
import io
import re
import sys

import psycopg2
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import Sector
from communities.tests.factories import CommunityFactory
from reintegration import export_copy, exports, selectors
from reintegration.models import Consent, Returnee, ReturneeNeed, ReturneeSkill
from reintegration.tests.factories import ReturneeFactory

pytestmark = pytest.mark.django_db
EXPORT_URL = "reintegration:export_returnees"

# Every kind of value a spreadsheet or a CSV reader could trip on.
NASTY = [
    {"first_name": "=1+2", "last_name": "+Bah", "phone": "+224 620 11 22 33"},
    {"first_name": "-Awa", "last_name": "@SUM(A1)", "phone": "-5"},
    {"first_name": "\tTab", "last_name": "\rCR", "phone": "+٦٢٠ ١١ ٢٢"},  # Arabic-Indic
    {"first_name": "+𞥑𞥒", "last_name": "=", "phone": "+"},  # Adlam digits are digits
    {"first_name": "+224 x", "last_name": "-", "phone": "(620) 11/22.33"},
    {"first_name": 'He said "hi"', "last_name": "Sow, Bah", "phone": ""},
    {"first_name": "line1\nline2", "last_name": "cr\r\nlf", "phone": "1\n2"},
    {"first_name": "Fatoumata Bâ", "last_name": "فاطمة", "phone": " +224"},
    {"first_name": '"', "last_name": "\\.", "phone": "'=x"},
    {"first_name": "=\n", "last_name": "a\rb", "phone": "+1\t2"},
]


@pytest.fixture
def community():
    return CommunityFactory(country="GIN", pcode="GN-CKY-01")


@pytest.fixture
def nasty(case_manager, community):
    """NASTY returnees with lists, skills, needs, consent or none, case manager or none."""
    tailoring, crops = Sector.objects.get(code="C-TAILORING"), Sector.objects.get(code="A-CROPS")
    returnees = []
    for index, values in enumerate(NASTY):
        returnee = ReturneeFactory(
            case_manager=case_manager if index % 2 else None,
            organization=case_manager.organization,
            community=community,
            languages=["Pular", "=French", 'Sous"sou', "a,b"] if index % 3 else [],
            countries_lived=["LBY", "NER"] if index % 2 else [],
            vulnerabilities=["-disability"] if index == 4 else [],
            interested_in_collective_projects=[None, True, False][index % 3],
            date_of_birth=None if index % 4 == 0 else datetime.date(1990, 1, index + 1),
            estimated_age=30 + index if index % 4 == 0 else None,
            months_abroad=index * 7 if index % 2 else None,
            occupation_abroad=values["first_name"],
            occupation_before=values["last_name"],
            life_plans='Plan:\n1, a shop; 2, "sew"' if index == 6 else "",
            **values,
        )
        returnees.append(returnee)
        if index % 2:
            Consent.objects.create(
                returnee=returnee,
                given_on=datetime.date(2026, 9, 2),
                withdrawn_on=datetime.date(2026, 10, 1) if index == 5 else None,
                recorded_by=case_manager,
            )
        if index % 3 == 1:
            ReturneeSkill.objects.create(returnee=returnee, sector=tailoring, level="advanced")
            ReturneeSkill.objects.create(
                returnee=returnee, sector=crops, level="basic", years_experience=index
            )
            for level, description in [
                ("economic", "=Tools"),
                ("basic", 'Food, "rice"'),
                ("basic", "Water\nnow"),
            ]:
                ReturneeNeed.objects.create(returnee=returnee, level=level, description=description)
    # Values no form would let in, in the columns of choices too.
    Returnee.objects.filter(pk=returnees[2].pk).update(gender="+x", education_level="-1")
    return returnees


def python_csv(user, queryset) -> bytes:
    return "".join(exports.csv_lines(exports.export_rows(user, queryset))).encode()


def copied_csv(user, queryset) -> bytes:
    response = exports.export_response(user, queryset, "csv")
    return b"".join(response.streaming_content)


def parsed(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode(), newline="")))


def test_digit_ranges_are_pythons_digits():
    """The SQL's number-like test reads the digits config.tabular's regex reads."""
    digit = re.compile(r"\d")
    ranges = export_copy.DIGIT_RANGES
    expected = [c for c in range(sys.maxunicode + 1) if digit.match(chr(c))]
    assert [c for a, b in ranges for c in range(a, b + 1)] == expected


@pytest.mark.parametrize("chunk_size", [3, 5_000])
def test_copy_writes_the_bytes_the_python_path_writes(
    programme_manager, nasty, monkeypatch, chunk_size
):
    monkeypatch.setattr(export_copy, "CHUNK_SIZE", chunk_size)
    queryset = selectors.returnee_list(user=programme_manager)
    python = python_csv(programme_manager, queryset)
    copied = copied_csv(programme_manager, queryset)
    rows = parsed(copied)
    assert len(rows) == 1 + len(NASTY)
    assert rows == parsed(python)
    assert copied == python
    # A few values read back as a spreadsheet user sees them.
    records = {r[3]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert records["'=1+2"]["last_name"] == "'+Bah"
    assert records["'=1+2"]["phone"] == "+224 620 11 22 33"
    assert records["'-Awa"]["phone"] == "-5"
    assert records["'\tTab"]["phone"] == "+٦٢٠ ١١ ٢٢"
    assert records["'\tTab"]["gender"] == "'+x"
    assert records["+𞥑𞥒"]["last_name"] == "'="
    assert records["+𞥑𞥒"]["phone"] == "+"
    assert records["'+224 x"]["last_name"] == "-"
    assert records["line1\nline2"]["last_name"] == "cr\r\nlf"
    assert records["line1\nline2"]["languages"] == ""
    assert records["line1\nline2"]["life_plans"] == 'Plan:\n1, a shop; 2, "sew"'
    fatoumata = records["Fatoumata Bâ"]
    assert fatoumata["needs"] == 'basic:Food, "rice";basic:Water\nnow;economic:=Tools'
    assert fatoumata["skills"] == "A-CROPS:basic:7;C-TAILORING:advanced:0"
    assert fatoumata["languages"] == 'Pular;=French;Sous"sou;a,b'
    assert fatoumata["last_name"] == "فاطمة"
    assert records['He said "hi"']["consent_withdrawn_on"] == "2026-10-01"
    assert records["'=\n"]["last_name"] == "a\rb"
    assert records["'=\n"]["phone"] == "'+1\t2"


def test_an_empty_export_is_the_header(programme_manager, nasty):
    queryset = selectors.returnee_list(user=programme_manager, status="active")
    assert copied_csv(programme_manager, queryset) == python_csv(programme_manager, queryset)
    assert parsed(copied_csv(programme_manager, queryset)) == [
        exports.export_columns(programme_manager)
    ]


def test_the_view_writes_it_with_the_list_filters_and_the_organization_scope(
    client_for, programme_manager, outsider, case_manager, nasty
):
    elsewhere = CommunityFactory(country="GIN", pcode="GN-CKY-02")
    fatou = ReturneeFactory(
        case_manager=case_manager, community=elsewhere, first_name="Fatoumata", status="active"
    )
    ReturneeFactory(case_manager=outsider, community=elsewhere, first_name="Fatoumata")
    client = client_for(programme_manager)

    def names(params) -> list[str]:
        response = client.get(reverse(EXPORT_URL), params)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        content = b"".join(response.streaming_content)
        queryset = selectors.returnee_list(
            user=programme_manager,
            search=params.get("q", ""),
            status=params.get("status", ""),
            community_id=params.get("community"),
        )
        assert content == python_csv(programme_manager, queryset)
        return [row[3] for row in parsed(content)[1:]]

    assert len(names({})) == len(NASTY) + 1  # not the outsider's returnee
    # The trigram search (its %> operator bound through mogrify), accent-insensitive.
    assert names({"q": "fatou"}) == ["Fatoumata Bâ", "Fatoumata"]
    assert names({"q": fatou.reference}) == ["Fatoumata"]
    assert names({"status": "active"}) == ["Fatoumata"]
    assert names({"community": elsewhere.pk}) == ["Fatoumata"]
    assert names({"community": elsewhere.pk, "status": "open"}) == []
    assert names({"q": "Zzyzx"}) == []
    assert names({"q": "{range}{ids}'; --"}) == []  # searched text stays a bound value


def test_two_queries_per_chunk(client_for, programme_manager, nasty, monkeypatch):
    """Per chunk: the chunk's last id, then the COPY; the last chunk is the one whose last
    id is not found. No sensitive column, so no access log and no decryption."""
    monkeypatch.setattr(export_copy, "CHUNK_SIZE", 4)
    response = client_for(programme_manager).get(reverse(EXPORT_URL))
    with CaptureQueriesContext(connection) as context:
        chunks = list(response.streaming_content)
    assert len(chunks) == 1 + 3  # the header, then 10 returnees 4 at a time
    kinds = [
        "copy" if q["sql"].startswith("COPY") else "bound" if "OFFSET 3" in q["sql"] else q["sql"]
        for q in context.captured_queries
    ]
    assert kinds == ["bound", "copy", "bound", "copy", "bound", "copy"]


@pytest.mark.django_db(transaction=True)
def test_the_file_is_one_snapshot(client_for, programme_manager, case_manager, monkeypatch):
    """Chunks read after another connection changed the registry still show it as it was
    when the export began (REPEATABLE READ), and the transaction ends with the file."""
    monkeypatch.setattr(export_copy, "CHUNK_SIZE", 1)
    community = CommunityFactory(country="GIN", pcode="GN-CKY-03")
    first, last = (
        ReturneeFactory(case_manager=case_manager, community=community, first_name=name)
        for name in ("First", "Last")
    )
    response = client_for(programme_manager).get(reverse(EXPORT_URL))
    lines = iter(response.streaming_content)
    next(lines), next(lines)  # the header and the first returnee
    assert connection.in_atomic_block
    settings = connection.settings_dict
    other = psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"],
        password=settings["PASSWORD"],
    )
    try:
        with other, other.cursor() as cursor:
            table = Returnee._meta.db_table
            cursor.execute(f"UPDATE {table} SET first_name = 'Changed' WHERE id = %s", [last.pk])  # noqa: S608
    finally:
        other.close()
    rest = b"".join(lines)
    response.close()
    assert [row[3] for row in parsed(rest)] == ["Last"]
    assert not connection.in_atomic_block
    assert Returnee.objects.get(pk=last.pk).first_name == "Changed"
    assert first.first_name == "First"
