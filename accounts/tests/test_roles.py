"""Each role is a group with exactly its permissions, its home page and its navigation."""

import pytest
from django.contrib.auth.models import Group

from accounts.models import Role
from accounts.roles import ROLE_PERMISSIONS

pytestmark = pytest.mark.django_db
CASEWORK = [
    "Home",
    "Caseload",
    "Returnees",
    "Referrals",
    "Communities",
    "Dashboard",
    "Map",
    "Projects",
    "Peer support",
]


def test_every_role_is_a_group_created_by_migration():
    assert set(Group.objects.values_list("name", flat=True)) == {
        "case_manager",
        "supervisor",
        "programme_manager",
        "partner",
        "admin",
    }


def test_foundation_permissions_of_each_role():
    def perms(role):
        group = Group.objects.get(name=role)
        return {
            f"{app}.{code}"
            for app, code in group.permissions.values_list("content_type__app_label", "codename")
        }

    assert {p for p in perms(Role.CASE_MANAGER) if p.startswith("accounts.")} == {
        "accounts.view_organization"
    }
    assert {p for p in perms(Role.SUPERVISOR) if p.startswith("accounts.")} == {
        "accounts.view_organization",
        "accounts.view_user",
        "accounts.view_auditevent",
    }
    assert {p for p in perms(Role.PARTNER) if p.startswith("accounts.")} == {
        "accounts.view_organization"
    }
    admin = perms(Role.ADMIN)
    assert {"accounts.add_user", "accounts.change_user", "accounts.view_auditevent"} <= admin
    # The logs are append-only: the permissions to change them do not even exist.
    assert "accounts.change_auditevent" not in admin
    assert "accounts.delete_accesslogentry" not in admin


def test_role_table_names_only_real_roles():
    assert set(ROLE_PERMISSIONS) == set(Role.values)


@pytest.mark.parametrize(
    ("persona", "heading", "nav"),
    [
        ("case_manager", "My caseload", [*CASEWORK, "Financial groups"]),
        ("supervisor", "My team", [*CASEWORK, "Financial groups", "Audit trail"]),
        (
            "programme_manager",
            "Programme overview",
            [
                "Home",
                "Returnees",
                "Communities",
                "Dashboard",
                "Map",
                "Projects",
                "Peer support",
                "Ranking",
                "Field data",
                "Financial groups",
                "API documentation",
            ],
        ),
        ("partner", "Partner access", ["Home", "Referrals", "API documentation"]),
        (
            "administrator",
            "Administration",
            [
                *CASEWORK,
                "Ranking",
                "Field data",
                "Financial groups",
                "API documentation",
                "Audit trail",
                "Administration",
            ],
        ),
    ],
)
def test_each_role_sees_its_home_page_and_navigation(request, client_for, persona, heading, nav):
    user = request.getfixturevalue(persona)
    response = client_for(user).get("/")
    assert response.status_code == 200
    assert f'data-testid="home-heading">{heading}</h1>' in response.content.decode()
    assert [item["label"] for item in response.context["nav_items"]] == nav


def test_user_without_role_is_told_to_ask_an_admin(client_for, organization):
    from accounts.tests.factories import UserFactory

    response = client_for(UserFactory(organization=organization)).get("/")
    assert "Ask an administrator to give you one." in response.content.decode()


def test_admin_site_is_for_admins_only(client_for, case_manager, administrator):
    assert client_for(case_manager).get("/admin/").status_code == 302
    assert client_for(administrator).get("/admin/").status_code == 200
    response = client_for(administrator).get("/admin/accounts/auditevent/")
    assert response.status_code == 200


def test_user_needs_an_organization_unless_superuser():
    from django.db import IntegrityError, transaction

    from accounts.models import User

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="orphan")
    assert User.objects.create(username="root", is_superuser=True).organization is None
