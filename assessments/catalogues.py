"""The handbook's instruments as data: every criterion and research question word for word,
in the handbook's order, each citing its table or section.

Migration 0002 loads them through ``load_instruments``; tests check them against the handbook
(same items, same count, same order). The file runs past the house ~400 lines because it is
data, one constant per instrument; splitting a table across modules would make it harder to
check against the handbook page.

Transcription rules: the list punctuation that joins bulleted criteria in the handbook (the
trailing ";" or the closing ".") is left off; research questions keep their own punctuation;
footnote markers are left out of item texts and quoted in the instrument's description.
"""

HANDBOOK = "IOM Reintegration Handbook"

ALTAI = "altai"
TABLE_3_2 = "table_3_2"
TABLE_3_1 = "table_3_1"
TABLE_6_1 = "table_6_1"
CHILD_PROTECTION = "child_protection"
TABLE_3_5 = "table_3_5"

# Community profile entries are rated 1 to 5 (communities.Rating) and the Altai criteria 0 to
# 3; this mapping between them is the default.
PROFILE_RATING_MAP = {"1": 0, "2": 1, "3": 1, "4": 2, "5": 3}
SHARE_BANDS = [[0, 0], [25, 1], [50, 2], [75, 3]]

# Handbook 3.2: "A study carried out in 2016 by Altai Consulting for IOM Morocco suggested
# that the following criteria provide a favourable environment for implementing
# community-based reintegration projects". The handbook gives no numbers: the providers and
# thresholds are the defaults, kept as data so a programme can adapt them in a new
# version ("criteria should be adapted at programme, national and local levels").
ALTAI_CRITERIA = [
    # (code, text, evidence provider, thresholds)
    (
        "1",
        "Sufficient number of migrants returning to the same community within a short period "
        "of time",
        # Returnees whose return date falls within the last 12 months.
        "recent_returns",
        {"bands": [[0, 0], [3, 1], [8, 2], [20, 3]], "window_months": 12},
    ),
    (
        "2",
        "Adequate migrant profiles (that is, returnees' skills were well-matched to the "
        "reintegration project)",
        # Handbook 3.3: "at least one returnee has advanced skills in the project-relevant
        # field", hence the cap when none has.
        "skills_match",
        {"share_bands": SHARE_BANDS, "cap_without_advanced": 1},
    ),
    (
        "3",
        "Local community interest and motivated migrants",
        "collective_interest",
        {"share_bands": SHARE_BANDS, "assessor_caps": True},
    ),
    (
        "4",
        "Availability of basic infrastructure in the region",
        "basic_infrastructure",
        {
            "profile_indicator": "essential_needs_coverage",
            "service_sector": "infrastructure",
            "profile_rating_map": PROFILE_RATING_MAP,
        },
    ),
    (
        "5",
        "Availability of services such as health care, education, housing, and so forth",
        # Rating = number of these sectors with at least one mapped active service.
        "services_available",
        {"sectors": ["health", "education", "housing"]},
    ),
    (
        "6",
        "Stability, security and economic opportunities in the return area",
        "stability",
        {
            "profile_indicators": ["safety_levels", "income_and_employment"],
            "profile_rating_map": PROFILE_RATING_MAP,
        },
    ),
    (
        "7",
        "Civil society activism",
        "civil_society",
        {"bands": [[0, 0], [1, 1], [2, 2], [4, 3]]},
    ),
]

