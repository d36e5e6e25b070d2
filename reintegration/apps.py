from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReintegrationConfig(AppConfig):
    name = "reintegration"

    def ready(self) -> None:
        from accounts import demo, navigation
        from accounts.models import Role
        from reintegration import referral_targets
        from reintegration.demo import seed_returnees
        from reintegration.demo_large import seed_returnees_large

        referral_targets.register_defaults()
        demo.register(demo.Seeder(order=20, name="returnees", run=seed_returnees))
        demo.register(
            demo.Seeder(
                order=120, name="reintegration-large", run=seed_returnees_large, sizes=("large",)
            )
        )
        case_roles = frozenset({Role.CASE_MANAGER, Role.SUPERVISOR, Role.ADMIN})
        navigation.register(
            navigation.NavItem(_("Caseload"), "reintegration:caseload", case_roles, 1),
            navigation.NavItem(_("Returnees"), "reintegration:list", navigation.BROWSER_ROLES, 5),
            # Partners answer the referrals addressed to their organization.
            navigation.NavItem(
                _("Referrals"), "reintegration:referrals", case_roles | {Role.PARTNER}, 6
            ),
        )
