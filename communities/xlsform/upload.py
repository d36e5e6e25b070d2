"""The upload form of a submissions import (profile and instruments alike)."""

from django import forms
from django.core.validators import FileExtensionValidator

from config.tabular import MAX_FILE_BYTES

MAX_UPLOAD_MB = MAX_FILE_BYTES // 2**20


class SubmissionsUploadForm(forms.Form):
    file = forms.FileField(
        label="Submissions file",
        validators=[FileExtensionValidator(["json", "csv", "xlsx"])],
        help_text=(
            "The KoboToolbox API v2 JSON, a KoboToolbox CSV or XLSX export (“XML values and "
            f"headers”), or ODK Central's submissions CSV; up to {MAX_UPLOAD_MB} MB."
        ),
    )
    approved_only = forms.BooleanField(
        label="Only submissions validated as approved",
        required=False,
        help_text="KoboToolbox validation status “Approved”, or ODK Central review state "
        "“Approved”. Submissions marked not approved or rejected are never imported.",
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_FILE_BYTES:
            raise forms.ValidationError(f"The file is larger than {MAX_UPLOAD_MB} MB; split it.")
        return file
