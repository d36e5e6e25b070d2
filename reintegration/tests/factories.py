import datetime

import factory

from communities.tests.factories import CommunityFactory, ServiceFactory
from reintegration.models import Consent, Returnee
from reintegration.names import normalize_name


class ReturneeFactory(factory.django.DjangoModelFactory):
    """A returnee written directly (tests of services use the services)."""

    class Meta:
        model = Returnee

    reference = factory.Sequence(lambda n: f"RET-2026-{n + 900000:06d}")
    organization = factory.LazyAttribute(lambda o: o.case_manager.organization)
    first_name = "Aminata"
    last_name = factory.Sequence(lambda n: f"Diallo{n}")
    name_normalized = factory.LazyAttribute(lambda o: normalize_name(o.first_name, o.last_name))
    sex = "female"
    date_of_birth = datetime.date(1995, 4, 12)
    nationality = "GIN"
    community = factory.SubFactory(CommunityFactory)
    return_date = datetime.date(2026, 9, 1)
    return_kind = Returnee.ReturnKind.ASSISTED_VOLUNTARY
    case_manager = None
    # As the registration service does; full_clean() needs it when a test edits the case.
    registered_by = factory.LazyAttribute(lambda o: o.case_manager)


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    returnee = factory.SubFactory(ReturneeFactory)
    given_on = datetime.date(2026, 9, 2)
    recorded_by = factory.LazyAttribute(lambda o: o.returnee.case_manager)
    case_management = True


__all__ = ["ConsentFactory", "ReturneeFactory", "ServiceFactory"]
