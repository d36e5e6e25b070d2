"""The XLSForm of every instrument and of the community profile: pyxform converts each
without a warning, and ODK Validate (the JavaRosa engine of ODK Collect) accepts it where
Java is installed; the sheets carry what KoboToolbox and ODK need, in the handbook's words."""

import datetime
import os
import re

import pytest
from django.utils import timezone

from assessments.catalogues import INSTRUMENT_CODES, TABLE_3_2, TABLE_3_5
from assessments.models import Instrument
from assessments.tests.xlsform_fixtures import project_source  # noqa: F401 - fixture
from assessments.xlsform import subjects
from assessments.xlsform.forms import instrument_xlsform
from communities.models import DataCollectionMethod, ProfileIndicator
from communities.tests.factories import CommunityFactory, StakeholderFactory
from communities.tests.xlsform_support import JAVA, pyxform_convert, read_workbook
from communities.xlsform.profile import profile_xlsform

pytestmark = pytest.mark.django_db

EXPORTED_AT = datetime.datetime(2026, 11, 2, 8, 30, tzinfo=datetime.UTC)
METHODS = [
    ("desk_review", "Desk review"),
    ("focus_group", "Focus group discussion"),
    ("key_informant", "Key informant interview"),
    ("individual_survey", "Individual survey"),
    ("community_consultation", "Community consultation"),
    ("historic_mapping", "Community historic mapping"),
]


def xlsx(form) -> bytes:
    with form.file() as file:
        return file.read()


@pytest.mark.usefixtures("project_source")
def test_every_instrument_and_the_profile_pass_pyxform(programme_manager):
    if os.environ.get("CI") and not JAVA:
        pytest.fail("CI must install Java so ODK Validate checks the forms")
    CommunityFactory(name="Kaloum", pcode="GN001")
    CommunityFactory(name="Matam", admin2="", pcode="")
    StakeholderFactory(name="Poultry cooperative")
    forms = [profile_xlsform(exported_at=EXPORTED_AT)] + [
        instrument_xlsform(i, user=programme_manager, exported_at=EXPORTED_AT)
        for i in Instrument.objects.filter(is_active=True)
    ]
    assert sorted(f.form_id for f in forms) == sorted([*INSTRUMENT_CODES, "community_profile"])
    for form in forms:
        result, warnings = pyxform_convert(xlsx(form))
        assert warnings == [], (form.form_id, warnings)
        # The main instance is named after the form_id, with its version.
        assert f'id="{form.form_id}"' in result.xform
        assert f'version="{form.version.split(".")[0]}.202611020830"' in result.xform


def test_table_3_1_form_groups_items_by_phase_with_methods_and_settings():
    kaloum = CommunityFactory(name="Kaloum", admin2="Kaloum", admin1="Conakry", pcode="GN001")
    instrument = Instrument.objects.get(code="table_3_1", is_active=True)
    book = read_workbook(xlsx(instrument_xlsform(instrument, exported_at=EXPORTED_AT)))
    assert book.settings == {
        "form_title": "Research questions for in-depth community analysis (v1)",
        "form_id": "table_3_1",
        "version": "1.202611020830",
    }
    assert book.groups == [
        ("g1", "Community profile — Migration drivers"),
        ("g2", "Community profile — Reintegration programming"),
        ("g3", "Community profile — Community perceptions"),
        ("g4", "Community profile — Economic system analysis"),
        ("g5", "Stakeholder and services mapping"),
        ("g6", "Capacity assessment"),
    ]
    assert [(r.type, r.name) for r in book.survey[:7]] == [
        ("start", "start"),
        ("end", "end"),
        ("today", "today"),
        ("calculate", "form_code"),
        ("calculate", "form_version"),
        ("select_one community", "community"),
        ("date", "collected_on"),
    ]
    assert book.row("form_code").calculation == "'table_3_1'"
    assert book.row("form_version").calculation == "'1'"
    assert book.choices["community"] == [(str(kaloum.pk), "Kaloum (Kaloum, Conakry, GIN) · GN001")]
    first = book.row("q_1")
    assert (first.type, first.path, first.label) == (
        "text",
        ["g1"],
        "1. What is the role of mobility in the community? (past/ present)",
    )
    assert first.hint == (
        "Proposed methods: Desk review; Focus group; Discussions; Individual survey."
    )
    methods = book.row("q_1_methods")
    assert (methods.type, methods.label) == ("select_multiple methods", "1. Methods used")
    assert book.choices["methods"] == METHODS == list(DataCollectionMethod.choices)
    assert book.row("q_27_sources").path == ["g6"]
    # Three questions per research question (answer, methods, sources): 27 x 3.
    items = [r for r in book.survey if r.name.startswith("q_")]
    assert len(items) == 81
    assert "q_1_note" not in {r.name for r in book.survey}


