"""What each role may do: the one table of role -> Django permissions.

Each role is a Django group of the same name, created by migration 0002 and re-synced after
every ``migrate`` so that permissions added by later apps reach their groups. Later issues
add their apps' permissions here. Object-level rules (which organization's records) live in
each app's access functions; these permissions say which kinds of record a role may touch.
"""

from django.contrib.auth.management import create_permissions

from accounts.models import Role

_COMMUNITY_MODELS = [
    "community",
    "communityprofile",
    "profileentry",
    "stakeholder",
    "service",
    "livelihoodopportunity",
]
COMMUNITIES_VIEW = [f"view_{m}" for m in [*_COMMUNITY_MODELS, "profileindicator", "sector"]]
COMMUNITIES_EDIT = [f"{a}_{m}" for m in _COMMUNITY_MODELS for a in ("add", "change")]

_CASE_MODELS = [
    "returnee",
    "householdmember",
    "returneeskill",
    "returneeinterest",
    "returneeneed",
    "consent",
    "counsellingsession",
    "casenote",
    "referral",
]
CASE_VIEW = [f"view_{m}" for m in _CASE_MODELS]
CASE_EDIT = [f"{a}_{m}" for m in _CASE_MODELS for a in ("add", "change")]

ASSESSMENTS_VIEW = [
    f"view_{m}" for m in ("instrument", "instrumentitem", "assessment", "answer", "communityscore")
]
ASSESSMENTS_EDIT = [f"{a}_{m}" for m in ("assessment", "answer") for a in ("add", "change")]

# Projects (issue: projects). Case managers and supervisors view projects, manage their
# participants and create collective projects through group formation; programme managers
# also edit projects, record their lifecycle and select them; partners read through the
# API. Which organization's projects is decided by projects.access.
_PROJECT_MODELS = ["project", "participant", "actionrecord", "stepcompletion"]
PROJECTS_VIEW = [f"view_{m}" for m in _PROJECT_MODELS]
PROJECTS_CASEWORK = [*PROJECTS_VIEW, "add_project", "add_participant", "change_participant"]
PROJECTS_MANAGE = [
    *PROJECTS_CASEWORK,
    "change_project",
    "select_project",
    "add_actionrecord",
    "change_actionrecord",
    "delete_actionrecord",
    "add_stepcompletion",
]
# Financial support groups (projects, handbook 3.3.3). Ledger entries and loan guarantees
# are append-only: no change or delete permission exists for them.
FINANCE_VIEW = [
    f"view_{m}" for m in ("financialgroup", "groupmember", "ledgerentry", "loanguarantor")
]
FINANCE_EDIT = [
    f"{a}_{m}" for m in ("financialgroup", "groupmember") for a in ("add", "change")
] + ["add_ledgerentry", "add_loanguarantor"]
# Peer support (handbook 3.5): case managers and supervisors run mentoring, groups and
# referrals; programme managers set up the mentor network, groups, networks and events;
# partners read groups, events and aggregates (no participant's personal data).
_PEER_CASEWORK = [
    "mentoringpreference",
    "mentorship",
    "mentorshipmeeting",
    "peergroupmember",
    "peergroupmeeting",
    "networkgroupmember",
]
_PEER_SETUP = [
    "mentor",
    "mentortraining",
    "supervisionsession",
    "peergroup",
    "networkgroup",
    "communityevent",
]
PEER_VIEW = [f"view_{m}" for m in [*_PEER_SETUP, *_PEER_CASEWORK]]
PEER_SETUP_EDIT = [f"{a}_{m}" for m in _PEER_SETUP for a in ("add", "change")] + [
    "delete_mentortraining",
    "delete_communityevent",
]
PEER_CASEWORK_EDIT = [f"{a}_{m}" for m in _PEER_CASEWORK for a in ("add", "change")]
PEER_PARTNER = ["view_peergroup", "view_networkgroup", "view_communityevent"]

