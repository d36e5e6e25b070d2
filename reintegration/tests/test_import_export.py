"""Import (all rows or none, with a row-by-row report) and export (streamed, sensitive
fields only for those who may see them) of returnees, in CSV and XLSX."""

import csv
import datetime
import io
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from accounts.models import AccessLogEntry, AuditEvent
from communities.models import Sector
from communities.tests.factories import CommunityFactory
from reintegration import exports
from reintegration.import_format import COLUMN_NAMES
from reintegration.models import Consent, ReferenceCounter, Returnee, ReturneeNeed, ReturneeSkill
from reintegration.services import RowError, imports, returnee_import
from reintegration.tests.factories import ReturneeFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
LAST_YEAR = TODAY.year - 1
IMPORT_URL = "reintegration:import_returnees"
EXPORT_URL = "reintegration:export_returnees"


@pytest.fixture
def community():
    return CommunityFactory(country="GIN", pcode="GN-CKY-01")


def row(**overrides) -> dict[str, str]:
    return {
        "first_name": "Mariama",
        "last_name": "Sow",
        "sex": "female",
        "gender": "woman",
        "date_of_birth": "1996-03-14",
        "estimated_age": "",
        "nationality": "GIN",
        "languages": "Pular;French",
        "phone": "+224 620 11 22 33",
        "community_pcode": "GN-CKY-01",
        "return_date": f"{LAST_YEAR}-06-01",
        "countries_lived": "lby;NER",
        "months_abroad": "26",
        "return_kind": "assisted_voluntary",
        "education_level": "secondary",
        "occupation_before": "Seamstress",
        "occupation_abroad": "Domestic work",
        "vulnerabilities": "single_caregiver",
        "interested_in_collective_projects": "yes",
        "life_plans": "Open a tailoring workshop",
        "skills": "C-TAILORING:advanced:6",
        "needs": "economic:Start-up capital;psychosocial:Counselling",
        "consent_given_on": f"{LAST_YEAR}-06-02",
        **overrides,
    }


def csv_file(rows: list[dict], columns: list[str] = COLUMN_NAMES) -> io.BytesIO:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return io.BytesIO(text.getvalue().encode())


def xlsx_file(rows: list[dict]) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMN_NAMES)
    for values in rows:
        sheet.append([values[c] for c in COLUMN_NAMES])
    file = io.BytesIO()
    workbook.save(file)
    file.seek(0)
    return file


def run_import(actor, rows, *, filename="returnees.csv", **kwargs):
    return returnee_import(actor=actor, file=csv_file(rows), filename=filename, **kwargs)


def nothing_saved():
    return (
        Returnee.objects.count(),
        ReturneeSkill.objects.count(),
        Consent.objects.count(),
        AuditEvent.objects.count(),
        ReferenceCounter.objects.count(),
    ) == (0, 0, 0, 0, 0)


# --- template ---


