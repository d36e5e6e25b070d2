"""The case's small forms: consent, withdrawal, sessions (through the browser views)."""

import datetime

import pytest

from accounts.models import AuditEvent
from communities.tests.factories import CommunityFactory
from reintegration import services
from reintegration.models import Consent, CounsellingSession

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def returnee(case_manager):
    return services.returnee_register(
        actor=case_manager,
        fields={
            "first_name": "Hawa",
            "last_name": "Condé",
            "sex": "female",
            "estimated_age": 33,
            "nationality": "GIN",
            "community": CommunityFactory(country="GIN"),
            "return_date": TODAY,
            "return_kind": "spontaneous",
        },
    )


def test_consent_session_and_withdrawal_pages(client_for, case_manager, returnee, partner):
    client = client_for(case_manager)
    base = f"/returnees/{returnee.pk}"
    # A session without consent is refused with the service's message.
    response = client.post(
        f"{base}/sessions/new/", {"date": TODAY.isoformat(), "kind": "individual"}
    )
    assert "has not consented to case management" in response.content.decode()
    assert CounsellingSession.objects.count() == 0
    response = client.post(
        f"{base}/consent/",
        {
            "given_on": TODAY.isoformat(),
            "case_management": "on",
            "shared_with": [partner.organization_id],
        },
    )
    assert response["Location"] == f"{base}/?tab=consent"
    consent = Consent.objects.get()
    assert list(consent.shared_with.all()) == [partner.organization]
    response = client.post(
        f"{base}/sessions/new/",
        {"date": TODAY.isoformat(), "kind": "family", "notes": "With her mother"},
    )
    assert response["Location"] == f"{base}/?tab=sessions"
    assert CounsellingSession.objects.get().kind == "family"
    future = (TODAY + datetime.timedelta(days=2)).isoformat()
    response = client.post(f"{base}/consent/withdraw/", {"withdrawn_on": future})
    assert response.context["form"].errors == {
        "withdrawn_on": ["A withdrawal cannot be dated in the future."]
    }
    client.post(f"{base}/consent/withdraw/", {"withdrawn_on": TODAY.isoformat()})
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY
    assert AuditEvent.objects.filter(
        object_id=str(consent.pk), action="update", changes__withdrawn_on=[None, TODAY.isoformat()]
    ).exists()
