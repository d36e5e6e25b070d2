"""The upload form of the imports: communities and services here, returnees extend it."""

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.tabular import MAX_FILE_BYTES

MAX_UPLOAD_MB = MAX_FILE_BYTES // 2**20


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File to import"),
        validators=[FileExtensionValidator(["csv", "xlsx"])],
        help_text=format_lazy(
            _("CSV (UTF-8) or XLSX made from the template, up to {size} MB."), size=MAX_UPLOAD_MB
        ),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                gettext("The file is larger than %(size)s MB; split it.") % {"size": MAX_UPLOAD_MB}
            )
        return file
