"""On the demo data (``seed_demo``), the demo programme manager's overview counts what the
registry holds for the demo organization, figure by figure."""

import datetime
import io

import pytest
from django.core.management import call_command

from accounts.models import User
from dashboards.periods import default_period
from dashboards.tests.test_overview_figures import figures
from reintegration.models import Referral, Returnee

pytestmark = pytest.mark.django_db


def test_demo_overview_matches_the_registry(client_for):
    call_command("seed_demo", stdout=io.StringIO())
    manager = User.objects.get(username="demo-programme-manager")
    ours = Returnee.objects.filter(organization=manager.organization)
    start, end = default_period(datetime.date.today())
    referrals = Referral.objects.filter(returnee__in=ours)
    found = figures(client_for(manager).get("/dashboards/"))
    assert ours.count() > 0
    assert found["returnees.returnees"] == ours.count()
    assert found["returnees.open_cases"] == ours.exclude(status="closed").count()
    assert found["returnees.arrivals"] == ours.filter(return_date__range=(start, end)).count()
    assert (
        found["referrals.referrals_made"]
        == referrals.filter(created_at__date__range=(start, end)).count()
    )
    assert (
        found["referrals.open_referrals"]
        == referrals.filter(status__in=Referral.OPEN_STATUSES).count()
    )
