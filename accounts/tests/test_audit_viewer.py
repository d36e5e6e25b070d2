"""The audit viewer: admins see every event, supervisors their organization's; filters,
pagination and a constant number of queries."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from accounts.audit import access_log_record, audit_record
from accounts.models import Organization
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/accounts/audit/"


def event(actor, instance, action="update", **changes):
    with transaction.atomic():
        return audit_record(actor=actor, action=action, instance=instance, changes=changes)


@pytest.fixture
def events(case_manager, outsider, organization, other_organization):
    """Two events by the organization's case manager, one by an outsider, one by the
    system (no actor)."""
    return {
        "ours": event(case_manager, organization, name=["Lead", "Lead Organization"]),
        "ours_create": event(case_manager, case_manager, action="create"),
        "theirs": event(outsider, other_organization, country=["", "SEN"]),
        "system": event(None, organization, kind=["lead", "lead"]),
    }


def listed(client, query=""):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    return [row.pk for row in response.context["page"].object_list]


def test_admins_see_every_event(client_for, administrator, events):
    assert listed(client_for(administrator)) == [
        events[k].pk for k in ("system", "theirs", "ours_create", "ours")
    ]


def test_supervisors_see_their_organizations_events_only(client_for, supervisor, events):
    page = client_for(supervisor).get(URL)
    assert [row.pk for row in page.context["page"].object_list] == [
        events["ours_create"].pk,
        events["ours"].pk,
    ]
    html = page.content.decode()
    assert "outsider" not in html
    assert "SEN" not in html


@pytest.mark.parametrize("persona", ["case_manager", "colleague", "programme_manager", "partner"])
def test_others_are_refused(request, client_for, events, persona):
    response = client_for(request.getfixturevalue(persona)).get(URL)
    assert response.status_code == 403
    assert "Lead Organization" not in response.content.decode()


def test_anonymous_is_sent_to_login(client, events):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_filters(client_for, administrator, events, organization):
    client = client_for(administrator)
    organization_type = ContentType.objects.get_for_model(Organization)
    assert listed(client, "actor=Case-Manager") == [events["ours_create"].pk, events["ours"].pk]
    assert listed(client, "actor=system") == [events["system"].pk]
    assert listed(client, f"content_type={organization_type.pk}") == [
        events[k].pk for k in ("system", "theirs", "ours")
    ]
    assert listed(client, f"content_type={organization_type.pk}&object_id={organization.pk}") == [
        events["system"].pk,
        events["ours"].pk,
    ]
    assert listed(client, "action=create") == [events["ours_create"].pk]
    today = timezone.now().date()
    assert len(listed(client, f"date_from={today}&date_to={today}")) == 4
    tomorrow = today + datetime.timedelta(days=1)
    assert listed(client, f"date_from={tomorrow}") == []
    yesterday = today - datetime.timedelta(days=1)
    assert listed(client, f"date_to={yesterday}") == []


def test_a_reversed_period_is_an_error_not_a_silent_empty_list(client_for, administrator, events):
    today = timezone.now().date()
    response = client_for(administrator).get(
        f"{URL}?date_from={today}&date_to={today - datetime.timedelta(days=3)}"
    )
    assert "The end of the period is before its start." in response.content.decode()


def test_reads_of_sensitive_fields_have_their_own_tab(
    client_for, supervisor, case_manager, outsider, organization
):
    ours = access_log_record(
        user=case_manager, instance=organization, fields=["protection_concern"], purpose="view"
    )
    access_log_record(user=outsider, instance=organization, fields=["x"], purpose="export")
    page = client_for(supervisor).get(f"{URL}?log=reads")
    assert [row.pk for row in page.context["page"].object_list] == [ours.pk]
    assert "protection_concern" in page.content.decode()


def test_pagination_and_a_constant_query_count(
    client_for, administrator, organization, django_assert_num_queries
):
    client = client_for(administrator)

    def fill(count):
        with transaction.atomic():
            for n in range(count):
                audit_record(
                    actor=administrator, action="update", instance=organization, changes={"n": n}
                )

    def measure():
        # session, user, the user's roles (groups), COUNT of the events, the user's
        # organization (the user menu), the record-type choices of the filter form, one page
        # of events with their content types.
        with django_assert_num_queries(7):
            response = client.get(URL)
        return response

    fill(3)
    assert len(measure().context["page"].object_list) == 3
    fill(120)
    response = measure()
    assert len(response.context["page"].object_list) == 50
    assert response.context["page"].paginator.num_pages == 3
    last = client.get(f"{URL}?page=3")
    assert len(last.context["page"].object_list) == 23


def test_the_nav_offers_the_viewer_to_supervisors_and_admins(
    client_for, supervisor, administrator, case_manager
):
    for user, shown in ((supervisor, True), (administrator, True), (case_manager, False)):
        labels = [i["label"] for i in client_for(user).get("/").context["nav_items"]]
        assert ("Audit trail" in labels) is shown


def test_a_superuser_without_organization_sees_everything(client_for, events):
    superuser = UserFactory(organization=None, is_superuser=True)
    assert len(listed(client_for(superuser))) == 4
