"""The upload form of the imports: communities and services here, returnees extend it."""

from django import forms
from django.core.validators import FileExtensionValidator

from config.tabular import MAX_FILE_BYTES

MAX_UPLOAD_MB = MAX_FILE_BYTES // 2**20


class ImportForm(forms.Form):
    file = forms.FileField(
        label="File to import",
        validators=[FileExtensionValidator(["csv", "xlsx"])],
        help_text=f"CSV (UTF-8) or XLSX made from the template, up to {MAX_UPLOAD_MB} MB.",
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_FILE_BYTES:
            raise forms.ValidationError(f"The file is larger than {MAX_UPLOAD_MB} MB; split it.")
        return file
