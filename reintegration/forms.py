"""Browser forms of the reintegration app. Validation lives in the models and services;
forms collect input and display the errors the services raise."""

import datetime

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from communities.countries import country_choices
from communities.models import Community, Sector
from reintegration.models import (
    Consent,
    CounsellingSession,
    HouseholdMember,
    Referral,
    Returnee,
    ReturneeInterest,
    ReturneeNeed,
    SkillLevel,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO_UNKNOWN = [("", _("Not asked yet")), ("true", _("Yes")), ("false", _("No"))]


def _nationality_choices():
    # Called each time the field is rendered, so the names are in the page's language.
    return [("", _("Choose…")), *country_choices()]


class CommaListField(forms.CharField):
    """A list typed as comma-separated text ("Pular, French")."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [part.strip() for part in (value or "").split(",") if part.strip()]


class ReturneeForm(forms.ModelForm):
    nationality = forms.ChoiceField(label=_("Nationality"), choices=_nationality_choices)
    countries_lived = forms.MultipleChoiceField(
        label=_("Countries lived in abroad"),
        choices=country_choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    languages = CommaListField(
        label=_("Languages"), required=False, help_text=_("Comma-separated, e.g. Pular, French")
    )
    vulnerabilities = forms.MultipleChoiceField(
        label=_("Vulnerabilities"),
        choices=Returnee.Vulnerability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    interested_in_collective_projects = forms.TypedChoiceField(
        label=_("Interested in collective or community projects?"),
        choices=YES_NO_UNKNOWN,
        coerce=lambda v: v == "true",
        empty_value=None,
        required=False,
        help_text=_("Handbook 3.3 calls this interest a crucial requirement."),
    )
    community = forms.ModelChoiceField(
        label=_("Community of return"),
        queryset=Community.objects.order_by("country", "name"),
    )

    class Meta:
        model = Returnee
        fields = [
            "first_name",
            "last_name",
            "sex",
            "gender",
            "date_of_birth",
            "estimated_age",
            "nationality",
            "languages",
            "phone",
            "community",
            "return_date",
            "countries_lived",
            "months_abroad",
            "return_kind",
            "education_level",
            "occupation_before",
            "occupation_abroad",
            "vulnerabilities",
            "interested_in_collective_projects",
            "life_plans",
        ]
        widgets = {
            "date_of_birth": DATE,
            "return_date": DATE,
            "life_plans": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.interested_in_collective_projects is not None:
            self.initial["interested_in_collective_projects"] = (
                "true" if self.instance.interested_in_collective_projects else "false"
            )

    def _post_clean(self):
        pass  # the service validates the model


class SensitiveForm(forms.ModelForm):
    """Shown only to the assigned case manager, their supervisor and admins."""

    class Meta:
        model = Returnee
        fields = list(Returnee.SENSITIVE_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 2}) for name in Returnee.SENSITIVE_FIELDS}

    def _post_clean(self):
        pass


class HouseholdMemberForm(forms.Form):
    relationship = forms.ChoiceField(
        label=_("Relationship"), choices=[("", "—")] + HouseholdMember.Relationship.choices
    )
    age = forms.IntegerField(label=_("Age"), min_value=0, max_value=120)
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=[("", "—"), ("female", _("Female")), ("male", _("Male")), ("other", _("Other"))],
        required=False,
    )
    school_enrolled = forms.TypedChoiceField(
        label=_("In school (children)"),
        choices=YES_NO_UNKNOWN,
        coerce=lambda v: v == "true",
        empty_value=None,
        required=False,
    )


def sector_choices():
    return [("", "—")] + [
        (s.pk, str(s)) for s in Sector.objects.select_related("parent").order_by("code")
    ]


class SkillForm(forms.Form):
    sector = forms.TypedChoiceField(label=_("Trade or sector"), coerce=int, choices=())
    level = forms.ChoiceField(label=_("Level"), choices=[("", "—")] + SkillLevel.choices)
    years_experience = forms.IntegerField(label=_("Years"), min_value=0, max_value=80, initial=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = sector_choices()


class InterestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—")] + ReturneeInterest.Kind.choices)
    sector = forms.TypedChoiceField(
        label=_("Business sector"), coerce=int, choices=(), required=False, empty_value=None
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = sector_choices()


class NeedForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=[("", "—")] + ReturneeNeed.Level.choices)
    description = forms.CharField(label=_("Description"), max_length=300)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=ReturneeNeed.Priority.choices, initial="medium"
    )
    met = forms.BooleanField(label=_("Met"), required=False)


def _formset(form, extra):
    return forms.formset_factory(form, extra=extra, can_delete=True)


HouseholdFormSet = _formset(HouseholdMemberForm, 2)
SkillFormSet = _formset(SkillForm, 2)
InterestFormSet = _formset(InterestForm, 2)
NeedFormSet = _formset(NeedForm, 2)
ITEM_FORMSETS = {
    "household": HouseholdFormSet,
    "skills": SkillFormSet,
    "interests": InterestFormSet,
    "needs": NeedFormSet,
}


def formset_rows(formset) -> list[dict]:
    """The filled rows of a formset, deleted and untouched extra rows left out; sector ids
    become ``sector_id`` for the models."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or data.get("DELETE"):
            continue
        row = {k: v for k, v in data.items() if k != "DELETE"}
        if "sector" in row:
            row["sector_id"] = row.pop("sector")
        rows.append(row)
    return rows


class ConsentForm(forms.ModelForm):
    shared_with = forms.ModelMultipleChoiceField(
        label=_("Share the record with these partner organizations"),
        queryset=Organization.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Consent
        fields = ["given_on", "case_management", "group_contact", "shared_with"]
        widgets = {"given_on": DATE}

    def __init__(self, *args, own_organization_id=None, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = datetime.date.today
        # At registration consent may not have been given yet; recording it later is fine.
        self.fields["given_on"].required = required
        if own_organization_id:
            self.fields["shared_with"].queryset = Organization.objects.exclude(
                pk=own_organization_id
            ).order_by("name")

    def _post_clean(self):
        pass


class WithdrawConsentForm(forms.Form):
    withdrawn_on = forms.DateField(
        label=_("Withdrawn on"), widget=DATE, initial=datetime.date.today
    )


class SessionForm(forms.ModelForm):
    class Meta:
        model = CounsellingSession
        fields = ["date", "kind", "notes", "next_steps"]
        widgets = {
            "date": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 2}),
        }

    def _post_clean(self):
        pass


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Case note"), widget=forms.Textarea(attrs={"rows": 3}))


class CaseForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Returnee.CaseStatus.choices)
    closure_reason = forms.CharField(label=_("Closure reason"), max_length=200, required=False)
    case_manager = forms.ModelChoiceField(queryset=None, label=_("Assigned case manager"))

    def __init__(self, *args, case_managers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_manager"].queryset = case_managers


class ReferralForm(forms.Form):
    target = forms.ChoiceField(label=_("Refer to"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    follow_up_date = forms.DateField(
        label=_("Follow up date"),
        widget=DATE,
        required=False,
        help_text=_("When to check on it; overdue after that."),
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", _("Choose…"))] + targets


class ReferralStatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=Referral.Status.choices)
    decline_reason = forms.CharField(label=_("Decline reason"), max_length=300, required=False)
    outcome = forms.CharField(
        label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    follow_up_date = forms.DateField(label=_("Follow up date"), widget=DATE, required=False)


class ReturneeSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        help_text=_("Name, reference or phone (at least 3 characters)"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status"))] + Returnee.CaseStatus.choices,
        required=False,
    )
    community = forms.ModelChoiceField(
        queryset=Community.objects.order_by("name"), required=False, empty_label=_("Any community")
    )


class ErasureForm(forms.Form):
    """The confirmation before an erasure: why, and the reference typed out, since the
    erasure cannot be undone."""

    reason = forms.ChoiceField(label=_("Reason"), choices=(), widget=forms.RadioSelect)
    confirm_reference = forms.CharField(
        label=_("Type the reference to confirm"),
        help_text=_("The personal data cannot be recovered afterwards."),
    )

    def __init__(self, *args, reference: str, reasons, **kwargs):
        super().__init__(*args, **kwargs)
        self.reference = reference
        self.fields["reason"].choices = reasons
        self.fields["confirm_reference"].widget.attrs.update(
            {"autocomplete": "off", "placeholder": reference}
        )

    def clean_confirm_reference(self):
        typed = self.cleaned_data["confirm_reference"].strip().upper()
        if typed != self.reference:
            raise forms.ValidationError(
                gettext("Type %(reference)s exactly to confirm.") % {"reference": self.reference}
            )
        return typed
