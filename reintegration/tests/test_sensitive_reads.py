"""Every place that shows sensitive values logs the read, for those who may see them; the
others are shown nothing and nothing is logged (SECURITY.md)."""

import pytest

from accounts.models import AccessLogEntry
from reintegration.tests import sentinels

pytestmark = pytest.mark.django_db
SHOWN = ["confidential_notes", "mental_health_condition", "protection_concern"]


@pytest.fixture
def returnee(case_manager, partner):
    return sentinels.sentinel_case(case_manager=case_manager, partner=partner, close=False)


SURFACES = {
    "detail page": ("/returnees/{pk}/", "view"),
    "edit page": ("/returnees/{pk}/edit/", "edit"),
    "API detail": ("/api/v1/returnees/{pk}/", "api"),
    "CSV export": ("/returnees/export/?format=csv", "export"),
    "subject access": ("/returnees/{pk}/subject-access/?format=json", "subject access"),
}


def read(client, url, returnee):
    response = client.get(url.format(pk=returnee.pk))
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("surface", SURFACES)
def test_each_place_showing_sensitive_values_logs_the_read(
    client_for, returnee, case_manager, surface
):
    url, purpose = SURFACES[surface]
    content = read(client_for(case_manager), url, returnee).decode()
    assert sentinels.TEXT["mental_health_condition"] in content
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.object_id, entry.fields, entry.purpose) == (
        case_manager,
        str(returnee.pk),
        SHOWN,
        purpose,
    )


@pytest.mark.parametrize("surface", ["detail page", "API detail", "CSV export"])
def test_a_colleague_is_shown_nothing_and_nothing_is_logged(
    client_for, returnee, colleague, surface
):
    url, _ = SURFACES[surface]
    content = read(client_for(colleague), url, returnee).decode()
    assert sentinels.TEXT["first_name"] in content
    for name in ("mental_health_condition", "protection_concern", "confidential_notes"):
        assert sentinels.TEXT[name] not in content
    assert AccessLogEntry.objects.count() == 0


def test_other_tabs_of_the_detail_page_log_nothing(client_for, returnee, case_manager):
    client = client_for(case_manager)
    for tab in ("household", "skills", "consent", "sessions", "notes", "referrals", "history"):
        assert client.get(f"/returnees/{returnee.pk}/?tab={tab}").status_code == 200
    assert AccessLogEntry.objects.count() == 0
