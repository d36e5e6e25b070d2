"""Community network groups and community events (Handbook 3.5.3 and case study 12)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from config.models import TimeStampedModel
from peer_support import rules
from reintegration.models import ReturneeInterest


class NetworkGroup(TimeStampedModel):
    """A collective of a community of return. 3.5.3: "Identify and map existing formal and
    informal theatre, visual art, music, dance, sports and other interest-related collectives
    and groups in return communities; sensitize these groups ...; refer the returnees to
    these groups, based on their interests"."""

    class Kind(models.TextChoices):
        # The same values as the registry's cultural interests, so they match one to one.
        THEATRE = ReturneeInterest.Kind.THEATRE.value, _("Theatre")
        VISUAL_ART = ReturneeInterest.Kind.VISUAL_ART.value, _("Visual art")
        MUSIC = ReturneeInterest.Kind.MUSIC.value, _("Music")
        DANCE = ReturneeInterest.Kind.DANCE.value, _("Dance")
        SPORTS = ReturneeInterest.Kind.SPORTS.value, _("Sport")
        STORYTELLING = ReturneeInterest.Kind.STORYTELLING.value, _("Storytelling")
        OTHER = ReturneeInterest.Kind.OTHER.value, _("Other interest")

    class Formality(models.TextChoices):
        FORMAL = "formal", _("Formal")
        INFORMAL = "informal", _("Informal")

    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.PROTECT,
        related_name="network_groups",
        verbose_name=_("community"),
    )
    name = models.CharField(max_length=200, verbose_name=_("name"))
    kind = models.CharField(max_length=16, choices=Kind.choices, verbose_name=_("kind"))
    formality = models.CharField(
        max_length=10, choices=Formality.choices, verbose_name=_("formality")
    )
    description = models.TextField(blank=True, verbose_name=_("description"))
    contact_name = models.CharField(max_length=200, blank=True, verbose_name=_("contact name"))
    contact_phone = models.CharField(max_length=30, blank=True, verbose_name=_("contact phone"))
    sensitised_on = models.DateField(
        null=True,
        blank=True,
        help_text=_("When the group was sensitised about returnees."),
        verbose_name=_("sensitised on"),
    )
    accepts_returnees = models.BooleanField(
        null=True,
        blank=True,
        help_text=_("Empty: not asked yet."),
        verbose_name=_("accepts returnees"),
    )
    # The organization that answers referrals, when the group's own organization uses the
    # app; otherwise the referring organization follows the referral up (DESIGN.md).
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="network_groups",
        verbose_name=_("organization"),
    )
    is_active = models.BooleanField(default=True, verbose_name=_("is active"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("network group")
        verbose_name_plural = _("network groups")
        ordering = ["community", "name"]
        constraints = [
            models.UniqueConstraint(
                "community",
                Lower("name"),
                name="network_group_unique_name_in_community",
                violation_error_message=_("This group is already recorded in this community."),
            )
        ]
        indexes = [models.Index(fields=["kind", "is_active"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display().lower()} group)"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("peer_support:network", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if self.sensitised_on and self.sensitised_on > datetime.date.today():
            errors["sensitised_on"] = _("Record the sensitisation once it has taken place.")
        if self.community_id and self.name:
            same = NetworkGroup.objects.filter(
                community_id=self.community_id, name__iexact=self.name.strip()
            ).exclude(pk=self.pk)
            if same.exists():
                errors["name"] = _("This group is already recorded in this community.")
        if errors:
            raise ValidationError(errors)


class NetworkGroupMember(TimeStampedModel):
    """A returnee referred to and welcomed by a network group."""

    group = models.ForeignKey(
        NetworkGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("group")
    )
    returnee = models.ForeignKey(
        "reintegration.Returnee",
        on_delete=models.PROTECT,
        related_name="network_groups",
        verbose_name=_("returnee"),
    )
    joined_on = models.DateField(verbose_name=_("joined on"))
    referral = models.OneToOneField(
        "reintegration.Referral",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="network_membership",
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
        verbose_name = _("network group member")
        verbose_name_plural = _("network group members")
        ordering = ["group", "joined_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "returnee"],
                name="network_member_once",
                violation_error_message=_("The returnee is already a member of this group."),
            )
        ]

    def __str__(self) -> str:
        return f"Member {self.returnee_id} of network group {self.group_id}"


class CommunityEvent(TimeStampedModel):
    """An event that displays returnees' creativity and skills with the community's and
    changes how returnees are perceived (3.5.3; case study 12). The participant counts by
    category feed the social-cohesion figures; no participant is named."""

    class Kind(models.TextChoices):
        # 3.5.3 "Storytelling events"
        STORYTELLING = "storytelling", _("Storytelling")
        DIGITAL_STORYTELLING = "digital_storytelling", _("Digital storytelling")
        # 3.5.3 "Staging the experiences of returning migrants"
        STAGED_DRAMA = "staged_drama", _("Staged drama")
        # 3.5.3 "Theatre forums"
        FORUM_THEATRE = "forum_theatre", _("Forum theatre")
        # 3.5.3 "events (such as exhibitions, readings, storytelling, performances, sport
        # events)"
        EXHIBITION = "exhibition", _("Exhibition")
        SPORTS_EVENT = "sports_event", _("Sports event")
        # Case study 12: focus groups "of about 20 people, including opinion leaders,
        # returnees, family and community members"; "Radio programmes help publicize".
        FOCUS_GROUP = "focus_group", _("Focus-group dialogue")
        RADIO = "radio", _("Radio programme")
        OTHER = "other", _("Other (reading, performance, ...)")

    COUNT_FIELDS = (
        "returnees_count",
        "family_members_count",
        "community_members_count",
        "opinion_leaders_count",
        "local_authorities_count",
    )

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="community_events",
        verbose_name=_("organization"),
    )
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.PROTECT,
        related_name="community_events",
        verbose_name=_("community"),
    )
    kind = models.CharField(max_length=24, choices=Kind.choices, verbose_name=_("kind"))
    title = models.CharField(max_length=200, verbose_name=_("title"))
    date = models.DateField(verbose_name=_("date"))
    place = models.CharField(max_length=200, verbose_name=_("place"))
    facilitator = models.CharField(max_length=200, blank=True, verbose_name=_("facilitator"))
    network_group = models.ForeignKey(
        NetworkGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("The community group that organised or performed, if any."),
        verbose_name=_("network group"),
    )
    returnees_count = models.PositiveIntegerField("returnees", default=0)
    family_members_count = models.PositiveIntegerField("family members", default=0)
    community_members_count = models.PositiveIntegerField("community members", default=0)
    opinion_leaders_count = models.PositiveIntegerField("opinion leaders", default=0)
    local_authorities_count = models.PositiveIntegerField("local authorities", default=0)
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("community event")
        verbose_name_plural = _("community events")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["community", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="radio")
                | Q(returnees_count__gt=0)
                | Q(family_members_count__gt=0)
                | Q(community_members_count__gt=0)
                | Q(opinion_leaders_count__gt=0)
                | Q(local_authorities_count__gt=0),
                name="community_event_has_participants",
                violation_error_message=_(
                    "Count the participants (a radio programme may have none in the room)."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("peer_support:event", kwargs={"pk": self.pk})

    @property
    def total_participants(self) -> int:
        return sum(getattr(self, name) or 0 for name in self.COUNT_FIELDS)

    @property
    def warning(self) -> str:
        if self.kind == self.Kind.FOCUS_GROUP:
            return rules.focus_group_warning(self.total_participants)
        return ""

    def clean(self) -> None:
        errors = {}
        if self.date and self.date > datetime.date.today():
            errors["date"] = _("Record an event once it has taken place, with its participants.")
        if self.kind != self.Kind.RADIO and self.total_participants == 0:
            errors["returnees_count"] = _(
                "Count the participants by category (a radio programme may have none)."
            )
        if (
            self.network_group_id
            and self.community_id
            and self.network_group.community.country != self.community.country
        ):
            errors["network_group"] = _("The group must be in the event's country.")
        if errors:
            raise ValidationError(errors)
