"""The one permission matrix: every URL name and API route x persona -> expected access.

Walked by tests/test_permission_matrix.py against the world of tests/matrix_world.py: a URL
name missing here, or named here but gone from the URLconf, fails that test.

Each entry's ``expect`` has one letter per persona, in the order of PERSONAS:

    A  allowed: 200, or a redirect that is not to the login page
    D  denied: 403 or 404 (anonymous: a redirect to the login page for browser URLs, 401 or
       403 for the API) and nothing written to the database
    S  scoped: 200, and the owning organization's record (``marker``) absent from the body;
       where an entry has a marker, the personas it allows must find it (so the marker is
       one the page really shows)

Personas (tests/test_permission_matrix.py builds them like conftest.py's fixtures):
anonymous; ``case_manager`` of the owning organization (assigned the returnee); ``colleague``,
another case manager of the same organization; ``outsider``, a case manager of another
organization; ``supervisor`` and ``programme_manager`` of the owning organization;
``partner``, a partner user whose organization runs the service the returnee is referred to,
with consent to share; ``other_partner``, a partner of another organization without either;
``administrator`` of the owning organization (staff); ``other_supervisor`` and
``other_programme_manager``, a supervisor and a programme manager of another organization.

Administrators are global by design (accounts.roles: they run the installation, manage
every organization's users and tokens and may erase any record), so there is no "other
organization's administrator" persona: it would expect what ``administrator`` expects.

The two other-organization staff personas are not written in each entry's ``expect``:
``letters`` derives them (``other_staff``) from the same role in the owning organization
and from ``outsider``: another organization's staff see what their role lets them see,
minus the owning organization's records. An entry sets ``others`` where that rule is wrong.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

# The personas every entry's ``expect`` spells, in this order.
WRITTEN_PERSONAS = (
    "anonymous",
    "case_manager",
    "colleague",
    "outsider",
    "supervisor",
    "programme_manager",
    "partner",
    "other_partner",
    "administrator",
)
# Derived unless the entry's ``others`` says (see the module docstring).
OTHER_STAFF = ("other_supervisor", "other_programme_manager")
PERSONAS = WRITTEN_PERSONAS + OTHER_STAFF


def _none(w) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Entry:
    name: str
    expect: str
    kwargs: Callable[[Any], dict[str, Any]] = _none
    # Views that only accept POST are walked with an empty POST.
    method: str = "GET"
    # What a scoped persona must not find in the body (the owning organization's record).
    marker: Callable[[Any], str] | None = None
    # An allowed request may end on the login page (logging out, the second login step
    # without a first one).
    lands_on_login: bool = False
    # persona -> the known access bug that makes this case fail (xfail, strict).
    bugs: dict[str, str] = field(default_factory=dict)
    # What an allowed request may answer besides 200: an empty POST to an API action that
    # validates its body is let in and refused as a bad request (400), not as forbidden.
    also_ok: tuple[int, ...] = ()
    # The letters of OTHER_STAFF, when ``other_staff`` derives them wrongly.
    others: str | None = None

    def __post_init__(self):
        assert len(self.expect) == len(WRITTEN_PERSONAS), self.name
        assert self.others is None or len(self.others) == len(OTHER_STAFF), self.name
        assert set(self.letters) <= {"A", "D", "S"}, self.name
        assert "S" not in self.letters or self.marker is not None, self.name

    @property
    def letters(self) -> str:
        """One letter per persona of PERSONAS."""
        return self.expect + (self.others if self.others is not None else other_staff(self))


def other_staff(entry: "Entry") -> str:
    """Another organization's supervisor and programme manager: where their role is refused
    in the owning organization, refused too; where an outsider (another organization's case
    manager) is refused a record or scoped, the same; a page without a record that their role
    may open (their own organization's view of it), allowed."""
    outsider = entry.expect[WRITTEN_PERSONAS.index("outsider")]
    letters = ""
    for role in ("supervisor", "programme_manager"):
        own = entry.expect[WRITTEN_PERSONAS.index(role)]
        if own == "D" or outsider == "S":
            letters += own if own == "D" else "S"
        elif outsider == "A":
            letters += "A"
        else:  # the role may, an outsider may not: a record of the owning organization?
            letters += "D" if entry.kwargs is not _none else "A"
    return letters


def pk(attribute: str) -> Callable[[Any], dict[str, Any]]:
    """kwargs ``{"pk": world.<attribute>.pk}``."""
    return lambda w: {"pk": getattr(w, attribute).pk}


def reference(w) -> str:
    return w.returnee.reference


E = Entry
# expect: one letter per persona, in the order of PERSONAS:
#   anonymous, case_manager, colleague, outsider, supervisor, programme_manager, partner,
#   other_partner, administrator
MATRIX: list[Entry] = [
    # --- accounts: home, health, login and two-factor, the audit log, password ---
    # Every signed-in user manages their own login; the health check and the login pages are
    # public. The audit trail is for supervisors and administrators only (issue 9).
    E("home", "DAAAAAAAA"),
    E("health", "AAAAAAAAA"),
    # The language switcher is on the login page too (issue 11).
    E("set_language", "AAAAAAAAA", method="POST"),
    E("accounts:login", "AAAAAAAAA"),
    E("accounts:login_code", "AAAAAAAAA", lands_on_login=True),
    E("accounts:two_factor", "DAAAAAAAA"),
    E("accounts:two_factor_setup", "DAAAAAAAA"),
    E("accounts:two_factor_remove", "DAAAAAAAA", method="POST"),
    E("accounts:audit", "DDDDADDDA"),
    E("accounts:logout", "AAAAAAAAA", method="POST", lands_on_login=True),
    E("accounts:password_change", "DAAAAAAAA"),
    E("accounts:password_change_done", "DAAAAAAAA"),
    # --- Django admin: only its index (staff only; the rest is Django's own) ---
    # Only administrators are staff (accounts.services.user_set_roles); everyone else is
    # sent to the admin's own login page.
    E("admin:index", "DDDDDDDDA"),
    # --- communities: shared reference data (communities have no owning organization) ---
    # Everyone signed in reads communities, profiles and resources; programme managers (and
    # administrators) record them (accounts.roles COMMUNITIES_EDIT).
    E("communities:list", "DAAAAAAAA"),
    E("communities:create", "DDDDDADDA"),
    E("communities:detail", "DAAAAAAAA", pk("community")),
    E("communities:edit", "DDDDDADDA", pk("community")),
    E("communities:profile_create", "DDDDDADDA", pk("community")),
    E("communities:profile_compare", "DAAAAAAAA", pk("community")),
    E("communities:profile", "DAAAAAAAA", pk("profile")),
    E("communities:profile_finalise", "DDDDDADDA", pk("profile"), method="POST"),
    E("communities:stakeholder_create", "DDDDDADDA", lambda w: {"community_pk": w.community.pk}),
    E("communities:stakeholder_edit", "DDDDDADDA", pk("stakeholder")),
    E("communities:service_create", "DDDDDADDA", lambda w: {"community_pk": w.community.pk}),
    E("communities:service_edit", "DDDDDADDA", pk("service")),
    E("communities:opportunity_create", "DDDDDADDA", lambda w: {"community_pk": w.community.pk}),
    E("communities:opportunity_edit", "DDDDDADDA", pk("opportunity")),
    # --- communities: import, export and field collection ---
    # Exports hold no personal data (reference data): every signed-in user. Imports and the
    # field forms write communities and profiles: programme managers only.
    E("communities:import_communities", "DDDDDADDA"),
    E("communities:import_services", "DDDDDADDA"),
    E("communities:import_template", "DDDDDADDA"),
    E("communities:export_communities", "DAAAAAAAA"),
    E("communities:export_services", "DAAAAAAAA"),
    E("communities:xlsform_profile", "DDDDDADDA"),
    E("communities:xlsform_profile_import", "DDDDDADDA"),
    E("communities:xlsform_profile_submissions", "DDDDDADDA"),
    E("communities:xlsform_profile_discard", "DDDDDADDA", pk("profile_submission"), method="POST"),
    # --- reintegration: the registry and one returnee's case ---
    # A returnee belongs to an organization: its case managers (assigned or not) and its
    # supervisor work the case, its programme manager reads it; another organization's case
    # manager gets 404 and sees none of it in lists. Partners never use these pages (they
    # read through their referral inbox and the API). Erasure: supervisors and admins;
    # the subject-access export is owner-only (the assigned case manager) and audited.
    E("reintegration:list", "DAASAADDA", marker=reference),
    E("reintegration:register", "DAAAADDDA"),
    E("reintegration:caseload", "DASSADDDS", marker=reference),
    E("reintegration:returnee", "DAADAADDA", pk("returnee")),
    E("reintegration:edit", "DAADADDDA", pk("returnee")),
    E("reintegration:case", "DAADADDDA", pk("returnee")),
    E("reintegration:consent", "DAADADDDA", pk("returnee")),
    E("reintegration:consent_withdraw", "DAADADDDA", pk("returnee")),
    E("reintegration:session_create", "DAADADDDA", pk("returnee")),
    E("reintegration:note_create", "DAADADDDA", pk("returnee"), method="POST"),
    E("reintegration:referral_create", "DAADADDDA", pk("returnee")),
    E("reintegration:erase", "DDDDADDDA", pk("returnee")),
    E("reintegration:subject_access", "DADDADDDA", pk("returnee")),
    # --- reintegration: referrals (the partner's inbox) ---
    # The inbox lists referrals addressed to the user's organization: only the partner the
    # returnee was referred to (with consent) finds them there. The referral itself is read
    # by the owning organization and by that partner; the unrelated partner gets 404.
    E("reintegration:referrals", "DSSSSSASS", marker=reference),
    E("reintegration:referral", "DAADAAADA", pk("referral")),
    # --- reintegration: import and export ---
    # Case managers and supervisors register (into their own organization); the export of
    # the registry holds only the user's organization's returnees.
    E("reintegration:import_returnees", "DAAAADDDA"),
    E("reintegration:import_template", "DAAAADDDA"),
    E("reintegration:export_returnees", "DAASAADDA", marker=reference),
    # --- assessments: suitability ranking, scoring, analyses ---
    # Scores and analyses are about communities (shared): every signed-in user reads them;
    # programme managers rate, rescore and record (accounts.roles ASSESSMENTS_EDIT).
    E("assessments:ranking", "DAAAAAAAA"),
    E("assessments:rescore_all", "DDDDDADDA", method="POST"),
    E("assessments:suitability", "DAAAAAAAA", pk("community")),
    E("assessments:altai_rate", "DDDDDADDA", pk("community"), method="POST"),
    E("assessments:rescore", "DDDDDADDA", pk("community"), method="POST"),
    E("assessments:task_status", "DAAAAAAAA", lambda w: {"task_id": "no-such-task"}),
    E("assessments:analyses", "DAAAAAAAA", pk("community")),
    E(
        "assessments:analysis_record",
        "DDDDDADDA",
        lambda w: {"pk": w.community.pk, "code": "table_3_1"},
    ),
    E("assessments:analysis", "DAAAAAAAA", pk("assessment")),
    # --- assessments: field collection (XLSForm) ---
    # Imported submissions become draft assessments for a programme manager to review.
    E("assessments:xlsform_index", "DDDDDADDA"),
    E("assessments:xlsform_download", "DDDDDADDA", lambda w: {"code": "table_3_1"}),
    E("assessments:xlsform_import", "DDDDDADDA", lambda w: {"code": "table_3_1"}),
    E("assessments:xlsform_submissions", "DDDDDADDA"),
    E("assessments:xlsform_submission", "DDDDDADDA", pk("submission")),
    E("assessments:xlsform_finalise", "DDDDDADDA", pk("submission"), method="POST"),
    E("assessments:xlsform_discard", "DDDDDADDA", pk("submission"), method="POST"),
    # --- projects: projects of the owning organization ---
    # Projects belong to an organization: its case managers and supervisors take part
    # (participants, group formation), its programme manager edits, moves the lifecycle and
    # appraises (PROJECTS_MANAGE). Others get 404 and do not find it in lists; partners
    # have no browser pages here and do not find this project through the API either.
    E("projects:list", "DAASAASSA", marker=lambda w: w.project.name),
    E("projects:create", "DDDDDADDA"),
    E("projects:group_formation", "DAAAAADDA"),
    E("projects:group_create", "DAAAAADDA", method="POST"),
    E("projects:detail", "DAADAADDA", pk("project")),
    E("projects:edit", "DDDDDADDA", pk("project")),
    E("projects:history", "DAADAADDA", pk("project")),
    E("projects:status", "DDDDDADDA", pk("project"), method="POST"),
    # --- projects: lifecycle, participants, appraisals, matching ---
    # Table 3.5 and matching apply to projects integrating returnees into existing ones
    # (``existing_project``); matching refers returnees, which programme managers do not.
    E(
        "projects:action_set",
        "DDDDDADDA",
        lambda w: {"pk": w.project.pk, "code": "1.1"},
        method="POST",
    ),
    E(
        "projects:action_reopen",
        "DDDDDADDA",
        lambda w: {"pk": w.project.pk, "code": "1.1"},
        method="POST",
    ),
    E("projects:advance", "DDDDDADDA", pk("project"), method="POST"),
    E(
        "projects:participant_add",
        "DAADAADDA",
        lambda w: {"pk": w.project.pk, "kind": "returnee"},
    ),
    E(
        "projects:participant_edit",
        "DAADAADDA",
        lambda w: {"pk": w.project.pk, "participant_pk": w.participant.pk},
    ),
    E(
        "projects:participant_leave",
        "DAADAADDA",
        lambda w: {"pk": w.project.pk, "participant_pk": w.participant.pk},
    ),
    E("projects:appraisal_record", "DDDDDADDA", pk("project")),
    E("projects:table_3_5_record", "DDDDDADDA", pk("existing_project")),
    E(
        "projects:assessment",
        "DAADAADDA",
        lambda w: {"pk": w.project.pk, "assessment_pk": w.appraisal.pk},
    ),
    E("projects:matching", "DAADADDDA", pk("existing_project")),
    # --- finance: financial support groups and their ledger ---
    # Member-level data and the ledger: staff of the owning organization only
    # (projects.access_finance.groups_for_user); partners get aggregates through the API.
    E("finance:list", "DAASAADDA", marker=lambda w: w.financial_group.name),
    E("finance:create", "DAAAAADDA"),
    E("finance:detail", "DAADAADDA", pk("financial_group")),
    E("finance:edit", "DAADAADDA", pk("financial_group")),
    E("finance:ledger", "DAADAADDA", pk("financial_group")),
    E("finance:member_add", "DAADAADDA", pk("financial_group")),
    E(
        "finance:member_leave",
        "DAADAADDA",
        lambda w: {"pk": w.financial_group.pk, "member_pk": w.member.pk},
    ),
    E("finance:contribution", "DAADAADDA", pk("financial_group")),
    E("finance:loan", "DAADAADDA", pk("financial_group")),
    E("finance:repayment", "DAADAADDA", pk("financial_group")),
    E(
        "finance:correction",
        "DAADAADDA",
        lambda w: {"pk": w.financial_group.pk, "entry_pk": w.entry.pk},
    ),
    E("finance:share_out", "DAADAADDA", pk("financial_group")),
    # --- peer support: mentors, trainings, supervision ---
    # The mentor network belongs to an organization: its case managers, supervisor and
    # programme manager; another organization's case manager sees none of it.
    E("peer_support:index", "DAAAAADDA"),
    E("peer_support:mentors", "DAASAADDA", marker=lambda w: w.mentor.name),
    E("peer_support:mentor_create", "DAAAAADDA"),
    E("peer_support:mentor", "DAADAADDA", pk("mentor")),
    E("peer_support:mentor_edit", "DAADAADDA", pk("mentor")),
    E("peer_support:mentor_active", "DAADAADDA", pk("mentor"), method="POST"),
    E("peer_support:training_create", "DAADAADDA", pk("mentor")),
    E("peer_support:training_delete", "DAADAADDA", pk("training"), method="POST"),
    E("peer_support:supervision", "DAASAADDA", marker=lambda w: w.mentor.name),
    E("peer_support:supervision_create", "DAASAADDA", marker=lambda w: w.mentor.name),
    # --- peer support: mentorships ---
    # Mentorships are casework (a returnee's): programme managers read but do not record
    # meetings, evaluations or endings (PEER_CASEWORK_EDIT is not theirs).
    E("peer_support:mentorships", "DAASAADDA", marker=reference),
    E("peer_support:mentorship", "DAADAADDA", pk("mentorship")),
    E("peer_support:mentorship_meeting", "DAADADDDA", pk("mentorship")),
    E("peer_support:mentorship_evaluate", "DAADADDDA", pk("mentorship")),
    E("peer_support:mentorship_end", "DAADADDDA", pk("mentorship")),
    # --- peer support: peer groups ---
    # Setting a group up is for all staff of the owning organization; its members,
    # meetings and referrals are casework (not programme managers).
    E("peer_support:groups", "DAASAADDA", marker=lambda w: w.peer_group.name),
    E("peer_support:group_create", "DAAAAADDA"),
    E("peer_support:group", "DAADAADDA", pk("peer_group")),
    E("peer_support:group_edit", "DAADAADDA", pk("peer_group")),
    E("peer_support:group_approval", "DAADAADDA", pk("peer_group")),
    E("peer_support:group_extend", "DAADAADDA", pk("peer_group")),
    E("peer_support:group_close", "DAADAADDA", pk("peer_group")),
    E("peer_support:group_member_add", "DAADADDDA", pk("peer_group")),
    E(
        "peer_support:group_member_leave",
        "DAADADDDA",
        lambda w: {"pk": w.peer_group.pk, "member_pk": w.peer_group.members.first().pk},
    ),
    E("peer_support:group_meeting", "DAADADDDA", pk("peer_group")),
    E(
        "peer_support:group_referral_accept",
        "DAADADDDA",
        lambda w: {"pk": w.peer_group.pk, "referral_pk": w.group_referral.pk},
    ),
    # --- peer support: network groups and community events ---
    # Network groups are the community's (no organization): every staff user. Events
    # belong to the organization that ran them.
    E("peer_support:networks", "DAAAAADDA"),
    E("peer_support:network_create", "DAAAAADDA"),
    E("peer_support:network", "DAAAAADDA", pk("network_group")),
    E("peer_support:network_edit", "DAAAAADDA", pk("network_group")),
    E("peer_support:events", "DAASAADDA", marker=lambda w: w.event.title),
    E("peer_support:event_create", "DAAAAADDA"),
    E("peer_support:event", "DAADAADDA", pk("event")),
    E("peer_support:event_edit", "DAADAADDA", pk("event")),
    E("peer_support:event_delete", "DAADAADDA", pk("event"), method="POST"),
    # --- peer support: one returnee's peer-support panel ---
    # As the returnee's case: programme managers read it but do not refer or set
    # preferences.
    E("peer_support:returnee", "DAADAADDA", pk("returnee")),
    E("peer_support:preference", "DAADADDDA", pk("returnee"), method="POST"),
    E("peer_support:refer", "DAADADDDA", pk("returnee"), method="POST"),
    # --- dashboards: staff of every organization see figures of their own organization's
    # returnees (dashboards.access); partners read the API, not these pages. ---
    E("dashboards:overview", "DAAAAADDA"),
    E(
        "dashboards:overview_table",
        "DAAAAADDA",
        lambda w: {"key": "returnees_by_area", "fmt": "csv"},
    ),
    E("dashboards:map", "DAAAAADDA"),
    E("dashboards:map_table", "DAAAAADDA", lambda w: {"fmt": "csv"}),
    E("dashboards:community", "DAAAAADDA", pk("community")),
    E(
        "dashboards:community_table",
        "DAAAAADDA",
        lambda w: {"pk": w.community.pk, "key": "arrivals_by_month", "fmt": "csv"},
    ),
    # --- API: root, schema, the current user, organizations ---
    # Signed-in users and token holders; anonymous requests get 401.
    E("api:api-root", "DAAAAAAAA"),
    E("api-schema", "DAAAAAAAA"),
    E("api-docs", "DAAAAAAAA"),
    E("api:me", "DAAAAAAAA"),
    E("api:organization-list", "DAAAAAAAA"),
    E("api:organization-detail", "DAAAAAAAA", lambda w: {"pk": w.organization.pk}),
    # --- API: communities and their resources (shared reference data) ---
    E("api:community-list", "DAAAAAAAA"),
    E("api:community-detail", "DAAAAAAAA", pk("community")),
    E("api:profile-list", "DAAAAAAAA"),
    E("api:profile-detail", "DAAAAAAAA", pk("profile")),
    E("api:stakeholder-list", "DAAAAAAAA"),
    E("api:stakeholder-detail", "DAAAAAAAA", pk("stakeholder")),
    E("api:service-list", "DAAAAAAAA"),
    E("api:service-detail", "DAAAAAAAA", pk("service")),
    E("api:sector-list", "DAAAAAAAA"),
    E("api:sector-detail", "DAAAAAAAA", lambda w: {"pk": w.opportunity.sector_id}),
    E("api:livelihood-opportunity-list", "DAAAAAAAA"),
    E("api:livelihood-opportunity-detail", "DAAAAAAAA", pk("opportunity")),
    # --- API: returnees, cases and referrals (partners: pseudonymised, consent checked) ---
    # The partner reads the returnee and the referral it was sent (pseudonymised, while
    # consent lasts) but never the case; the unrelated partner and the other organization
    # see nothing.
    E("api:returnee-list", "DAASAAASA", marker=reference),
    E("api:returnee-detail", "DAADAAADA", pk("returnee")),
    E("api:case-list", "DAASAASSA", marker=reference),
    E("api:case-detail", "DAADAADDA", pk("returnee")),
    E("api:referral-list", "DAASAAASA", marker=reference),
    E("api:referral-detail", "DAADAAADA", pk("referral")),
    # Answering a referral (reintegration.api.referral_answers): the organization it is
    # addressed to; an empty form-encoded answer reaches the parser (415: JSON only) or
    # validation (400). Others: 403/404, nothing written.
    E(
        "api:referral-answer",
        "DDDDDDADA",
        pk("referral"),
        method="POST",
        also_ok=(400, 415),
    ),
    # Places and the suppressed aggregates: shared reference figures for every signed-in
    # user and token holder (dashboards.aggregates suppresses small cells for everyone).
    E("api:place-list", "DAAAAAAAA"),
    E("api:place-detail", "DAAAAAAAA", pk("community")),
    E("api:aggregates-returnees", "DAAAAAAAA"),
    # --- API: instruments, assessments, scores, ranking ---
    # About communities (shared): every signed-in user and token holder.
    E("api:instrument-list", "DAAAAAAAA"),
    E("api:instrument-detail", "DAAAAAAAA", lambda w: {"pk": w.assessment.instrument_id}),
    E("api:assessment-list", "DAAAAAAAA"),
    E("api:assessment-detail", "DAAAAAAAA", pk("assessment")),
    E("api:score-list", "DAAAAAAAA"),
    E("api:score-detail", "DAAAAAAAA", pk("score")),
    E("api:ranking-list", "DAAAAAAAA"),
    # --- API: projects, participants, financial groups ---
    # Projects and participants: the owning organization. Financial groups: partners read
    # every group's aggregate figures by design (access_finance.groups_aggregated_for_user),
    # never the ledger; another organization's case manager reads neither.
    E("api:project-list", "DAASAASSA", marker=lambda w: w.project.name),
    E("api:project-detail", "DAADAADDA", pk("project")),
    E("api:project-participant-list", "DAASAASSA", marker=reference),
    E("api:project-participant-detail", "DAADAADDA", pk("participant")),
    E("api:financial-group-list", "DAAAAAAAA"),
    E("api:financial-group-detail", "DAADAAAAA", pk("financial_group")),
    E("api:financial-group-ledger", "DAADAADDA", pk("financial_group")),
    # --- API: peer support ---
    # By design these endpoints publish aggregates of every organization's groups and
    # events (peer_support.selectors api_peer_group_list / api_event_list: sizes and
    # counts, never who takes part), unlike the browser pages, which are the owning
    # organization's only.
    E("api:peer-group-list", "DAAAAAAAA"),
    E("api:peer-group-detail", "DAAAAAAAA", pk("peer_group")),
    E("api:network-group-list", "DAAAAAAAA"),
    E("api:network-group-detail", "DAAAAAAAA", pk("network_group")),
    E("api:community-event-list", "DAAAAAAAA"),
    E("api:community-event-detail", "DAAAAAAAA", pk("event")),
    E("api:social-cohesion-list", "DAAAAAAAA"),
]

# Communities, their profiles and resources, their assessments and the field submissions
# that feed them are shared reference data with no owning organization (communities.models,
# communities.xlsform.models.FieldSubmission has no organization): a programme manager of
# any organization curates them, so ``other_staff``'s "a record of the owning organization"
# does not apply. Measured: each of these answered the other programme manager as allowed.
SHARED_REFERENCE_CURATION = {
    "communities:edit",
    "communities:profile_create",
    "communities:profile_finalise",
    "communities:stakeholder_create",
    "communities:stakeholder_edit",
    "communities:service_create",
    "communities:service_edit",
    "communities:opportunity_create",
    "communities:opportunity_edit",
    "communities:xlsform_profile_discard",
    "assessments:altai_rate",
    "assessments:rescore",
    "assessments:analysis_record",
    "assessments:xlsform_download",
    "assessments:xlsform_import",
    "assessments:xlsform_submission",
    "assessments:xlsform_finalise",
    "assessments:xlsform_discard",
}
MATRIX = [
    replace(entry, others="DA") if entry.name in SHARED_REFERENCE_CURATION else entry
    for entry in MATRIX
]
