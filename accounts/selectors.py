"""Reads of the accounts app: the audit viewer's queries.

Who sees which log rows: admins see every row; supervisors see the rows whose actor (or
reader) belongs to their organization. An event's organization is its actor's, because an
event is about what people did; rows written by the system (no actor: the retention
command, migrations) are for admins only.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from accounts.models import AccessLogEntry, AuditEvent, Role, User

# The apps whose records the audit trail is about (the viewer's "record type" choices).
AUDITED_APPS = (
    "accounts",
    "communities",
    "reintegration",
    "assessments",
    "projects",
    "peer_support",
)


def can_view_audit(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.has_role(Role.ADMIN, Role.SUPERVISOR)


def _scoped(queryset: QuerySet, user: User, actor_field: str) -> QuerySet:
    if user.has_role(Role.ADMIN):
        return queryset
    if user.has_role(Role.SUPERVISOR) and user.organization_id:
        return queryset.filter(**{f"{actor_field}__organization_id": user.organization_id})
    return queryset.none()


def audited_content_types() -> QuerySet[ContentType]:
    return ContentType.objects.filter(app_label__in=AUDITED_APPS).order_by("app_label", "model")


def _filtered(
    queryset: QuerySet,
    *,
    actor_repr_field: str,
    actor: str = "",
    content_type: ContentType | None = None,
    object_id: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet:
    if actor:
        queryset = queryset.filter(**{f"{actor_repr_field}__iexact": actor.strip()})
    if content_type is not None:
        queryset = queryset.filter(content_type=content_type)
    if object_id:
        queryset = queryset.filter(object_id=object_id.strip())
    if date_from:
        queryset = queryset.filter(at__date__gte=date_from)
    if date_to:
        queryset = queryset.filter(at__date__lte=date_to)
    return queryset


def audit_events(*, user: User, action: str = "", **filters) -> QuerySet[AuditEvent]:
    """The audit events ``user`` may see, newest first, narrowed by the viewer's filters."""
    queryset = _scoped(AuditEvent.objects.all(), user, "actor")
    if action:
        queryset = queryset.filter(action=action)
    queryset = _filtered(queryset, actor_repr_field="actor_repr", **filters)
    return queryset.select_related("content_type").order_by("-at", "-id")


def access_log_entries(*, user: User, purpose: str = "", **filters) -> QuerySet[AccessLogEntry]:
    """The reads of sensitive fields ``user`` may see, newest first."""
    queryset = _scoped(AccessLogEntry.objects.all(), user, "user")
    if purpose:
        queryset = queryset.filter(purpose=purpose)
    queryset = _filtered(queryset, actor_repr_field="user_repr", **filters)
    return queryset.select_related("content_type").order_by("-at", "-id")
