"""Places: P-codes and ISO 3166-1 codes on every community, cursor pages, filters, and the
CSV with its optional HXL row."""

import csv
import io

import pytest

from communities.tests.factories import CommunityFactory
from dashboards.tests import data

pytestmark = pytest.mark.django_db

API = "/api/v1/places/"


@pytest.fixture
def programme(case_manager, outsider):
    return data.build(case_manager=case_manager, outsider=outsider)


def test_a_place_carries_its_codes(client_for, partner, programme):
    response = client_for(partner).get(f"{API}{programme.kankan.pk}/")
    assert response.json() == {
        "id": programme.kankan.pk,
        "name": "Kankan Ville",
        "pcode": "GN0601",
        "country": "GIN",
        "country_iso2": "GN",
        "country_numeric": "324",
        "country_name": "Guinea",
        "admin1": "Kankan",
        "admin2": "Kankan",
        "latitude": "10.385400",
        "longitude": "-9.305700",
        "area_type": "urban",
        "population_estimate": 12000,
        "latest_band": "conditional",
    }


def test_cursor_pages_and_filters(client_for, partner, programme):
    client = client_for(partner)
    first = client.get(f"{API}?page_size=2").json()
    assert set(first) == {"next", "previous", "results"}  # a cursor: no COUNT
    second = client.get(first["next"]).json()
    names = [p["name"] for p in first["results"] + second["results"]]
    assert names == ["Kaloum", "Kankan Ville", "Pikine", "Nowhere"]  # by id
    assert second["next"] is None
    assert [p["name"] for p in client.get(f"{API}?country=sen").json()["results"]] == ["Pikine"]
    located = client.get(f"{API}?has_location=true").json()["results"]
    assert [p["name"] for p in located] == ["Kaloum", "Kankan Ville", "Pikine"]
    assert [p["pcode"] for p in client.get(f"{API}?pcode=gn0103").json()["results"]] == ["GN0103"]
    assert client.get(f"{API}?area_type=suburb").json()["errors"]["area_type"]


def test_places_as_csv_with_hxl(client_for, partner, programme):
    response = client_for(partner).get(f"{API}?format=csv&hxl=true&country=GIN")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows[0][:5] == ["id", "name", "pcode", "country", "country_iso2"]
    assert rows[1][:5] == [
        "#loc+id",
        "#loc+name",
        "#loc+code",
        "#country+code",
        "#country+code+v_iso2",
    ]
    assert [(r[1], r[2], r[3], r[4]) for r in rows[2:]] == [
        ("Kaloum", "GN0101", "GIN", "GN"),
        ("Nowhere", "GN0103", "GIN", "GN"),
        ("Kankan Ville", "GN0601", "GIN", "GN"),
    ]
    plain = client_for(partner).get(f"{API}?format=csv&country=SEN").content.decode()
    assert "#loc" not in plain


def test_query_count_is_constant(client_for, partner, programme, django_assert_num_queries):
    client = client_for(partner)
    # 1 session, 1 user, 1 a page of places with their latest band.
    with django_assert_num_queries(3):
        client.get(API)
    CommunityFactory.create_batch(10)
    with django_assert_num_queries(3):
        assert len(client.get(API).json()["results"]) == 14