def test_csv_template_is_the_header_of_the_import_columns(client_for, case_manager):
    response = client_for(case_manager).get(reverse("reintegration:import_template"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="returnee-import-template.csv"'
    )
    assert response.content.decode().splitlines() == [",".join(COLUMN_NAMES)]
    assert not set(Returnee.SENSITIVE_FIELDS) & set(COLUMN_NAMES)


def test_xlsx_template_has_the_columns_and_a_guide(client_for, case_manager):
    response = client_for(case_manager).get(
        reverse("reintegration:import_template"), {"format": "xlsx"}
    )
    assert isinstance(response, FileResponse)
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["returnees", "columns"]
    assert [c.value for c in workbook["returnees"][1]] == COLUMN_NAMES
    guide = list(workbook["columns"].iter_rows(values_only=True))
    assert guide[0] == ("column", "required", "how to fill it in")
    assert [g[0] for g in guide[1:]] == COLUMN_NAMES
    assert guide[COLUMN_NAMES.index("skills") + 1][2].startswith(
        "SECTORCODE:level:years separated by ;, e.g. C-TAILORING:advanced:6"
    )


# --- import ---


def test_import_registers_every_row_with_skills_needs_and_consent(case_manager, community):
    report = run_import(
        case_manager,
        [
            row(),
            row(
                first_name="José",
                last_name="Camara",
                sex="Male",
                gender="",
                date_of_birth="",
                estimated_age="31",
                phone="",
                return_date=TODAY.isoformat(),
                interested_in_collective_projects="",
                skills="",
                needs="",
                consent_given_on="",
            ),
        ],
    )
    assert report.errors == []
    assert report.count == 2
    mariama, jose = Returnee.objects.order_by("pk")
    assert (mariama.reference, jose.reference) == (
        f"RET-{LAST_YEAR}-000001",
        f"RET-{TODAY.year}-000001",
    )
    assert (mariama.name_normalized, jose.name_normalized) == ("mariama sow", "jose camara")
    assert mariama.phone == "+224620112233"
    assert mariama.languages == ["Pular", "French"]
    assert mariama.countries_lived == ["LBY", "NER"]
    assert mariama.vulnerabilities == ["single_caregiver"]
    assert mariama.interested_in_collective_projects is True
    assert jose.interested_in_collective_projects is None
    assert (jose.sex, jose.estimated_age, jose.date_of_birth) == ("male", 31, None)
    assert (mariama.organization, mariama.case_manager, mariama.registered_by) == (
        case_manager.organization,
        case_manager,
        case_manager,
    )
    assert mariama.community == community
    assert [(s.sector.code, s.level, s.years_experience) for s in mariama.skills.all()] == [
        ("C-TAILORING", "advanced", 6)
    ]
    assert sorted((n.level, n.description) for n in mariama.needs.all()) == [
        ("economic", "Start-up capital"),
        ("psychosocial", "Counselling"),
    ]
    consent = Consent.objects.get()
    assert (consent.returnee, consent.given_on, consent.case_management) == (
        mariama,
        datetime.date(LAST_YEAR, 6, 2),
        True,
    )
    assert consent.recorded_by == case_manager
    events = AuditEvent.objects.filter(action="import").order_by("pk")
    assert [(e.object_id, e.actor, e.note) for e in events] == [
        (str(mariama.pk), case_manager, "returnees.csv"),
        (str(jose.pk), case_manager, "returnees.csv"),
        (str(consent.pk), case_manager, "returnees.csv"),
    ]
    assert events[0].changes["reference"] == mariama.reference


def test_import_from_xlsx(case_manager, community):
    report = returnee_import(actor=case_manager, file=xlsx_file([row()]), filename="Returnees.XLSX")
    assert report.errors == []
    returnee = Returnee.objects.get()
    assert (returnee.date_of_birth, returnee.months_abroad, returnee.phone) == (
        datetime.date(1996, 3, 14),
        26,
        "+224620112233",
    )


def test_a_file_with_bad_rows_imports_nothing_and_names_each_row_and_column(
    case_manager, community
):
    report = run_import(
        case_manager,
        [
            row(),
            row(first_name="Awa", phone="", date_of_birth="14/03/1996"),
            row(first_name="Binta", phone="", community_pcode="GN-NOWHERE", sex="f"),
            row(first_name="Kadiatou", phone="", skills="C-TAILORING:expert:2;X-NONE:basic"),
            row(first_name="Fanta", phone="", date_of_birth="", consent_given_on="2999-01-01"),
        ],
    )
    assert report.errors == [
        RowError(3, "date_of_birth", "'14/03/1996' is not a date written as YYYY-MM-DD."),
        RowError(4, "sex", "Value 'f' is not a valid choice."),
        RowError(4, "community_pcode", "No community has the P-code 'GN-NOWHERE'."),
        RowError(
            5,
            "skills",
            "'C-TAILORING:expert:2': level: Value 'expert' is not a valid choice. "
            "'X-NONE:basic': unknown sector code 'X-NONE'.",
        ),
        RowError(6, "date_of_birth", "Give a date of birth or an estimated age."),
        RowError(6, "consent_given_on", "Consent cannot be dated in the future."),
    ]
    assert report.count == 0
    assert nothing_saved()


def test_skill_level_errors_name_the_skill(case_manager, community):
    report = run_import(case_manager, [row(skills="C-TAILORING:expert:2")])
    assert report.errors == [
        RowError(
            2, "skills", "'C-TAILORING:expert:2': level: Value 'expert' is not a valid choice."
        )
    ]
    assert nothing_saved()


def test_an_unknown_community_is_refused_naming_the_field(case_manager, community):
    report = run_import(case_manager, [row(community_pcode="ZZ-404")])
    assert report.errors == [
        RowError(2, "community_pcode", "No community has the P-code 'ZZ-404'.")
    ]
    assert nothing_saved()


def test_sensitive_columns_cannot_be_imported(case_manager, community):
    columns = [*COLUMN_NAMES, "mental_health_condition"]
    file = csv_file([row(mental_health_condition="Depression")], columns)
    report = returnee_import(actor=case_manager, file=file, filename="r.csv")
    assert report.errors == [
        RowError(
            None,
            "",
            "The header row does not match the template: column(s) that cannot be imported: "
            "mental_health_condition (sensitive fields and case details are entered in the "
            "record, not imported)",
        )
    ]
    assert nothing_saved()


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"first_name\nAwa\n", "r.csv", "The header row does not match the template: missing"),
        (b"\xff\xfe\x00bad", "r.csv", "The CSV file is not UTF-8 encoded"),
        (b"not a workbook", "r.xlsx", "The file is not a readable XLSX workbook."),
        (b"a,b", "r.txt", "Upload a .csv or .xlsx file made from the template."),
        (",".join(COLUMN_NAMES).encode() + b"\n", "r.csv", "The file has no returnee rows."),
    ],
)
def test_unreadable_files_are_refused(case_manager, content, filename, message):
    report = returnee_import(actor=case_manager, file=io.BytesIO(content), filename=filename)
    assert len(report.errors) == 1
    assert report.errors[0].row is None
    assert report.errors[0].message.startswith(message)
    assert nothing_saved()


