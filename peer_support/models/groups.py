"""Structured peer-support groups (Handbook 3.5.2, "Peer support groups") and community
MHPSS groups for caregivers and children (Handbook 6.3.5)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from config.models import TimeStampedModel
from peer_support import rules


class PeerGroup(TimeStampedModel):
    """A structured group: "One to six one-hour initial meetings that the group can decide
    to extend up to one year; ideally 8 to 20 participants; an experienced facilitator ...
    among professionals or ... a returnee that has been trained to facilitate peer support
    groups; community leaders and peers should be informed about the group ... This would
    require the approval from community leaders; follow-up sessions" (3.5.2)."""

    class Focus(models.TextChoices):
        RETURNEES = "returnees", _("Returnee peer support (3.5.2)")
        # 6.3.5: "MHPSS interventions for caregivers and children ... engaging community
        # facilitators (who are parents themselves)".
        CAREGIVERS = "caregivers", _("Caregivers and children, community MHPSS (6.3.5)")

    class Composition(models.TextChoices):
        # 3.5.2: "due consideration should be given to whether it is appropriate or
        # preferable to have mixed- or single-gender groups".
        MIXED = "mixed", _("Mixed")
        WOMEN = "women", _("Women only")
        MEN = "men", _("Men only")

    class FacilitatorKind(models.TextChoices):
        PROFESSIONAL = "professional", _("Professional")
        TRAINED_RETURNEE = "trained_returnee", _("Returnee trained to facilitate")
        # 6.3.5, Tumaco tips: "Recruit and train group facilitators who know and are part
        # of the community."
        COMMUNITY_FACILITATOR = "community_facilitator", _("Trained community facilitator")

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="peer_groups",
        verbose_name=_("organization"),
    )
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.PROTECT,
        related_name="peer_groups",
        verbose_name=_("community"),
    )
    name = models.CharField(max_length=200, verbose_name=_("name"))
    focus = models.CharField(
        max_length=12, choices=Focus.choices, default=Focus.RETURNEES, verbose_name=_("focus")
    )
    composition = models.CharField(
        max_length=8, choices=Composition.choices, verbose_name=_("composition")
    )
    facilitator_kind = models.CharField(
        max_length=24, choices=FacilitatorKind.choices, verbose_name=_("facilitator kind")
    )
    facilitator_name = models.CharField(
        max_length=200, blank=True, verbose_name=_("facilitator name")
    )
    facilitator_returnee = models.ForeignKey(
        "reintegration.Returnee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facilitated_groups",
        verbose_name=_("facilitator returnee"),
    )
    facilitator_trained_on = models.DateField(
        null=True,
        blank=True,
        help_text=_("When a returnee or community facilitator was trained."),
        verbose_name=_("facilitator trained on"),
    )
    started_on = models.DateField(
        help_text=_("Start of the group; no meeting before it."), verbose_name=_("started on")
    )
    planned_initial_meetings = models.PositiveSmallIntegerField(
        default=rules.MAX_INITIAL_MEETINGS,
        help_text=_("One to six one-hour initial meetings (handbook 3.5.2)."),
        verbose_name=_("planned initial meetings"),
    )
    extended_until = models.DateField(
        null=True,
        blank=True,
        help_text=_("The group may extend up to one year from its start."),
        verbose_name=_("extended until"),
    )
    leaders_informed_on = models.DateField(
        null=True, blank=True, verbose_name=_("leaders informed on")
    )
    leaders_approved_by = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("Who approved: the community leaders' names."),
        verbose_name=_("leaders approved by"),
    )
    leaders_approved_on = models.DateField(
        null=True, blank=True, verbose_name=_("leaders approved on")
    )
    closed_on = models.DateField(null=True, blank=True, verbose_name=_("closed on"))
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("peer group")
        verbose_name_plural = _("peer groups")
        ordering = ["-started_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    planned_initial_meetings__gte=rules.MIN_INITIAL_MEETINGS,
                    planned_initial_meetings__lte=rules.MAX_INITIAL_MEETINGS,
                ),
                name="peer_group_one_to_six_initial_meetings",
                violation_error_message=_("Plan one to six initial meetings (handbook 3.5.2)."),
            ),
            models.CheckConstraint(
                condition=Q(extended_until__isnull=True) | Q(extended_until__gt=F("started_on")),
                name="peer_group_extension_after_start",
                violation_error_message=_("An extension ends after the group's start."),
            ),
            models.CheckConstraint(
                condition=Q(leaders_approved_on__isnull=True, leaders_approved_by="")
                | (Q(leaders_approved_on__isnull=False) & ~Q(leaders_approved_by="")),
                name="peer_group_approval_who_and_when",
                violation_error_message=_("Record who approved and when, together."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(facilitator_kind="professional")
                    & ~Q(facilitator_name="")
                    & Q(facilitator_returnee__isnull=True)
                )
                | (
                    Q(facilitator_kind="trained_returnee")
                    & Q(facilitator_returnee__isnull=False, facilitator_trained_on__isnull=False)
                )
                | (
                    Q(facilitator_kind="community_facilitator")
                    & ~Q(facilitator_name="")
                    & Q(facilitator_returnee__isnull=True, facilitator_trained_on__isnull=False)
                ),
                name="peer_group_facilitator_is_qualified",
                violation_error_message=_(
                    "A professional facilitator has a name; a returnee or "
                    "community facilitator has been trained."
                ),
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("started_on")),
                name="peer_group_closed_after_start",
                violation_error_message=_("A group closes after it starts."),
            ),
        ]
        indexes = [models.Index(fields=["organization", "community"])]

    def __str__(self) -> str:
        return f"{self.name} (peer-support group)"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("peer_support:group", kwargs={"pk": self.pk})

    @property
    def is_approved(self) -> bool:
        return self.leaders_approved_on is not None

    @property
    def facilitator_label(self) -> str:
        if self.facilitator_returnee_id:
            return f"{self.facilitator_returnee.full_name} (trained returnee)"
        return f"{self.facilitator_name} ({self.get_facilitator_kind_display().lower()})"

    def clean(self) -> None:
        errors = {}
        if (
            self.planned_initial_meetings is not None
            and not rules.MIN_INITIAL_MEETINGS
            <= self.planned_initial_meetings
            <= rules.MAX_INITIAL_MEETINGS
        ):
            errors["planned_initial_meetings"] = _(
                "Plan %(min_initial_meetings)s to %(max_initial_meetings)s one-hour initial "
                "meetings (handbook 3.5.2); the group may then extend up to one year."
            ) % {
                "min_initial_meetings": rules.MIN_INITIAL_MEETINGS,
                "max_initial_meetings": rules.MAX_INITIAL_MEETINGS,
            }
        if self.extended_until and self.started_on:
            latest = rules.latest_extension(self.started_on)
            if self.extended_until <= self.started_on:
                errors["extended_until"] = _("An extension ends after the group's start.")
            elif self.extended_until > latest:
                errors["extended_until"] = _(
                    "A group extends up to one year from its start (handbook 3.5.2): %(latest)s "
                    "at the latest."
                ) % {"latest": format(latest, "%Y-%m-%d")}
        kind = self.facilitator_kind
        if kind == self.FacilitatorKind.PROFESSIONAL:
            if not self.facilitator_name.strip():
                errors["facilitator_name"] = _("Give the professional facilitator's name.")
            if self.facilitator_returnee_id:
                errors["facilitator_returnee"] = _("A professional facilitator is not a returnee.")
        elif kind == self.FacilitatorKind.TRAINED_RETURNEE:
            if not self.facilitator_returnee_id:
                errors["facilitator_returnee"] = _("Choose the returnee who facilitates.")
            if not self.facilitator_trained_on:
                errors["facilitator_trained_on"] = _(
                    "A returnee facilitator must have been trained to facilitate peer support "
                    "groups (handbook 3.5.2): give the date."
                )
        elif kind == self.FacilitatorKind.COMMUNITY_FACILITATOR:
            if not self.facilitator_name.strip():
                errors["facilitator_name"] = _("Give the community facilitator's name.")
            if self.facilitator_returnee_id:
                errors["facilitator_returnee"] = _("Choose a trained returnee facilitator instead.")
            if not self.facilitator_trained_on:
                errors["facilitator_trained_on"] = _(
                    "A community facilitator is trained first (handbook 6.3.5): give the date."
                )
        if self.facilitator_trained_on and self.facilitator_trained_on > datetime.date.today():
            errors["facilitator_trained_on"] = _("The training date cannot be in the future.")
        if bool(self.leaders_approved_on) != bool(self.leaders_approved_by.strip()):
            field = "leaders_approved_by" if self.leaders_approved_on else "leaders_approved_on"
            errors[field] = _("Record who approved and when, together.")
        if self.leaders_approved_on and self.leaders_approved_on > datetime.date.today():
            errors["leaders_approved_on"] = _("The approval date cannot be in the future.")
        if (
            self.leaders_approved_on
            and self.leaders_informed_on
            and self.leaders_approved_on < self.leaders_informed_on
        ):
            errors["leaders_approved_on"] = _("The leaders approve after being informed.")
        if self.leaders_approved_on and not self.leaders_informed_on:
            errors["leaders_informed_on"] = _("Say when the leaders were informed of the group.")
        if self.closed_on and self.started_on and self.closed_on < self.started_on:
            errors["closed_on"] = _("A group closes after it starts.")
        if errors:
            raise ValidationError(errors)


