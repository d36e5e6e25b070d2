"""Small-cell suppression of the returnee aggregates, with exact figures (issue 8,
acceptance 3): the rule on its own, then through the API as JSON and CSV, with HXL."""

import csv
import datetime
import io

import pytest

from communities.tests.factories import CommunityFactory
from dashboards.aggregates import suppress
from reintegration.models import ReturneeNeed
from reintegration.tests.factories import ReturneeFactory

API = "/api/v1/aggregates/returnees/"


# --- The rule -----------------------------------------------------------------------------


def test_primary_suppression_below_the_threshold_only():
    cells = {("a",): 4, ("b",): 5, ("c",): 50, ("d",): 60}
    # 4 is small; the one line (the grand total, 119) then needs a second hidden cell: 5.
    assert suppress(cells, threshold=5) == {("a",), ("b",)}


def test_nothing_is_suppressed_when_no_cell_is_small():
    assert suppress({("a",): 5, ("b",): 7}, threshold=5) == set()


def test_a_single_small_cell_gets_a_complement_in_its_line():
    # 3 hidden alone could be recomputed as 93 - 40 - 50; the smallest other cell goes too.
    assert suppress({("x",): 3, ("y",): 40, ("z",): 50}, threshold=5) == {("x",), ("y",)}


def test_two_small_cells_holding_less_than_the_threshold_get_a_third():
    # 1 + 2 hidden together would still disclose that both are tiny (3 < 5).
    cells = {("a",): 1, ("b",): 2, ("c",): 30, ("d",): 40}
    assert suppress(cells, threshold=5) == {("a",), ("b",), ("c",)}


def test_a_line_whose_total_is_small_needs_no_complement():
    # Community X holds 3 returnees, all women: X's total is itself a small cell.
    cells = {("X", "female"): 3, ("Y", "female"): 20, ("Y", "male"): 30}
    # Along communities (female: 23) the 3 needs a complement: Y-female; then Y's line
    # (50) has one hidden cell and takes Y-male too.
    assert suppress(cells, threshold=5) == {("X", "female"), ("Y", "female"), ("Y", "male")}


# Communities X, Y, Z by sex: X-male (3) is small.
TABLE = {
    ("X", "female"): 20,
    ("X", "male"): 3,
    ("Y", "female"): 15,
    ("Y", "male"): 12,
    ("Z", "female"): 30,
    ("Z", "male"): 25,
}


def test_two_dimensions():
    # X-male 3 is small. Along communities (men, 40) the smallest other man is Y (12);
    # along sex, X (23) takes X-female and Y (27) takes Y-female. Every line then holds two
    # hidden cells worth at least 5: women 20+15, men 3+12, X 20+3, Y 15+12. Z stays.
    assert suppress(TABLE, threshold=5) == {
        ("X", "female"),
        ("X", "male"),
        ("Y", "female"),
        ("Y", "male"),
    }


def test_no_suppressed_cell_can_be_recomputed_from_a_line_total():
    hidden = suppress(TABLE, threshold=5)
    for d in (0, 1):
        lines: dict = {}
        for key in TABLE:
            lines.setdefault(key[:d] + key[d + 1 :], []).append(key)
        for members in lines.values():
            masked = [k for k in members if k in hidden]
            assert len(masked) != 1
            assert not masked or sum(TABLE[k] for k in masked) >= 5


def test_the_threshold_is_configurable():
    # With 25, X (23) is small; the line of all communities (105) takes Y (27) too.
    cells = {("X",): 23, ("Y",): 27, ("Z",): 55}
    assert suppress(cells, threshold=25) == {("X",), ("Y",)}


# --- Through the API ----------------------------------------------------------------------