def test_likely_duplicates_in_the_registry_and_in_the_file_are_reported(case_manager, community):
    existing = ReturneeFactory(
        case_manager=case_manager,
        community=community,
        first_name="Mariama",
        last_name="SOW",
        date_of_birth=datetime.date(1996, 1, 1),
        phone="",
    )
    other = ReturneeFactory(case_manager=case_manager, community=community, phone="+224620999999")
    report = run_import(
        case_manager,
        [
            row(first_name="Mariáma", phone=""),  # same name, birth year, community
            row(first_name="Awa", phone="+224 620 99 99 99"),  # same phone
            row(first_name="Hawa", last_name="Bah", phone="", estimated_age="30", date_of_birth=""),
            row(first_name="Hawa", last_name="Bah", phone="", estimated_age="31", date_of_birth=""),
            row(first_name="Hawa", last_name="Bah", phone="", date_of_birth="1990-01-01"),
        ],
    )
    assert report.errors == [
        RowError(
            2,
            "",
            f"Likely duplicate of {existing.reference}, already registered "
            "(same name, birth year and community).",
        ),
        RowError(
            3, "", f"Likely duplicate of {other.reference}, already registered (same phone number)."
        ),
        RowError(
            5, "", "Likely duplicate of row 4 of this file (same name, birth year and community)."
        ),
    ]
    assert Returnee.objects.count() == 2
    # Checked and confirmed as different people: all are imported.
    report = run_import(
        case_manager,
        [row(first_name="Mariáma", phone=""), row(first_name="Awa", phone="+224 620 99 99 99")],
        confirm_not_duplicates=True,
    )
    assert report.errors == []
    assert Returnee.objects.count() == 4


