"""Creating a collective income-generating project from a group of returnees, in one
step (handbook 3.3 and Table 3.4 step 2, "Group formation and incentivization of collective
action")."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Community, Sector
from projects.models import Approach, Kind, Participant, Project, ProposedBy
from projects.services.participants import participant_add
from projects.services.projects import project_create
from reintegration.models import Returnee, ReturneeSkill, SkillLevel

MIN_GROUP = 2  # a collective project gathers several returnees


def advanced_in_sector(returnees: Iterable[Returnee], sector: Sector) -> set[int]:
    """Ids of the returnees with an advanced skill in ``sector`` or, when it is an ISIC
    section, in one of its trades."""
    return set(
        ReturneeSkill.objects.filter(
            Q(sector=sector) | Q(sector__parent=sector),
            returnee__in=[r.pk for r in returnees],
            level=SkillLevel.ADVANCED,
        ).values_list("returnee_id", flat=True)
    )


@transaction.atomic
def project_create_from_group(
    *,
    actor: User,
    name: str,
    community: Community,
    sector: Sector,
    members: Iterable[Returnee],
    experts: Iterable[Returnee] = (),
    approach: str = Approach.COLLECTIVE_RETURNEES,
    no_expert_reason: str = "",
) -> Project:
    """The project and its participants, all or nothing. ``experts`` (a subset of
    ``members``) take the role of expert or mentor. Handbook 3.3: "it is crucial that at
    least one returnee has advanced skills in the project-relevant field and can assume the
    role of an expert and mentor"; without one, say how skills will be transferred (a
    non-migrant expert, a partner association or technical training, as 3.3 lists)."""
    members = list(dict.fromkeys(members))
    expert_ids = {r.pk for r in experts}
    if len(members) < MIN_GROUP:
        raise ValidationError(
            {
                "members": _("A group needs at least %(minimum)s returnees; %(chosen)s chosen.")
                % {"minimum": MIN_GROUP, "chosen": len(members)}
            }
        )
    strangers = expert_ids - {r.pk for r in members}
    if strangers:
        raise ValidationError({"experts": _("An expert must be one of the chosen members.")})
    advanced = advanced_in_sector(members, sector)
    if not advanced and not no_expert_reason.strip():
        raise ValidationError(
            {
                "members": _(
                    "No chosen returnee has advanced skills in %(sector)s: add one "
                    "(handbook 3.3: at least one must be able to act as expert and mentor), or "
                    "say how the skills will be transferred."
                )
                % {"sector": sector.name}
            }
        )
    not_advanced = sorted(r.reference for r in members if r.pk in expert_ids - advanced)
    if not_advanced:
        raise ValidationError(
            {
                "experts": _(
                    "Only a returnee with advanced skills in %(sector)s can be the expert or "
                    "mentor: %(references)s has none."
                )
                % {"sector": sector.name, "references": ", ".join(not_advanced)}
            }
        )
    description = f"Formed from a group of {len(members)} returnees in {community.name}."
    if not advanced:
        description += f" Skills transfer without an advanced-level returnee: {no_expert_reason}"
    project = project_create(
        actor=actor,
        fields={
            "name": name.strip(),
            "approach": approach,
            "kind": Kind.COLLECTIVE_INCOME,
            "sector": sector,
            "proposed_by": ProposedBy.RETURNEES,
            "description": description.strip(),
        },
        communities=[community],
    )
    for returnee in members:
        role = Participant.Role.EXPERT if returnee.pk in expert_ids else Participant.Role.MEMBER
        try:
            participant_add(actor=actor, project=project, returnee=returnee, fields={"role": role})
        except ValidationError as error:
            raise ValidationError({"members": error.messages}) from error
    return project
