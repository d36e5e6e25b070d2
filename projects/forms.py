"""Browser forms of the projects app. Validation lives in the models and services; forms
collect input and display the errors the services raise."""

import datetime

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from communities.models import Community, Sector
from projects.catalogues import STEPS
from projects.models import AgeBand, Approach, Kind, Participant, Project, Vulnerability
from projects.money import currency_choices
from projects.selectors.projects import LIFECYCLE_DONE
from projects.services.projects import PROJECT_FORM_FIELDS
from reintegration.models import Sex

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _community_choices():
    return Community.objects.order_by("country", "name")


def _trade_choices():
    return Sector.objects.select_related("parent").order_by("code")


class ProjectForm(forms.ModelForm):
    # Rendered by the template as Table 3.3's rows, each with its advantages and
    # disadvantages beside the radio button.
    approach = forms.ChoiceField(
        choices=Approach.choices, widget=forms.RadioSelect, label=_("Approach (handbook Table 3.3)")
    )
    communities = forms.ModelMultipleChoiceField(
        queryset=Community.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 5}),
        label=_("Communities"),
        help_text=_("At least one, in one country. Hold Ctrl (or Cmd) to choose several."),
    )
    sector = forms.ModelChoiceField(
        queryset=Sector.objects.none(),
        required=False,
        label=_("Sector"),
    )
    currency = forms.ChoiceField(choices=(), required=False, label=_("Currency"))
    required_sectors = forms.ModelMultipleChoiceField(
        label=_("Sector(s) of the existing project"),
        queryset=Sector.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    run_by_organization = forms.ModelChoiceField(
        queryset=Organization.objects.order_by("name"), required=False, label=_("Run by")
    )
    location = forms.ModelChoiceField(
        queryset=Community.objects.none(),
        required=False,
        label=_("Location"),
    )
    development_plan_url = forms.URLField(
        label=_("Link to the plan"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Project
        fields = list(PROJECT_FORM_FIELDS)
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "environmental_notes": forms.Textarea(attrs={"rows": 2}),
            "gender_considerations": forms.Textarea(attrs={"rows": 2}),
            "funding_model": forms.Textarea(attrs={"rows": 2}),
            "income_notes": forms.Textarea(attrs={"rows": 2}),
            "skills_required": forms.Textarea(attrs={"rows": 2}),
        }

    EXISTING_FIELDS = Meta.fields[Meta.fields.index("run_by_organization") :]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communities"].queryset = _community_choices()
        self.fields["location"].queryset = _community_choices()
        self.fields["sector"].queryset = _trade_choices()
        self.fields["required_sectors"].queryset = _trade_choices()
        self.fields["currency"].choices = [("", "—")] + currency_choices()
        self.fields["cofinancing_local_government"].required = False
        self.fields["cofinancing_in_kind"].required = False
        if self.instance.pk:
            self.initial["communities"] = list(self.instance.communities.all())
            self.initial["required_sectors"] = list(self.instance.required_sectors.all())

    def clean_cofinancing_local_government(self):
        return self.cleaned_data.get("cofinancing_local_government") or 0

    def clean_cofinancing_in_kind(self):
        return self.cleaned_data.get("cofinancing_in_kind") or 0

    def _post_clean(self):
        pass  # the service validates the model

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        return {
            "communities": list(data.pop("communities")),
            "required_sectors": list(data.pop("required_sectors") or []),
            "fields": data,
        }

    SECTIONS = [
        (_("The project"), ["kind", "communities", "sector", "description", "proposed_by"]),
        (
            _("What Table 3.2 weighs"),
            [
                "development_plan",
                "development_plan_url",
                "environmental_notes",
                "gender_considerations",
            ],
        ),
        (
            _("Budget"),
            ["currency", "budget", "cofinancing_local_government", "cofinancing_in_kind"],
        ),
        (_("Dates and IATI"), ["start_date", "end_date", "iati_reporting_org", "iati_activity_id"]),
    ]

    def sections(self):
        """(title, bound fields) in the order the form shows them, below name and approach."""
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    def existing_fields(self):
        return [self[name] for name in self.EXISTING_FIELDS]


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    approach = forms.ChoiceField(
        label=_("Approach"), choices=[("", _("Any approach"))] + Approach.choices, required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any kind"))] + Kind.choices, required=False
    )
    step = forms.ChoiceField(
        label=_("Table 3.4 step"),
        choices=[("", _("Any step"))]
        + [(str(s.number), format_lazy("{}. {}", s.number, s.label)) for s in STEPS]
        + [(LIFECYCLE_DONE, _("All steps completed"))],
        required=False,
    )
    community = forms.ModelChoiceField(
        queryset=Community.objects.none(),
        required=False,
        empty_label=_("Any community"),
        label=_("Community"),
    )
    sector = forms.ModelChoiceField(
        queryset=Sector.objects.none(),
        required=False,
        empty_label=_("Any sector"),
        label=_("Sector"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status"))] + Project.Status.choices,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = _community_choices()
        self.fields["sector"].queryset = _trade_choices()
        for name, field in self.fields.items():
            if name != "q":
                field.widget.attrs["class"] = "form-select"


class ActionForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), choices=[("done", _("Done")), ("waived", _("Waived"))]
    )
    done_on = forms.DateField(label=_("Done on"), widget=DATE, required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
    waiver_reason = forms.CharField(label=_("Waiver reason"), required=False, max_length=500)


class AdvanceForm(forms.Form):
    to_step = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=Project.Status.choices)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=200, help_text=_("Required to cancel.")
    )


class ParticipantForm(forms.ModelForm):
    """A participant's role and dates; for a non-migrant also name, sex, age band and
    vulnerability (enough to count and to balance, no more)."""

    returnee_reference = forms.CharField(
        label=_("Returnee reference"),
        max_length=20,
        help_text=_("e.g. RET-2026-000123, from the registry."),
    )

    class Meta:
        model = Participant
        fields = [
            "name",
            "sex",
            "age_band",
            "vulnerability",
            "role",
            "term_start",
            "term_end",
            "share_percentage",
            "joined_on",
        ]
        labels = {"share_percentage": _("Share (%)")}
        help_texts = {
            "term_start": _("Leaders and deputies (Sri Lanka clusters elect them for 12 months)."),
            "term_end": _("Empty: 12 months after the start."),
            "share_percentage": _(
                "Shareholders (Bangladesh social enterprises: returnees "
                "80–85%, the partner NGO 15–20%)."
            ),
        }
        widgets = {"term_start": DATE, "term_end": DATE, "joined_on": DATE}

    def __init__(self, *args, kind: str, **kwargs):
        """``kind``: "returnee" (added from the registry), "member" (a non-migrant) or
        "edit" of an existing participant."""
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["sex"].choices = [("", "—")] + Sex.choices
        self.fields["age_band"].choices = [("", "—")] + AgeBand.choices
        self.fields["vulnerability"].choices = [("", _("Not assessed"))] + Vulnerability.choices
        if kind != "returnee":
            del self.fields["returnee_reference"]
        if kind == "returnee" or (kind == "edit" and self.instance.returnee_id):
            for name in ("name", "sex", "age_band", "vulnerability"):
                del self.fields[name]
        else:
            self.fields["name"].required = True
            self.fields["sex"].required = True
        if not self.instance.pk:
            self.initial.setdefault("joined_on", datetime.date.today())

    def _post_clean(self):
        pass

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("returnee_reference", None)
        return data


class LeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=DATE, initial=datetime.date.today)