def test_another_organizations_returnee_is_not_a_duplicate(case_manager, outsider, community):
    ReturneeFactory(
        case_manager=outsider, community=community, first_name="Mariama", last_name="Sow"
    )
    assert run_import(case_manager, [row()]).errors == []


def test_import_runs_a_fixed_number_of_queries_per_chunk(case_manager, community, monkeypatch):
    ReturneeFactory(case_manager=case_manager, community=community)
    monkeypatch.setattr(imports, "CHUNK_SIZE", 10)

    def queries_for(prefix, count):
        rows = [row(first_name=f"{prefix}{i}", phone="") for i in range(count)]
        with CaptureQueriesContext(connection) as context:
            assert run_import(case_manager, rows).errors == []
        return [q["sql"] for q in context.captured_queries]

    queries_for("First", 1)  # creates the year's reference counter
    three, ten, thirty = queries_for("Three", 3), queries_for("Ten", 10), queries_for("X", 30)
    # Once: savepoint; sectors; create the temporary table of the file's rows; ... drop it;
    # release. Per chunk (12): communities by P-code; likely duplicates; reference counter
    # get_or_create + locked re-read + update; returnees, skills, needs, consents; audit
    # events of returnees and of consents; the chunk's rows into the temporary table.
    assert len(three) == len(ten) == 5 + 12
    assert len(thirty) == 5 + 3 * 12


def test_a_bad_row_in_a_late_chunk_rolls_back_the_earlier_chunks(
    case_manager, community, monkeypatch
):
    monkeypatch.setattr(imports, "CHUNK_SIZE", 10)
    rows = [row(first_name=f"Person{i}", phone="") for i in range(45)]
    rows[42] = row(first_name="Person42", phone="", return_date="2024-02-30")
    rows.append(row(first_name="Person7", phone=""))  # the file's row 9 again
    report = run_import(case_manager, rows)
    assert report.errors == [
        RowError(44, "return_date", "'2024-02-30' is not a date written as YYYY-MM-DD."),
        RowError(
            47, "", "Likely duplicate of row 9 of this file (same name, birth year and community)."
        ),
    ]
    assert report.count == 0
    assert nothing_saved()
    with connection.cursor() as cursor:  # the temporary table went with the rollback
        cursor.execute("SELECT to_regclass('reintegration_import_rows')")
        assert cursor.fetchone() == (None,)


def test_ten_thousand_rows_import_then_a_reimport_creates_nothing(case_manager, community):
    rows = [
        row(
            first_name=f"Person{i}",
            last_name="Diallo",
            phone=f"+224 621 {i:06d}",
            return_date=f"{LAST_YEAR if i % 2 else LAST_YEAR - 1}-01-0{1 + i % 5}",
            skills="C-TAILORING:basic:1" if i % 3 == 0 else "",
            needs="economic:Tools" if i % 4 == 0 else "",
            consent_given_on="" if i % 10 == 0 else f"{LAST_YEAR}-01-01",
        )
        for i in range(10_000)
    ]
    content = csv_file(rows).getvalue()
    started = time.perf_counter()
    report = returnee_import(
        actor=case_manager, file=io.BytesIO(content), filename="ten-thousand.csv"
    )
    elapsed = time.perf_counter() - started
    print(f"\nimport of 10,000 rows on {connection.vendor}: {elapsed:.1f} s")
    assert report.errors == []
    assert Returnee.objects.count() == 10_000
    for year, count in ((LAST_YEAR, 5_000), (LAST_YEAR - 1, 5_000)):
        references = list(
            Returnee.objects.filter(reference__startswith=f"RET-{year}-")
            .order_by("pk")
            .values_list("reference", flat=True)
        )
        assert references == [f"RET-{year}-{n:06d}" for n in range(1, count + 1)]
    assert ReturneeSkill.objects.count() == 3_334
    assert ReturneeNeed.objects.count() == 2_500
    assert Consent.objects.count() == 9_000
    returnee_type = ContentType.objects.get_for_model(Returnee)
    assert AuditEvent.objects.filter(action="import", content_type=returnee_type).count() == 10_000

    again = returnee_import(actor=case_manager, file=io.BytesIO(content), filename="again.csv")
    assert len(again.errors) == 10_000
    assert {e.row for e in again.errors} == set(range(2, 10_002))
    assert all(e.message.startswith("Likely duplicate of RET-") for e in again.errors)
    assert Returnee.objects.count() == 10_000
    assert AuditEvent.objects.filter(action="import").count() == 10_000 + 9_000


