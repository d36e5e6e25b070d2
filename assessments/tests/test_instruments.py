"""The handbook's instruments as migration 0002 loads them: same items, same count, same
order and the same words as the handbook (checked against its text)."""

from decimal import Decimal

import pytest
from django.apps import apps

from assessments.catalogues import INSTRUMENT_CODES, TABLE_6_1_MISREADINGS, load_instruments
from assessments.models import Instrument, InstrumentItem

pytestmark = pytest.mark.django_db

HANDBOOK = "IOM Reintegration Handbook, "


def _items(code):
    return list(Instrument.objects.get(code=code, version=1).items.order_by("order"))


def test_every_instrument_is_loaded_once_and_active():
    rows = Instrument.objects.filter(code__in=INSTRUMENT_CODES)
    assert sorted(rows.values_list("code", "version", "is_active", "subject", "answer_type")) == [
        ("altai", 1, True, "community", "rating_0_3"),
        ("child_protection", 1, True, "community", "rating_1_5"),
        ("table_3_1", 1, True, "community", "text"),
        ("table_3_2", 1, True, "project", "yes_no"),
        ("table_3_5", 1, True, "project", "suitability"),
        ("table_6_1", 1, True, "community", "text"),
    ]


@pytest.mark.parametrize(
    ("code", "count"),
    [
        ("altai", 7),
        ("table_3_2", 13),
        ("table_3_1", 27),
        ("table_6_1", 27),
        ("child_protection", 10),
        ("table_3_5", 10),
    ],
)
def test_item_counts(code, count):
    assert InstrumentItem.objects.filter(instrument__code=code).count() == count


@pytest.mark.parametrize(
    ("code", "source"),
    [
        ("altai", "section 3.2"),
        ("table_3_2", "Table 3.2"),
        ("table_3_1", "Table 3.1"),
        ("table_6_1", "Table 6.1"),
        ("child_protection", "section 6.3.1"),
        ("table_3_5", "Table 3.5"),
    ],
)
def test_every_item_cites_its_table_and_is_in_order(code, source):
    instrument = Instrument.objects.get(code=code, version=1)
    items = _items(code)
    assert instrument.source == HANDBOOK + source
    assert {item.source for item in items} == {HANDBOOK + source}
    assert [item.order for item in items] == list(range(1, len(items) + 1))
    assert all(item.text.strip() for item in items)


def test_altai_criteria_texts_providers_and_thresholds():
    items = _items("altai")
    share_bands = [[0, 0], [25, 1], [50, 2], [75, 3]]
    profile_map = {"1": 0, "2": 1, "3": 1, "4": 2, "5": 3}
    assert [(i.code, i.evidence_provider, i.thresholds, i.weight) for i in items] == [
        (
            "1",
            "recent_returns",
            {"bands": [[0, 0], [3, 1], [8, 2], [20, 3]], "window_months": 12},
            Decimal("1.00"),
        ),
        (
            "2",
            "skills_match",
            {"share_bands": share_bands, "cap_without_advanced": 1},
            Decimal("1.00"),
        ),
        (
            "3",
            "collective_interest",
            {"share_bands": share_bands, "assessor_caps": True},
            Decimal("1.00"),
        ),
        (
            "4",
            "basic_infrastructure",
            {
                "profile_indicator": "essential_needs_coverage",
                "service_sector": "infrastructure",
                "profile_rating_map": profile_map,
            },
            Decimal("1.00"),
        ),
        (
            "5",
            "services_available",
            {"sectors": ["health", "education", "housing"]},
            Decimal("1.00"),
        ),
        (
            "6",
            "stability",
            {
                "profile_indicators": ["safety_levels", "income_and_employment"],
                "profile_rating_map": profile_map,
            },
            Decimal("1.00"),
        ),
        ("7", "civil_society", {"bands": [[0, 0], [1, 1], [2, 2], [4, 3]]}, Decimal("1.00")),
    ]
    # Handbook 3.2, word for word (without the list's ";" and closing ".").
    assert [i.text for i in items] == [
        "Sufficient number of migrants returning to the same community within a short period "
        "of time",
        "Adequate migrant profiles (that is, returnees' skills were well-matched to the "
        "reintegration project)",
        "Local community interest and motivated migrants",
        "Availability of basic infrastructure in the region",
        "Availability of services such as health care, education, housing, and so forth",
        "Stability, security and economic opportunities in the return area",
        "Civil society activism",
    ]


def test_table_3_2_criteria_polarity_groups_and_providers():
    items = _items("table_3_2")
    assert [(i.code, i.polarity, i.group) for i in items] == [
        *[(f"P{n}", "positive", "Positive criteria") for n in range(1, 10)],
        *[(f"N{n}", "negative", "Negative criteria") for n in range(1, 5)],
    ]
    assert {i.code: i.evidence_provider for i in items if i.evidence_provider} == {
        "P1": "project_mixed_participants",
        "P3": "project_high_vulnerability",
        "P9": "project_gender_mix",
        "N4": "project_gender_exclusion",
    }
    texts = {i.code: i.text for i in items}
    assert texts["P1"] == (
        "Project gathers together several returnees and several members of the community"
    )
    assert texts["P9"] == (
        "Project that fully incorporates a gender perspective by ensuring that all gender "
        "groups benefit and participate meaningfully"
    )
    assert texts["N1"] == (
        "Project that could do harm to the community of return (for instance by competing with "
        "existing local initiatives or by negatively affecting the natural environment)"
    )
    # The gender provider sits on the gender criterion.
    assert texts["N4"] == "Project that does not integrate any gender considerations"
    # The footnote marker (30) is not part of the criterion.
    assert texts["P8"].endswith("climate change or environmental degradation")


