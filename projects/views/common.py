from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from projects import access
from projects.models import Project
from reintegration.views.common import show_errors

__all__ = ["editable_project", "participant_project", "show_errors", "visible_project"]


def visible_project(request, pk) -> Project:
    return access.project_get_for_user(user=request.user, pk=pk)


def editable_project(request, pk) -> Project:
    project = visible_project(request, pk)
    if not access.can_edit(request.user, project):
        raise PermissionDenied(_("Only programme managers of the implementing organization may."))
    return project


def participant_project(request, pk) -> Project:
    project = visible_project(request, pk)
    if not access.can_manage_participants(request.user, project):
        raise PermissionDenied(
            _("Only staff of the implementing organization manage participants.")
        )
    return project


def error_text(error) -> str:
    return " ".join(error.messages)
