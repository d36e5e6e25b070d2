"""Who may see which returnee: the one place where record access is decided (STYLE.md 4).

- admins see every record;
- case managers, supervisors and programme managers see their organization's returnees;
- partners see only returnees referred to their organization whose consent is active and
  names their organization for sharing, and only pseudonymised (see api.py);
- sensitive fields: only the assigned case manager, that case manager's supervisor, admins;
- erasure: supervisors of the owning organization and admins; subject-access export: the
  assigned case manager, supervisors of the organization and admins.
"""

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from accounts.models import Role, User
from reintegration.models import Consent, Referral, Returnee


def shared_with_partner(organization_id: int) -> QuerySet[Returnee]:
    referred = Referral.objects.filter(
        returnee=OuterRef("pk"), target_organization_id=organization_id
    )
    consented = Consent.objects.filter(
        returnee=OuterRef("pk"), withdrawn_on__isnull=True, shared_with=organization_id
    )
    return Returnee.objects.filter(Exists(referred), Exists(consented))


def returnees_for_user(user: User) -> QuerySet[Returnee]:
    if not user.is_authenticated or not user.is_active:
        return Returnee.objects.none()
    if user.has_role(Role.ADMIN):
        return Returnee.objects.all()
    if user.has_role(Role.CASE_MANAGER, Role.SUPERVISOR, Role.PROGRAMME_MANAGER):
        return Returnee.objects.filter(organization_id=user.organization_id)
    if user.has_role(Role.PARTNER) and user.organization_id:
        return shared_with_partner(user.organization_id)
    return Returnee.objects.none()


def returnee_get_for_user(*, user: User, pk: int) -> Returnee:
    """The returnee, or 404 (not 403: an outsider does not learn that the record exists)."""
    try:
        return returnees_for_user(user).select_related("community", "case_manager").get(pk=pk)
    except Returnee.DoesNotExist as error:
        raise Http404("No such returnee.") from error


STAFF_ROLES = (Role.ADMIN, Role.CASE_MANAGER, Role.SUPERVISOR, Role.PROGRAMME_MANAGER)


def sees_pseudonymised(user: User) -> bool:
    """A partner (and no staff role): pseudonymised records through the API, never the
    named pages of the browser."""
    return bool(
        user.is_authenticated and user.has_role(Role.PARTNER) and not user.has_role(*STAFF_ROLES)
    )


def can_edit(user: User, returnee: Returnee) -> bool:
    if returnee.erased_at is not None:
        return False  # an anonymised record stays as the erasure left it
    if user.has_role(Role.ADMIN):
        return True
    return user.has_role(Role.CASE_MANAGER, Role.SUPERVISOR) and (
        user.organization_id == returnee.organization_id
    )


def can_erase(user: User, returnee: Returnee) -> bool:
    """Erasure is irreversible, so it takes a supervisor of the owning organization or an
    admin: the case manager who receives the request asks their supervisor (SECURITY.md)."""
    if user.has_role(Role.ADMIN):
        return True
    return user.has_role(Role.SUPERVISOR) and user.organization_id == returnee.organization_id


def can_export_subject_data(user: User, returnee: Returnee) -> bool:
    """Subject access: the assigned case manager answers the returnee's request; a
    supervisor of the organization or an admin may too (SECURITY.md). The sensitive fields
    are in the export only for those ``can_see_sensitive`` allows."""
    if user.has_role(Role.ADMIN):
        return True
    if user.organization_id != returnee.organization_id:
        return False
    if user.has_role(Role.SUPERVISOR):
        return True
    return user.has_role(Role.CASE_MANAGER) and user.pk == returnee.case_manager_id


def can_see_sensitive(user: User, returnee: Returnee) -> bool:
    if user.has_role(Role.ADMIN):
        return True
    if returnee.case_manager_id is None or user.organization_id != returnee.organization_id:
        return False
    if user.pk == returnee.case_manager_id:
        return True
    return user.has_role(Role.SUPERVISOR) and returnee.case_manager.supervisor_id == user.pk


def referrals_for_user(user: User) -> QuerySet[Referral]:
    """Referrals of the returnees the user's organization owns, and referrals addressed to
    the user's organization, the latter only while the returnee's consent is active and
    names that organization (no sharing without consent; withdrawal stops it at once)."""
    if not user.is_authenticated:
        return Referral.objects.none()
    if user.has_role(Role.ADMIN):
        return Referral.objects.all()
    if not user.organization_id:
        return Referral.objects.none()
    shared = Referral.objects.filter(
        target_organization_id=user.organization_id,
        returnee__in=shared_with_partner(user.organization_id).values("pk"),
    )
    if user.has_role(Role.PARTNER):
        return shared
    if user.has_role(Role.CASE_MANAGER, Role.SUPERVISOR, Role.PROGRAMME_MANAGER):
        own = Referral.objects.filter(returnee__organization_id=user.organization_id)
        return own | shared
    return Referral.objects.none()


def can_answer_referral(user: User, referral: Referral) -> bool:
    """The target's organization answers; the referring organization answers for targets
    that belong to no organization (a service outside the app, say)."""
    if user.has_role(Role.ADMIN):
        return True
    if not user.has_role(Role.CASE_MANAGER, Role.SUPERVISOR, Role.PARTNER):
        return False
    answering = referral.target_organization_id or referral.returnee.organization_id
    return user.organization_id == answering
