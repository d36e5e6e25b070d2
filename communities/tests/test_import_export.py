"""Import (all rows or none, with a row-by-row report; a second import of the same file
changes nothing) and export (CSV streamed, XLSX, optional HXL row) of communities and
services."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection
from django.http import FileResponse, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.models import AuditEvent
from communities import exports, selectors
from communities.models import Community, Service
from communities.services import ImportResult, RowError, community_import, service_import
from communities.services import imports as imports_module
from communities.services.imports import COMMUNITY_COLUMNS, SERVICE_COLUMNS
from communities.tests.factories import CommunityFactory, ServiceFactory, StakeholderFactory

# The views are tested through a URLconf of their own (see urls_io_testconf).
pytestmark = [pytest.mark.django_db, pytest.mark.urls("communities.tests.urls_io_testconf")]
COMMUNITY_HEADER = [c.name for c in COMMUNITY_COLUMNS]
SERVICE_HEADER = [c.name for c in SERVICE_COLUMNS]
COMMUNITY_HXL = [
    "#loc+name",
    "#country+code",
    "#adm1+name",
    "#adm2+name",
    "#loc+code",
    "#geo+lat",
    "#geo+lon",
    "#population",
    "#loc+type",
    "#meta+notes",
]


def community_row(n: int, **overrides) -> dict[str, str]:
    return {
        "name": f"Village {n}",
        "country": "GIN",
        "admin1": "Kindia",
        "admin2": f"Sous-préfecture {n % 7}",
        "pcode": f"GN{n:05d}",
        "latitude": f"{9 + n / 1000:.6f}",
        "longitude": f"{-13 - n / 1000:.6f}",
        "population_estimate": str(1000 + n),
        "area_type": ["urban", "peri_urban", "rural"][n % 3],
        "notes": f"Surveyed in round {n % 4}",
        **overrides,
    }


def community_rows(count: int) -> list[dict[str, str]]:
    return [community_row(n) for n in range(1, count + 1)]


def csv_file(rows: list[dict], header: list[str], *, hxl: list[str] | None = None) -> io.BytesIO:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    if hxl:
        writer.writerow(hxl)
    for values in rows:
        writer.writerow([values.get(c, "") for c in header])
    return io.BytesIO(text.getvalue().encode())


def xlsx_file(rows: list[dict], header: list[str], *, hxl: list[str] | None = None) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    if hxl:
        sheet.append(hxl)
    for values in rows:
        sheet.append([values.get(c, "") for c in header])
    file = io.BytesIO()
    workbook.save(file)
    file.seek(0)
    return file


def import_communities(actor, rows, fmt="csv", header=COMMUNITY_HEADER, **kwargs):
    maker = xlsx_file if fmt == "xlsx" else csv_file
    return community_import(
        actor=actor, file=maker(rows, header, **kwargs), filename=f"communities.{fmt}"
    )


def import_services(actor, rows, fmt="csv", header=SERVICE_HEADER):
    maker = xlsx_file if fmt == "xlsx" else csv_file
    return service_import(actor=actor, file=maker(rows, header), filename=f"services.{fmt}")


def audit_actions() -> list[tuple[str, str]]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", "note"))


# --- the acceptance test of the issue ---


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_200_communities_import_then_the_same_file_changes_nothing(programme_manager, fmt):
    rows = community_rows(200)

    first = import_communities(programme_manager, rows, fmt)

    assert first == ImportResult(created=200, updated=0, unchanged=0)
    assert Community.objects.count() == 200
    assert audit_actions() == [("import", f"communities.{fmt}")] * 200
    village = Community.objects.get(pcode="GN00057")
    assert (
        village.name,
        village.country,
        village.admin1,
        village.admin2,
        village.latitude,
        village.longitude,
        village.population_estimate,
        village.area_type,
        village.notes,
    ) == (
        "Village 57",
        "GIN",
        "Kindia",
        "Sous-préfecture 1",
        Decimal("9.057000"),
        Decimal("-13.057000"),
        1057,
        "urban",
        "Surveyed in round 1",
    )
    stamps = dict(Community.objects.values_list("pk", "updated_at"))

    second = import_communities(programme_manager, rows, fmt)

    assert second == ImportResult(created=0, updated=0, unchanged=200)
    assert Community.objects.count() == 200
    assert AuditEvent.objects.count() == 200
    assert dict(Community.objects.values_list("pk", "updated_at")) == stamps


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_one_bad_row_imports_nothing_and_names_the_row_and_column(programme_manager, fmt):
    rows = community_rows(200)
    rows[55]["latitude"] = "200"  # the 56th community: row 57 under the header

    result = import_communities(programme_manager, rows, fmt)

    assert result == ImportResult(
        errors=[RowError(57, "latitude", "Latitude must be between -90 and 90.")]
    )
    assert Community.objects.count() == 0
    assert AuditEvent.objects.count() == 0


# --- matching on re-import ---


def test_a_changed_row_is_updated_and_audited_with_its_difference(programme_manager):
    rows = community_rows(3)
    import_communities(programme_manager, rows)
    rows[1]["population_estimate"] = "5000"
    rows[1]["name"] = "Village Two"  # matched on its P-code, so renamed, not duplicated

    result = import_communities(programme_manager, rows)

    assert result == ImportResult(created=0, updated=1, unchanged=2)
    assert sorted(Community.objects.values_list("name", flat=True)) == [
        "Village 1",
        "Village 3",
        "Village Two",
    ]
    event = AuditEvent.objects.get(action="update")
    assert (event.object_id, event.actor, event.note, event.changes) == (
        str(Community.objects.get(pcode="GN00002").pk),
        programme_manager,
        "communities.csv",
        {"name": ["Village 2", "Village Two"], "population_estimate": [1002, 5000]},
    )


def test_without_a_pcode_a_community_is_matched_on_country_admin_areas_and_name(
    programme_manager,
):
    existing = CommunityFactory(
        name="Dubréka", country="GIN", admin1="Kindia", admin2="Dubréka", pcode="", notes=""
    )
    row = community_row(
        1,
        name="DUBRÉKA",
        country="gin",
        admin1="kindia",
        admin2="Dubréka",
        pcode="",
        notes="Market on Thursdays",
    )

    result = import_communities(programme_manager, [row])

    assert result == ImportResult(created=0, updated=1, unchanged=0)
    existing.refresh_from_db()
    assert (Community.objects.count(), existing.name, existing.notes) == (
        1,
        "DUBRÉKA",
        "Market on Thursdays",
    )


def test_a_new_pcode_is_given_to_a_place_registered_without_one(programme_manager):
    existing = CommunityFactory(name="Village 1", admin1="Kindia", admin2="Sous-préfecture 1")
    Community.objects.filter(pk=existing.pk).update(pcode="")

    result = import_communities(programme_manager, [community_row(1)])

    assert result == ImportResult(created=0, updated=1, unchanged=0)
    assert list(Community.objects.values_list("pk", "pcode")) == [(existing.pk, "GN00001")]


def test_a_column_left_out_keeps_what_is_recorded(programme_manager):
    CommunityFactory(
        name="Village 1", admin1="Kindia", pcode="GN00001", notes="Keep me", admin2="A"
    )
    header = ["name", "country", "admin1", "admin2", "pcode", "area_type"]
    row = community_row(1, admin2="A", area_type="urban")

    result = import_communities(programme_manager, [row], header=header)

    assert result == ImportResult(created=0, updated=0, unchanged=1)
    assert Community.objects.get().notes == "Keep me"


# --- bad input changes nothing ---


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"country": "XYZ"},
            [RowError(2, "country", "'XYZ' is not an ISO 3166-1 alpha-3 country code.")],
        ),
        (
            {"longitude": "-181"},
            [RowError(2, "longitude", "Longitude must be between -180 and 180.")],
        ),
        ({"latitude": "north"}, [RowError(2, "latitude", "“north” is not a number.")]),
        (
            {"longitude": ""},
            [RowError(2, "longitude", "Give both latitude and longitude, or neither.")],
        ),
        (
            {"population_estimate": "12 000"},
            [RowError(2, "population_estimate", "“12 000” is not a whole number.")],
        ),
        (
            {"population_estimate": "-5"},
            [
                RowError(
                    2, "population_estimate", "Ensure this value is greater than or equal to 0."
                )
            ],
        ),
        (
            {"area_type": "suburb"},
            [
                RowError(
                    2,
                    "area_type",
                    "“suburb” is not an area type; use one of: urban, peri_urban, rural.",
                )
            ],
        ),
        ({"name": ""}, [RowError(2, "name", "This field cannot be blank.")]),
        ({"admin1": ""}, [RowError(2, "admin1", "This field cannot be blank.")]),
    ],
    ids=[
        "country",
        "longitude",
        "not-a-number",
        "half-a-point",
        "population",
        "negative",
        "area",
        "name",
        "admin1",
    ],
)
def test_a_bad_cell_is_reported_by_row_and_column(programme_manager, overrides, expected):
    result = import_communities(programme_manager, [community_row(1, **overrides)])

    assert result.errors == expected
    assert (Community.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_labels_and_long_coordinates_are_accepted(programme_manager):
    row = community_row(1, area_type="Peri-urban", latitude="9.50916712", longitude="-13,7122")

    assert import_communities(programme_manager, [row]).ok
    community = Community.objects.get()
    assert (community.area_type, community.latitude, community.longitude) == (
        "peri_urban",
        Decimal("9.509167"),
        Decimal("-13.712200"),
    )


def test_duplicates_within_the_file_name_both_rows(programme_manager):
    rows = [
        community_row(1),
        community_row(2, pcode="GN00001"),
        community_row(3, name="village 1", admin2="Sous-préfecture 1", pcode=""),
        community_row(4),
    ]

    result = import_communities(programme_manager, rows)

    assert result.errors == [
        RowError(3, "pcode", "The same P-code is on row 2."),
        RowError(4, "", "The same place is on row 2."),
    ]
    assert Community.objects.count() == 0


def test_a_pcode_or_place_already_used_by_another_community_is_refused(programme_manager):
    CommunityFactory(name="Village 1", admin1="Kindia", admin2="Sous-préfecture 1", pcode="GN9")
    CommunityFactory(name="Village 3", admin1="Kindia", admin2="Sous-préfecture 3", pcode="")
    CommunityFactory(name="Elsewhere", admin1="Boké", pcode="GN00002")
    # Row 3 matches Elsewhere on its P-code, and would move it onto Village 3's place.
    rows = [community_row(1), community_row(3, pcode="GN00002")]

    result = import_communities(programme_manager, rows)

    assert result.errors == [
        RowError(
            2,
            "pcode",
            "This place is already registered with the P-code GN9: "
            "give that P-code, or correct the place.",
        ),
        RowError(3, "name", "A community with this name is already registered in this area."),
    ]
    assert Community.objects.count() == 3
    assert AuditEvent.objects.count() == 0


def test_a_write_refused_by_the_database_saves_nothing(programme_manager, monkeypatch):
    CommunityFactory(pcode="GN00001", name="Village 1", admin2="Sous-préfecture 1")

    def refuse(*args, **kwargs):
        raise IntegrityError("community_unique_place")

    # As if another user recorded a place of the file between the check and the write.
    monkeypatch.setattr(Community.objects, "bulk_update", refuse)
    rows = [community_row(1, notes="Changed"), community_row(2)]

    result = import_communities(programme_manager, rows)

    assert result.errors == [
        RowError(
            None,
            "",
            "The database refused the file (a community or service was recorded meanwhile); "
            "nothing was saved. Upload it again.",
        )
    ]
    assert (Community.objects.count(), AuditEvent.objects.count()) == (1, 0)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_missing_or_unknown_column_is_named_on_row_1(programme_manager, fmt):
    header = [c for c in COMMUNITY_HEADER if c not in {"area_type", "admin1"}] + ["colour"]

    result = import_communities(programme_manager, [community_row(1)], fmt, header=header)

    assert result.errors == [
        RowError(1, "admin1", "The column “admin1” is missing."),
        RowError(1, "area_type", "The column “area_type” is missing."),
        RowError(1, "colour", "“colour” is not a column of the template."),
    ]
    assert Community.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (
            b"PK\x03\x04 not really a zip",
            "communities.xlsx",
            "The file is not a readable XLSX workbook.",
        ),
        (
            "name,country\nKamsar,GIN\n".encode("utf-16"),
            "communities.csv",
            "The CSV file is not UTF-8 encoded (byte 0): save it as “CSV UTF-8”.",
        ),
        (
            b'name\n"' + b"x" * 140_000 + b'"\n',
            "communities.csv",
            "The CSV file cannot be read: field larger than field limit (131072).",
        ),
        (
            b"",
            "communities.csv",
            "The file is empty: the first row must be the header of the template.",
        ),
        (
            ",".join(COMMUNITY_HEADER).encode(),
            "communities.csv",
            "The file has a header but no rows to import.",
        ),
        (b"name\n", "communities.xls", "Upload a .csv or .xlsx file made from the template."),
    ],
    ids=["corrupt-xlsx", "utf-16", "huge-cell", "empty", "header-only", "xls"],
)
def test_an_unreadable_file_is_refused_with_a_clear_message(
    programme_manager, content, filename, message
):
    result = community_import(actor=programme_manager, file=io.BytesIO(content), filename=filename)

    assert result == ImportResult(errors=[RowError(None, "", message)])
    assert Community.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(programme_manager, monkeypatch):
    monkeypatch.setattr(imports_module.common, "MAX_FILE_BYTES", 100)
    file = csv_file(community_rows(3), COMMUNITY_HEADER)

    result = community_import(actor=programme_manager, file=file, filename="big.csv")

    assert result.errors == [RowError(None, "", "The file is larger than 0 MB; split it.")]
    assert Community.objects.count() == 0


def test_a_file_over_the_row_limit_is_refused(programme_manager, monkeypatch):
    monkeypatch.setattr(imports_module.common, "MAX_ROWS", 2)

    result = import_communities(programme_manager, community_rows(3))

    assert result.errors == [RowError(None, "", "The file has more than 2 rows; split it.")]


def test_excel_csv_with_byte_order_mark_and_semicolons_is_read(programme_manager):
    text = ";".join(COMMUNITY_HEADER) + "\r\n"
    text += "Boffa Centre;GIN;Boké;Boffa;GN-B1;10,18;-14,04;;rural;\r\n"
    file = io.BytesIO(text.encode("utf-8-sig"))

    result = community_import(actor=programme_manager, file=file, filename="excel.csv")

    assert result == ImportResult(created=1)
    community = Community.objects.get()
    assert (community.name, community.admin1, community.latitude, community.longitude) == (
        "Boffa Centre",
        "Boké",
        Decimal("10.180000"),
        Decimal("-14.040000"),
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_hxl_row_is_skipped_and_the_rows_keep_their_spreadsheet_numbers(programme_manager, fmt):
    rows = community_rows(3)
    rows[1]["country"] = "ZZZ"

    result = import_communities(programme_manager, rows, fmt, hxl=COMMUNITY_HXL)

    assert result.errors == [
        RowError(4, "country", "'ZZZ' is not an ISO 3166-1 alpha-3 country code.")
    ]


def test_blank_rows_are_skipped_and_still_counted(programme_manager):
    rows = [community_row(1), {}, community_row(2, country="")]

    result = import_communities(programme_manager, rows)

    assert result.errors == [RowError(4, "country", "This field cannot be blank.")]


def test_a_cell_written_as_text_by_the_csv_export_is_read_back(programme_manager):
    row = community_row(1, notes='\'=HYPERLINK("http://example.org")')

    assert import_communities(programme_manager, [row]).ok
    assert Community.objects.get().notes == '=HYPERLINK("http://example.org")'


# --- services ---


@pytest.fixture
def kindia():
    return CommunityFactory(
        name="Kindia Centre", country="GIN", admin1="Kindia", admin2="Kindia", pcode="GN-K1"
    )


def service_row(**overrides) -> dict[str, str]:
    return {
        "community_pcode": "GN-K1",
        "name": "Regional hospital",
        "sector": "health",
        "provider": "Croix-Rouge",
        "capacity": "40 patients a day",
        "cost": "free",
        "barriers": "cost; Language",
        "notes": "",
        **overrides,
    }


def test_services_are_imported_by_pcode_or_place_and_reimported_unchanged(
    programme_manager, kindia
):
    red_cross = StakeholderFactory(community=kindia, name="Croix-Rouge")
    place = {
        "community_pcode": "",
        "community_country": "gin",
        "community_admin1": "KINDIA",
        "community_admin2": "Kindia",
        "community_name": "kindia centre",
    }
    rows = [
        service_row(),
        service_row(**place, name="Vocational centre", sector="Education and training"),
    ]

    first = import_services(programme_manager, rows)
    second = import_services(programme_manager, rows, "xlsx")

    assert (first, second) == (
        ImportResult(created=2),
        ImportResult(unchanged=2),
    )
    assert list(
        Service.objects.order_by("name").values_list(
            "community", "name", "sector", "provider", "capacity", "cost", "barriers"
        )
    ) == [
        (
            kindia.pk,
            "Regional hospital",
            "health",
            red_cross.pk,
            "40 patients a day",
            "free",
            ["cost", "language"],
        ),
        (
            kindia.pk,
            "Vocational centre",
            "education",
            red_cross.pk,
            "40 patients a day",
            "free",
            ["cost", "language"],
        ),
    ]
    assert audit_actions() == [("import", "services.csv")] * 2


def test_a_service_is_matched_on_community_name_and_sector(programme_manager, kindia):
    service = ServiceFactory(community=kindia, name="Regional Hospital", sector="health")
    rows = [
        service_row(
            name="regional hospital", provider="", capacity="", barriers="", cost="5,000 GNF"
        )
    ]

    result = import_services(programme_manager, rows)

    assert result == ImportResult(updated=1)
    service.refresh_from_db()
    assert (Service.objects.count(), service.name, service.cost) == (
        1,
        "regional hospital",
        "5,000 GNF",
    )
    assert AuditEvent.objects.get().changes == {
        "name": ["Regional Hospital", "regional hospital"],
        "cost": ["", "5,000 GNF"],
    }


def test_bad_service_rows_name_the_row_and_column_and_import_nothing(programme_manager, kindia):
    StakeholderFactory(community=kindia, name="Croix-Rouge")
    CommunityFactory(name="Other", country="SEN", admin1="Dakar", pcode="GN-K1")
    in_guinea = {"community_country": "GIN"}
    rows = [
        service_row(**in_guinea),
        service_row(**in_guinea, community_pcode="GN-NOPE"),
        service_row(**in_guinea, name="Clinic", provider="Unknown NGO"),
        service_row(**in_guinea, name="School", sector="schooling"),
        service_row(**in_guinea, name="Court", sector="justice", barriers="cost;bribes"),
        service_row(**in_guinea, name="regional HOSPITAL"),
        service_row(name="Well", community_pcode=""),
        service_row(name="Shelter", community_pcode="GN-K1"),
    ]

    result = import_services(programme_manager, rows)

    assert result.errors == [
        RowError(3, "community_pcode", "No community has the P-code GN-NOPE in GIN."),
        RowError(
            4,
            "provider",
            "Kindia Centre has no stakeholder named “Unknown NGO”: record it first, "
            "or leave the provider empty.",
        ),
        RowError(
            5,
            "sector",
            "“schooling” is not a sector; use one of: "
            "housing, education, health, infrastructure, justice.",
        ),
        RowError(
            6,
            "barriers",
            "“bribes” is not a barrier; use one of: "
            "language, cost, documentation, distance, discrimination, other.",
        ),
        RowError(7, "", "The same service is on row 2."),
        RowError(
            8,
            "community_name",
            "Give the community's P-code, or its country, admin1, admin2 (if any) and name.",
        ),
        RowError(
            9, "community_pcode", "The P-code GN-K1 is used in several countries: give the country."
        ),
    ]
    assert (Service.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_a_service_in_an_unregistered_place_is_refused(programme_manager, kindia):
    row = {
        "community_country": "GIN",
        "community_admin1": "Kindia",
        "community_name": "Nowhere",
        "name": "Clinic",
        "sector": "health",
    }
    header = [*imports_module.SERVICE_PLACE_COLUMNS, "name", "sector"]

    result = import_services(programme_manager, [row], header=header)

    assert result.errors == [
        RowError(2, "community_name", "No community Nowhere is registered in Kindia, .")
    ]


def test_a_service_file_must_say_how_to_find_the_community(programme_manager):
    result = import_services(programme_manager, [service_row()], header=["name", "sector"])

    assert result.errors == [
        RowError(
            1,
            "community_pcode",
            "The column “community_pcode” is missing (or give community_country, "
            "community_admin1, community_admin2 and community_name).",
        )
    ]


# --- exports ---


def csv_text(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def test_community_csv_export_is_streamed_in_the_import_columns_with_hxl(client_for, case_manager):
    CommunityFactory(
        name="Kamsar",
        admin1="Boké",
        admin2="Boffa",
        pcode="GN-B2",
        notes="-5% unemployment",
        population_estimate=None,
    )
    CommunityFactory(country="SEN", admin1="Dakar", name="Pikine", pcode="SN-01")

    response = client_for(case_manager).get(
        reverse("communities:export_communities"), {"country": "gin", "hxl": "1"}
    )

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="communities-')
    assert csv_text(response) == (
        "\ufeff"
        "name,country,admin1,admin2,pcode,latitude,longitude,population_estimate,area_type,notes\r\n"
        "#loc+name,#country+code,#adm1+name,#adm2+name,#loc+code,#geo+lat,#geo+lon,#population,#loc+type,#meta+notes\r\n"
        "Kamsar,GIN,Boké,Boffa,GN-B2,9.509167,-13.712222,,urban,'-5% unemployment\r\n"
    )


@pytest.mark.parametrize(("fmt", "hxl"), [("csv", "1"), ("xlsx", "1"), ("xlsx", "")])
def test_an_export_imports_back_unchanged(client_for, administrator, fmt, hxl):
    import_communities(administrator, community_rows(30))
    kindia = Community.objects.get(pcode="GN00001")
    StakeholderFactory(community=kindia, name="Croix-Rouge")
    import_services(administrator, [service_row(community_pcode="GN00001", notes="=1+1")])
    client = client_for(administrator)
    events = AuditEvent.objects.count()

    for name, run_import in (("communities", community_import), ("services", service_import)):
        response = client.get(
            reverse(f"communities:export_{name}"),
            {"format": fmt, "hxl": hxl},
        )
        if fmt == "xlsx":
            file = io.BytesIO(b"".join(response.streaming_content))
        else:
            file = io.BytesIO(csv_text(response).encode())
        result = run_import(actor=administrator, file=file, filename=f"{name}.{fmt}")
        assert result == ImportResult(unchanged=30 if name == "communities" else 1)

    assert AuditEvent.objects.count() == events
    assert Service.objects.get().notes == "=1+1"


def test_xlsx_exports_have_the_hxl_row_and_typed_values(client_for, case_manager, kindia):
    StakeholderFactory(community=kindia, name="Croix-Rouge")
    ServiceFactory(
        community=kindia,
        name="Hospital",
        provider=kindia.stakeholders.get(),
        barriers=["cost", "distance"],
        notes="=SUM(A1)",
    )
    client = client_for(case_manager)

    communities = client.get(
        reverse("communities:export_communities"),
        {"format": "xlsx", "hxl": "1"},
    )
    services = client.get(
        reverse("communities:export_services"),
        {"format": "xlsx", "hxl": "1", "area_type": "urban"},
    )

    assert isinstance(communities, FileResponse)
    sheet = load_workbook(io.BytesIO(b"".join(communities.streaming_content)))["communities"]
    assert list(sheet.iter_rows(values_only=True)) == [
        tuple(COMMUNITY_HEADER),
        tuple(COMMUNITY_HXL),
        (
            "Kindia Centre",
            "GIN",
            "Kindia",
            "Kindia",
            "GN-K1",
            9.509167,
            -13.712222,
            12000,
            "urban",
            None,
        ),
    ]
    sheet = load_workbook(io.BytesIO(b"".join(services.streaming_content)))["services"]
    assert list(sheet.iter_rows(values_only=True)) == [
        tuple(SERVICE_HEADER),
        (
            "#loc+code",
            "#country+code",
            "#adm1+name",
            "#adm2+name",
            "#loc+name",
            "#service+name",
            "#sector+code",
            "#org+provider",
            "#capacity",
            "#value+cost",
            "#access+barriers",
            "#meta+notes",
        ),
        (
            "GN-K1",
            "GIN",
            "Kindia",
            "Kindia",
            "Kindia Centre",
            "Hospital",
            "health",
            "Croix-Rouge",
            None,
            None,
            "cost;distance",
            "=SUM(A1)",
        ),
    ]


def test_service_export_uses_the_community_filters(client_for, case_manager, kindia):
    ServiceFactory(community=kindia, name="Hospital")
    ServiceFactory(community=CommunityFactory(area_type="rural"), name="Well")

    response = client_for(case_manager).get(
        reverse("communities:export_services"), {"area_type": "rural"}
    )

    names = [row[5] for row in csv.reader(io.StringIO(csv_text(response).lstrip("\ufeff")))]
    assert names == ["name", "Well"]


def test_exports_read_in_one_query_however_many_rows(django_assert_num_queries):
    CommunityFactory.create_batch(30)
    for community in Community.objects.all()[:10]:
        ServiceFactory(community=community)

    # One query each: the communities (values_list); the services joined to their
    # community and provider, filtered by a community subquery.
    with django_assert_num_queries(1):
        assert len(list(exports.community_rows(selectors.community_list(), hxl=True))) == 32
    with django_assert_num_queries(1):
        assert len(list(exports.service_rows(exports.service_export_list()))) == 11


# --- pages ---


class TestPages:
    def test_only_those_who_record_communities_may_import(self, client_for, case_manager):
        client = client_for(case_manager)
        file = csv_file(community_rows(2), COMMUNITY_HEADER)
        file.name = "communities.csv"

        responses = [
            client.get(reverse("communities:import_communities")).status_code,
            client.post(reverse("communities:import_communities"), {"file": file}).status_code,
            client.get(reverse("communities:import_services")).status_code,
            client.get(reverse("communities:import_template")).status_code,
        ]

        assert responses == [403, 403, 403, 403]
        assert Community.objects.count() == 0

    def test_a_partner_may_export_and_an_anonymous_visitor_may_not(
        self, client, client_for, partner
    ):
        url = reverse("communities:export_communities")
        anonymous = client.get(url)

        assert (anonymous.status_code, anonymous["Location"]) == (
            302,
            f"{reverse('accounts:login')}?next={url}",
        )
        assert client_for(partner).get(url).status_code == 200

    def test_import_page_links_the_templates(self, client_for, programme_manager):
        response = client_for(programme_manager).get(reverse("communities:import_services"))

        assert response.status_code == 200
        assert response.context["kind"] == "services"
        template = reverse("communities:import_template")
        assert f'href="{template}?kind=services&amp;format=xlsx"' in response.content.decode()
        assert f'href="{template}?kind=services&amp;format=csv"' in response.content.decode()

    def test_an_upload_imports_and_reports_the_counts(self, client_for, programme_manager):
        client = client_for(programme_manager)
        file = xlsx_file(community_rows(4), COMMUNITY_HEADER)
        file.name = "villages.xlsx"

        response = client.post(
            reverse("communities:import_communities"), {"file": file}, follow=True
        )

        assert response.redirect_chain == [(reverse("communities:import_communities"), 302)]
        assert [str(m) for m in response.context["messages"]] == [
            "villages.xlsx: 4 communities created, 0 updated, 0 unchanged."
        ]
        assert Community.objects.count() == 4

    def test_a_refused_upload_shows_the_errors_and_saves_nothing(
        self, client_for, programme_manager
    ):
        rows = community_rows(60)
        rows[55]["latitude"] = "200"
        rows[9]["area_type"] = "town"
        file = csv_file(rows, COMMUNITY_HEADER)
        file.name = "villages.csv"

        response = client_for(programme_manager).post(
            reverse("communities:import_communities"), {"file": file}
        )

        assert response.status_code == 200
        assert response.context["errors"] == [
            RowError(
                11, "area_type", "“town” is not an area type; use one of: urban, peri_urban, rural."
            ),
            RowError(57, "latitude", "Latitude must be between -90 and 90."),
        ]
        page = response.content.decode()
        assert "2 errors in 2 rows." in page
        assert "<td>57</td>\n        <td><code>latitude</code></td>" in page
        assert (Community.objects.count(), AuditEvent.objects.count()) == (0, 0)

    def test_the_form_refuses_another_extension(self, client_for, programme_manager):
        file = io.BytesIO(b"name\n")
        file.name = "villages.txt"

        response = client_for(programme_manager).post(
            reverse("communities:import_communities"), {"file": file}
        )

        assert response.status_code == 200
        assert response.context["form"].errors == {
            "file": ["File extension “txt” is not allowed. Allowed extensions are: csv, xlsx."]
        }

    def test_csv_template_is_the_header_row(self, client_for, programme_manager):
        response = client_for(programme_manager).get(
            reverse("communities:import_template"), {"kind": "services"}
        )

        assert response["Content-Disposition"] == (
            'attachment; filename="services-import-template.csv"'
        )
        assert response.content.decode() == "\ufeff" + ",".join(SERVICE_HEADER) + "\r\n"

    def test_xlsx_template_has_an_instructions_sheet(self, client_for, programme_manager):
        response = client_for(programme_manager).get(
            reverse("communities:import_template"), {"format": "xlsx"}
        )

        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        assert workbook.sheetnames == ["communities", "Instructions"]
        assert list(workbook["communities"].iter_rows(values_only=True)) == [
            tuple(COMMUNITY_HEADER)
        ]
        guide = list(workbook["Instructions"].iter_rows(values_only=True))
        assert guide[0] == (
            "column",
            "required",
            "allowed values or how to fill it in",
            "HXL hashtag",
        )
        assert guide[9] == ("area_type", "yes", "urban, peri_urban, rural", "#loc+type")
        assert len(guide) == 12

    def test_the_import_of_its_own_template_is_refused_as_empty(
        self, client_for, programme_manager
    ):
        client = client_for(programme_manager)
        template = client.get(reverse("communities:import_template"), {"format": "xlsx"})
        file = io.BytesIO(b"".join(template.streaming_content))
        file.name = "template.xlsx"

        response = client.post(reverse("communities:import_communities"), {"file": file})

        assert response.context["errors"] == [
            RowError(None, "", "The file has a header but no rows to import.")
        ]
        assert "<td>whole file</td>" in response.content.decode()


def test_audit_rows_of_an_import_point_at_the_communities(programme_manager):
    import_communities(programme_manager, community_rows(2))

    assert list(
        AuditEvent.objects.order_by("object_id").values_list(
            "content_type", "object_id", "actor", "changes__pcode"
        )
    ) == [
        (ContentType.objects.get_for_model(Community).pk, str(c.pk), programme_manager.pk, c.pcode)
        for c in Community.objects.order_by("pk")
    ]


def test_the_import_runs_a_bounded_number_of_queries(programme_manager):
    rows = community_rows(20)
    import_communities(programme_manager, rows)
    rows[0]["notes"] = "Changed"

    with CaptureQueriesContext(connection) as queries:
        result = import_communities(programme_manager, rows)

    assert result == ImportResult(updated=1, unchanged=19)
    # The communities of the file's countries (1), then only for the changed row the two
    # checks of Community.clean() (P-code and place used elsewhere): unchanged rows write
    # nothing and are not validated again. Then the update, and its audit row.
    reads = [q["sql"].split()[0] for q in queries.captured_queries]
    assert [r for r in reads if r in {"SELECT", "UPDATE", "INSERT"}] == [
        "SELECT",
        "SELECT",
        "SELECT",
        "UPDATE",
        "INSERT",
    ]
