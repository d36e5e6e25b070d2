from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"

    def ready(self) -> None:
        from accounts import demo, navigation
        from accounts.models import Role
        from assessments import providers
        from assessments.demo import seed_scores, seed_scores_large
        from communities.hooks import on_communities_changed

        navigation.register(
            navigation.NavItem(
                "Ranking",
                "assessments:ranking",
                frozenset({Role.PROGRAMME_MANAGER, Role.ADMIN}),
                20,
            ),
            navigation.NavItem(
                "Field data",
                "assessments:xlsform_index",
                frozenset({Role.PROGRAMME_MANAGER, Role.ADMIN}),
                25,
            ),
        )
        providers.register_defaults()
        demo.register(demo.Seeder(order=40, name="scores", run=seed_scores))
        demo.register(
            demo.Seeder(order=190, name="scores-large", run=seed_scores_large, sizes=("large",))
        )
        on_communities_changed(rescore_after_commit)


def rescore_after_commit(community_ids: list[int]) -> None:
    """Queue a rescore of the changed communities once the change is committed."""
    from assessments.tasks import score_community_task
    from config.celery import enqueue_on_commit

    for community_id in community_ids:
        # If Redis is down the change still commits; the nightly run rescores it.
        enqueue_on_commit(score_community_task, community_id)
