"""The communities catalogues, validation of bad input, profiles as snapshots, audit."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import AuditEvent
from communities import selectors, services
from communities.catalogues import ISIC_SECTIONS, PROFILE_INDICATORS
from communities.models import (
    Community,
    CommunityProfile,
    ProfileEntry,
    ProfileIndicator,
    Sector,
    Service,
    Stakeholder,
    default_review_date,
)
from communities.tests.factories import CommunityFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Kaloum",
    "country": "GIN",
    "admin1": "Conakry",
    "admin2": "Kaloum",
    "pcode": "GN0101",
    "latitude": Decimal("9.5"),
    "longitude": Decimal("-13.7"),
    "population_estimate": 62000,
    "area_type": "urban",
}


def test_the_20_indicators_of_handbook_3_2_1_each_citing_its_section():
    indicators = list(ProfileIndicator.objects.order_by("order"))
    assert len(indicators) == 20
    assert [i.name for i in indicators if i.group == "sociodemographic"] == [
        "Age distribution",
        "Gender distribution",
        "Social activities",
        "Support networks",
        "Social inclusion",
        "Ethnic distributions",
        "Educational achievements",
        "Migration rates",
        "Perception of migration",
    ]
    assert [i.name for i in indicators if i.group == "resources"] == [
        "Safety levels",
        "Income and employment",
        "Access to services",
        "Essential needs coverage",
        "Diaspora links or projects",
        "Land and tenure security",
        "Language(s) spoken",
        "Access to effective remedies and justice",
        "Resilience to environmental risks",
        "Existing reintegration or local development projects",
        "Social participation and activities",
    ]
    assert {i.source for i in indicators} == {
        "IOM Reintegration Handbook, section 3.2.1 (Community profiles and analysis)"
    }
    assert len(PROFILE_INDICATORS) == 20


def test_five_service_sectors_and_the_stakeholder_kinds():
    assert Service.Sector.labels == [
        "Housing and accommodation",
        "Education and training",
        "Health and well-being",
        "Public infrastructure and safety",
        "Justice and rights",
    ]
    assert Stakeholder.Kind.labels == [
        "Local authority",
        "Religious leader",
        "Traditional leader",
        "Community-based organization",
        "NGO",
        "Civil society organization",
        "Private sector",
        "Women's association",
        "Youth organization",
        "Child protection committee",
        "Community care coalition",
        "Other",
    ]


def test_sector_catalogue_has_the_21_isic_sections_and_trades_under_them():
    assert Sector.objects.filter(parent=None).count() == len(ISIC_SECTIONS) == 21
    tailoring = Sector.objects.get(code="C-TAILORING")
    assert (tailoring.parent.code, str(tailoring)) == (
        "C",
        "Manufacturing – Tailoring and garment making",
    )


def test_community_create_is_audited(programme_manager):
    community = services.community_create(actor=programme_manager, **VALID)
    event = AuditEvent.objects.get(object_id=str(community.pk), action="create")
    assert event.actor == programme_manager
    assert event.changes["pcode"] == "GN0101"
    assert event.changes["latitude"] == "9.5"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"latitude": Decimal("200")}, "latitude", "Latitude must be between -90 and 90."),
        ({"longitude": Decimal("-181")}, "longitude", "Longitude must be between -180 and 180."),
        ({"latitude": None}, "latitude", "Give both latitude and longitude, or neither."),
        ({"country": "XYZ"}, "country", "'XYZ' is not an ISO 3166-1 alpha-3 country code."),
        ({"area_type": "city"}, "area_type", "Value 'city' is not a valid choice."),
        ({"name": ""}, "name", "This field cannot be blank."),
    ],
)
def test_bad_community_input_names_the_field_and_saves_nothing(changes, field, message):
    with pytest.raises(ValidationError) as error:
        services.community_create(actor=None, **{**VALID, **changes})
    assert error.value.message_dict[field] == [message]
    assert Community.objects.count() == 0
    assert AuditEvent.objects.filter(content_type__model="community").count() == 0


def test_duplicate_pcode_and_duplicate_place_are_refused():
    services.community_create(actor=None, **VALID)
    with pytest.raises(ValidationError) as error:
        services.community_create(actor=None, **{**VALID, "name": "Other", "admin2": "X"})
    assert error.value.message_dict == {"pcode": ["P-code GN0101 is already used in GIN."]}
    with pytest.raises(ValidationError) as error:
        services.community_create(actor=None, **{**VALID, "name": "KALOUM", "pcode": ""})
    assert error.value.message_dict == {
        "name": ["A community with this name is already registered in this area."]
    }
    # The same P-code in another country is a different place.
    services.community_create(actor=None, **{**VALID, "country": "SEN", "admin1": "Dakar"})
    assert Community.objects.count() == 2


def test_database_refuses_what_validation_would_catch():
    with pytest.raises(IntegrityError), transaction.atomic():
        Community.objects.create(**{**VALID, "latitude": Decimal("200")})
    Community.objects.create(**VALID)
    with pytest.raises(IntegrityError), transaction.atomic():
        Community.objects.create(**{**VALID, "name": "kaloum", "pcode": ""})


def make_profile(community, date, ratings, **kwargs):
    entries = {code: {"rating": rating} for code, rating in ratings.items()}
    return services.profile_create(
        actor=None,
        community=community,
        profile_date=date,
        assessors="Team A",
        entries=entries,
        **kwargs,
    )


def test_profile_has_one_entry_per_indicator_and_unknown_by_default():
    community = CommunityFactory()
    profile = make_profile(
        community,
        datetime.date(2025, 1, 31),
        {"safety_levels": 2},
    )
    entries = {e.indicator.code: e.rating for e in profile.entries.select_related("indicator")}
    assert len(entries) == 20
    assert entries["safety_levels"] == 2
    assert [code for code, rating in entries.items() if rating is not None] == ["safety_levels"]
    # Default review 12 months later; the 31st falls back to the month's end.
    assert profile.next_review_date == datetime.date(2026, 1, 31)
    assert default_review_date(datetime.date(2025, 3, 31)) == datetime.date(2026, 3, 31)


def test_review_interval_is_configurable(settings):
    settings.COMMUNITY_PROFILE_REVIEW_MONTHS = 6
    assert default_review_date(datetime.date(2025, 8, 31)) == datetime.date(2026, 2, 28)


@pytest.mark.parametrize(
    ("kwargs", "entries", "key", "message"),
    [
        (
            {"next_review_date": datetime.date(2024, 1, 1)},
            {},
            "next_review_date",
            "The next review date must come after the profile date.",
        ),
        (
            {},
            {"safety_levels": {"rating": 9}},
            "safety_levels-rating",
            "Value 9 is not a valid choice.",
        ),
        (
            {},
            {"safety_levels": {"methods": ["telepathy"]}},
            "safety_levels-methods",
            "Unknown data-collection method(s): telepathy.",
        ),
        (
            {},
            {"not_an_indicator": {"rating": 3}},
            "entries",
            "Unknown indicator(s): not_an_indicator.",
        ),
        (
            {"profile_date": datetime.date.today() + datetime.timedelta(days=1)},
            {},
            "profile_date",
            "The profile date cannot be in the future.",
        ),
    ],
)
def test_bad_profile_input_is_refused_and_saves_nothing(kwargs, entries, key, message):
    community = CommunityFactory()
    arguments = {
        "actor": None,
        "community": community,
        "profile_date": datetime.date(2025, 1, 1),
        "assessors": "Team",
        "entries": entries,
        **kwargs,
    }
    with pytest.raises(ValidationError) as error:
        services.profile_create(**arguments)
    assert message in error.value.message_dict[key][0]
    assert CommunityProfile.objects.count() == 0
    assert ProfileEntry.objects.count() == 0


def test_a_final_profile_is_never_overwritten():
    profile = make_profile(CommunityFactory(), datetime.date(2025, 1, 1), {"safety_levels": 2})
    services.profile_finalise(actor=None, profile=profile)
    with pytest.raises(ValidationError, match="A final profile cannot be changed"):
        services.profile_update(
            actor=None, profile=profile, entries={"safety_levels": {"rating": 5}}
        )
    assert profile.entries.get(indicator__code="safety_levels").rating == 2


def test_draft_update_is_audited_entry_by_entry(programme_manager):
    profile = make_profile(CommunityFactory(), datetime.date(2025, 1, 1), {"safety_levels": 2})
    services.profile_update(
        actor=programme_manager,
        profile=profile,
        entries={"safety_levels": {"rating": 4, "finding": "Better lighting"}},
    )
    event = AuditEvent.objects.filter(object_id=str(profile.pk), action="update").first()
    assert event.changes == {
        "entries": {"safety_levels": {"rating": [2, 4], "finding": ["", "Better lighting"]}}
    }


def test_compare_two_snapshots_says_better_or_worse():
    community = CommunityFactory()
    older = make_profile(
        community,
        datetime.date(2024, 6, 1),
        {"safety_levels": 2, "income_and_employment": 4, "languages_spoken": 3},
    )
    newer = make_profile(
        community,
        datetime.date(2025, 6, 1),
        {
            "safety_levels": 4,
            "income_and_employment": 2,
            "languages_spoken": 3,
            "migration_rates": 1,
        },
    )
    rows = {
        r.indicator: r.direction
        for r in selectors.profile_compare(
            older=selectors.profile_with_entries(pk=older.pk),
            newer=selectors.profile_with_entries(pk=newer.pk),
        )
    }
    assert len(rows) == 20
    assert rows["Safety levels"] == "better"
    assert rows["Income and employment"] == "worse"
    assert rows["Language(s) spoken"] == "same"
    assert rows["Migration rates"] == "newly known"
    assert rows["Age distribution"] == "unknown"


def test_due_for_review_flag_uses_the_latest_profile():
    today = datetime.date(2026, 6, 1)
    overdue, fresh, never = CommunityFactory(), CommunityFactory(), CommunityFactory()
    make_profile(overdue, datetime.date(2025, 1, 1), {})
    make_profile(fresh, datetime.date(2024, 1, 1), {})
    make_profile(fresh, datetime.date(2026, 1, 1), {})
    due = selectors.community_list(due_for_review=True, today=today)
    assert [c.pk for c in due] == [overdue.pk]
    not_due = selectors.community_list(due_for_review=False, today=today).order_by("pk")
    assert [c.pk for c in not_due] == [fresh.pk, never.pk]


def test_service_provider_must_belong_to_the_community():
    community, elsewhere = CommunityFactory(), CommunityFactory()
    provider = StakeholderFactory(community=elsewhere)
    with pytest.raises(ValidationError) as error:
        services.service_create(
            actor=None, community=community, name="Clinic", sector="health", provider=provider
        )
    assert error.value.message_dict == {
        "provider": ["The provider must be a stakeholder of this community."]
    }
    with pytest.raises(ValidationError) as error:
        services.service_create(
            actor=None, community=community, name="Clinic", sector="health", barriers=["fees"]
        )
    assert error.value.message_dict == {"barriers": ["Unknown barrier(s): fees."]}
    assert Service.objects.count() == 0
