"""The upload form of the returnee import."""

from django import forms
from django.core.validators import FileExtensionValidator

MAX_UPLOAD_MB = 20


class ReturneeImportForm(forms.Form):
    file = forms.FileField(
        label="File to import",
        validators=[FileExtensionValidator(["csv", "xlsx"])],
        help_text=f"CSV (UTF-8) or XLSX made from the template, up to {MAX_UPLOAD_MB} MB.",
    )
    confirm_not_duplicates = forms.BooleanField(
        label="These are different people: import the rows reported as likely duplicates",
        required=False,
        help_text="Tick only after checking each reported row against the existing record.",
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(f"The file is larger than {MAX_UPLOAD_MB} MB; split it.")
        return file
