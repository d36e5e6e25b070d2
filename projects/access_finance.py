"""Who may see and change which financial support group: the one place it is decided.

- admins see and change every group;
- case managers, supervisors and programme managers see and change their organization's
  groups (the organization that runs a group keeps its books);
- partners see aggregate figures of every group through the API, never a member, a ledger
  entry or a loan (``projects.api.finance``): no browser page, no member-level read.

A returnee is added to a group only if the user may see them in the registry
(``reintegration.access``), or through a referral the group's organization accepts.
"""

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Role, User
from projects.models.finance import FinancialGroup

STAFF_ROLES = (Role.CASE_MANAGER, Role.SUPERVISOR, Role.PROGRAMME_MANAGER)


def is_staff(user: User) -> bool:
    return bool(user.is_authenticated and user.has_role(Role.ADMIN, *STAFF_ROLES))


def sees_aggregates_only(user: User) -> bool:
    """A partner (with no staff role) gets figures, never member-level data."""
    return bool(user.is_authenticated and user.has_role(Role.PARTNER) and not is_staff(user))


def groups_for_user(user: User) -> QuerySet[FinancialGroup]:
    """The groups whose members and ledger the user may read."""
    if not user.is_authenticated or not user.is_active:
        return FinancialGroup.objects.none()
    if user.has_role(Role.ADMIN):
        return FinancialGroup.objects.all()
    if user.has_role(*STAFF_ROLES) and user.organization_id:
        return FinancialGroup.objects.filter(organization_id=user.organization_id)
    return FinancialGroup.objects.none()


def groups_aggregated_for_user(user: User) -> QuerySet[FinancialGroup]:
    """The groups whose aggregate figures the user may read: a partner's are every group."""
    if sees_aggregates_only(user) and user.is_active:
        return FinancialGroup.objects.all()
    return groups_for_user(user)


def group_get_for_user(*, user: User, pk: int) -> FinancialGroup:
    """The group, or 404 (an outsider does not learn that it exists)."""
    try:
        return groups_for_user(user).select_related("community", "organization").get(pk=pk)
    except FinancialGroup.DoesNotExist as error:
        raise Http404(_("No such financial group.")) from error


def can_edit_group(user: User, group: FinancialGroup) -> bool:
    """Record members and ledger entries, edit the group: its organization's staff."""
    if user.has_role(Role.ADMIN):
        return True
    return user.has_role(*STAFF_ROLES) and user.organization_id == group.organization_id