# --- import page ---


def test_import_page_links_the_templates(client_for, case_manager):
    response = client_for(case_manager).get(reverse(IMPORT_URL))
    assert response.status_code == 200
    html = response.content.decode()
    template_url = reverse("reintegration:import_template")
    assert f'href="{template_url}?format=xlsx"' in html
    assert f'href="{template_url}?format=csv"' in html
    assert "Likely duplicates" in html


def test_import_page_lists_errors_and_saves_nothing(client_for, case_manager, community):
    file = csv_file([row(), row(first_name="Awa", community_pcode="NOPE", phone="")])
    file.name = "bad.csv"
    response = client_for(case_manager).post(reverse(IMPORT_URL), {"file": file})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was imported" in html
    assert "1 error in 1 row." in html
    assert "<td>3</td>" in html
    assert "<code>community_pcode</code>" in html
    assert "No community has the P-code &#x27;NOPE&#x27;." in html
    assert nothing_saved()


def test_import_page_imports_and_redirects(client_for, case_manager, community):
    file = csv_file([row()])
    file.name = "good.csv"
    response = client_for(case_manager).post(reverse(IMPORT_URL), {"file": file}, follow=True)
    assert response.redirect_chain == [(reverse("reintegration:list"), 302)]
    assert "1 returnee imported from good.csv." in response.content.decode()
    assert Returnee.objects.get().case_manager == case_manager


@pytest.mark.parametrize("persona", ["programme_manager", "partner", "anonymous"])
def test_who_may_not_import(request, client, client_for, persona, community):
    file = csv_file([row()])
    file.name = "good.csv"
    if persona == "anonymous":
        response = client.post(reverse(IMPORT_URL), {"file": file})
        assert response.status_code == 302  # to the login page
    else:
        user = request.getfixturevalue(persona)
        response = client_for(user).post(reverse(IMPORT_URL), {"file": file})
        assert response.status_code == 403
    assert Returnee.objects.count() == 0


# --- export ---


def exported(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def as_dicts(rows: list[list[str]]) -> list[dict[str, str]]:
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


@pytest.fixture
def registry(case_manager, outsider, community):
    tailoring = Sector.objects.get(code="C-TAILORING")
    mine = ReturneeFactory(
        case_manager=case_manager,
        community=community,
        first_name="Mariama",
        last_name="Sow",
        phone="+224620112233",
        languages=["Pular", "French"],
        interested_in_collective_projects=False,
        mental_health_condition="Anxiety",
        protection_concern="",
        confidential_notes="Sleeps badly",
        occupation_abroad='=HYPERLINK("http://example.com")',
    )
    ReturneeSkill.objects.create(
        returnee=mine, sector=tailoring, level="advanced", years_experience=6
    )
    ReturneeNeed.objects.create(returnee=mine, level="economic", description="Tools")
    Consent.objects.create(
        returnee=mine, given_on=datetime.date(2026, 9, 2), recorded_by=case_manager
    )
    theirs = ReturneeFactory(case_manager=outsider, community=community, first_name="Other")
    return mine, theirs


def test_export_is_the_import_columns_plus_the_case(client_for, case_manager, registry):
    mine, _ = registry
    response = client_for(case_manager).get(reverse(EXPORT_URL))
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = exported(response)
    assert rows[0] == [
        "reference",
        "status",
        "case_manager",
        *COLUMN_NAMES,
        "consent_withdrawn_on",
        *Returnee.SENSITIVE_FIELDS,
    ]
    (record,) = as_dicts(rows)
    assert record["reference"] == mine.reference
    assert record["case_manager"] == "case-manager"
    assert record["community_pcode"] == "GN-CKY-01"
    assert record["languages"] == "Pular;French"
    assert record["phone"] == "+224620112233"  # a phone number is not "escaped"
    assert record["interested_in_collective_projects"] == "no"
    assert record["skills"] == "C-TAILORING:advanced:6"
    assert record["needs"] == "economic:Tools"
    assert record["consent_given_on"] == "2026-09-02"
    assert record["consent_withdrawn_on"] == ""
    # A formula is written as text, so a spreadsheet does not run it.
    assert record["occupation_abroad"] == '\'=HYPERLINK("http://example.com")'
    # The assigned case manager sees the sensitive values, and the read is logged.
    assert (
        record["mental_health_condition"],
        record["protection_concern"],
        record["confidential_notes"],
    ) == ("Anxiety", "", "Sleeps badly")
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.object_id, entry.fields, entry.purpose) == (
        case_manager,
        str(mine.pk),
        ["confidential_notes", "mental_health_condition"],
        "export",
    )


