"""Browser forms of financial support groups. They collect input; the services validate
and refuse bad input with the messages the views put back on the fields."""

from functools import cache

import pycountry
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from communities.models import Community
from projects.currency_finance import NOT_MONEY
from projects.models.finance import AgeBand, FinancialGroup, GroupMember
from reintegration.models import Sex

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def money_field(label: str, **kwargs) -> forms.DecimalField:
    # A Decimal, never a float; the sign and the currency's precision are the service's
    # to check, so its messages are the ones shown.
    return forms.DecimalField(
        label=label,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        **kwargs,
    )


@cache
def currency_choices() -> list[tuple[str, str]]:
    return [("", _("Choose…"))] + sorted(
        (c.alpha_3, f"{c.alpha_3} – {c.name}")
        for c in pycountry.currencies
        if c.alpha_3 not in NOT_MONEY
    )


class MemberChoiceField(forms.ModelChoiceField):
    """Members labelled as the user may see them (a returnee referred by another
    organization by reference only): ``labels`` maps member id to label."""

    labels: dict = {}

    def label_from_instance(self, member: GroupMember) -> str:
        return self.labels.get(member.pk, str(member))


class MembersChoiceField(forms.ModelMultipleChoiceField):
    labels: dict = {}

    def label_from_instance(self, member: GroupMember) -> str:
        return self.labels.get(member.pk, str(member))


class FinancialGroupForm(forms.ModelForm):
    kind = forms.ChoiceField(
        label=_("Kind of group (handbook 3.3.3)"),
        choices=FinancialGroup.Kind.choices,
        widget=forms.RadioSelect,
    )
    community = forms.ModelChoiceField(
        label=_("Community where the group meets"),
        queryset=Community.objects.order_by("country", "name"),
    )
    currency = forms.ChoiceField(choices=(), help_text=_("ISO 4217; fixed once money is recorded."))

    class Meta:
        model = FinancialGroup
        fields = ["name", "kind", "community", "currency", "cycle_start", "cycle_end", "notes"]
        widgets = {
            "cycle_start": DATE,
            "cycle_end": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "cycle_end": _("Loans fall due by then, and the fund is shared out."),
            "notes": _("The group's rules: meeting days, interest rate, share value…"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = currency_choices()
        # The handbook's description beside each kind, where the choice is made.
        self.fields["kind"].choices = [
            (value, format_lazy("{}: {}", label, FinancialGroup.KIND_DESCRIPTIONS[value]))
            for value, label in FinancialGroup.Kind.choices
        ]


class GroupFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind"))] + FinancialGroup.Kind.choices
    )
    community = forms.ModelChoiceField(
        queryset=Community.objects.none(),
        required=False,
        empty_label=_("Any community"),
        label=_("Community"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status"))] + FinancialGroup.Status.choices,
    )

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css


class MemberForm(forms.Form):
    """A returnee of the registry (picked in the group's community, or by reference), or a
    community member who is not a returnee."""

    returnee = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Returnee of this community"),
        empty_label=_("— a community member, or a returnee by reference —"),
    )
    reference = forms.CharField(
        required=False, label=_("Or a returnee's reference"), help_text=_("e.g. RET-2026-000123")
    )
    name = forms.CharField(required=False, label=_("Community member's name"), max_length=200)
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", "—")] + Sex.choices)
    age_band = forms.ChoiceField(
        label=_("Age band"), required=False, choices=[("", "—")] + AgeBand.choices
    )
    joined_on = forms.DateField(label=_("Joined on"), widget=DATE)

    def __init__(self, *args, returnees, visible_returnees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["returnee"].queryset = returnees
        self.visible_returnees = visible_returnees

    def clean(self):
        data = super().clean()
        reference = (data.get("reference") or "").strip().upper()
        if reference and not data.get("returnee"):
            data["returnee"] = self.visible_returnees.filter(reference=reference).first()
            if data["returnee"] is None:
                self.add_error(
                    "reference",
                    gettext("No returnee %(reference)s in your registry.")
                    % {"reference": reference},
                )
        return data


class ContributionForm(forms.Form):
    member = MemberChoiceField(label=_("Member"), queryset=None)
    date = forms.DateField(label=pgettext_lazy("of an entry", "Date"), widget=DATE)
    amount = money_field(_("Amount saved"))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, members, labels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].labels = labels


class LoanForm(forms.Form):
    borrower = MemberChoiceField(label=_("Borrower"), queryset=None)
    date = forms.DateField(label=_("Date of the loan"), widget=DATE)
    amount = money_field(_("Amount lent"))
    due_date = forms.DateField(label=_("Due date"), widget=DATE)
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    guarantors = MembersChoiceField(
        queryset=None,
        label=_("Guarantors"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members who stand for the loan (required in group-based microcredit)."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, members, labels, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("borrower", "guarantors"):
            self.fields[name].queryset = members
            self.fields[name].labels = labels


class RepaymentForm(forms.Form):
    loan = forms.ChoiceField(label=_("Loan repaid"))
    date = forms.DateField(label=pgettext_lazy("of an entry", "Date"), widget=DATE)
    principal = money_field(_("Principal repaid"))
    interest = money_field(
        _("Interest paid"), required=False, help_text=_("On top of the principal.")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, loans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loan"].choices = [("", _("Choose…"))] + loans


class CorrectionForm(forms.Form):
    date = forms.DateField(label=_("Date of the correction"), widget=DATE)
    amount = money_field(
        _("Change to the amount"),
        required=False,
        help_text=_("Signed: -450 takes 450 off the entry, 50 adds 50."),
    )
    interest = money_field(_("Change to the interest"), required=False)
    reason = forms.CharField(
        label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class ShareOutForm(forms.Form):
    date = forms.DateField(label=_("Date of the share-out"), widget=DATE)
    expected_fund = forms.DecimalField(max_digits=20, decimal_places=2, widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("I have checked the amounts: pay out the fund and close the cycle.")
    )


class MemberLeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Date of leaving"), widget=DATE)
    confirm = forms.BooleanField(label=_("The member leaves the group."))