def _group_sizes(items):
    sizes = {}
    for item in items:
        sizes[item.group] = sizes.get(item.group, 0) + 1
    return list(sizes.items())


@pytest.mark.parametrize("code", ["table_3_1", "table_6_1"])
def test_research_question_groups_and_methods(code):
    items = _items(code)
    assert [i.code for i in items] == [str(n) for n in range(1, 28)]
    assert _group_sizes(items) == [
        ("Community profile — Migration drivers", 5),
        ("Community profile — Reintegration programming", 3),
        ("Community profile — Community perceptions", 5),
        ("Community profile — Economic system analysis", 5),
        ("Stakeholder and services mapping", 7),
        ("Capacity assessment", 2),
    ]
    methods = {i.group: i.methods for i in items}
    assert methods["Community profile — Migration drivers"] == [
        "Desk review",
        "Focus group",
        "Discussions",
        "Individual survey",
    ]
    assert methods["Community profile — Economic system analysis"] == [
        "Desk review",
        "Key informant interviews with private actors",
        "Individual survey",
        "Labour market assessment (see section 1.4.2)",
    ]
    assert methods["Capacity assessment"] == [
        "Key informant interviews (analysis through Organizational Capacity Assessment Tool)"
    ]
    assert items[0].text == "What is the role of mobility in the community? (past/ present)"
    assert items[-1].text == (
        "What are the capacity-building activities required to effectively support partners "
        "in the provision of reintegration assistance?"
    )


def test_table_3_1_and_6_1_keep_their_own_wording():
    table_3_1 = {i.code: i for i in _items("table_3_1")}
    table_6_1 = {i.code: i for i in _items("table_6_1")}
    assert table_3_1["16"].text.startswith(
        "Analyse the socioeconomic potential of the sectors identified in terms of"
    )
    assert table_6_1["16"].text.startswith(
        "Analyse the socioeconomic potential of the sectors identified. in terms of"
    )
    assert table_3_1["14"].text == (
        "Map a system of economic exchanges and production, including service delivery."
    )
    assert table_6_1["14"].text == (
        "Map a system of economic exchanges and production, including service delivery"
    )
    assert "community consultations" in table_3_1["9"].methods
    assert "Community consultations" in table_6_1["9"].methods


def test_table_6_1_misread_glyphs_are_restored():
    texts = " ".join(i.text for i in _items("table_6_1"))
    assert not any(misread in texts for misread in TABLE_6_1_MISREADINGS)
    assert all(word in texts for word in TABLE_6_1_MISREADINGS.values())


def test_child_protection_criteria():
    items = _items("child_protection")
    assert [i.code for i in items] == [str(n) for n in range(1, 11)]
    assert items[0].text == (
        "Community identifies the child protection issue to be addressed (reintegration)"
    )
    assert items[6].text == "Relatively low reliance on outside facilitators or actors"
    assert items[-1].text == "Minimal reliance on outsiders"


def test_table_3_5_criteria_in_two_groups():
    items = _items("table_3_5")
    suitability = "Assessing the suitability of the project for supporting returnees' reintegration"
    impact = "Assessing the impact of returnees' involvement on the project/local community"
    assert _group_sizes(items) == [(suitability, 8), (impact, 2)]
    assert [i.text.split(": ", 1)[0] for i in items] == [
        "Capacity",
        "Location",
        "Duration",
        "Adequacy of income",
        "Sector(s) and activities",
        "Skills requirements of foreseen activities",
        "Gender equality",
        "Project-specific eligibility criteria",
        "Social impact",
        "Economic impact",
    ]
    assert items[0].text.startswith(
        "Capacity: A local development project may be successfully operating and suited to "
        "returnees' profiles but may have insufficient capacity"
    )
    assert items[-1].text == (
        "Economic impact: The lead reintegration organization can consider allocating a "
        "portion of the individual reintegration assistance to the collective project in "
        "return for his or her integration into the group as a full member. The foreseen "
        "economic impact of involvement of returnees in a project needs to be assessed, taking "
        "into account also the project's specific disbursement scheme."
    )


def test_load_instruments_is_idempotent():
    before = (Instrument.objects.count(), InstrumentItem.objects.count())
    texts = list(InstrumentItem.objects.order_by("pk").values_list("pk", "text"))

    load_instruments(apps)
    load_instruments(apps)

    assert (Instrument.objects.count(), InstrumentItem.objects.count()) == before == (6, 94)
    assert list(InstrumentItem.objects.order_by("pk").values_list("pk", "text")) == texts


def test_reload_keeps_a_later_version_active():
    """A programme's version 2 stays the active one when version 1 is refreshed."""
    Instrument.objects.filter(code="altai", version=1).update(is_active=False)
    Instrument.objects.create(
        code="altai",
        version=2,
        name="Altai criteria (adapted)",
        source=HANDBOOK + "section 3.2",
        subject="community",
        answer_type="rating_0_3",
    )

    load_instruments(apps)

    assert list(Instrument.objects.filter(code="altai").values_list("version", "is_active")) == [
        (2, True),
        (1, False),
    ]
