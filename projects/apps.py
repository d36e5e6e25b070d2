from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from accounts import demo, navigation
        from accounts.models import Role
        from projects import personal_data, providers
        from projects.demo import seed_projects
        from projects.demo_large import seed_projects_large
        from projects.demo_large_finance import seed_finance_large
        from projects.referrals import register_referral_target
        from projects.xlsform import register_subjects
        from reintegration import personal_data as registry

        # Projects receive referrals; accepting one adds the returnee as a member.
        register_referral_target()
        # Handbook Table 3.2 evidence (P1, P3, P9, N4) for the assessments app's appraisals.
        providers.register_defaults()
        # Table 3.2 and 3.5 field forms (XLSForm) list the projects the user may assess.
        register_subjects()
        # A returnee's participations, memberships and ledger text, for subject access and
        # erasure (issue 9); the registry cannot import this app, so it registers here.
        registry.register(personal_data.PROVIDER)
        demo.register(demo.Seeder(order=50, name="projects", run=seed_projects))
        demo.register(
            demo.Seeder(order=130, name="projects-large", run=seed_projects_large, sizes=("large",))
        )
        demo.register(
            demo.Seeder(order=135, name="finance-large", run=seed_finance_large, sizes=("large",))
        )
        navigation.register(
            navigation.NavItem(
                _("Projects"),
                "projects:list",
                frozenset({Role.CASE_MANAGER, Role.SUPERVISOR, Role.PROGRAMME_MANAGER, Role.ADMIN}),
                15,
            )
        )

        from projects.finance_setup import finance_ready

        # Financial support groups (handbook 3.3.3): referral target, pages, demo.
        finance_ready()
