"""Who may see and change which peer-support record (STYLE.md rule 4).

- Mentors, mentorships, peer-support groups and events belong to an organization: its
  case managers, supervisors and programme managers see them, admins see all. Mentors and
  mentorships name people, so they never leave the organization.
- Network groups are community resources, like services: every browser role reads them.
- The partner API gets groups, events and aggregates without any participant's personal
  data (see ``api/``), so partners need no record-level access here.
- Changes also need the role's model permission (``accounts.roles``), checked by the views.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from peer_support.models import CommunityEvent, Mentor, Mentorship, NetworkGroup, PeerGroup
from reintegration.access import returnees_for_user

STAFF = (Role.CASE_MANAGER, Role.SUPERVISOR, Role.PROGRAMME_MANAGER)


def _own(queryset: QuerySet, user: User, field: str = "organization_id") -> QuerySet:
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.has_role(Role.ADMIN):
        return queryset
    if user.has_role(*STAFF) and user.organization_id:
        return queryset.filter(**{field: user.organization_id})
    return queryset.none()


def mentors_for_user(user: User) -> QuerySet[Mentor]:
    return _own(Mentor.objects.all(), user)


def mentorships_for_user(user: User) -> QuerySet[Mentorship]:
    return _own(Mentorship.objects.all(), user, "mentor__organization_id")


def peer_groups_for_user(user: User) -> QuerySet[PeerGroup]:
    return _own(PeerGroup.objects.all(), user)


def events_for_user(user: User) -> QuerySet[CommunityEvent]:
    return _own(CommunityEvent.objects.all(), user)


def network_groups_for_user(user: User) -> QuerySet[NetworkGroup]:
    if not user.is_authenticated or not user.is_active:
        return NetworkGroup.objects.none()
    if user.has_role(Role.ADMIN, *STAFF):
        return NetworkGroup.objects.all()
    return NetworkGroup.objects.none()


def returnees_visible(user: User) -> QuerySet:
    """The registry records the user may see (reintegration decides)."""
    return returnees_for_user(user)


def get_or_404(queryset: QuerySet, pk: int):
    """The record, or 404 (not 403: an outsider does not learn that it exists)."""
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist as error:
        raise Http404(f"No such {queryset.model._meta.verbose_name}.") from error


def require_perm(user: User, codename: str) -> None:
    """Changing a record needs the role's permission (accounts.roles), on top of seeing it."""
    if not user.has_perm(f"peer_support.{codename}"):
        raise PermissionDenied(_("Your role may read but not change these records."))
