"""Erasure of a returnee's personal data and the subject-access export (SECURITY.md)."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from reintegration import access, services
from reintegration.forms import ErasureForm
from reintegration.views.common import named_returnee, show_errors


def returnee_erase(request, pk):
    """A confirmation page (why, and the reference typed out), then the erasure."""
    returnee = named_returnee(request, pk)
    if not access.can_erase(request.user, returnee):
        raise PermissionDenied("Only a supervisor of the organization or an admin may erase.")
    form = ErasureForm(
        request.POST or None,
        reference=returnee.reference,
        reasons=services.ErasureReason.choices,
        initial={"reason": services.ErasureReason.REQUEST},
    )
    if returnee.erased_at is not None:
        messages.info(
            request,
            _("The personal data of %(reference)s is already erased.")
            % {"reference": returnee.reference},
        )
        return redirect(returnee)
    if request.method == "POST" and form.is_valid():
        try:
            services.returnee_erase(
                actor=request.user, returnee=returnee, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The personal data of %(reference)s is erased; the anonymised "
                    "record still counts in the figures."
                )
                % {"reference": returnee.reference},
            )
            return redirect(returnee)
    return render(
        request,
        "reintegration/simple_form.html",
        {
            "form": form,
            "returnee": returnee,
            "title": _("Erase the personal data of %(reference)s")
            % {"reference": returnee.reference},
            "intro": _(
                "Names, contact details, dates of birth, free-text notes and the "
                "sensitive fields are erased from the record, its case files, referrals and "
                "the audit trail. The anonymised record (sex, birth year, community, return "
                "date, needs, referral statuses) stays in the figures. This cannot be undone."
            ),
            "danger": True,
            "back": returnee.get_absolute_url(),
        },
    )


def subject_access(request, pk):
    """Everything held about the returnee: a printable page, or JSON with ?format=json."""
    returnee = named_returnee(request, pk)
    if not access.can_export_subject_data(request.user, returnee):
        raise PermissionDenied("Only the assigned case manager or a supervisor may export this.")
    kind = "json" if request.GET.get("format") == "json" else "html"
    document = services.subject_access_export(actor=request.user, returnee=returnee, kind=kind)
    if kind == "json":
        response = HttpResponse(
            json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        filename = f"subject-access-{returnee.reference}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    labels = document["labels"]
    record_rows = [
        (labels.get(name, name), _display(value)) for name, value in document["returnee"].items()
    ]
    return render(
        request,
        "reintegration/subject_access.html",
        {
            "returnee": returnee,
            "document": document,
            "record_rows": record_rows,
            # The logs' field lists read better joined on the printed page.
            "audit_trail": [
                {**e, "fields": _display(e["fields"])} for e in document["audit_trail"]
            ],
            "access_log": [{**e, "fields": _display(e["fields"])} for e in document["access_log"]],
        },
    )


def _display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value)
