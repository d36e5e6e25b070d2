"""The filters of the list pages (GET forms: every field optional)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import Community
from peer_support.models import CommunityEvent, Mentorship, NetworkGroup, PeerGroup
from peer_support.selectors import GROUP_STATUSES, MENTOR_STATES
from reintegration.models import Sex

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("", "Any"), ("yes", "Yes"), ("no", "No")]


def yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


class StyledForm(forms.Form):
    """Bootstrap classes on every widget (the filters are rendered field by field)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.BooleanField):
                field.widget.attrs["class"] = "form-check-input"
            elif isinstance(field, forms.ChoiceField):
                field.widget.attrs["class"] = "form-select"
            else:
                field.widget.attrs["class"] = "form-control"


class FilterForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False)
    community = forms.ModelChoiceField(
        queryset=Community.objects.order_by("country", "name"),
        required=False,
        empty_label=_("Any community"),
    )

    def values(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        community = data.get("community")
        return {
            "search": (data.get("q") or "").strip(),
            "community_id": community.pk if community else None,
            **{k: v for k, v in data.items() if k not in {"q", "community"}},
        }


class MentorFilterForm(FilterForm):
    state = forms.ChoiceField(
        label=_("Training"), required=False, choices=[("", _("Any")), *MENTOR_STATES.items()]
    )
    active = forms.ChoiceField(label=_("Active"), required=False, choices=YES_NO)
    sex = forms.ChoiceField(required=False, choices=[("", _("Any")), *Sex.choices])


class MentorshipFilterForm(StyledForm):
    status = forms.ChoiceField(
        required=False, choices=[("", _("Any status")), *Mentorship.Status.choices]
    )
    evaluation_due = forms.BooleanField(label=_("Evaluation due"), required=False)


class PeerGroupFilterForm(FilterForm):
    composition = forms.ChoiceField(
        required=False, choices=[("", _("Any")), *PeerGroup.Composition.choices]
    )
    status = forms.ChoiceField(required=False, choices=[("", _("Any")), *GROUP_STATUSES.items()])
    approved = forms.ChoiceField(label=_("Leaders approved"), required=False, choices=YES_NO)


class NetworkFilterForm(FilterForm):
    kind = forms.ChoiceField(required=False, choices=[("", _("Any")), *NetworkGroup.Kind.choices])
    accepts = forms.ChoiceField(
        label=_("Accepts returnees"),
        required=False,
        choices=[
            ("", _("Any")),
            ("yes", _("Yes")),
            ("no", _("No")),
            ("unknown", _("Not asked yet")),
        ],
    )
    sensitised = forms.ChoiceField(required=False, choices=YES_NO)


class EventFilterForm(FilterForm):
    kind = forms.ChoiceField(required=False, choices=[("", _("Any")), *CommunityEvent.Kind.choices])
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE)


class CohesionFilterForm(StyledForm):
    date_from = forms.DateField(label=_("Events from"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Events to"), required=False, widget=DATE)