# role -> {app_label: [codename, ...]}; "*" means every permission of the app.
ROLE_PERMISSIONS: dict[str, dict[str, list[str]]] = {
    Role.CASE_MANAGER: {
        "accounts": ["view_organization"],
        "communities": COMMUNITIES_VIEW,
        "reintegration": CASE_VIEW + CASE_EDIT,
        "assessments": ASSESSMENTS_VIEW,
        "projects": PROJECTS_CASEWORK + FINANCE_VIEW + FINANCE_EDIT,
        "peer_support": PEER_VIEW + PEER_SETUP_EDIT + PEER_CASEWORK_EDIT,
    },
    Role.SUPERVISOR: {
        "accounts": ["view_organization", "view_user", "view_auditevent"],
        "communities": COMMUNITIES_VIEW,
        "reintegration": CASE_VIEW + CASE_EDIT,
        "assessments": ASSESSMENTS_VIEW,
        "projects": PROJECTS_CASEWORK + FINANCE_VIEW + FINANCE_EDIT,
        "peer_support": PEER_VIEW + PEER_SETUP_EDIT + PEER_CASEWORK_EDIT,
    },
    Role.PROGRAMME_MANAGER: {
        "accounts": ["view_organization", "view_user"],
        # Programme managers record communities, profiles and their resources.
        "communities": COMMUNITIES_VIEW + COMMUNITIES_EDIT,
        # Programme managers rate and override the Altai criteria and rescore.
        "assessments": ASSESSMENTS_VIEW + ASSESSMENTS_EDIT,
        # Programme managers read their organization's registry; they do not edit cases.
        "reintegration": CASE_VIEW,
        "projects": PROJECTS_MANAGE + FINANCE_VIEW + FINANCE_EDIT,
        "peer_support": PEER_VIEW + PEER_SETUP_EDIT,
    },
    Role.PARTNER: {
        "accounts": ["view_organization"],
        "communities": COMMUNITIES_VIEW,
        # What a partner sees of a returnee is decided by reintegration.access (referred to
        # them, with consent to share) and is pseudonymised; they answer their referrals.
        "reintegration": ["view_returnee", "view_referral", "change_referral"],
        "assessments": ASSESSMENTS_VIEW,
        # Aggregate figures of financial groups only (projects.access_finance).
        "projects": ["view_project", "view_participant", "view_financialgroup"],
        "peer_support": PEER_PARTNER,
    },
    Role.ADMIN: {
        "accounts": ["*"],
        "auth": ["view_group", "change_group"],
        # Remove a lost phone's two-factor device (accounts/admin.py audits it).
        "otp_totp": ["view_totpdevice", "delete_totpdevice"],
        "communities": ["*"],
        "reintegration": ["*"],
        "assessments": ["*"],
        "projects": ["*"],
        "peer_support": ["*"],
    },
}


def sync_role_permissions(apps, using: str = "default") -> None:
    """Make every role group exist and hold exactly the permissions of ROLE_PERMISSIONS.

    Works with the historical app registry of a migration as with the live one.
    Permissions of apps not migrated yet are skipped; the post-migrate sync adds them.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for app_config in apps.get_app_configs():
        # Historical app configs have no models module, and create_permissions skips
        # those; Django's own migrations work around it the same way.
        if getattr(app_config, "models_module", None) is None:
            app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=using)
    for role, per_app in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        wanted = Permission.objects.using(using).none()
        for app_label, codenames in per_app.items():
            perms = Permission.objects.using(using).filter(content_type__app_label=app_label)
            if codenames != ["*"]:
                perms = perms.filter(codename__in=codenames)
            wanted = wanted | perms
        group.permissions.set(wanted)


def sync_after_migrate(*, using: str = "default", apps=None, **kwargs) -> None:
    from django.apps import apps as live_apps

    sync_role_permissions(apps or live_apps, using=using)
