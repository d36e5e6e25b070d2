from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"

    def ready(self) -> None:
        from accounts import demo, navigation
        from accounts.models import Role
        from projects import providers
        from projects.demo import seed_projects
        from projects.demo_large import seed_projects_large
        from projects.demo_large_finance import seed_finance_large
        from projects.referrals import register_referral_target
        from projects.xlsform import register_subjects

        # Projects receive referrals; accepting one adds the returnee as a member.
        register_referral_target()
        # Handbook Table 3.2 evidence (P1, P3, P9, N4) for the assessments app's appraisals.
        providers.register_defaults()
        # Table 3.2 and 3.5 field forms (XLSForm) list the projects the user may assess.
        register_subjects()
        demo.register(demo.Seeder(order=50, name="projects", run=seed_projects))
        demo.register(
            demo.Seeder(order=130, name="projects-large", run=seed_projects_large, sizes=("large",))
        )
        demo.register(
            demo.Seeder(order=135, name="finance-large", run=seed_finance_large, sizes=("large",))
        )
        navigation.register(
            navigation.NavItem(
                "Projects",
                "projects:list",
                frozenset({Role.CASE_MANAGER, Role.SUPERVISOR, Role.PROGRAMME_MANAGER, Role.ADMIN}),
                15,
            )
        )

        from projects.finance_setup import finance_ready

        # Financial support groups (handbook 3.3.3): referral target, pages, demo.
        finance_ready()