@pytest.fixture
def table(db, case_manager):
    """TABLE as returnees: X (Kaloum) 20 women and 3 men, Y (Kankan) 15 and 12, Z (Pikine)
    30 and 25, every one returned in 2025."""
    places = {
        "X": CommunityFactory(
            name="Kaloum", country="GIN", admin1="Conakry", admin2="Kaloum", pcode="GN0101"
        ),
        "Y": CommunityFactory(
            name="Kankan", country="GIN", admin1="Kankan", admin2="Kankan", pcode="GN0601"
        ),
        "Z": CommunityFactory(
            name="Pikine", country="SEN", admin1="Dakar", admin2="Pikine", pcode="SN0103"
        ),
    }
    for (place, sex), n in TABLE.items():
        for _ in range(n):
            ReturneeFactory(
                community=places[place],
                case_manager=case_manager,
                sex=sex,
                return_date=datetime.date(2025, 6, 1),
            )
    return places


def place(community) -> dict:
    return {
        "id": community.pk,
        "name": community.name,
        "pcode": community.pcode,
        "country": community.country,
        "admin1": community.admin1,
        "admin2": community.admin2,
    }


def test_aggregates_by_community_and_sex(client_for, partner, table):
    response = client_for(partner).get(f"{API}?by=community,sex")
    assert response.status_code == 200
    body = response.json()
    assert body["threshold"] == 5
    assert body["total"] == {"count": 105, "suppressed": False}
    x, y, z = table["X"], table["Y"], table["Z"]
    assert body["cells"] == [
        {"community": place(x), "sex": "female", "count": None, "suppressed": True},
        {"community": place(x), "sex": "male", "count": None, "suppressed": True},
        {"community": place(y), "sex": "female", "count": None, "suppressed": True},
        {"community": place(y), "sex": "male", "count": None, "suppressed": True},
        {"community": place(z), "sex": "female", "count": 30, "suppressed": False},
        {"community": place(z), "sex": "male", "count": 25, "suppressed": False},
    ]


def test_coarser_tables_show_what_is_safe(client_for, partner, table):
    client = client_for(partner)
    by_sex = client.get(f"{API}?by=sex").json()["cells"]
    assert by_sex == [
        {"sex": "female", "count": 65, "suppressed": False},
        {"sex": "male", "count": 40, "suppressed": False},
    ]
    by_community = client.get(f"{API}?by=community").json()["cells"]
    assert [c["count"] for c in by_community] == [23, 27, 55]


def test_the_threshold_setting(client_for, partner, table, settings):
    settings.AGGREGATE_SMALL_CELL_THRESHOLD = 25
    body = client_for(partner).get(f"{API}?by=community").json()
    assert body["threshold"] == 25
    assert [(c["community"]["name"], c["count"], c["suppressed"]) for c in body["cells"]] == [
        ("Kaloum", None, True),
        ("Kankan", None, True),
        ("Pikine", 55, False),
    ]


def test_filters_narrow_the_table(client_for, partner, table):
    body = client_for(partner).get(f"{API}?by=sex&community={table['X'].pk}").json()
    # Kaloum alone: 20 women and 3 men, both hidden (the men small, the women their complement).
    assert body["cells"] == [
        {"sex": "female", "count": None, "suppressed": True},
        {"sex": "male", "count": None, "suppressed": True},
    ]
    assert body["total"] == {"count": 23, "suppressed": False}
    empty = client_for(partner).get(f"{API}?by=sex&year=2024").json()
    assert empty["cells"] == []
    assert empty["total"] == {"count": 0, "suppressed": False}


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))


