from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and audit"

    def ready(self) -> None:
        from accounts import navigation, roles

        # Permissions of apps migrated after the roles migration exist only once their
        # own migrations ran, so the role groups are re-synced after every `migrate`
        # (the same hook Django itself uses to create permissions).
        post_migrate.connect(roles.sync_after_migrate, sender=self)
        navigation.register_defaults()
