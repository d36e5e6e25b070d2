"""The projects a field form (XLSForm) of a project instrument lists: Table 3.2 appraisals
and Table 3.5 assessments collected offline (assessments.xlsform.subjects)."""

from accounts.models import User
from projects.access import can_edit, projects_for_user
from projects.models import Project


def project_choices(user: User, code: str) -> list[tuple[str, str]]:
    projects = projects_for_user(user).select_related("organization").order_by("name", "pk")
    return [(str(p.pk), f"{p.name} (#{p.pk})") for p in projects if can_edit(user, p)]


def project_resolve(user: User, code: str, name: str) -> Project | None:
    if not name.isdigit():
        return None
    project = projects_for_user(user).filter(pk=int(name)).first()
    return project if project is not None and can_edit(user, project) else None


def register_subjects() -> None:
    from assessments.xlsform import subjects

    subjects.register(
        ["table_3_2", "table_3_5"],
        subjects.SubjectSource(label="Project", choices=project_choices, resolve=project_resolve),
    )
