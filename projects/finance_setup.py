"""What financial support groups register with the lower apps, called from
``ProjectsConfig.ready()``: the referral target, the navigation entry, the demo seeder."""

import datetime

from django.utils.translation import gettext_lazy as _


def _referable_groups(*, community):
    from django.db.models import Case, IntegerField, Value, When

    from projects.models.finance import FinancialGroup

    # Open groups of the returnee's country whose cycle has not ended; the returnee's own
    # community first.
    return (
        FinancialGroup.objects.filter(
            community__country=community.country,
            status=FinancialGroup.Status.ACTIVE,
            cycle_end__gte=datetime.date.today(),
        )
        .select_related("community")
        .annotate(
            elsewhere=Case(
                When(community=community, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("elsewhere", "community__name", "name")
    )


def finance_ready() -> None:
    from accounts import demo, navigation
    from projects import admin_finance  # noqa: F401 -- registers the admin pages
    from projects.demo_finance import seed_financial_groups
    from projects.models.finance import FinancialGroup
    from projects.services.finance import financial_group_enrol
    from reintegration import referral_targets

    referral_targets.register(
        referral_targets.ReferralTarget(
            model=FinancialGroup,
            label=_("Financial support group"),
            organization_of=lambda group: group.organization,
            country_of=lambda group: group.community.country,
            choices_for=_referable_groups,
            enrol=financial_group_enrol,
        )
    )
    navigation.register(
        navigation.NavItem(_("Financial groups"), "finance:list", navigation.BROWSER_ROLES, 35)
    )
    demo.register(demo.Seeder(order=55, name="financial_groups", run=seed_financial_groups))
