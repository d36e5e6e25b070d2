"""The pages that record members and money in a group's books: one form, one service
call each; the share-out is previewed and confirmed."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from projects.currency_finance import format_money
from projects.forms_finance import (
    ContributionForm,
    CorrectionForm,
    LoanForm,
    MemberForm,
    MemberLeaveForm,
    RepaymentForm,
    ShareOutForm,
)
from projects.models.finance import LedgerEntry
from projects.selectors import finance as selectors
from projects.services import finance as services
from projects.views.finance.groups import editable_group, show_errors, staff_view
from reintegration.access import returnees_for_user


def _active_members(request, group):
    """The group's active members, and each one's label as the user may see them."""
    members = list(
        group.members.filter(left_on__isnull=True)
        .select_related("returnee")
        .order_by("joined_on", "pk")
    )
    visible = selectors.visible_returnee_ids(
        user=request.user, returnee_ids=[m.returnee_id for m in members]
    )
    queryset = group.members.filter(left_on__isnull=True).select_related("returnee")
    return queryset.order_by("joined_on", "pk"), {
        m.pk: selectors.member_label(m, visible) for m in members
    }


def _entry_page(request, group, form, title, record, success, intro=""):
    """One form, one service call: the shape of every page that records money."""
    if request.method == "POST" and form.is_valid():
        try:
            record(form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(group)
    return render(
        request,
        "projects/finance/form.html",
        {"form": form, "group": group, "title": title, "intro": intro},
    )


@staff_view("projects.add_groupmember")
def member_add(request, pk):
    group = editable_group(request, pk)
    visible = returnees_for_user(request.user)
    in_community = (
        visible.filter(community=group.community)
        .exclude(pk__in=group.members.filter(left_on__isnull=True).values("returnee_id"))
        .order_by("last_name", "first_name")
    )
    form = MemberForm(request.POST or None, returnees=in_community, visible_returnees=visible)

    def record(data):
        services.member_add(
            actor=request.user,
            group=group,
            joined_on=data["joined_on"],
            returnee=data.get("returnee"),
            name=data["name"],
            sex=data["sex"],
            age_band=data["age_band"],
        )

    return _entry_page(request, group, form, _("Add a member"), record, _("Member added."))


@staff_view("projects.change_groupmember")
def member_leave(request, pk, member_pk):
    group = editable_group(request, pk)
    member = get_object_or_404(group.members.select_related("returnee"), pk=member_pk)
    savings = selectors.member_totals(group=group).get(member.pk)
    owed = (savings.contributions - savings.share_out) if savings else 0
    if owed:
        intro = _(
            "%(member)s leaves the group. Their savings of %(savings)s are paid back to them "
            "on the day they leave, without a part of the cycle's earnings."
        ) % {"member": member, "savings": format_money(owed, group.currency)}
    else:
        intro = _("%(member)s leaves the group.") % {"member": member}
    form = MemberLeaveForm(request.POST or None, initial={"left_on": datetime.date.today()})

    def record(data):
        services.member_leave(actor=request.user, member=member, left_on=data["left_on"])

    return _entry_page(
        request,
        group,
        form,
        _("%(member)s leaves") % {"member": member},
        record,
        _("%(member)s left the group.") % {"member": member},
        intro,
    )


@staff_view("projects.add_ledgerentry")
def contribution(request, pk):
    group = editable_group(request, pk)
    members, labels = _active_members(request, group)
    form = ContributionForm(
        request.POST or None,
        members=members,
        labels=labels,
        initial={"date": datetime.date.today()},
    )

    def record(data):
        services.contribution_record(actor=request.user, group=group, **data)

    return _entry_page(
        request, group, form, _("Record a contribution"), record, _("Contribution recorded.")
    )


@staff_view("projects.add_ledgerentry")
def loan(request, pk):
    group = editable_group(request, pk)
    members, labels = _active_members(request, group)
    form = LoanForm(
        request.POST or None,
        members=members,
        labels=labels,
        initial={"date": datetime.date.today()},
    )

    def record(data):
        services.loan_disburse(actor=request.user, group=group, **data)

    return _entry_page(request, group, form, _("Record a loan"), record, _("Loan recorded."))


@staff_view("projects.add_ledgerentry")
def repayment(request, pk):
    group = editable_group(request, pk)
    open_loans = [b for b in selectors.loan_balances(group=group) if b.outstanding > 0]
    choices = [
        (
            str(b.loan.pk),
            _("#%(sequence)s to %(member)s, due %(due)s: %(amount)s outstanding")
            % {
                "sequence": b.loan.sequence,
                "member": b.loan.member,
                "due": f"{b.loan.due_date:%Y-%m-%d}",
                "amount": format_money(b.outstanding, group.currency),
            },
        )
        for b in open_loans
    ]
    form = RepaymentForm(
        request.POST or None, loans=choices, initial={"date": datetime.date.today()}
    )

    def record(data):
        loans = {str(b.loan.pk): b.loan for b in open_loans}
        services.repayment_record(
            actor=request.user,
            loan=loans.get(data["loan"]),
            date=data["date"],
            principal=data["principal"],
            interest=data["interest"] or 0,
            note=data["note"],
        )

    intro = "" if open_loans else _("No loan is outstanding in this group.")
    return _entry_page(
        request, group, form, _("Record a repayment"), record, _("Repayment recorded."), intro
    )


@staff_view("projects.add_ledgerentry")
def correction(request, pk, entry_pk):
    group = editable_group(request, pk)
    entry = get_object_or_404(
        LedgerEntry.objects.filter(group=group).select_related("member__returnee"), pk=entry_pk
    )
    effective = selectors.entry_effective(entry=entry)
    form = CorrectionForm(request.POST or None, initial={"date": datetime.date.today()})
    values = {
        "sequence": entry.sequence,
        "kind": entry.get_kind_display().lower(),
        "date": f"{entry.date:%Y-%m-%d}",
        "member": entry.member,
        "amount": format_money(effective[0], group.currency),
        "interest": format_money(effective[1], group.currency),
    }
    if effective[1]:
        intro = _(
            "Correct entry #%(sequence)s, %(kind)s of %(date)s for %(member)s: now %(amount)s "
            "+ %(interest)s interest. The entry stays as it was; the correction is a new entry "
            "with its reason."
        )
    else:
        intro = _(
            "Correct entry #%(sequence)s, %(kind)s of %(date)s for %(member)s: now %(amount)s. "
            "The entry stays as it was; the correction is a new entry with its reason."
        )
    intro %= values

    def record(data):
        services.correction_record(
            actor=request.user,
            entry=entry,
            date=data["date"],
            amount=data["amount"] or 0,
            interest=data["interest"] or 0,
            reason=data["reason"],
        )

    return _entry_page(
        request, group, form, _("Record a correction"), record, _("Correction recorded."), intro
    )


@staff_view("projects.add_ledgerentry")
def share_out(request, pk):
    """Preview the share-out, then confirm it: it pays out the whole fund and closes the
    cycle, which nothing undoes."""
    group = editable_group(request, pk)
    plan = selectors.share_out_plan(group=group, user=request.user)
    form = ShareOutForm(
        request.POST or None,
        initial={"date": min(datetime.date.today(), group.cycle_end), "expected_fund": plan.fund},
    )
    if request.method == "POST" and form.is_valid():
        try:
            entries = services.share_out_record(
                actor=request.user,
                group=group,
                date=form.cleaned_data["date"],
                expected_fund=form.cleaned_data["expected_fund"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("Shared out %(fund)s to %(count)s members; the cycle is closed.")
                % {"fund": format_money(plan.fund, group.currency), "count": len(entries)},
            )
            return redirect(group)
    return render(
        request, "projects/finance/share_out.html", {"group": group, "plan": plan, "form": form}
    )