def test_rating_forms_offer_the_scale_and_unknown():
    altai = read_workbook(
        xlsx(instrument_xlsform(Instrument.objects.get(code="altai", is_active=True)))
    )
    assert altai.choices["rating_0_3"] == [
        ("0", "0 – not met"),
        ("1", "1 – partly met"),
        ("2", "2 – largely met"),
        ("3", "3 – fully met"),
        ("unknown", "Unknown (not enough information)"),
    ]
    assert altai.groups == [("g1", "Altai criteria for community-based reintegration")]
    criterion = altai.row("q_1")
    assert (criterion.type, criterion.required) == ("select_one rating_0_3", "yes")
    assert criterion.label == (
        "1. Sufficient number of migrants returning to the same community within a short "
        "period of time"
    )
    assert criterion.hint == (
        "The app also suggests a rating from its records; yours is kept beside it. "
        "Rate 0 (not met) to 3 (fully met), or unknown."
    )
    assert [r.name for r in altai.survey if r.name.startswith("q_7")] == [
        "q_7",
        "q_7_note",
        "q_7_methods",
        "q_7_sources",
    ]
    protection = read_workbook(
        xlsx(instrument_xlsform(Instrument.objects.get(code="child_protection", is_active=True)))
    )
    assert [name for name, _ in protection.choices["rating_1_5"]] == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "unknown",
    ]
    assert len([r for r in protection.survey if re.fullmatch(r"q_\d+", r.name)]) == 10


@pytest.mark.usefixtures("project_source")
def test_project_forms_list_the_registered_projects(programme_manager):
    StakeholderFactory(name="Poultry cooperative")
    appraisal = Instrument.objects.get(code=TABLE_3_2, is_active=True)
    book = read_workbook(xlsx(instrument_xlsform(appraisal, user=programme_manager)))
    assert [label for _, label in book.choices["project"]] == ["Poultry cooperative"]
    assert book.row("project").label == "Project"
    assert book.choices["yes_no"] == [("yes", "Yes"), ("no", "No"), ("unknown", "Unknown")]
    assert book.groups == [("g1", "Positive criteria"), ("g2", "Negative criteria")]
    assert book.row("q_n1").hint == (
        "Negative criterion: “yes” means the project is not recommended. "
        "Is the criterion met? Yes, no, or unknown."
    )
    existing = Instrument.objects.get(code=TABLE_3_5, is_active=True)
    book = read_workbook(xlsx(instrument_xlsform(existing, user=programme_manager)))
    capacity = book.row("q_capacity")
    assert capacity.label == "Capacity"
    assert capacity.hint.startswith("A local development project may be successfully operating")
    assert [name for name, _ in book.choices["suitability"]] == [
        "suitable",
        "concern",
        "unsuitable",
        "unknown",
    ]


def test_project_form_without_a_source_of_projects_is_refused():
    appraisal = Instrument.objects.get(code=TABLE_3_2, is_active=True)
    registered = subjects.get(TABLE_3_2)  # the projects app registers one when installed
    subjects.unregister([TABLE_3_2])
    try:
        with pytest.raises(LookupError, match="no list of projects is available yet"):
            instrument_xlsform(appraisal)
    finally:
        if registered is not None:
            subjects.register([TABLE_3_2], registered)


def test_profile_form_asks_each_indicator_in_its_group():
    CommunityFactory(name="Kaloum", country="GIN")
    dakar = CommunityFactory(
        name="Plateau", country="SEN", admin1="Dakar", admin2="", pcode="SN001"
    )
    book = read_workbook(xlsx(profile_xlsform(country="SEN", exported_at=timezone.now())))
    assert book.settings["form_id"] == "community_profile"
    assert book.settings["version"].startswith("1.")
    assert book.choices["community"] == [(str(dakar.pk), "Plateau (Dakar, SEN) · SN001")]
    assert book.groups == [
        ("sociodemographic", "Sociodemographics"),
        ("resources", "Community-based resources"),
    ]
    assert book.choices["rating_1_5"][-1] == ("unknown", "Unknown (not enough information)")
    assert [name for name, _ in book.choices["characteristics"]] == [
        "age",
        "gender",
        "family_size",
        "ethnicity",
        "religion",
        "disability",
        "other",
    ]
    ratings = [r for r in book.survey if r.name.endswith("_rating")]
    assert [r.name for r in ratings] == [
        f"{i.code}_rating" for i in ProfileIndicator.objects.order_by("order")
    ]
    assert len(ratings) == 20
    inclusion = book.row("social_inclusion_rating")
    assert (inclusion.path, inclusion.label) == (["sociodemographic"], "5. Social inclusion")
    assert inclusion.hint.startswith("Discrimination, violence, harassment based on sex")
    assert book.row("safety_levels_rating").path == ["resources"]
    notes = book.row("social_inclusion_disaggregation_notes")
    assert notes.relevant == "${social_inclusion_varies_by} != ''"
