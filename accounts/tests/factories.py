import functools

import factory
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from accounts.models import Organization, User


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organization {n}")
    kind = Organization.Kind.LEAD
    country = "GIN"


@functools.cache
def _hashed(raw: str) -> str:
    """One real PBKDF2 hash a password per test session: a million rounds cost 0.6 s here,
    and the suite creates thousands of users. Still the production hasher, so the gunicorn
    and Celery processes of the fault tests verify the same hashes."""
    return make_password(raw)


class UserFactory(factory.django.DjangoModelFactory):
    """A user; ``roles=[...]`` puts them in those role groups."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    organization = factory.SubFactory(OrganizationFactory)
    password = factory.django.Password("correct-horse-battery-staple", transform=_hashed)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))
            if "admin" in extracted:
                self.is_staff = True
                self.save(update_fields=["is_staff"])