# Handbook Table 3.2, in the table's order. Providers are registered later by the projects app.
TABLE_3_2_POSITIVE = [
    # (code, text, evidence provider)
    (
        "P1",
        "Project gathers together several returnees and several members of the community",
        "project_mixed_participants",
    ),
    (
        "P2",
        "Project proposed by community members and directly responding to identified "
        "community needs",
        "",
    ),
    (
        "P3",
        "Project allowing support for the needs of returnees with high vulnerability",
        "project_high_vulnerability",
    ),
    (
        "P4",
        "Project responding to specific needs of the community, inter alia by contributing to "
        "improve access to services at community level",
        "",
    ),
    (
        "P5",
        "Project contributing to social cohesion (that is, contributing to improve the "
        "attitude of the community towards return and returnees and vice-versa)",
        "",
    ),
    (
        "P6",
        "Project expected to contribute to improve the community's socioeconomic situation, "
        "including by creating employment and livelihood opportunities in the community",
        "",
    ),
    ("P7", "Project closely linked to the local development plan", ""),
    (
        "P8",
        # Footnote 30 follows this criterion; it is quoted in the instrument's description.
        "Project that is environmentally friendly. This could relate to the “environmental "
        "footprint” of the project, or the green nature of the business activity (such as "
        "recycling), but could also relate to projects which address environmental threats "
        "affecting the community such as exposure to natural hazards, climate change or "
        "environmental degradation",
        "",
    ),
    (
        "P9",
        "Project that fully incorporates a gender perspective by ensuring that all gender "
        "groups benefit and participate meaningfully",
        "project_gender_mix",
    ),
]
TABLE_3_2_NEGATIVE = [
    (
        "N1",
        "Project that could do harm to the community of return (for instance by competing with "
        "existing local initiatives or by negatively affecting the natural environment)",
        "",
    ),
    ("N2", "Project that is assessed as not viable", ""),
    (
        "N3",
        "Project that does not take into consideration the community's needs and priorities",
        "",
    ),
    # The fourth negative criterion is indeed the gender one.
    ("N4", "Project that does not integrate any gender considerations", "project_gender_exclusion"),
]

# Handbook Table 3.1: (group "Phase — sub-phase", data-collection methods, questions 1-27).
# The methods are carried as the table lists them, including "Focus group" and "Discussions"
# as two bullets where the Community perceptions row has "Focus group discussions".
TABLE_3_1_QUESTIONS = [
    (
        "Community profile — Migration drivers",
        ["Desk review", "Focus group", "Discussions", "Individual survey"],
        [
            "What is the role of mobility in the community? (past/ present)",
            "What are the key drivers that influence migration? (look at economic, governance, "
            "social, political, environmental, structural, security dimensions)",
            "What are the personal motivations of migrants and returnees for "
            "considering/deciding to depart and to return?",
            "What is the role of collective decision-making on migration? Who are the key "
            "actors shaping migration decision-making?",
            "What are the enabling factors conducive to irregular migration? (financial, human, "
            "logistical and so forth).",
        ],
    ),
    (
        "Community profile — Reintegration programming",
        ["Desk review", "Focus group", "Discussions", "Individual survey"],
        [
            "What are the factors that prevent or foster reintegration at economic, social and "
            "psychosocial levels?",
            "What type of reintegration support (at economic, social and psychosocial levels) "
            "is needed to make reintegration sustainable?",
            "Which actors are appropriate to implement these activities?",
        ],
    ),
    (
        "Community profile — Community perceptions",
        [
            "Desk review",
            "Focus group discussions",
            "Individual survey",
            "community consultations",
            "Community historic mapping",
        ],
        [
            "What are sources of tension and sources of social capital in the ecosystem? What "
            "perceptions do community members have of each other?",
            "What are key events that have shaped this community in the recent and distant past?",
            "What are the existing levels of awareness and attitudes towards migrants and "
            "returnees?",
            "What are the communities' perceptions of migrants and returnees as actors in the "
            "ecosystem?",
            "How do community members engage with returnees and how do returnees engage with "
            "community members?",
        ],
    ),
    (
        "Community profile — Economic system analysis",
        [
            "Desk review",
            "Key informant interviews with private actors",
            "Individual survey",
            "Labour market assessment (see section 1.4.2)",
        ],
        [
            "Map a system of economic exchanges and production, including service delivery.",
            "Establish a typology of the formal and informal sectors.",
            "Analyse the socioeconomic potential of the sectors identified in terms of (a) "
            "business creation and development; (b) job creation in the areas defined by the "
            "project, (c) identify government priorities and plans in terms of market "
            "development.",
            "Identify concrete and immediate opportunities for employment, income generation "
            "and self employment.",
            "Identify concrete and immediate opportunities for strengthened access to services "
            "and protection.",
        ],
    ),
    (
        "Stakeholder and services mapping",
        [
            "Desk review (particularly of existing stakeholder mapping and service mapping, see "
            "section 1.4.2)",
            "Key informant interviews",
        ],
        [
            "Who are the stakeholders directly/indirectly involved in the provision of "
            "reintegration support at the national and local level?",
            "How do they interact and coordinate?",
            "What community-based projects exist that are related to reintegration?",
            "What are the referral mechanisms in place at the various levels (individual, "
            "community, regional, national level) that can support reintegration activities?",
            "What are the existing services available to returning migrants that could support "
            "reintegration activities?",
            "What complementary approaches are available? Who implements these?",
            "Are there opportunities to develop new or strengthen existing partnerships to "
            "support reintegration activities?",
        ],
    ),
    (
        "Capacity assessment",
        ["Key informant interviews (analysis through Organizational Capacity Assessment Tool)"],
        [
            "What are the human and financial resources available for stakeholders to intervene "
            "at the three levels (economic, social, psychosocial) and three dimensions "
            "(individuals, community, structural) of reintegration?",
            "What are the capacity-building activities required to effectively support partners "
            "in the provision of reintegration assistance?",
        ],
    ),
]

