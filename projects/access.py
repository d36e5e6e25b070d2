"""Who may see and change which project: the one place where project access is decided.

- admins see and change every project;
- case managers, supervisors and programme managers see the projects their organization
  implements (the implementing organization owns the record);
- partners read, through the API, the projects their organization implements or runs;
- programme managers of the implementing organization edit projects and move them through
  the lifecycle; selecting a project needs the ``select_project`` permission;
- case managers, supervisors and programme managers of the implementing organization
  manage participants (add, change, record who left).
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Role, User
from projects.models import Participant, Project

STAFF_ROLES = (Role.CASE_MANAGER, Role.SUPERVISOR, Role.PROGRAMME_MANAGER)


def projects_for_user(user: User) -> QuerySet[Project]:
    if not user.is_authenticated or not user.is_active:
        return Project.objects.none()
    if user.has_role(Role.ADMIN):
        return Project.objects.all()
    if not user.organization_id:
        return Project.objects.none()
    if user.has_role(*STAFF_ROLES):
        return Project.objects.filter(organization_id=user.organization_id)
    if user.has_role(Role.PARTNER):
        return Project.objects.filter(
            Q(organization_id=user.organization_id) | Q(run_by_organization_id=user.organization_id)
        )
    return Project.objects.none()


def project_get_for_user(*, user: User, pk: int) -> Project:
    """The project, or 404 (an outsider does not learn that the record exists)."""
    try:
        return projects_for_user(user).select_related("sector", "organization").get(pk=pk)
    except Project.DoesNotExist as error:
        raise Http404(_("No such project.")) from error


def _owns(user: User, project: Project) -> bool:
    return user.organization_id is not None and user.organization_id == project.organization_id


def can_edit(user: User, project: Project) -> bool:
    if user.has_role(Role.ADMIN):
        return True
    return user.has_role(Role.PROGRAMME_MANAGER) and _owns(user, project)


def can_select(user: User, project: Project) -> bool:
    return can_edit(user, project) and user.has_perm("projects.select_project")


def can_manage_participants(user: User, project: Project) -> bool:
    if user.has_role(Role.ADMIN):
        return True
    return user.has_role(*STAFF_ROLES) and _owns(user, project)


def participants_for_user(user: User) -> QuerySet[Participant]:
    return Participant.objects.filter(project__in=projects_for_user(user).values("pk"))
