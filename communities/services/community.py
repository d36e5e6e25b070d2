"""Communities and their stakeholders, services and livelihood opportunities."""

from typing import Any

from django.db import transaction

from accounts.audit import audited_create, audited_update
from accounts.models import User
from communities.models import Community, LivelihoodOpportunity, Service, Stakeholder


@transaction.atomic
def community_create(*, actor: User | None, **fields: Any) -> Community:
    return audited_create(Community, actor=actor, fields=fields)


@transaction.atomic
def community_update(*, actor: User | None, community: Community, **fields: Any) -> Community:
    return audited_update(community, actor=actor, fields=fields)


@transaction.atomic
def stakeholder_create(*, actor: User | None, community: Community, **fields: Any) -> Stakeholder:
    return audited_create(Stakeholder, actor=actor, fields={"community": community, **fields})


@transaction.atomic
def stakeholder_update(
    *, actor: User | None, stakeholder: Stakeholder, **fields: Any
) -> Stakeholder:
    return audited_update(stakeholder, actor=actor, fields=fields)


@transaction.atomic
def service_create(*, actor: User | None, community: Community, **fields: Any) -> Service:
    return audited_create(Service, actor=actor, fields={"community": community, **fields})


@transaction.atomic
def service_update(*, actor: User | None, service: Service, **fields: Any) -> Service:
    return audited_update(service, actor=actor, fields=fields)


@transaction.atomic
def opportunity_create(
    *, actor: User | None, community: Community, **fields: Any
) -> LivelihoodOpportunity:
    return audited_create(
        LivelihoodOpportunity, actor=actor, fields={"community": community, **fields}
    )


@transaction.atomic
def opportunity_update(
    *, actor: User | None, opportunity: LivelihoodOpportunity, **fields: Any
) -> LivelihoodOpportunity:
    return audited_update(opportunity, actor=actor, fields=fields)
