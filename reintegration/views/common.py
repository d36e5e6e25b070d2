from django.core.exceptions import PermissionDenied, ValidationError

from accounts.audit import access_log_record
from accounts.client_ip import client_ip
from reintegration import access
from reintegration.models import Returnee


def show_errors(form, error: ValidationError) -> None:
    """Put a service's validation errors on the fields they name (others on the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def named_returnee(request, pk) -> Returnee:
    """The returnee for a browser page, which shows the named record: partners see
    pseudonymised records through the API only, never these pages."""
    if access.sees_pseudonymised(request.user):
        raise PermissionDenied("Partners receive pseudonymised records through the API.")
    return access.returnee_get_for_user(user=request.user, pk=pk)


def editable_returnee(request, pk) -> Returnee:
    returnee = named_returnee(request, pk)
    if not access.can_edit(request.user, returnee):
        raise PermissionDenied("You may read but not change this record.")
    return returnee


def log_sensitive_read(request, returnee: Returnee, purpose: str = "view") -> None:
    shown = [f for f in Returnee.SENSITIVE_FIELDS if getattr(returnee, f)]
    if shown:
        access_log_record(
            user=request.user,
            instance=returnee,
            fields=shown,
            purpose=purpose,
            ip_address=client_ip(request),
        )
