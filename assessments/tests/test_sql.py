import pytest

from assessments.sql import InIds
from communities.models import Community
from communities.tests.factories import CommunityFactory


@pytest.mark.django_db
def test_in_ids_selects_what_in_selects():
    first, second, third = CommunityFactory.create_batch(3)
    wanted = [third.pk, first.pk]
    assert sorted(Community.objects.filter(InIds("id", wanted)).values_list("pk", flat=True)) == (
        sorted(Community.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    )
    assert set(Community.objects.filter(InIds("id", wanted)).values_list("pk", flat=True)) == {
        first.pk,
        third.pk,
    }


@pytest.mark.django_db
def test_in_ids_with_no_ids_selects_nothing():
    CommunityFactory()
    assert Community.objects.filter(InIds("id", [])).count() == 0


def test_in_ids_refuses_what_is_not_an_id():
    with pytest.raises(ValueError):
        InIds("id", ["1; DROP TABLE x"])
