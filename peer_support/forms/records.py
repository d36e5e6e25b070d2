"""Forms that create or change records. Validation lives in the models and services: the
forms collect input and show the errors the services raise, on the field they name."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import Community
from peer_support import rules
from peer_support.models import (
    CommunityEvent,
    Mentor,
    MentorshipMeeting,
    MentorTraining,
    NetworkGroup,
    PeerGroup,
    PreferredMentorSex,
)
from reintegration.forms import CommaListField
from reintegration.models import Returnee

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NoModelValidation:
    def _post_clean(self):
        pass  # the service validates the model and names the field


def community_field(**kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(queryset=Community.objects.order_by("country", "name"), **kwargs)


class ReturneeByReferenceField(forms.CharField):
    """A returnee of the user's organization, typed by reference (RET-2026-000123)."""

    def __init__(self, *args, returnees=None, **kwargs):
        kwargs.setdefault("help_text", "The registry reference, e.g. RET-2026-000123.")
        super().__init__(*args, **kwargs)
        self.returnees = returnees

    def prepare_value(self, value):
        return value.reference if isinstance(value, Returnee) else value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        returnee = self.returnees.filter(reference=value.strip().upper()).first()
        if returnee is None:
            raise forms.ValidationError(
                _("No returnee %(reference)s in your registry.") % {"reference": value.strip()}
            )
        return returnee


class MentorForm(NoModelValidation, forms.ModelForm):
    returnee = ReturneeByReferenceField(
        label=_("Returnee (for a returnee mentor)"), required=False, max_length=20
    )
    community = community_field(required=False, help_text=_("Empty: the returnee's community."))
    languages = CommaListField(
        required=False, help_text=_("Comma-separated; empty: the returnee's languages.")
    )
    sex = forms.ChoiceField(
        choices=[("", "From the registry (returnee mentors)")]
        + Mentor._meta.get_field("sex").choices,
        required=False,
        help_text=_("The handbook asks for both male and female volunteers (3.5.2)."),
    )

    class Meta:
        model = Mentor
        fields = [
            "kind",
            "returnee",
            "name",
            "sex",
            "community",
            "phone",
            "languages",
            "background",
            "background_notes",
            "availability",
            "capacity",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}
        labels = {"name": "Name (for a community member)"}

    def __init__(self, *args, returnees, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["returnee"].returnees = returnees
        if editing:
            # Who the mentor is does not change; a different person is a new mentor.
            for name in ("kind", "returnee"):
                del self.fields[name]
            if self.instance.returnee_id:
                del self.fields["name"]
            self.fields["sex"].choices = self.fields["sex"].choices[1:]
            self.fields["sex"].required = True
            self.fields["community"].required = True
            self.fields["community"].help_text = ""

    def clean(self):
        data = super().clean()
        if "kind" in self.fields:
            if data.get("kind") == Mentor.Kind.RETURNEE and not data.get("returnee"):
                self.add_error("returnee", "Give the reference of the returnee who mentors.")
            if data.get("kind") == Mentor.Kind.COMMUNITY_MEMBER:
                if data.get("returnee"):
                    self.add_error("returnee", "A community member has no registry record.")
                for name in ("sex", "community"):
                    if not data.get(name):
                        self.add_error(name, "This field is required for a community member.")
        return data


class TrainingForm(NoModelValidation, forms.ModelForm):
    topics = forms.MultipleChoiceField(
        choices=rules.TrainingTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Handbook 3.5.2, training for a mentor: the initial training covers all seven."
        ),
    )

    class Meta:
        model = MentorTraining
        fields = ["kind", "date", "days", "topics", "trainer", "notes"]
        widgets = {"date": DATE, "notes": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "days": "At least two days in total for the initial training (3.5.2); it may be "
            "given in several sessions."
        }


