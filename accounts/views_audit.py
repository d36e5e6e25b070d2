"""The audit viewer: who changed, exported or read what, and when (SECURITY.md)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts import selectors
from accounts.models import AuditEvent, Role

PAGE_SIZE = 50
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    log = forms.ChoiceField(
        choices=[("changes", _("Changes and exports")), ("reads", _("Reads of sensitive fields"))],
        required=False,
    )
    actor = forms.CharField(label=_("Who (username)"), required=False, max_length=150)
    content_type = forms.ModelChoiceField(
        label=_("Record type"), queryset=selectors.audited_content_types(), required=False
    )
    object_id = forms.CharField(label=_("Record id"), required=False, max_length=64)
    action = forms.ChoiceField(
        choices=[("", _("Any action")), *AuditEvent.Action.choices], required=False
    )
    date_from = forms.DateField(label=pgettext_lazy("date", "From"), required=False, widget=DATE)
    date_to = forms.DateField(label=pgettext_lazy("date", "To"), required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data


def audit_log(request):
    if not selectors.can_view_audit(request.user):
        raise PermissionDenied(_("The audit trail is for administrators and supervisors."))
    form = AuditFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    reads = data.get("log") == "reads"
    filters = {
        "actor": data.get("actor") or "",
        "content_type": data.get("content_type"),
        "object_id": data.get("object_id") or "",
        "date_from": data.get("date_from"),
        "date_to": data.get("date_to"),
    }
    if reads:
        rows = selectors.access_log_entries(user=request.user, **filters)
    else:
        rows = selectors.audit_events(user=request.user, action=data.get("action") or "", **filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "accounts/audit.html",
        {
            "form": form,
            "page": page,
            "reads": reads,
            "query": params.urlencode(),
            "sees_everything": request.user.has_role(Role.ADMIN),
        },
    )
