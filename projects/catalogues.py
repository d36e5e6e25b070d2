"""The handbook's project catalogues as data: the three approaches of Table 3.3 with their
advantages and disadvantages, and the eight steps of Table 3.4 with their actions.

Transcription rules (as ``assessments.catalogues``): word for word, in the handbook's order;
the list punctuation that joins bulleted actions (a trailing ";" or ".") is left off. Tests
check the counts and the wording against the handbook (same items, same count). The texts
are shown in the interface, so they are marked for translation (issue 11): English stays the
handbook's wording, the French and Arabic catalogues translate it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# Shown in the interface, so translatable like the tables' own text.
TABLE_3_3 = _("IOM Reintegration Handbook, Table 3.3")
TABLE_3_4 = _("IOM Reintegration Handbook, Table 3.4")


@dataclass(frozen=True)
class Approach:
    code: str
    name: str
    description: str
    advantages: tuple[str, ...]
    disadvantages: tuple[str, ...]
    source: str = TABLE_3_3


# Handbook Table 3.3 "Approaches to community-based reintegration projects", one row each,
# in the table's order ("Type", "Description", "Advantages", "Disadvantages" columns; each
# column's sentences kept as separate items).
APPROACHES = (
    Approach(
        code="collective_returnees",
        name=_("Supporting collective groups of returnees"),
        description=_(
            "Projects take as a starting point returnees' needs. Individual or "
            "collective project of (a) returnee(s) in which the returnee(s) may involve the "
            "community."
        ),
        advantages=(
            _("Strong impact on returnees."),
            _("Addresses the needs of returnees in the specific context of a local community."),
        ),
        disadvantages=(
            _("Addresses the community's needs less."),
            _(
                "Limited impact in terms of reducing the risks of tensions between returnees and "
                "their community due to limited community involvement."
            ),
        ),
    ),
    Approach(
        code="new_community_project",
        name=_("Starting a new community-based project"),
        description=_(
            "Projects taking as a starting point the community's needs. Projects "
            "primarily designed with/for the community in which returnees are located, such as "
            "local economic development projects, community-based climate change adaptation "
            "projects."
        ),
        advantages=(
            _("Strong impact on the community."),
            _("Provides enabling environment for reintegration."),
            _("Addresses the needs of the local community."),
        ),
        disadvantages=(
            _(
                "Risk of limited impact on returnees who may have limited involvement in the "
                "project."
            ),
        ),
    ),
    Approach(
        code="integrate_existing",
        name=_("Integrating returnees into existing projects"),
        description=_(
            "Projects taking as a starting point existing projects. Including "
            "returnees in successful projects implemented by the lead reintegration organization "
            "or by other actors."
        ),
        advantages=(
            _("Higher chances that projects continue to be successful."),
            _(
                "Solution to limited available funding and lack of internal expertise in a given "
                "sector by the reintegration actors."
            ),
            _("Coaching opportunities for returnees who do not have specific skills."),
        ),
        disadvantages=(
            _("Need to connect returnees to projects."),
            _("Requires a good relationship between the returnee and the group already created."),
            _("The referring actor may not have access to information on all available projects."),
        ),
    ),
)
APPROACHES_BY_CODE = {a.code: a for a in APPROACHES}


@dataclass(frozen=True)
class Action:
    code: str  # "<step>.<n>"
    text: str
    # Every action of Table 3.4 is required (done, or waived with a reason) except the one
    # the handbook words as advice rather than as an action.
    required: bool = True
    note: str = ""


@dataclass(frozen=True)
class Step:
    number: int
    title: str  # the handbook's "Step" column
    label: str  # the short name, for tight places
    actions: tuple[Action, ...]
    source: str = TABLE_3_4

    @property
    def required_actions(self) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.required)


def _actions(step: int, *texts, optional: dict[int, str] | None = None) -> tuple[Action, ...]:
    optional = optional or {}
    return tuple(
        Action(
            code=f"{step}.{n}",
            text=text,
            required=n not in optional,
            note=optional.get(n, ""),
        )
        for n, text in enumerate(texts, start=1)
    )


# Handbook Table 3.4 "Development, selection, implementation, monitoring and evaluation of
# collective income-generating activities": the 8 steps and 23 actions, in the table's order.
SELECTION_STEP = 4  # "Selection of viable collective income-generating activities"
STEPS = (
    Step(
        1,
        _("Assessing preconditions for collective income-generating activities"),
        _("Assessing preconditions"),
        _actions(
            1,
            _(
                "Assess general feasibility of contextual and operational preconditions for "
                "implementation of collective income-generating activities (see section 3.2)"
            ),
            _(
                "Assess specific contextual environment for these activities, including market "
                "systems and labour market assessments, community profiles, environmental "
                "considerations (risks and opportunities), and a mapping of other projects (see "
                "sections 1.4.2, 3.2.1)"
            ),
            _(
                "Assess complementarity of returnee profiles, needs and interests of returnees in "
                "specific areas of return based on database of returnees"
            ),
        ),
    ),
    Step(
        2,
        _("Group formation and incentivization of collective action"),
        _("Group formation and incentivisation"),
        _actions(
            2,
            _(
                "Bring together groups of returnees, discuss and propose collective projects and "
                "provide a platform for exchange and brainstorming"
            ),
            _(
                "Identify opportunities for collaboration, involvement and interactions with "
                "existing activities and other community-based reintegration projects (if present "
                "in the local context and conducive for collaboration)"
            ),
            _(
                "Incentivize feasible collective income-generating activities if mechanisms are "
                "provided for in the specific reintegration programme"
            ),
        ),
    ),
    Step(
        3,
        _("Short-term training and development of project plan"),
        _("Short-term training and project plan"),
        _actions(
            3,
            _(
                "Train returnees on how to develop project plans that indicate the type and "
                "purpose of assistance requested as well as details about the expected costs and "
                "outcomes"
            ),
            _(
                "Train returnees on opportunities and barriers in local market systems (including "
                "from an environmental perspective) and provide project-specific technical "
                "mentoring"
            ),
            _(
                "A short-term training can be a useful tool to determine the genuine interest and "
                "motivation of the candidates for the project and their ability to work together"
            ),
            optional={3: _("The handbook words this as advice, not as an action to complete.")},
        ),
    ),
    Step(
        SELECTION_STEP,
        _("Selection of viable collective income-generating activities"),
        _("Selection: pre-selection, initial, final"),
        _actions(
            4,
            _("Pre-selection based on reintegration programme's eligibility criteria"),
            _(
                "Initial selection based on contextual criteria (feasibility of project plan as "
                "per findings of the labour market analysis and effects at community-level "
                "assessment)"
            ),
            _(
                "Final selection based on reintegration programme's selection criteria (such as "
                "high involvement of members of local community; addressing needs of local "
                "communities; environmental criteria and so forth)"
            ),
        ),
    ),
    Step(
        5,
        _("Registration process"),
        _("Registration as a legal entity"),
        _actions(
            5,
            _(
                "Support registration of the project as a legal entity with the appropriate "
                "agency and formalize all aspects of the project (land registration, asset "
                "ownership, business registration and so on)"
            ),
        ),
    ),
    Step(
        6,
        _("Training on various aspects of project implementation"),
        _("Training on implementation"),
        _actions(
            6,
            _(
                "Training on cooperative group formation, entrepreneurial skills. Where feasible, "
                "integrate this with the Business Development Support track to explore synergies "
                "and decrease costs"
            ),
            _(
                "Sensitization of group dynamics, including trust-building, raising awareness of "
                "potential lack of income in the short-term, strategies to deal with intra-group "
                "conflicts, complaints mechanisms and so forth"
            ),
            _(
                "Coaching and tutoring through former beneficiaries who have succeeded in the same "
                "region and in a similar sector"
            ),
            _("Support the delineation of clear roles and responsibilities for each member"),
            _(
                "Establish a decision-making and coordination mechanism that is agreed and "
                "formalized by all members"
            ),
        ),
    ),
    Step(
        7,
        _("Support during project implementation and long-term counselling"),
        _("Support during implementation and long-term counselling"),
        _actions(
            7,
            _(
                "Continuous support during project implementation and facilitate adjustments "
                "where required"
            ),
            _("Support to expand operations and reach more customers"),
        ),
    ),
    Step(
        8,
        _("Monitoring and evaluation (M&E)"),
        _("Monitoring and evaluation with phasing out"),
        _actions(
            8,
            _(
                "Build M&E processes into the operational logic of each collective "
                "income-generating activity, both for internal (group members) and for external "
                "M&E (lead reintegration organization and partners)"
            ),
            _(
                "Discussion of evaluation reports with group members and provision of appropriate "
                "recommendations and with technical support"
            ),
            _(
                "Targeted phasing out of the external support once the project is operating "
                "sustainably, based on the evaluation findings"
            ),
        ),
    ),
)
STEPS_BY_NUMBER = {s.number: s for s in STEPS}
ACTIONS_BY_CODE = {a.code: a for s in STEPS for a in s.actions}
LAST_STEP = STEPS[-1].number


def step_of(action_code: str) -> Step | None:
    head, _, _ = action_code.partition(".")
    return STEPS_BY_NUMBER.get(int(head)) if head.isdigit() else None
