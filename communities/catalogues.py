"""The handbook's catalogues carried by the communities app, as data.

Migration 0002 loads them; tests check them against the handbook (same items, same count).
"""

HANDBOOK_3_2_1 = "IOM Reintegration Handbook, section 3.2.1 (Community profiles and analysis)"

# Handbook 3.2.1, "Indicators that can be useful for community profiles": 9 sociodemographic
# indicators and 11 community-based resources, in the handbook's order.
PROFILE_INDICATORS = [
    # (code, name, group, description as the handbook words it)
    ("age_distribution", "Age distribution", "sociodemographic", ""),
    ("gender_distribution", "Gender distribution", "sociodemographic", ""),
    ("social_activities", "Social activities", "sociodemographic", ""),
    ("support_networks", "Support networks", "sociodemographic", ""),
    (
        "social_inclusion",
        "Social inclusion",
        "sociodemographic",
        "Discrimination, violence, harassment based on sex, gender, nationality, ethnicity, age, "
        "migrant status, religion, dis/ability, sexual orientation.",
    ),
    ("ethnic_distributions", "Ethnic distributions", "sociodemographic", ""),
    ("educational_achievements", "Educational achievements", "sociodemographic", ""),
    ("migration_rates", "Migration rates", "sociodemographic", ""),
    ("perception_of_migration", "Perception of migration", "sociodemographic", ""),
    (
        "safety_levels",
        "Safety levels",
        "resources",
        "Including risks of environmental disaster and political (in)stability.",
    ),
    ("income_and_employment", "Income and employment", "resources", ""),
    (
        "access_to_services",
        "Access to services",
        "resources",
        "Including housing, health care, and schools.",
    ),
    (
        "essential_needs_coverage",
        "Essential needs coverage",
        "resources",
        "Including food security, health, education and training, WASH, shelter.",
    ),
    ("diaspora_links", "Diaspora links or projects", "resources", ""),
    ("land_and_tenure_security", "Land and tenure security", "resources", ""),
    ("languages_spoken", "Language(s) spoken", "resources", ""),
    ("access_to_justice", "Access to effective remedies and justice", "resources", ""),
    (
        "environmental_resilience",
        "Resilience to environmental risks",
        "resources",
        "Including those related to climate change.",
    ),
    ("existing_projects", "Existing reintegration or local development projects", "resources", ""),
    (
        "social_participation",
        "Social participation and activities",
        "resources",
        "Including existing formal and informal theatre, visual art, music, dance, sports and "
        "other interest collectives and groups.",
    ),
]

# ISIC Rev.4 sections (United Nations Statistics Division), with common reintegration trades
# under them (Table 3.1 q. 15: "a typology of the formal and informal sectors").
ISIC_SECTIONS = [
    ("A", "Agriculture, forestry and fishing"),
    ("B", "Mining and quarrying"),
    ("C", "Manufacturing"),
    ("D", "Electricity, gas, steam and air conditioning supply"),
    ("E", "Water supply; sewerage, waste management and remediation activities"),
    ("F", "Construction"),
    ("G", "Wholesale and retail trade; repair of motor vehicles and motorcycles"),
    ("H", "Transportation and storage"),
    ("I", "Accommodation and food service activities"),
    ("J", "Information and communication"),
    ("K", "Financial and insurance activities"),
    ("L", "Real estate activities"),
    ("M", "Professional, scientific and technical activities"),
    ("N", "Administrative and support service activities"),
    ("O", "Public administration and defence; compulsory social security"),
    ("P", "Education"),
    ("Q", "Human health and social work activities"),
    ("R", "Arts, entertainment and recreation"),
    ("S", "Other service activities"),
    (
        "T",
        "Activities of households as employers; undifferentiated goods- and "
        "services-producing activities of households for own use",
    ),
    ("U", "Activities of extraterritorial organizations and bodies"),
]

TRADES = [
    # (code, name, ISIC section)
    ("A-CROPS", "Crop farming and market gardening", "A"),
    ("A-LIVESTOCK", "Livestock and poultry raising", "A"),
    ("A-FISHING", "Fishing and aquaculture", "A"),
    ("A-BEEKEEPING", "Beekeeping", "A"),
    ("C-TAILORING", "Tailoring and garment making", "C"),
    ("C-FOOD", "Food processing", "C"),
    ("C-CARPENTRY", "Carpentry and furniture making", "C"),
    ("C-METALWORK", "Metalwork and welding", "C"),
    ("C-SOAP", "Soap and cosmetics making", "C"),
    ("C-CRAFTS", "Handicrafts", "C"),
    ("E-RECYCLING", "Waste collection and recycling", "E"),
    ("F-MASONRY", "Masonry and bricklaying", "F"),
    ("F-PLUMBING", "Plumbing", "F"),
    ("F-ELECTRICAL", "Electrical installation", "F"),
    ("F-PAINTING", "Painting and decorating", "F"),
    ("G-SHOP", "Small retail shop", "G"),
    ("G-MARKET", "Market trading", "G"),
    ("G-VEHICLE-REPAIR", "Motor vehicle and motorcycle repair", "G"),
    ("H-TAXI", "Taxi and motorcycle-taxi driving", "H"),
    ("H-FREIGHT", "Freight transport", "H"),
    ("I-RESTAURANT", "Restaurant and food stall", "I"),
    ("I-HOSPITALITY", "Hotel and guesthouse work", "I"),
    ("J-IT", "Computer and IT services", "J"),
    ("M-PHOTO", "Photography and video", "M"),
    ("N-CLEANING", "Cleaning services", "N"),
    ("N-SECURITY", "Security services", "N"),
    ("P-TUTORING", "Tutoring and vocational training", "P"),
    ("Q-HEALTH", "Community health work", "Q"),
    ("Q-CHILDCARE", "Childcare", "Q"),
    ("R-MUSIC", "Music and performing arts", "R"),
    ("R-SPORTS", "Sports coaching", "R"),
    ("S-HAIRDRESSING", "Hairdressing and beauty", "S"),
    ("S-PHONE-REPAIR", "Mobile phone and electronics repair", "S"),
    ("S-LAUNDRY", "Laundry services", "S"),
]


def load_catalogues(apps) -> None:
    """Load (or refresh) the indicators and sectors; used by migration 0002 and by tests."""
    ProfileIndicator = apps.get_model("communities", "ProfileIndicator")
    Sector = apps.get_model("communities", "Sector")
    for order, (code, name, group, description) in enumerate(PROFILE_INDICATORS, start=1):
        ProfileIndicator.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "group": group,
                "description": description,
                "source": HANDBOOK_3_2_1,
                "order": order,
            },
        )
    sections = {}
    for code, name in ISIC_SECTIONS:
        sections[code], _ = Sector.objects.update_or_create(
            code=code, defaults={"name": name, "parent": None}
        )
    for code, name, section in TRADES:
        Sector.objects.update_or_create(
            code=code, defaults={"name": name, "parent": sections[section]}
        )
