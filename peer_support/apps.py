from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeerSupportConfig(AppConfig):
    name = "peer_support"
    verbose_name = _("Peer support and community networks")

    def ready(self) -> None:
        from accounts import demo, navigation
        from accounts.models import Role
        from peer_support import personal_data, targets
        from peer_support.demo import seed_peer_support
        from peer_support.demo_large import seed_peer_support_large
        from reintegration import personal_data as registry

        targets.register()
        # Mentor profile, mentorships, groups: subject access and erasure (issue 9).
        registry.register(personal_data.PROVIDER)
        demo.register(demo.Seeder(order=50, name="peer_support", run=seed_peer_support))
        demo.register(
            demo.Seeder(
                order=140, name="peer_support-large", run=seed_peer_support_large, sizes=("large",)
            )
        )
        navigation.register(
            navigation.NavItem(
                "Peer support",
                "peer_support:index",
                frozenset({Role.CASE_MANAGER, Role.SUPERVISOR, Role.PROGRAMME_MANAGER, Role.ADMIN}),
                16,
            )
        )
