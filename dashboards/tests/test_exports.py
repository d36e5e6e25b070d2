"""Dashboard tables download as CSV and XLSX with the page's filters, and a cell that a
spreadsheet would run as a formula (= + - @) is neutralised."""

import csv
import io

import pytest
from openpyxl import load_workbook

from communities.tests.factories import CommunityFactory
from dashboards.tests import data

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(case_manager, outsider, partner_organization):
    return data.build(
        case_manager=case_manager, outsider=outsider, partner_organization=partner_organization
    )


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the accents as UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def test_overview_table_as_csv_with_the_filters(client_for, programme_manager, programme):
    response = client_for(programme_manager).get(
        "/dashboards/tables/returnees_by_area.csv?country=GIN"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="overview-returnees-by-area-'
    )
    assert read_csv(response) == [
        [
            "Country (ISO 3166-1 alpha-3)",
            "First administrative level",
            "Arrivals in the period",
            "Open cases",
            "Returnees",
        ],
        ["GIN", "Conakry", "3", "3", "4"],
        ["GIN", "Kankan", "1", "1", "1"],
    ]


def test_overview_table_as_xlsx(client_for, programme_manager, programme):
    response = client_for(programme_manager).get("/dashboards/tables/referrals_by_status.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["referrals_by_status"]
    rows = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    assert rows == [
        ["Status", "Referrals"],
        ["Proposed", 1],
        ["Accepted", 1],
        ["Declined", 1],
        ["In progress", 0],
        ["Completed", 1],
        ["Dropped", 1],
    ]


def test_community_table_downloads(client_for, programme_manager, programme):
    url = f"/dashboards/communities/{programme.kaloum.pk}/tables/criteria.csv"
    assert read_csv(client_for(programme_manager).get(url)) == [
        ["Criterion", "Text", "Rating", "Rated by"],
        ["1", "Recent returns", "3", "computed"],
        ["2", "Skills match", "", "unknown"],
        ["3", "Collective interest", "2", "assessor"],
    ]


FORMULAS = ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)"]


def test_formula_cells_are_neutralised(client_for, programme_manager):
    for n, name in enumerate(FORMULAS):
        CommunityFactory(name=name, pcode=f"GNX{n}", admin2=f"Zone {n}")
    client = client_for(programme_manager)
    rows = read_csv(client.get("/dashboards/map/table.csv"))
    assert sorted(row[0] for row in rows[1:]) == sorted("'" + name for name in FORMULAS)
    response = client.get("/dashboards/map/table.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert sorted(cell.value for cell in cells) == sorted(FORMULAS)
    assert {cell.data_type for cell in cells} == {"s"}  # text, never a formula


def test_unknown_tables_and_formats_are_404(client_for, programme_manager, programme):
    client = client_for(programme_manager)
    assert client.get("/dashboards/tables/no_such_table.csv").status_code == 404
    assert client.get("/dashboards/tables/arrivals_by_month.pdf").status_code == 404
    assert client.get("/dashboards/map/table.pdf").status_code == 404
    url = f"/dashboards/communities/{programme.kaloum.pk}/tables/referrals_by_status.csv"
    assert client.get(url).status_code == 404  # an overview table, not a community one
