"""Projects as referral targets (DESIGN.md, Referrals): a returnee is referred to a project
of their country; the organization running it answers (the actor running an existing
project, when it uses the app, else the implementing organization); accepting the
referral adds the returnee as a member through the projects service, in the transaction
that accepts it."""

from django.utils.translation import gettext_lazy as _

from reintegration import referral_targets


def register_referral_target() -> None:
    from projects.models import Project
    from projects.selectors.matching import answering_organization
    from projects.selectors.projects import project_country
    from projects.services.participants import participant_enrol

    def choices_for(*, community):
        in_country = Project.communities.through.objects.filter(
            community__country=community.country
        ).values("project_id")
        return (
            Project.objects.filter(pk__in=in_country, status__in=Project.OPEN_STATUSES)
            .select_related("organization")
            .order_by("name", "pk")
        )

    referral_targets.register(
        referral_targets.ReferralTarget(
            model=Project,
            label=_("Project"),
            organization_of=answering_organization,
            country_of=project_country,
            choices_for=choices_for,
            enrol=participant_enrol,
        )
    )