# The handbook's Module 6 text, as extracted, misreads the "li" glyph as "p" in four words of
# Table 6.1 (q. 2, 5, 14, 15); Table 3.1, which Table 6.1 reproduces, has the real words. These
# are restored; everything else is carried as Module 6 prints it, including where it differs
# from Table 3.1 (no full stop after q. 14 and q. 17, "identified. in terms" in q. 16, the
# typographic apostrophe in q. 12, "Community consultations" capitalized).
TABLE_6_1_MISREADINGS = {
    "poptical": "political",
    "enabpng": "enabling",
    "depvery": "delivery",
    "Estabpsh": "Establish",
}

# Handbook Table 6.1: 27 questions (the count, checked against the text) in the same
# six groups and with the same methods as Table 3.1.
TABLE_6_1_QUESTIONS = [
    (
        "Community profile — Migration drivers",
        ["Desk review", "Focus group", "Discussions", "Individual survey"],
        [
            "What is the role of mobility in the community? (past/ present)",
            "What are the key drivers that influence migration? (look at economic, governance, "
            "social, political, environmental, structural, security dimensions)",
            "What are the personal motivations of migrants and returnees for "
            "considering/deciding to depart and to return?",
            "What is the role of collective decision-making on migration? Who are the key "
            "actors shaping migration decision-making?",
            "What are the enabling factors conducive to irregular migration? (financial, human, "
            "logistical and so forth).",
        ],
    ),
    (
        "Community profile — Reintegration programming",
        ["Desk review", "Focus group", "Discussions", "Individual survey"],
        [
            "What are the factors that prevent or foster reintegration at economic, social and "
            "psychosocial levels?",
            "What type of reintegration support (at economic, social and psychosocial levels) "
            "is needed to make reintegration sustainable?",
            "Which actors are appropriate to implement these activities?",
        ],
    ),
    (
        "Community profile — Community perceptions",
        [
            "Desk review",
            "Focus group discussions",
            "Individual survey",
            "Community consultations",
            "Community historic mapping",
        ],
        [
            "What are sources of tension and sources of social capital in the ecosystem? What "
            "perceptions do community members have of each other?",
            "What are key events that have shaped this community in the recent and distant past?",
            "What are the existing levels of awareness and attitudes towards migrants and "
            "returnees?",
            "What are the communities’ perceptions of migrants and returnees as actors in the "
            "ecosystem?",
            "How do community members engage with returnees and how do returnees engage with "
            "community members?",
        ],
    ),
    (
        "Community profile — Economic system analysis",
        [
            "Desk review",
            "Key informant interviews with private actors",
            "Individual survey",
            "Labour market assessment (see section 1.4.2)",
        ],
        [
            "Map a system of economic exchanges and production, including service delivery",
            "Establish a typology of the formal and informal sectors.",
            "Analyse the socioeconomic potential of the sectors identified. in terms of (a) "
            "business creation and development; (b) job creation in the areas defined by the "
            "project, (c) identify government priorities and plans in terms of market "
            "development.",
            "Identify concrete and immediate opportunities for employment, income generation "
            "and self employment",
            "Identify concrete and immediate opportunities for strengthened access to services "
            "and protection.",
        ],
    ),
    (
        "Stakeholder and services mapping",
        [
            "Desk review (particularly of existing stakeholder mapping and service mapping, see "
            "section 1.4.2)",
            "Key informant interviews",
        ],
        [
            "Who are the stakeholders directly/indirectly involved in the provision of "
            "reintegration support at the national and local level?",
            "How do they interact and coordinate?",
            "What community-based projects exist that are related to reintegration?",
            "What are the referral mechanisms in place at the various levels (individual, "
            "community, regional, national level) that can support reintegration activities?",
            "What are the existing services available to returning migrants that could support "
            "reintegration activities?",
            "What complementary approaches are available? Who implements these?",
            "Are there opportunities to develop new or strengthen existing partnerships to "
            "support reintegration activities?",
        ],
    ),
    (
        "Capacity assessment",
        ["Key informant interviews (analysis through Organizational Capacity Assessment Tool)"],
        [
            "What are the human and financial resources available for stakeholders to intervene "
            "at the three levels (economic, social, psychosocial) and three dimensions "
            "(individuals, community, structural) of reintegration?",
            "What are the capacity-building activities required to effectively support partners "
            "in the provision of reintegration assistance?",
        ],
    ),
]

