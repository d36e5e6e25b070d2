"""Browser forms of the communities app. Validation lives in the models and services; the
forms only collect input and show the errors they raise."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.countries import country_choices
from communities.models import (
    Community,
    CommunityProfile,
    DataCollectionMethod,
    Disaggregation,
    LivelihoodOpportunity,
    ProfileIndicator,
    Rating,
    Sector,
    Service,
    Stakeholder,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _country_choices():
    # Called each time the field is rendered, so the names are in the page's language.
    return [("", _("Choose a country…")), *country_choices()]


class CommunityForm(forms.ModelForm):
    country = forms.ChoiceField(label=_("Country"), choices=_country_choices)

    class Meta:
        model = Community
        fields = [
            "name",
            "country",
            "admin1",
            "admin2",
            "pcode",
            "latitude",
            "longitude",
            "population_estimate",
            "area_type",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self):
        # Model validation runs in the service, which reports errors by field.
        pass


class CommunityFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    admin1 = forms.CharField(label=_("First admin level"), required=False)
    area_type = forms.ChoiceField(
        label=_("Area type"),
        required=False,
        choices=[("", _("Any area type")), *Community.AreaType.choices],
    )
    due = forms.ChoiceField(
        label=_("Profile review"),
        required=False,
        choices=[("", _("Any")), ("yes", _("Due for review")), ("no", _("Up to date or none"))],
    )

    def __init__(self, *args, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(country_choices())
        self.fields["country"].choices = [("", _("Any country"))] + [
            (code, names.get(code, code)) for code in countries
        ]
        for field in self.fields.values():
            is_select = isinstance(field, forms.ChoiceField)
            field.widget.attrs["class"] = "form-select" if is_select else "form-control"


class ProfileForm(forms.Form):
    profile_date = forms.DateField(
        label=_("Profile date"), widget=DATE_WIDGET, initial=datetime.date.today
    )
    assessors = forms.CharField(
        label=_("Assessors"), max_length=300, help_text=_("Who collected the data, and for whom.")
    )
    next_review_date = forms.DateField(
        label=_("Next review date"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Leave empty for the default interval after the profile date."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=CommunityProfile.Status.choices)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ProfileEntryForm(forms.Form):
    """One indicator of a profile. The rating's empty choice is the explicit "unknown"."""

    rating = forms.TypedChoiceField(
        label=_("Rating"),
        choices=[("", _("Unknown")), *Rating.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    finding = forms.CharField(
        label=_("Finding"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    methods = forms.MultipleChoiceField(
        label=_("Data-collection methods"),
        choices=DataCollectionMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    varies_by = forms.MultipleChoiceField(
        label=_("Access varies by"),
        choices=Disaggregation.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    disaggregation_notes = forms.CharField(
        label=_("Disaggregation notes"), widget=forms.Textarea(attrs={"rows": 1}), required=False
    )

    def __init__(self, *args, indicator: ProfileIndicator, **kwargs):
        super().__init__(*args, prefix=indicator.code, **kwargs)
        self.indicator = indicator


def profile_entry_forms(data=None, *, indicators, initial=None) -> list[ProfileEntryForm]:
    initial = initial or {}
    return [
        ProfileEntryForm(data, indicator=indicator, initial=initial.get(indicator.code))
        for indicator in indicators
    ]


class StakeholderForm(forms.ModelForm):
    class Meta:
        model = Stakeholder
        fields = [
            "name",
            "kind",
            "role_in_reintegration",
            "influence",
            "contact",
            "is_civil_society",
            "is_active",
        ]
        widgets = {"role_in_reintegration": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self):
        pass


class ServiceForm(forms.ModelForm):
    barriers = forms.MultipleChoiceField(
        label=_("Barriers"),
        choices=Service.Barrier.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Service
        fields = [
            "name",
            "sector",
            "provider",
            "capacity",
            "cost",
            "barriers",
            "notes",
            "is_active",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = community.stakeholders.order_by("name")

    def _post_clean(self):
        pass


class LivelihoodOpportunityForm(forms.ModelForm):
    class Meta:
        model = LivelihoodOpportunity
        fields = ["sector", "kind", "growth_potential", "description", "source", "source_date"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "source_date": DATE_WIDGET,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.select_related("parent").order_by("code")

    def _post_clean(self):
        pass
