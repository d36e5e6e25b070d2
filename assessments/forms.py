from django import forms

RATINGS = [
    ("", "Unknown"),
    ("0", "0 – not met"),
    ("1", "1 – partly met"),
    ("2", "2 – largely met"),
    ("3", "3 – fully met"),
]


class AltaiRatingForm(forms.Form):
    item_code = forms.CharField(widget=forms.HiddenInput)
    rating = forms.TypedChoiceField(choices=RATINGS, coerce=int, empty_value=None, required=False)
    justification = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Required when your rating differs from the computed one.",
    )


class RankingFilterForm(forms.Form):
    country = forms.CharField(max_length=3, required=False)
    band = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Any band"),
            ("favourable", "Favourable"),
            ("conditional", "Conditional"),
            ("unfavourable", "Unfavourable"),
            ("insufficient", "Insufficient evidence"),
        ],
    )
    min_coverage = forms.IntegerField(
        label="Coverage at least (%)", min_value=0, max_value=100, required=False
    )
