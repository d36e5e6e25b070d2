import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.models import Role, User

pytestmark = pytest.mark.django_db


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_seed_demo_creates_one_user_per_role_and_prints_logins(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    for username in [
        "demo-admin",
        "demo-supervisor",
        "demo-case-manager",
        "demo-programme-manager",
        "demo-partner",
    ]:
        assert f"{username} / demo-reintegration-2026" in out
    users = {u.username: u for u in User.objects.filter(username__startswith="demo-")}
    assert {name: sorted(u.roles) for name, u in users.items()} == {
        "demo-admin": [Role.ADMIN],
        "demo-supervisor": [Role.SUPERVISOR],
        "demo-case-manager": [Role.CASE_MANAGER],
        "demo-programme-manager": [Role.PROGRAMME_MANAGER],
        "demo-partner": [Role.PARTNER],
    }
    assert users["demo-case-manager"].supervisor == users["demo-supervisor"]
    assert users["demo-admin"].is_staff
    assert users["demo-partner"].organization.name == "Demo Partner NGO"
    assert users["demo-case-manager"].check_password("demo-reintegration-2026")


def test_seed_demo_is_idempotent():
    call_command("seed_demo")
    first = row_counts()
    call_command("seed_demo")
    assert row_counts() == first