class PeerGroupMember(TimeStampedModel):
    """A returnee in a group. 3.5.2: "newcomers should not be included in existing groups and
    instead form new ones, this can be kept flexible due to geographical distances and
    consideration of existing bonds": joining after the first meeting needs a reason."""

    group = models.ForeignKey(
        PeerGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("group")
    )
    returnee = models.ForeignKey(
        "reintegration.Returnee",
        on_delete=models.PROTECT,
        related_name="peer_groups",
        verbose_name=_("returnee"),
    )
    joined_on = models.DateField(verbose_name=_("joined on"))
    left_on = models.DateField(null=True, blank=True, verbose_name=_("left on"))
    late_join_reason = models.CharField(
        max_length=300, blank=True, verbose_name=_("late join reason")
    )
    referral = models.OneToOneField(
        "reintegration.Referral",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="peer_group_membership",
        verbose_name=_("referral"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )

    class Meta:
        verbose_name = _("peer group member")
        verbose_name_plural = _("peer group members")
        ordering = ["group", "joined_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "returnee"],
                name="peer_group_member_once",
                violation_error_message=_("The returnee is already a member of this group."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="peer_group_member_leaves_after_joining",
                violation_error_message=_("A member leaves after joining."),
            ),
        ]

    def __str__(self) -> str:
        return f"Member {self.returnee_id} of group {self.group_id}"

    def is_member_on(self, day: datetime.date) -> bool:
        return self.joined_on <= day and (self.left_on is None or self.left_on >= day)


class PeerGroupMeeting(TimeStampedModel):
    """A meeting: one of the initial meetings, a meeting of the extension, or a follow-up
    session ("organized based on the interest and availability of the group", 3.5.2)."""

    class Kind(models.TextChoices):
        INITIAL = "initial", _("Initial meeting")
        EXTENSION = "extension", _("Meeting of the extension")
        FOLLOW_UP = "follow_up", _("Follow-up session")

    group = models.ForeignKey(
        PeerGroup, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("group")
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, verbose_name=_("kind"))
    number = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_("The initial meeting's number (1 to 6)."),
        verbose_name=_("number"),
    )
    date = models.DateField(verbose_name=_("date"))
    duration_minutes = models.PositiveSmallIntegerField(
        default=rules.MEETING_MINUTES, verbose_name=_("duration minutes")
    )
    topics = models.TextField("topics discussed", blank=True)
    attendees = models.ManyToManyField(
        PeerGroupMember,
        through="PeerGroupAttendance",
        related_name="meetings",
        verbose_name=_("attendees"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("peer group meeting")
        verbose_name_plural = _("peer group meetings")
        ordering = ["group", "date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "number"],
                condition=Q(kind="initial"),
                name="peer_group_initial_meeting_number_once",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="initial")
                    & Q(number__gte=rules.MIN_INITIAL_MEETINGS)
                    & Q(number__lte=rules.MAX_INITIAL_MEETINGS)
                )
                | (~Q(kind="initial") & Q(number__isnull=True)),
                name="peer_group_initial_meetings_numbered_one_to_six",
                violation_error_message=_("Initial meetings are numbered 1 to 6."),
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1),
                name="peer_group_meeting_has_duration",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.INITIAL:
            return f"Initial meeting {self.number} on {self.date:%Y-%m-%d}"
        return f"{self.get_kind_display()} on {self.date:%Y-%m-%d}"


class PeerGroupAttendance(models.Model):
    meeting = models.ForeignKey(
        PeerGroupMeeting,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("meeting"),
    )
    member = models.ForeignKey(
        PeerGroupMember, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )

    class Meta:
        verbose_name = _("peer group attendance")
        verbose_name_plural = _("peer group attendances")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} at {self.meeting_id}"
