"""Financial support groups, their members and their append-only ledger.

Handbook section 3.3.3, "Community financial support activities": financial support groups
are created "with the objective of enhancing the productive use of the local communities'
and returning migrants' capacity of savings, access to credit and use of remittances", for
returnees and non-migrants alike. A group runs for a cycle (a start and an end date); every
movement of its money is a ledger entry, never changed once written (a mistake is put right
by a correction entry), so every balance is derived from the entries
(``projects.selectors.finance``) and the books can be audited line by line.

Money is ``Decimal`` with two decimal places, in the group's ISO 4217 currency; never float.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.models import TimeStampedModel
from projects.currency_finance import currency_exponent, currency_name
from reintegration.models import Sex

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete a ledger row."""


class FinancialGroup(TimeStampedModel):
    """A financial support group of handbook 3.3.3, for one cycle."""

    class Kind(models.TextChoices):
        # Handbook 3.3.3: "A local financial support group can provide financial support to
        # its members in different ways" -- the four ways, in the handbook's order.
        COLLECTIVE_INVESTMENT = "collective_investment", _("Collective investment scheme")
        GROUP_MICROCREDIT = "group_microcredit", _("Group-based microcredit scheme")
        COLLECTIVE_SAVINGS = (
            "collective_savings",
            _("Collective saving scheme and microsavings programme"),
        )
        SELF_HELP = "self_help", _("Self-help group")

    # Handbook 3.3.3, one sentence per kind, shown where the kind is chosen.
    KIND_DESCRIPTIONS = {
        Kind.COLLECTIVE_INVESTMENT: _(
            "For returnees and community members with disposable capital: an effective means "
            "of pooling together capital for collective investments."
        ),
        Kind.GROUP_MICROCREDIT: _(
            "Groups of borrowers who collectively provide collateral: group lending is based "
            "on joint liability. Only where the organization can monitor loan usage and "
            "repayment."
        ),
        Kind.COLLECTIVE_SAVINGS: _(
            "Mixed groups of returnees and community members who join together for a defined "
            "period to save and borrow as a group."
        ),
        Kind.SELF_HELP: _(
            "Small groups of returnees or non-migrant community members who save and "
            "internally lend their savings to individual members during times of need."
        ),
    }

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SHARED_OUT = "shared_out", _("Cycle closed by its share-out")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.PROTECT,
        related_name="financial_groups",
        verbose_name=_("community"),
    )
    # The organization that runs the group, supports it and answers referrals to it.
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="financial_groups"
    )
    currency = models.CharField(
        _("currency"), max_length=3, help_text=_("ISO 4217 code, e.g. GNF, XOF, EUR.")
    )
    cycle_start = models.DateField(_("cycle start"))
    cycle_end = models.DateField(_("cycle end"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("financial group")
        verbose_name_plural = _("financial groups")
        constraints = [
            models.CheckConstraint(
                condition=Q(cycle_end__gt=F("cycle_start")),
                name="financial_group_cycle_ends_after_start",
                violation_error_message=_("The cycle must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"),
                name="financial_group_currency_iso_4217",
                violation_error_message=_("The currency is a three-letter ISO 4217 code."),
            ),
            models.UniqueConstraint(
                "organization",
                Lower("name"),
                "cycle_start",
                name="financial_group_unique_cycle",
                violation_error_message=_("This group already has a cycle starting on this date."),
            ),
        ]
        indexes = [models.Index(fields=["organization", "community", "kind"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("finance:detail", kwargs={"pk": self.pk})

    @property
    def kind_description(self) -> str:
        return self.KIND_DESCRIPTIONS.get(self.kind, "")

    @property
    def money_format(self) -> str:
        """The ``floatformat`` argument for this currency: "2g" or "0g"."""
        return f"{currency_exponent(self.currency)}g"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.ACTIVE

    def clean(self) -> None:
        self.currency = (self.currency or "").upper()
        errors = {}
        if self.currency and currency_name(self.currency) is None:
            errors["currency"] = gettext("%(code)r is not an ISO 4217 currency code.") % {
                "code": self.currency
            }
        if self.cycle_start and self.cycle_end and self.cycle_end <= self.cycle_start:
            errors["cycle_end"] = gettext("The cycle must end after it starts.")
        if errors:
            raise ValidationError(errors)


class AgeBand(models.TextChoices):
    # The bands of the registry's pseudonymised records (reintegration.api.serializers):
    # enough to count and balance a group, not to identify anyone.
    CHILD = "0-17", _("Under 18")
    YOUTH = "18-24", _("18 to 24")
    ADULT_25 = "25-34", _("25 to 34")
    ADULT_35 = "35-44", _("35 to 44")
    ADULT_45 = "45-59", _("45 to 59")
    OLDER = "60+", _("60 and over")


class GroupMember(TimeStampedModel):
    """A returnee from the registry, or a non-migrant community member known only by name,
    sex and age band (no more than a group's books need)."""

    group = models.ForeignKey(FinancialGroup, on_delete=models.PROTECT, related_name="members")
    returnee = models.ForeignKey(
        "reintegration.Returnee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="financial_memberships",
    )
    # Non-migrant members only: a returnee's name, sex and age come from the registry.
    name = models.CharField(max_length=200, blank=True)
    sex = models.CharField(max_length=10, choices=Sex.choices, blank=True)
    age_band = models.CharField(max_length=5, choices=AgeBand.choices, blank=True)
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["group", "joined_on", "id"]
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.CheckConstraint(
                condition=Q(returnee__isnull=False, name="", sex="", age_band="")
                | Q(returnee__isnull=True) & ~Q(name="") & ~Q(sex="") & ~Q(age_band=""),
                name="group_member_returnee_or_non_migrant",
                violation_error_message=_(
                    "A member is a returnee from the registry, or a "
                    "community member with a name, sex and age band."
                ),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="group_member_leaves_after_joining",
                violation_error_message=_("A member cannot leave before joining."),
            ),
            models.UniqueConstraint(
                fields=["group", "returnee"],
                condition=Q(left_on__isnull=True),
                name="group_member_returnee_once_active",
                violation_error_message=_("This returnee is already a member of the group."),
            ),
            models.UniqueConstraint(
                "group",
                Lower("name"),
                condition=Q(left_on__isnull=True, returnee__isnull=True),
                name="group_member_name_once_active",
                violation_error_message=_("A member of this name is already in the group."),
            ),
        ]

    def __str__(self) -> str:
        if self.returnee_id:
            return self.returnee.reference
        return self.name

    @property
    def is_returnee(self) -> bool:
        return self.returnee_id is not None

    @property
    def is_active(self) -> bool:
        return self.left_on is None


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk updates and deletes would rewrite the books: refused like single saves."""

    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.verbose_name} rows are append-only.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError(f"{self.model._meta.verbose_name} rows are append-only.")

    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.verbose_name} rows are append-only.")


class AppendOnlyModel(models.Model):
    """Rows are inserted, never updated or deleted; on PostgreSQL a trigger refuses it too
    (migration ``finance_append_only``), as for the audit trail (accounts migration 0003)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True
        # No change or delete permission exists, for anyone (admins included).
        default_permissions = ("add", "view")

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(
                "Ledger entries are append-only: record a correction instead of changing one."
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(
            "Ledger entries are append-only: record a correction instead of deleting one."
        )


class LedgerEntry(AppendOnlyModel):
    """One movement of the group's money.

    Signs are carried by the kind, never by the amount: contributions and repayments bring
    cash in, loans and share-out payments take it out. A correction carries a signed change
    to the entry it corrects (``amount`` and, for a repayment, ``interest``), with a reason;
    an entry's effective amount is its own plus its corrections'.

    Interest: a repayment records the principal repaid in ``amount`` and the interest paid on
    top in ``interest``. Interest is recorded when paid, at whatever rate the group's rules
    set; it is not accrued, so a loan's outstanding balance is its principal less the
    principal repaid. Interest stays in the group's cash and is shared out with the fund.
    """

    class Kind(models.TextChoices):
        CONTRIBUTION = "contribution", _("Contribution")
        LOAN = "loan", _("Loan disbursement")
        REPAYMENT = "repayment", _("Repayment")
        SHARE_OUT = "share_out", _("Share-out payment")
        CORRECTION = "correction", _("Correction")

    group = models.ForeignKey(FinancialGroup, on_delete=models.PROTECT, related_name="ledger")
    # 1, 2, 3... in the order entries were recorded in the group.
    sequence = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    date = models.DateField()
    # The contributor, the borrower, the member paid; for a correction, the corrected entry's.
    member = models.ForeignKey(GroupMember, on_delete=models.PROTECT, related_name="entries")
    amount = models.DecimalField(**MONEY)
    interest = models.DecimalField(**MONEY, default=ZERO)
    # The loan a repayment repays, and the loan concerned by a correction of a loan or of a
    # repayment, so a loan's balance is a sum over one column.
    loan = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="loan_entries"
    )
    due_date = models.DateField(null=True, blank=True)
    purpose = models.CharField(max_length=300, blank=True)
    guarantors = models.ManyToManyField(
        GroupMember, through="LoanGuarantor", related_name="guaranteed_loans", blank=True
    )
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    # The reason of a correction (required); a remark on any other entry.
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    MOVEMENTS = (Kind.CONTRIBUTION, Kind.LOAN, Kind.SHARE_OUT)

    class Meta(AppendOnlyModel.Meta):
        ordering = ["group", "date", "sequence"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "sequence"], name="ledger_entry_sequence_unique_in_group"
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["contribution", "loan", "share_out"]) | Q(amount__gt=0),
                name="ledger_entry_amount_positive",
                violation_error_message=_("The amount must be more than zero."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="repayment")
                | Q(amount__gte=0, interest__gte=0) & (Q(amount__gt=0) | Q(interest__gt=0)),
                name="ledger_entry_repayment_positive",
                violation_error_message=_("A repayment repays principal, interest or both."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["repayment", "correction"]) | Q(interest=0),
                name="ledger_entry_interest_on_repayments_only",
                violation_error_message=_("Only a repayment carries interest."),
            ),
            models.CheckConstraint(
                condition=Q(kind="loan", due_date__gt=F("date")) & ~Q(purpose="")
                | ~Q(kind="loan") & Q(due_date__isnull=True),
                name="ledger_entry_loan_due_after_date",
                violation_error_message=_("A loan has a purpose and is due after it is made."),
            ),
            models.CheckConstraint(
                condition=Q(kind="repayment", loan__isnull=False)
                | Q(kind="correction")
                | Q(kind__in=["contribution", "loan", "share_out"], loan__isnull=True),
                name="ledger_entry_repayment_of_a_loan",
                violation_error_message=_("A repayment repays a loan."),
            ),
            models.CheckConstraint(
                condition=Q(kind="correction", corrects__isnull=False)
                & ~Q(note="")
                & (~Q(amount=0) | ~Q(interest=0))
                | ~Q(kind="correction") & Q(corrects__isnull=True),
                name="ledger_entry_correction_says_what_and_why",
                violation_error_message=_(
                    "A correction refers to an entry, changes an amount and gives a reason."
                ),
            ),
        ]
        indexes = [models.Index(fields=["group", "date", "sequence"])]

    def __str__(self) -> str:
        return f"{self.group} #{self.sequence} {self.get_kind_display()}"


class LoanGuarantor(AppendOnlyModel):
    """A member who guarantees a loan (handbook 3.3.3: group lending "is based on joint
    liability"). Append-only with the loan it belongs to."""

    loan = models.ForeignKey(LedgerEntry, on_delete=models.PROTECT, related_name="guarantees")
    member = models.ForeignKey(GroupMember, on_delete=models.PROTECT, related_name="guarantees")

    class Meta(AppendOnlyModel.Meta):
        ordering = ["loan", "id"]
        constraints = [
            models.UniqueConstraint(fields=["loan", "member"], name="loan_guarantor_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} guarantees {self.loan}"
