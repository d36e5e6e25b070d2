"""The upload form of the returnee import."""

from django import forms
from django.core.validators import FileExtensionValidator

from communities.forms_io import ImportForm
from reintegration.services.imports import MAX_FILE_BYTES, MAX_ROWS

MAX_UPLOAD_MB = MAX_FILE_BYTES // 2**20


class ReturneeImportForm(ImportForm):
    """The community import's upload (same formats, a larger size: the import is streamed),
    and the confirmation that rows reported as likely duplicates are different people."""

    file = forms.FileField(
        label="File to import",
        validators=[FileExtensionValidator(["csv", "xlsx"])],
        help_text=(
            f"CSV (UTF-8) or XLSX made from the template, up to {MAX_UPLOAD_MB} MB "
            f"and {MAX_ROWS:,} rows."
        ),
    )

    confirm_not_duplicates = forms.BooleanField(
        label="These are different people: import the rows reported as likely duplicates",
        required=False,
        help_text="Tick only after checking each reported row against the existing record.",
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_FILE_BYTES:
            raise forms.ValidationError(f"The file is larger than {MAX_UPLOAD_MB} MB; split it.")
        return file