def test_the_csv_carries_the_same_suppression_and_an_optional_hxl_row(client_for, partner, table):
    client = client_for(partner)
    response = client.get(f"{API}?by=community,sex&format=csv&hxl=true")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    x, y, z = (table[k] for k in "XYZ")
    assert read_csv(response) == [
        [
            "community_id",
            "community_pcode",
            "country",
            "admin1",
            "admin2",
            "community",
            "sex",
            "count",
            "suppressed",
        ],
        [
            "#loc+id",
            "#loc+code",
            "#country+code",
            "#adm1+name",
            "#adm2+name",
            "#loc+name",
            "#group+sex",
            "#affected+returnees+num",
            "#meta+suppressed",
        ],
        [str(x.pk), "GN0101", "GIN", "Conakry", "Kaloum", "Kaloum", "female", "", "true"],
        [str(x.pk), "GN0101", "GIN", "Conakry", "Kaloum", "Kaloum", "male", "", "true"],
        [str(y.pk), "GN0601", "GIN", "Kankan", "Kankan", "Kankan", "female", "", "true"],
        [str(y.pk), "GN0601", "GIN", "Kankan", "Kankan", "Kankan", "male", "", "true"],
        [str(z.pk), "SN0103", "SEN", "Dakar", "Pikine", "Pikine", "female", "30", "false"],
        [str(z.pk), "SN0103", "SEN", "Dakar", "Pikine", "Pikine", "male", "25", "false"],
    ]
    without_hxl = read_csv(client.get(f"{API}?by=sex&format=csv"))
    assert without_hxl == [
        ["sex", "count", "suppressed"],
        ["female", "65", "false"],
        ["male", "40", "false"],
    ]


@pytest.mark.django_db
def test_age_band_need_and_period(client_for, partner, case_manager):
    community = CommunityFactory()
    today = datetime.date.today()
    people = [
        # (date of birth or None, estimated age, return date, need levels)
        (
            datetime.date(today.year - 30, 1, 1),
            None,
            datetime.date(2025, 2, 10),
            ["economic", "social"],
        ),
        (None, 16, datetime.date(2025, 3, 1), ["economic"]),
        (None, 70, datetime.date(2025, 5, 1), []),
    ]
    for born, estimated, returned, needs in people:
        returnee = ReturneeFactory(
            community=community,
            case_manager=case_manager,
            date_of_birth=born,
            estimated_age=estimated,
            return_date=returned,
        )
        for level in needs:
            ReturneeNeed.objects.create(returnee=returnee, level=level, description="x")
    client = client_for(partner)
    # Threshold 1 would disable suppression; the rule is checked above, the labels here.
    body = client.get(f"{API}?by=age_band").json()
    assert [c["age_band"] for c in body["cells"]] == ["0-17", "25-34", "60+"]
    assert all(c["suppressed"] for c in body["cells"])
    body = client.get(f"{API}?by=need").json()
    assert [c["need"] for c in body["cells"]] == ["economic", "none", "social"]
    assert body["total"] == {"count": None, "suppressed": True}  # 3 returnees
    body = client.get(f"{API}?by=period&granularity=quarter").json()
    assert [c["period"] for c in body["cells"]] == ["2025-Q1", "2025-Q2"]
    body = client.get(f"{API}?by=period&granularity=month&year=2025").json()
    assert [c["period"] for c in body["cells"]] == ["2025-02", "2025-03", "2025-05"]


@pytest.mark.django_db
def test_invalid_parameters_are_one_clear_400(client_for, partner):
    response = client_for(partner).get(f"{API}?by=community,height&granularity=week&country=G1")
    assert response.status_code == 400
    body = response.json()
    assert (body["status"], body["code"]) == (400, "invalid")
    assert sorted(body["errors"]) == ["by", "country", "granularity"]
    assert body["errors"]["by"] == [
        "Unknown dimension(s): height. Use: community, sex, age_band, need, period."
    ]


def test_query_count_does_not_grow_with_communities(
    client_for, partner, table, case_manager, django_assert_num_queries
):
    client = client_for(partner)
    # 1 session, 1 user, 1 cells, 1 distinct returnees, 1 the communities' names and codes.
    with django_assert_num_queries(5):
        client.get(f"{API}?by=community,sex")
    for n in range(10):
        ReturneeFactory(community=CommunityFactory(name=f"More {n}"), case_manager=case_manager)
    with django_assert_num_queries(5):
        assert len(client.get(f"{API}?by=community,sex").json()["cells"]) == 16


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ["returnees/", "cases/", "referrals/"])
def test_case_level_data_never_comes_as_csv_or_hxl(client_for, partner, endpoint):
    response = client_for(partner).get(f"/api/v1/{endpoint}?format=csv&hxl=true")
    assert response.status_code == 404
    assert b"#" not in response.content