# Handbook 6.3.1: the Child Resilience Alliance toolkit's criteria for a community-led
# approach to child protection (footnote 75), in the handbook's order.
CHILD_PROTECTION_CRITERIA = [
    "Community identifies the child protection issue to be addressed (reintegration)",
    "Community decides how to address the issue (integrated approach)",
    "Community decides what local capacities and resources to use",
    "Community designs the action",
    "Community implements the action",
    "Community conducts its own evaluation of the action",
    "Relatively low reliance on outside facilitators or actors",
    "Inclusive community participation",
    "High level of community ownership",
    "Minimal reliance on outsiders",
]

# Handbook Table 3.5: (group as the "Assessment" column words it, [(code, project criterion,
# required assessment)]). An item's text is "<project criterion>: <required assessment>".
TABLE_3_5_CRITERIA = [
    (
        "Assessing the suitability of the project for supporting returnees' reintegration",
        [
            (
                "capacity",
                "Capacity",
                "A local development project may be successfully operating and suited to "
                "returnees' profiles but may have insufficient capacity to integrate "
                "sufficiently large numbers of returnees. In case a project can only integrate "
                "a small number of returnees, assess the proportionality of integrating "
                "individual beneficiaries against the potentially capital-intensive monitoring "
                "and evaluation of beneficiaries' reintegration.",
            ),
            (
                "location",
                "Location",
                "If not directly implemented in the community of return, the reintegration "
                "team needs to consider accessibility of the returnee to the project, in terms "
                "of cost, time and distance.",
            ),
            (
                "duration",
                "Duration",
                "A local development project may be successfully operating and suited to "
                "returnees' profiles but may not be operational for the long timeframes "
                "required for sustainable reintegration. This is generally not the case for "
                "self-sufficient or profitable projects, but instead for capital-intensive "
                "projects that rely on funding through external donors. However, some projects "
                "have finite goals (such as local infrastructure development), which downscale "
                "activities once the primary objective has been reached. It is therefore "
                "essential that reintegration staff assesses both the foreseen duration of the "
                "project (including objectives), and the underlying funding model and cycles "
                "in order to assess the adequacy of involving returnees in the project.",
            ),
            (
                "adequacy_of_income",
                "Adequacy of income",
                "The lead reintegration organization needs to assess the adequacy of the "
                "foreseen income of beneficiaries derived from their involvement in the "
                'project. In some cases, "newcomers" may be remunerated differently from '
                "initial participants, and the foreseen income may thus be inadequate. Some "
                "projects are solely aimed at providing locals with supplementary income and "
                "are therefore not suitable as an exclusive source of income.",
            ),
            (
                "sectors_and_activities",
                "Sector(s) and activities",
                "The lead reintegration organization needs to gain a comprehensive "
                "understanding of the sector(s) targeted by the project and the range of "
                "activities pursued in order to be able to match returnees to particular "
                "fields of activities that correspond to their skills, needs and interests. "
                "This in turn relates to the capacity assessment of the project, as the "
                "project may have a high overall absorption capacity but lack the capacity to "
                "integrate returnees in those specific roles or activities that would "
                "correspond to their profiles.",
            ),
            (
                "skills_requirements",
                "Skills requirements of foreseen activities",
                "The lead reintegration organization needs to conduct an in-depth assessment "
                "of the range of skills required for relevant project activities. "
                "On-the-ground visits by the project team should be performed to better "
                "understand the activities foreseen, their complementarity to returnees' "
                "individual skills, needs and interests and any training that may be required.",
            ),
            (
                "gender_equality",
                "Gender equality",
                "The lead reintegration organization should require that women and men are "
                "paid and treated equally for work of equal value in projects that subcontract "
                "companies employing returnees. When integrating a reintegration component in "
                "such a project, the reintegration mission could require that women and men "
                "receive equal wages and take the opportunity to promote companies' awareness "
                "of the benefits of mixed employment and equal pay as well as addressing "
                "issues of sexual harassment and abuse.",
            ),
            (
                "eligibility_criteria",
                "Project-specific eligibility criteria",
                "The lead reintegration organization needs to assess any existing "
                "project-specific eligibility criteria that affect returnees' eligibility of "
                "inclusion in the project.",
            ),
        ],
    ),
    (
        "Assessing the impact of returnees' involvement on the project/local community",
        [
            (
                "social_impact",
                "Social impact",
                "The lead reintegration organization needs to assess whether the preformed "
                "project groups are interested or willing to integrate returning migrants in "
                "the project, or if they prefer to integrate other members of the community "
                "rather than returnees. In any case, the lead reintegration organization needs "
                "to sensitize members of existing projects to integrate one or more returnees.",
            ),
            (
                "economic_impact",
                "Economic impact",
                "The lead reintegration organization can consider allocating a portion of the "
                "individual reintegration assistance to the collective project in return for "
                "his or her integration into the group as a full member. The foreseen economic "
                "impact of involvement of returnees in a project needs to be assessed, taking "
                "into account also the project's specific disbursement scheme.",
            ),
        ],
    ),
]


