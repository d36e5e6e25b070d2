from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and audit")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts import middleware, navigation, roles

        # Permissions of apps migrated after the roles migration exist only once their
        # own migrations ran, so the role groups are re-synced after every `migrate`
        # (the same hook Django itself uses to create permissions).
        post_migrate.connect(roles.sync_after_migrate, sender=self)
        navigation.register_defaults()
        # The session clock starts at login, so the first page does not rewrite the session.
        user_logged_in.connect(middleware.session_started, dispatch_uid="session_started")
        # The admin's own login form would skip the second factor: it sends to ours.
        from django.contrib import admin

        from accounts.views_two_factor import admin_login

        admin.site.login = admin_login
