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

# role -> {app_label: [codename, ...]}; "*" means every permission of the app.
ROLE_PERMISSIONS: dict[str, dict[str, list[str]]] = {
    Role.CASE_MANAGER: {
        "accounts": ["view_organization"],
        "communities": COMMUNITIES_VIEW,
        "reintegration": CASE_VIEW + CASE_EDIT,
        "assessments": ASSESSMENTS_VIEW,
    },
    Role.SUPERVISOR: {
        "accounts": ["view_organization", "view_user", "view_auditevent"],
        "communities": COMMUNITIES_VIEW,
        "reintegration": CASE_VIEW + CASE_EDIT,
        "assessments": ASSESSMENTS_VIEW,
    },
    Role.PROGRAMME_MANAGER: {
        "accounts": ["view_organization", "view_user"],
        # Programme managers record communities, profiles and their resources.
        "communities": COMMUNITIES_VIEW + COMMUNITIES_EDIT,
        # Programme managers rate and override the Altai criteria and rescore.
        "assessments": ASSESSMENTS_VIEW + ASSESSMENTS_EDIT,
        # Programme managers read their organization's registry; they do not edit cases.
        "reintegration": CASE_VIEW,
    },
    Role.PARTNER: {
        "accounts": ["view_organization"],
        "communities": COMMUNITIES_VIEW,
        # What a partner sees of a returnee is decided by reintegration.access (referred to
        # them, with consent to share) and is pseudonymised; they answer their referrals.
        "reintegration": ["view_returnee", "view_referral", "change_referral"],
        "assessments": ASSESSMENTS_VIEW,
    },
    Role.ADMIN: {
        "accounts": ["*"],
        "auth": ["view_group", "change_group"],
        # Remove a lost phone's two-factor device (accounts/admin.py audits it).
        "otp_totp": ["view_totpdevice", "delete_totpdevice"],
        "communities": ["*"],
        "reintegration": ["*"],
        "assessments": ["*"],
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
