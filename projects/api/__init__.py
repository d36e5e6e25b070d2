"""The REST API of projects: projects and their participants (read-only)."""

from projects.api.viewsets import ParticipantViewSet, ProjectViewSet


def register(router) -> None:
    router.register("projects", ProjectViewSet, basename="project")
    router.register("project-participants", ParticipantViewSet, basename="project-participant")


__all__ = ["ParticipantViewSet", "ProjectViewSet", "register"]