class AssessmentHeaderForm(forms.Form):
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DATE, initial=datetime.date.today)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ItemAnswerForm(forms.Form):
    """One criterion of Table 3.2 (yes / no / unknown) or Table 3.5 (suitable / concern /
    unsuitable), with a note."""

    choice = forms.ChoiceField(label=_("Answer"), widget=forms.RadioSelect, required=False)
    text = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 1}), required=False
    )

    def __init__(self, *args, item, choices, suggestion=None, **kwargs):
        super().__init__(*args, prefix=f"item-{item.code}", **kwargs)
        self.item = item
        self.suggestion = suggestion
        self.fields["choice"].choices = choices
        self.fields["choice"].label = _("Answer to %(code)s") % {"code": item.code}


YES_NO = [("yes", _("Yes")), ("no", _("No")), ("unknown", _("Unknown"))]
SUITABILITY = [
    ("suitable", _("Suitable")),
    ("concern", _("Concern")),
    ("unsuitable", _("Unsuitable")),
    ("", _("Not assessed")),
]


class ReferForm(forms.Form):
    returnees = forms.MultipleChoiceField(
        label=_("Returnees"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    follow_up_date = forms.DateField(label=_("Follow up date"), widget=DATE, required=False)

    def __init__(self, *args, returnee_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["returnees"].choices = returnee_choices


class GroupSearchForm(forms.Form):
    community = forms.ModelChoiceField(label=_("Community"), queryset=Community.objects.none())
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.none())
    # The bounds of projects.grouping (MIN_GROUP_SIZE, MAX_GROUP_SIZE); the algorithm
    # checks them again.
    size = forms.IntegerField(
        label=_("Group size"),
        min_value=2,
        max_value=20,
        initial=5,
        help_text=_("Returnees a group."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = _community_choices()
        self.fields["sector"].queryset = _trade_choices()


class GroupCreateForm(forms.Form):
    community = forms.ModelChoiceField(queryset=Community.objects.none(), widget=forms.HiddenInput)
    sector = forms.ModelChoiceField(queryset=Sector.objects.none(), widget=forms.HiddenInput)
    name = forms.CharField(label=_("Project name"), max_length=200)
    members = forms.MultipleChoiceField(
        label=_("Members"), choices=(), widget=forms.CheckboxSelectMultiple
    )
    experts = forms.MultipleChoiceField(
        label=_("Experts"),
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    no_expert_reason = forms.CharField(
        label=_("Without an advanced-level returnee: how will skills be transferred?"),
        required=False,
        max_length=500,
    )

    def __init__(self, *args, candidate_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = Community.objects.all()
        self.fields["sector"].queryset = Sector.objects.all()
        choices = [(str(pk), str(pk)) for pk in candidate_ids]
        self.fields["members"].choices = choices
        self.fields["experts"].choices = choices
