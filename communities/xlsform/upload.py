"""The upload form of a submissions import (profile and instruments alike)."""

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.tabular import MAX_FILE_BYTES

MAX_UPLOAD_MB = MAX_FILE_BYTES // 2**20


class SubmissionsUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Submissions file"),
        validators=[FileExtensionValidator(["json", "csv", "xlsx"])],
        help_text=format_lazy(
            _(
                "The KoboToolbox API v2 JSON, a KoboToolbox CSV or XLSX export (“XML values and "
                "headers”), or ODK Central's submissions CSV; up to {size} MB."
            ),
            size=MAX_UPLOAD_MB,
        ),
    )
    approved_only = forms.BooleanField(
        label=_("Only submissions validated as approved"),
        required=False,
        help_text=_(
            "KoboToolbox validation status “Approved”, or ODK Central review state "
            "“Approved”. Submissions marked not approved or rejected are never imported."
        ),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                gettext("The file is larger than %(size)s MB; split it.") % {"size": MAX_UPLOAD_MB}
            )
        return file
