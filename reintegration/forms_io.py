"""The upload form of the returnee import."""

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from communities.forms_io import ImportForm
from reintegration.services.imports import MAX_FILE_BYTES, MAX_ROWS

MAX_UPLOAD_MB = MAX_FILE_BYTES // 2**20


class ReturneeImportForm(ImportForm):
    """The community import's upload (same formats, a larger size: the import is streamed),
    and the confirmation that rows reported as likely duplicates are different people."""

    file = forms.FileField(
        label=_("File to import"),
        validators=[FileExtensionValidator(["csv", "xlsx"])],
        help_text=format_lazy(
            _("CSV (UTF-8) or XLSX made from the template, up to {size} MB and {rows} rows."),
            size=MAX_UPLOAD_MB,
            rows=f"{MAX_ROWS:,}",
        ),
    )

    confirm_not_duplicates = forms.BooleanField(
        label=_("These are different people: import the rows reported as likely duplicates"),
        required=False,
        help_text=_("Tick only after checking each reported row against the existing record."),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                gettext("The file is larger than %(size)s MB; split it.") % {"size": MAX_UPLOAD_MB}
            )
        return file
