"""The registry of models a returnee can be referred to (DESIGN.md, Referrals).

Each app registers its referable models: this app registers ``communities.Service`` (a
lower app, so it can be imported here); ``projects`` and ``peer_support`` register their
projects, mentors and groups from their own AppConfig.ready(), since this app must not
import them. Accepting a referral enrols the returnee through the target's own ``enrol``
function, so the target app keeps its rules.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ReferralTarget:
    model: type[models.Model]
    label: str
    # The organization that answers referrals to this target (None: the referring one).
    organization_of: Callable[[models.Model], object | None]
    # ISO alpha-3 country of the target, to refuse a referral across countries.
    country_of: Callable[[models.Model], str]
    # Choices offered in the referral form for a returnee's community.
    choices_for: Callable[..., models.QuerySet]
    # Called in the transaction that accepts the referral; may raise ValidationError.
    enrol: Callable[..., None] | None = None


_targets: dict[str, ReferralTarget] = {}


def register(target: ReferralTarget) -> None:
    _targets[target.model._meta.label_lower] = target


def get(model_or_label) -> ReferralTarget | None:
    label = model_or_label if isinstance(model_or_label, str) else model_or_label._meta.label_lower
    return _targets.get(label)


def all_targets() -> dict[str, ReferralTarget]:
    return dict(_targets)


def register_defaults() -> None:
    from communities.models import Service

    register(
        ReferralTarget(
            model=Service,
            label=_("Service"),
            organization_of=lambda service: service.organization,
            country_of=lambda service: service.community.country,
            choices_for=lambda *, community: (
                Service.objects.filter(community__country=community.country, is_active=True)
                .select_related("community")
                .order_by("community__name", "sector", "name")
            ),
        )
    )