@pytest.mark.parametrize(
    ("persona", "sees_sensitive"),
    [("colleague", False), ("supervisor", True), ("administrator", True)],
)
def test_sensitive_columns_are_filled_only_for_who_may_see_them(
    request, client_for, registry, persona, sees_sensitive
):
    user = request.getfixturevalue(persona)
    records = as_dicts(exported(client_for(user).get(reverse(EXPORT_URL))))
    mine = next(r for r in records if r["first_name"] == "Mariama")
    assert mine["mental_health_condition"] == ("Anxiety" if sees_sensitive else "")
    assert mine["confidential_notes"] == ("Sleeps badly" if sees_sensitive else "")
    assert AccessLogEntry.objects.count() == (1 if sees_sensitive else 0)


def test_programme_manager_export_has_no_sensitive_columns(client_for, programme_manager, registry):
    rows = exported(client_for(programme_manager).get(reverse(EXPORT_URL)))
    assert not set(Returnee.SENSITIVE_FIELDS) & set(rows[0])
    assert [r["first_name"] for r in as_dicts(rows)] == ["Mariama"]


def test_outsider_export_has_none_of_the_other_organizations_returnees(
    client_for, outsider, registry
):
    records = as_dicts(exported(client_for(outsider).get(reverse(EXPORT_URL))))
    assert [r["reference"] for r in records] == [registry[1].reference]
    assert all(r["mental_health_condition"] == "" for r in records)


def test_partner_may_not_export_even_a_shared_returnee(client_for, partner, registry):
    mine, _ = registry
    mine.consent.shared_with.add(partner.organization)
    for params in ({}, {"format": "xlsx"}):
        response = client_for(partner).get(reverse(EXPORT_URL), params)
        assert response.status_code == 403
    assert AccessLogEntry.objects.count() == 0


def test_anonymous_may_not_export(client, registry):
    response = client.get(reverse(EXPORT_URL))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_export_follows_the_list_filters(client_for, case_manager, registry, community):
    ReturneeFactory(case_manager=case_manager, community=community, first_name="Fatoumata")
    records = as_dicts(exported(client_for(case_manager).get(reverse(EXPORT_URL), {"q": "fatou"})))
    assert [r["first_name"] for r in records] == ["Fatoumata"]


