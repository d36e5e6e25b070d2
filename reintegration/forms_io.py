"""The upload form of the returnee import."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.forms_io import ImportForm


class ReturneeImportForm(ImportForm):
    """The community import's upload (same formats and size limit), and the confirmation
    that rows reported as likely duplicates are different people."""

    confirm_not_duplicates = forms.BooleanField(
        label=_("These are different people: import the rows reported as likely duplicates"),
        required=False,
        help_text=_("Tick only after checking each reported row against the existing record."),
    )
