from django import forms
from django.utils.translation import gettext_lazy as _

RATINGS = [
    ("", _("Unknown")),
    ("0", _("0 – not met")),
    ("1", _("1 – partly met")),
    ("2", _("2 – largely met")),
    ("3", _("3 – fully met")),
]


class AltaiRatingForm(forms.Form):
    item_code = forms.CharField(widget=forms.HiddenInput)
    rating = forms.TypedChoiceField(choices=RATINGS, coerce=int, empty_value=None, required=False)
    justification = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required when your rating differs from the computed one."),
    )


class RankingFilterForm(forms.Form):
    country = forms.CharField(max_length=3, required=False)
    band = forms.ChoiceField(
        required=False,
        choices=[
            ("", _("Any band")),
            ("favourable", _("Favourable")),
            ("conditional", _("Conditional")),
            ("unfavourable", _("Unfavourable")),
            ("insufficient", _("Insufficient evidence")),
        ],
    )
    min_coverage = forms.IntegerField(
        label=_("Coverage at least (%)"), min_value=0, max_value=100, required=False
    )


class AnswerForm(forms.Form):
    """One item of a community analysis (Tables 3.1 / 6.1) or of the child protection
    criteria; which fields show depends on the instrument's answer type."""

    rating = forms.TypedChoiceField(
        choices=[("", _("Unknown"))] + [(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    text = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    methods = forms.MultipleChoiceField(
        label=_("Methods used"), choices=(), widget=forms.CheckboxSelectMultiple, required=False
    )
    sources = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, item, answer_type, **kwargs):
        from communities.models import DataCollectionMethod

        super().__init__(*args, prefix=f"item-{item.code}", **kwargs)
        self.item = item
        self.fields["methods"].choices = DataCollectionMethod.choices
        if answer_type == "text":
            del self.fields["rating"]
        else:
            del self.fields["methods"]
            self.fields["text"].label = "Note"


class AssessmentHeaderForm(forms.Form):
    assessed_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
