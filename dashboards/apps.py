from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards and partner aggregates")

    def ready(self) -> None:
        from accounts import navigation
        from dashboards.access import DASHBOARD_ROLES

        navigation.register(
            navigation.NavItem(_("Dashboard"), "dashboards:overview", DASHBOARD_ROLES, order=11),
            navigation.NavItem(_("Map"), "dashboards:map", DASHBOARD_ROLES, order=12),
        )
