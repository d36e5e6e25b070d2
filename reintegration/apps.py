from django.apps import AppConfig


class ReintegrationConfig(AppConfig):
    name = "reintegration"

    def ready(self) -> None:
        from accounts import navigation
        from accounts.models import Role
        from reintegration import referral_targets

        referral_targets.register_defaults()
        case_roles = frozenset({Role.CASE_MANAGER, Role.SUPERVISOR, Role.ADMIN})
        navigation.register(
            navigation.NavItem("Caseload", "reintegration:caseload", case_roles, 1),
            navigation.NavItem("Returnees", "reintegration:list", navigation.BROWSER_ROLES, 5),
            navigation.NavItem("Referrals", "reintegration:referrals", case_roles, 6),
        )
