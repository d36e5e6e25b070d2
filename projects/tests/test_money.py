"""No float money anywhere: no model of any project app has a FloatField, and the
projects' amounts are Decimals with a currency (issue: projects, acceptance 4)."""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from projects.models import Project
from projects.money import validate_currency

PROJECT_APPS = settings.INSTALLED_APPS[settings.INSTALLED_APPS.index("accounts") :]


def test_the_scan_covers_every_project_app():
    assert {"accounts", "communities", "reintegration", "assessments", "projects"} <= set(
        PROJECT_APPS
    )


def test_no_model_of_the_project_apps_has_a_float_field():
    floats = [
        f"{model._meta.label}.{field.name}"
        for label in PROJECT_APPS
        for model in apps.get_app_config(label.rsplit(".", 1)[-1]).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FloatField)
    ]
    assert floats == []


def test_project_amounts_are_decimals_with_two_places():
    for name in ("budget", "cofinancing_local_government", "cofinancing_in_kind", "monthly_income"):
        field = Project._meta.get_field(name)
        assert isinstance(field, models.DecimalField), name
        assert field.decimal_places == 2, name
    assert Project._meta.get_field("currency").max_length == 3


def test_currency_codes_are_iso_4217():
    validate_currency("GNF")
    validate_currency("xof")
    with pytest.raises(ValidationError) as error:
        validate_currency("ABC")
    assert error.value.messages == ["'ABC' is not an ISO 4217 currency code."]