def test_xlsx_export_is_built_on_disk_and_sent_as_a_file(client_for, colleague, registry):
    response = client_for(colleague).get(reverse(EXPORT_URL), {"format": "xlsx"})
    assert isinstance(response, FileResponse)
    assert response["Content-Disposition"].startswith('attachment; filename="returnees-')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["returnees"]
    rows = list(sheet.iter_rows(values_only=True))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["first_name"] == "Mariama"
    assert record["date_of_birth"].date() == datetime.date(1995, 4, 12)
    assert record["mental_health_condition"] is None  # colleague: present but empty
    assert record["occupation_abroad"] == '=HYPERLINK("http://example.com")'
    column = get_column_letter(rows[0].index("occupation_abroad") + 1)
    assert sheet[f"{column}2"].data_type == "s"  # text, not a formula


def test_export_streams_in_chunks(client_for, case_manager, community):
    """5,000 returnees, fetched 2,000 at a time: the first row is sent after one chunk has
    been read, and the skills and needs are prefetched once per chunk (3 chunks)."""
    returnees = ReturneeFactory.build_batch(5_000, case_manager=case_manager, community=community)
    Returnee.objects.bulk_create(returnees, batch_size=1000)
    response = client_for(case_manager).get(reverse(EXPORT_URL))
    assert isinstance(response, StreamingHttpResponse)
    lines = iter(response.streaming_content)

    def skill_queries(context):
        table = ReturneeSkill._meta.db_table
        return [q for q in context.captured_queries if f'FROM "{table}"' in q["sql"]]

    with CaptureQueriesContext(connection) as first:
        header, first_row = next(lines), next(lines)
    assert header.startswith(b"reference,status,case_manager,first_name")
    assert first_row.startswith(returnees[0].reference.encode())
    assert len(skill_queries(first)) == 1
    with CaptureQueriesContext(connection) as rest:
        remaining = sum(1 for _ in lines)
    assert remaining == 4_999
    assert len(skill_queries(rest)) == 2
    assert exports.CHUNK_SIZE == 2_000


def test_export_content_is_exact_and_runs_two_queries_per_chunk(
    client_for, programme_manager, case_manager, registry
):
    """The whole file a programme manager downloads (no sensitive columns), byte for byte;
    skills in sector-code order, needs in level order. PostgreSQL writes it (export_copy):
    per chunk, the query of the chunk's last id (none found: this is the last chunk), then
    the COPY of the chunk's rows, skills and needs."""
    mine, _ = registry
    ReturneeSkill.objects.create(
        returnee=mine, sector=Sector.objects.get(code="A-CROPS"), level="basic"
    )
    ReturneeNeed.objects.create(returnee=mine, level="basic", description="Food")
    other = ReturneeFactory(
        case_manager=None,
        organization=case_manager.organization,
        community=mine.community,
        first_name="@Hawa",
        last_name="Bah",
        date_of_birth=None,
        estimated_age=40,
        vulnerabilities=["disability", "single_caregiver"],
        interested_in_collective_projects=True,
    )
    client = client_for(programme_manager)
    with CaptureQueriesContext(connection) as context:
        content = b"".join(client.get(reverse(EXPORT_URL)).streaming_content).decode()
    header = ",".join(["reference", "status", "case_manager", *COLUMN_NAMES])
    assert content.split("\r\n") == [
        header + ",consent_withdrawn_on",
        f"{mine.reference},open,case-manager,Mariama,Sow,female,,1995-04-12,,GIN,Pular;French,"
        '+224620112233,GN-CKY-01,2026-09-01,,,assisted_voluntary,,,"\'=HYPERLINK(""http://'
        'example.com"")",,no,,A-CROPS:basic:0;C-TAILORING:advanced:6,'
        "basic:Food;economic:Tools,2026-09-02,",
        f"{other.reference},open,,'@Hawa,Bah,female,,,40,GIN,,,GN-CKY-01,2026-09-01,,,"
        "assisted_voluntary,,,,disability;single_caregiver,yes,,,,,",
        "",
    ]
    export_queries = [
        "copy" if q["sql"].startswith("COPY") else "last id"
        for q in context.captured_queries
        if f'FROM "{Returnee._meta.db_table}"' in q["sql"]
    ]
    assert export_queries == ["last id", "copy"]
