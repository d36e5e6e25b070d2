"""Two people acting on the same record at once (issue: reliability, faults).

- Two sessions saving the same returnee: the second is refused with a message (optimistic
  locking on ``Returnee.version``); nothing is silently overwritten.
- Two partners answering the same referral at once: the row lock in ``referral_transition``
  serialises them and exactly one transition wins.

Both run in real threads with their own database connections, on PostgreSQL.
"""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from accounts.models import Role
from accounts.tests.factories import UserFactory
from communities.tests.factories import CommunityFactory, ServiceFactory
from reintegration import services
from reintegration.models import ReferralStatusChange, Returnee

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite locks files)"
    ),
]
TODAY = datetime.date.today()


def run_in_threads(*functions):
    """Run each function in its own thread (own connection); return result or exception."""
    outcomes: list = [None] * len(functions)

    def runner(index, function):
        try:
            outcomes[index] = function()
        except Exception as error:  # the outcome under test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.fixture
def referral(case_manager, partner_organization):
    community = CommunityFactory(country="GIN")
    returnee = services.returnee_register(
        actor=case_manager,
        fields={
            "first_name": "Mariama",
            "last_name": "Bah",
            "sex": "female",
            "date_of_birth": datetime.date(1996, 1, 5),
            "nationality": "GIN",
            "community": community,
            "return_date": TODAY - datetime.timedelta(days=20),
            "return_kind": "assisted_voluntary",
        },
    )
    services.consent_record(
        actor=case_manager,
        returnee=returnee,
        given_on=TODAY,
        shared_with=[partner_organization],
    )
    service = ServiceFactory(community=community, organization=partner_organization)
    return services.referral_create(
        actor=case_manager, returnee=returnee, target=service, reason="Vocational training"
    )


def test_two_partners_answering_at_once_exactly_one_wins(referral, partner_organization):
    first = UserFactory(
        username="partner-a", organization=partner_organization, roles=[Role.PARTNER]
    )
    second = UserFactory(
        username="partner-b", organization=partner_organization, roles=[Role.PARTNER]
    )
    locked = threading.Event()

    def accept_slowly():
        with transaction.atomic():
            services.referral_transition(actor=first, referral=referral, to_status="accepted")
            locked.set()
            time.sleep(0.5)  # hold the row lock while the other answer arrives
        return "accepted"

    def decline_meanwhile():
        assert locked.wait(timeout=30)
        services.referral_transition(
            actor=second, referral=referral, to_status="declined", decline_reason="No place"
        )
        return "declined"

    outcomes = run_in_threads(accept_slowly, decline_meanwhile)
    assert outcomes[0] == "accepted"
    assert isinstance(outcomes[1], ValidationError)
    assert outcomes[1].message_dict == {
        "status": [
            "An accepted referral cannot become declined; it can become: dropped, in progress."
        ]
    }
    referral.refresh_from_db()
    assert referral.status == "accepted"
    assert list(
        ReferralStatusChange.objects.filter(referral=referral)
        .order_by("pk")
        .values_list("from_status", "to_status", "changed_by__username")
    ) == [("", "proposed", "case-manager"), ("proposed", "accepted", "partner-a")]


def test_two_sessions_saving_the_same_returnee_the_second_is_refused(referral, case_manager):
    returnee = Returnee.objects.get(pk=referral.returnee_id)
    version = returnee.version  # both sessions opened the form at this version

    def save(plans):
        def run():
            fresh = Returnee.objects.get(pk=returnee.pk)
            return services.returnee_update(
                actor=case_manager,
                returnee=fresh,
                fields={"life_plans": plans},
                version=version,
            ).life_plans

        return run

    first, second = run_in_threads(save("Open a tailoring shop"), save("Go back to school"))
    winners = [o for o in (first, second) if isinstance(o, str)]
    losers = [o for o in (first, second) if isinstance(o, ValidationError)]
    assert len(winners) == 1 and len(losers) == 1
    assert losers[0].messages == [
        "Someone else saved this returnee while you were editing. Reload the page to see "
        "their changes, then make yours again."
    ]
    returnee.refresh_from_db()
    assert (returnee.life_plans, returnee.version) == (winners[0], version + 1)
