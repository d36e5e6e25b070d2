from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = "Dashboards and partner aggregates"

    def ready(self) -> None:
        from accounts import navigation
        from dashboards.access import DASHBOARD_ROLES

        navigation.register(
            navigation.NavItem("Dashboard", "dashboards:overview", DASHBOARD_ROLES, order=11),
            navigation.NavItem("Map", "dashboards:map", DASHBOARD_ROLES, order=12),
        )
