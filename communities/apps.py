from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"

    def ready(self) -> None:
        from accounts import demo, navigation
        from communities.demo import seed_communities
        from communities.demo_large import seed_communities_large

        navigation.register(
            navigation.NavItem(_("Communities"), "communities:list", navigation.BROWSER_ROLES, 10)
        )
        demo.register(demo.Seeder(order=10, name="communities", run=seed_communities))
        demo.register(
            demo.Seeder(
                order=110, name="communities-large", run=seed_communities_large, sizes=("large",)
            )
        )
