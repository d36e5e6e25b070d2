"""The returnee / non-migrant balance warning (handbook 3.2.1) and the settings behind the
dashboards and the partner API, read from the environment and refused when wrong."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_int, env_rate
from dashboards.balance import benefit_balance


@pytest.mark.parametrize(
    ("returnees", "non_migrants", "lopsided", "warning"),
    [
        (0, 0, False, ""),
        (75, 25, False, ""),  # exactly the threshold is not more than it
        (76, 24, True, "76% of the people counted are returnees"),
        (10, 40, True, "80% of the people counted are non-migrants"),
        (3, 0, True, "100% of the people counted are returnees"),
        (50, 50, False, ""),
    ],
)
def test_balance_against_the_default_threshold(
    settings, returnees, non_migrants, lopsided, warning
):
    settings.BENEFIT_BALANCE_LOPSIDED_PERCENT = 75
    balance = benefit_balance(returnees=returnees, non_migrants=non_migrants)
    assert balance.lopsided is lopsided
    assert balance.warning.startswith(warning)
    if lopsided:
        assert "(more than 75%)" in balance.warning
        assert "handbook 3.2.1" in balance.warning


def test_the_threshold_is_configurable(settings):
    settings.BENEFIT_BALANCE_LOPSIDED_PERCENT = 60
    assert benefit_balance(returnees=65, non_migrants=35).lopsided
    assert not benefit_balance(returnees=65, non_migrants=35, threshold_percent=70).lopsided
    assert benefit_balance(returnees=2, non_migrants=1).returnee_percent == 66.7
    with pytest.raises(ValueError):
        benefit_balance(returnees=-1, non_migrants=3)


def test_rates_and_bounded_numbers_are_refused_when_wrong(monkeypatch):
    monkeypatch.setenv("API_TOKEN_THROTTLE_RATE", "120/minute")
    assert env_rate("API_TOKEN_THROTTLE_RATE", default="1000/hour") == "120/minute"
    monkeypatch.delenv("API_TOKEN_THROTTLE_RATE")
    assert env_rate("API_TOKEN_THROTTLE_RATE", default="1000/hour") == "1000/hour"
    for bad in ("lots", "10/week", "0/hour", "-5/day"):
        monkeypatch.setenv("API_TOKEN_THROTTLE_RATE", bad)
        with pytest.raises(ImproperlyConfigured, match="is not a rate"):
            env_rate("API_TOKEN_THROTTLE_RATE", default="1000/hour")
    monkeypatch.setenv("BENEFIT_BALANCE_LOPSIDED_PERCENT", "101")
    with pytest.raises(ImproperlyConfigured, match="must be at most 100"):
        env_int("BENEFIT_BALANCE_LOPSIDED_PERCENT", default=75, minimum=51, maximum=100)