def _item(code, text, *, source, group="", polarity="positive", methods=None, **extra):
    return {
        "code": code,
        "text": text,
        "group": group,
        "polarity": polarity,
        "methods": methods or [],
        "evidence_provider": extra.get("evidence_provider", ""),
        "thresholds": extra.get("thresholds", {}),
        "weight": extra.get("weight", 1),
        "source": source,
    }


def _questions(table, source):
    """Number a research-question table's questions 1..n across its groups."""
    items = []
    for group, methods, questions in table:
        for text in questions:
            items.append(
                _item(str(len(items) + 1), text, source=source, group=group, methods=methods)
            )
    return items


def instruments() -> list[dict]:
    """Every instrument with its items, in the handbook's order."""
    section_3_2 = f"{HANDBOOK}, section 3.2"
    table_3_2 = f"{HANDBOOK}, Table 3.2"
    section_6_3_1 = f"{HANDBOOK}, section 6.3.1"
    table_3_5 = f"{HANDBOOK}, Table 3.5"
    return [
        {
            "code": ALTAI,
            "name": "Altai criteria for community-based reintegration",
            "source": section_3_2,
            "subject": "community",
            "answer_type": "rating_0_3",
            "description": (
                "A study carried out in 2016 by Altai Consulting for IOM Morocco suggested that "
                "the following criteria provide a favourable environment for implementing "
                "community-based reintegration projects. It is therefore important to "
                "carefully assess the community's context to determine whether these criteria "
                "are met."
            ),
            "items": [
                _item(
                    code,
                    text,
                    source=section_3_2,
                    evidence_provider=provider,
                    thresholds=thresholds,
                    weight=1,
                )
                for code, text, provider, thresholds in ALTAI_CRITERIA
            ],
        },
        {
            "code": TABLE_3_2,
            "name": "Benefits and drawbacks of community-based reintegration projects",
            "source": table_3_2,
            "subject": "project",
            "answer_type": "yes_no",
            "description": (
                "When first considering community-based reintegration projects, the following "
                "criteria can be used to assess the benefits and drawbacks in a particular "
                "context. Footnote 30 (to P8): For a simplified screening tool, refer to World "
                "Food Programme's Environmental and Social Screening Tool (2018)."
            ),
            "items": [
                _item(
                    code,
                    text,
                    source=table_3_2,
                    group="Positive criteria",
                    evidence_provider=provider,
                )
                for code, text, provider in TABLE_3_2_POSITIVE
            ]
            + [
                _item(
                    code,
                    text,
                    source=table_3_2,
                    group="Negative criteria",
                    polarity="negative",
                    evidence_provider=provider,
                )
                for code, text, provider in TABLE_3_2_NEGATIVE
            ],
        },
        {
            "code": TABLE_3_1,
            "name": "Research questions for in-depth community analysis",
            "source": f"{HANDBOOK}, Table 3.1",
            "subject": "community",
            "answer_type": "text",
            "description": (
                "Questions to use or adapt when assessing a community, with proposed data "
                "collection methods (handbook 3.2.1)."
            ),
            "items": _questions(TABLE_3_1_QUESTIONS, f"{HANDBOOK}, Table 3.1"),
        },
        {
            "code": TABLE_6_1,
            "name": "Proposed research questions for in-depth child-sensitive community analysis",
            "source": f"{HANDBOOK}, Table 6.1",
            "subject": "community",
            "answer_type": "text",
            "description": (
                "Questions to help inform an in-depth, child-sensitive, context specific "
                "community assessment or profile (handbook 6.3.2)."
            ),
            "items": _questions(TABLE_6_1_QUESTIONS, f"{HANDBOOK}, Table 6.1"),
        },
        {
            "code": CHILD_PROTECTION,
            "name": "Community-led child protection criteria",
            "source": section_6_3_1,
            "subject": "community",
            "answer_type": "rating_1_5",
            "description": (
                "Criteria for a community-led approach to child protection identified by the "
                "Child Resilience Alliance's Toolkit for Reflective Practice (footnote 75: "
                "Wessells, M.G., A Guide for Supporting Community-led child Protection "
                "Processes, Child Resilience Alliance (New York, 2018)); they can be considered "
                "for the design, implementation, monitoring and follow-up of reintegration "
                "programming."
            ),
            "items": [
                _item(str(order), text, source=section_6_3_1)
                for order, text in enumerate(CHILD_PROTECTION_CRITERIA, start=1)
            ],
        },
        {
            "code": TABLE_3_5,
            "name": "Involvement of returnees in existing local development projects",
            "source": table_3_5,
            "subject": "project",
            "answer_type": "suitability",
            "description": (
                "Table 3.5. Assessment process for the involvement of returnees in existing "
                "local development projects (handbook 3.3.2)."
            ),
            "items": [
                _item(code, f"{criterion}: {assessment}", source=table_3_5, group=group)
                for group, criteria in TABLE_3_5_CRITERIA
                for code, criterion, assessment in criteria
            ],
        },
    ]


INSTRUMENT_CODES = [ALTAI, TABLE_3_2, TABLE_3_1, TABLE_6_1, CHILD_PROTECTION, TABLE_3_5]


def load_instruments(apps) -> None:
    """Load (or refresh) version 1 of every instrument; used by migration 0002 and by tests."""
    Instrument = apps.get_model("assessments", "Instrument")
    InstrumentItem = apps.get_model("assessments", "InstrumentItem")
    for data in instruments():
        items = data.pop("items")
        code = data.pop("code")
        # is_active is set only on creation: a refresh must not reactivate version 1 once a
        # programme has moved to a later version (one active version per code).
        instrument, _ = Instrument.objects.update_or_create(
            code=code,
            version=1,
            defaults=data,
            create_defaults={**data, "is_active": True},
        )
        for order, item in enumerate(items, start=1):
            item_code = item.pop("code")
            InstrumentItem.objects.update_or_create(
                instrument=instrument, code=item_code, defaults={**item, "order": order}
            )