class SupervisionForm(forms.Form):
    date = forms.DateField(widget=DATE, initial=datetime.date.today)
    mentors = forms.ModelMultipleChoiceField(
        queryset=Mentor.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    issues = forms.CharField(label=_("Issues raised"), widget=forms.Textarea(attrs={"rows": 3}))
    solutions = forms.CharField(
        label=_("Solutions and follow-up"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentors"].queryset = mentors
        self.fields["mentors"].label_from_instance = lambda m: m.display_name


class PreferenceForm(forms.Form):
    mentor_sex = forms.ChoiceField(
        label=_("The returnee would prefer a mentor who is"),
        choices=PreferredMentorSex.choices,
        required=False,
    )


class MentorshipMeetingForm(forms.Form):
    date = forms.DateField(widget=DATE, initial=datetime.date.today)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class EvaluationForm(forms.Form):
    date = forms.DateField(widget=DATE, initial=datetime.date.today)
    satisfaction = forms.TypedChoiceField(
        label=_("How helpful the returnee found the mentoring"),
        choices=[("", "—")] + MentorshipMeeting.Satisfaction.choices,
        coerce=int,
        empty_value=None,
        required=False,
    )
    notes = forms.CharField(
        label=_("What the returnee said"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class EndMentorshipForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DATE, initial=datetime.date.today)
    reason = forms.CharField(max_length=300, required=False)


class PeerGroupForm(NoModelValidation, forms.ModelForm):
    community = community_field()
    facilitator_returnee = ReturneeByReferenceField(
        label=_("Facilitating returnee (reference)"), required=False, max_length=20
    )

    class Meta:
        model = PeerGroup
        fields = [
            "name",
            "community",
            "focus",
            "composition",
            "facilitator_kind",
            "facilitator_name",
            "facilitator_returnee",
            "facilitator_trained_on",
            "started_on",
            "planned_initial_meetings",
            "leaders_informed_on",
            "notes",
        ]
        widgets = {
            "facilitator_trained_on": DATE,
            "started_on": DATE,
            "leaders_informed_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "composition": "Handbook 3.5.2: consider whether mixed or single-gender groups are "
            "appropriate in this context."
        }

    def __init__(self, *args, returnees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitator_returnee"].returnees = returnees
        if self.instance.facilitator_returnee_id:
            self.initial["facilitator_returnee"] = self.instance.facilitator_returnee.reference


class ApprovalForm(forms.Form):
    informed_on = forms.DateField(label=_("Leaders informed on"), widget=DATE)
    approved_by = forms.CharField(
        label=_("Approved by"), max_length=300, help_text=_("The community leaders who approved.")
    )
    approved_on = forms.DateField(label=_("Approved on"), widget=DATE)


class ExtensionForm(forms.Form):
    until = forms.DateField(
        label=_("Extended until"),
        widget=DATE,
        required=False,
        help_text=_("Up to one year from the group's start (3.5.2); empty removes the extension."),
    )


class ConfirmForm(forms.Form):
    """A confirmation page: nothing to fill in, a button to press."""


class DateForm(forms.Form):
    date = forms.DateField(widget=DATE, initial=datetime.date.today)


class MemberForm(forms.Form):
    returnee = ReturneeByReferenceField(label=_("Returnee (reference)"), max_length=20)
    late_join_reason = forms.CharField(
        label=_("Why join a group that has already met?"),
        max_length=300,
        required=False,
        help_text=_(
            "Needed once the group has met: newcomers form new groups (3.5.2), unless distance "
            "or existing bonds say otherwise."
        ),
    )

    def __init__(self, *args, returnees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["returnee"].returnees = returnees


class AcceptReferralForm(forms.Form):
    late_join_reason = forms.CharField(
        label=_("Why join a group that has already met?"),
        max_length=300,
        required=False,
        help_text=_(
            "Newcomers form new groups (3.5.2), unless distance or existing bonds say otherwise."
        ),
    )


class GroupMeetingForm(forms.Form):
    date = forms.DateField(widget=DATE, initial=datetime.date.today)
    follow_up = forms.BooleanField(
        label=_("This is a follow-up session"),
        required=False,
        help_text=_("Otherwise the next initial meeting, or a meeting of the extension."),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), initial=rules.MEETING_MINUTES, min_value=1, max_value=600
    )
    topics = forms.CharField(
        label=_("Topics discussed"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    attendees = forms.TypedMultipleChoiceField(
        coerce=int, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = [
            (m.pk, f"{m.returnee.reference} {m.returnee.full_name}") for m in members
        ]


class NetworkGroupForm(NoModelValidation, forms.ModelForm):
    community = community_field()
    accepts_returnees = forms.TypedChoiceField(
        label=_("Accepts returnees?"),
        choices=[("", _("Not asked yet")), ("true", _("Yes")), ("false", _("No"))],
        coerce=lambda v: v == "true",
        empty_value=None,
        required=False,
    )

    class Meta:
        model = NetworkGroup
        fields = [
            "name",
            "community",
            "kind",
            "formality",
            "description",
            "contact_name",
            "contact_phone",
            "sensitised_on",
            "accepts_returnees",
            "organization",
            "is_active",
        ]
        widgets = {"sensitised_on": DATE, "description": forms.Textarea(attrs={"rows": 2})}
        labels = {"organization": "Organization answering referrals (if it uses the app)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.accepts_returnees is not None:
            self.initial["accepts_returnees"] = (
                "true" if self.instance.accepts_returnees else "false"
            )


class EventForm(NoModelValidation, forms.ModelForm):
    community = community_field()

    class Meta:
        model = CommunityEvent
        fields = [
            "kind",
            "title",
            "date",
            "community",
            "place",
            "facilitator",
            "network_group",
            "returnees_count",
            "family_members_count",
            "community_members_count",
            "opinion_leaders_count",
            "local_authorities_count",
            "notes",
        ]
        widgets = {"date": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network_group"].queryset = NetworkGroup.objects.select_related(
            "community"
        ).order_by("name")
