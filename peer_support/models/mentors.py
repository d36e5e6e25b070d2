"""Mentors, their training and supervision, and mentorships (Handbook 3.5.2, "Mentoring
approach")."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from config.models import TimeStampedModel
from peer_support import rules
from reintegration.models import Sex


class Mentor(TimeStampedModel):
    """A volunteer mentor: "a former returnee from the same location", or "a community member
    who might not have migrated, but understands the returnees' needs and opportunities"
    (3.5.2). ``trained_on`` and ``refresher_due_on`` are kept by the training services, so
    lists and matching filter on them in SQL."""

    class Kind(models.TextChoices):
        RETURNEE = "returnee", _("Returnee (from the registry)")
        COMMUNITY_MEMBER = "community_member", _("Community member who has not migrated")

    class Background(models.TextChoices):
        # 3.5.2: "those who have been particularly successful in their reintegration, those
        # with experience in community engagement, or those with specific backgrounds (such
        # as social workers or teachers, for example) can act as mentors".
        SUCCESSFUL_REINTEGRATION = "successful_reintegration", _("Successful reintegration")
        COMMUNITY_ENGAGEMENT = "community_engagement", _("Experience in community engagement")
        SOCIAL_WORKER = "social_worker", _("Social worker")
        TEACHER = "teacher", _("Teacher")
        ENTREPRENEUR = "entrepreneur", _("Entrepreneur")
        HEALTH_WORKER = "health_worker", _("Health worker")
        OTHER = "other", _("Other")

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="mentors",
        help_text=_("The organization whose mentor network this is; it answers referrals."),
        verbose_name=_("organization"),
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    returnee = models.OneToOneField(
        "reintegration.Returnee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentor_profile",
        verbose_name=_("returnee"),
    )
    # For a community member; a returnee mentor's name is the registry's.
    name = models.CharField(max_length=200, blank=True, verbose_name=_("name"))
    # 3.5.2: "When possible, both male and female volunteers should be selected".
    sex = models.CharField(max_length=10, choices=Sex.choices, verbose_name=_("sex"))
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.PROTECT,
        related_name="mentors",
        verbose_name=_("community"),
    )
    phone = models.CharField(max_length=30, blank=True, verbose_name=_("phone"))
    languages = models.JSONField(default=list, blank=True, verbose_name=_("languages"))
    background = models.CharField(
        max_length=30, choices=Background.choices, verbose_name=_("background")
    )
    background_notes = models.CharField(
        max_length=300, blank=True, verbose_name=_("background notes")
    )
    availability = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("When the mentor is available, e.g. weekends."),
        verbose_name=_("availability"),
    )
    capacity = models.PositiveSmallIntegerField(
        default=rules.DEFAULT_MENTOR_CAPACITY,
        help_text=_("How many returnees the mentor accompanies at once at most."),
        verbose_name=_("capacity"),
    )
    is_active = models.BooleanField(default=True, verbose_name=_("is active"))
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    trained_on = models.DateField(
        null=True, blank=True, editable=False, verbose_name=_("trained on")
    )
    last_training_on = models.DateField(
        null=True, blank=True, editable=False, verbose_name=_("last training on")
    )
    refresher_due_on = models.DateField(
        null=True, blank=True, editable=False, verbose_name=_("refresher due on")
    )

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="returnee", returnee__isnull=False)
                | Q(kind="community_member", returnee__isnull=True),
                name="mentor_kind_matches_returnee",
                violation_error_message=_(
                    "A returnee mentor is linked to the registry; a community member is not."
                ),
            ),
            models.CheckConstraint(
                condition=Q(returnee__isnull=False) | ~Q(name=""),
                name="mentor_community_member_has_name",
                violation_error_message=_("Give the community member's name."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=rules.MAX_MENTOR_CAPACITY),
                name="mentor_capacity_range",
                # format_lazy: the message is translated when shown, not at import.
                violation_error_message=format_lazy(
                    _("A mentor accompanies 1 to {capacity} returnees at once."),
                    capacity=rules.MAX_MENTOR_CAPACITY,
                ),
            ),
        ]
        indexes = [models.Index(fields=["organization", "is_active", "trained_on"])]

    def __str__(self) -> str:
        return f"Mentor {self.display_name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("peer_support:mentor", kwargs={"pk": self.pk})

    @property
    def display_name(self) -> str:
        return self.name or (self.returnee.full_name if self.returnee_id else "")

    @property
    def is_trained(self) -> bool:
        return self.trained_on is not None

    def refresher_state(self, today: datetime.date | None = None) -> str:
        return rules.refresher_state(self.refresher_due_on, today or datetime.date.today())

    def clean(self) -> None:
        errors = {}
        if self.kind == self.Kind.RETURNEE and not self.returnee_id:
            errors["returnee"] = _("Choose the returnee from the registry.")
        if self.kind == self.Kind.COMMUNITY_MEMBER:
            if self.returnee_id:
                errors["returnee"] = _("A community member who has not migrated has no record.")
            if not self.name.strip():
                errors["name"] = _("Give the community member's name.")
        if (
            self.returnee_id
            and self.organization_id
            and self.returnee.organization_id != self.organization_id
        ):
            errors["returnee"] = _("The returnee must be in your organization's registry.")
        if not isinstance(self.languages, list):
            errors["languages"] = _("Languages are a list.")
        if self.capacity is not None and not 1 <= self.capacity <= rules.MAX_MENTOR_CAPACITY:
            errors["capacity"] = _(
                "A mentor accompanies 1 to %(max_mentor_capacity)s returnees at once."
            ) % {"max_mentor_capacity": rules.MAX_MENTOR_CAPACITY}
        if errors:
            raise ValidationError(errors)


class MentorTraining(TimeStampedModel):
    """A training session: part of the initial training or a yearly refresher (3.5.2)."""

    class Kind(models.TextChoices):
        INITIAL = "initial", _("Initial training")
        REFRESHER = "refresher", _("Yearly refresher")

    mentor = models.ForeignKey(
        Mentor, on_delete=models.CASCADE, related_name="trainings", verbose_name=_("mentor")
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, verbose_name=_("kind"))
    date = models.DateField(help_text=_("The first day of the session."), verbose_name=_("date"))
    days = models.PositiveSmallIntegerField(
        help_text=_("Length of the session in days."), verbose_name=_("days")
    )
    topics = models.JSONField(default=list, blank=True, verbose_name=_("topics"))
    trainer = models.CharField(max_length=200, blank=True, verbose_name=_("trainer"))
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
        verbose_name = _("mentor training")
        verbose_name_plural = _("mentor trainings")
        ordering = ["mentor", "date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(days__gte=1),
                name="training_at_least_one_day",
                violation_error_message=_("A training lasts at least one day."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.date:%Y-%m-%d} ({self.days} d)"

    @property
    def topic_labels(self) -> list[str]:
        labels = dict(rules.TrainingTopic.choices)
        return [labels[t] for t in rules.TrainingTopic.values if t in self.topics]

    def clean(self) -> None:
        errors = {}
        if self.days is not None and self.days < 1:
            errors["days"] = _("A training lasts at least one day.")
        if self.date and self.date > datetime.date.today():
            errors["date"] = _("Record a training once it has taken place.")
        bad = [t for t in self.topics or [] if t not in rules.ALL_TOPICS]
        if bad:
            errors["topics"] = _("Unknown topic(s): %(topics)s.") % {
                "topics": ", ".join(map(str, bad))
            }
        elif not self.topics:
            errors["topics"] = _("Tick the topics the session covered.")
        if errors:
            raise ValidationError(errors)


class SupervisionSession(TimeStampedModel):
    """3.5.2: "regular supervision with the mentors so that they can share their views and
    tackle the most common issues and ask for solutions". One session, one or more mentors."""

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organization"),
    )
    date = models.DateField(verbose_name=_("date"))
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("supervisor"),
    )
    mentors = models.ManyToManyField(
        Mentor, related_name="supervision_sessions", verbose_name=_("mentors")
    )
    issues = models.TextField("issues raised")
    solutions = models.TextField("solutions and follow-up", blank=True)

    class Meta:
        verbose_name = _("supervision session")
        verbose_name_plural = _("supervision sessions")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"Supervision of {self.date:%Y-%m-%d}"

    def clean(self) -> None:
        if self.date and self.date > datetime.date.today():
            raise ValidationError({"date": _("Record a supervision session once it has happened.")})


class PreferredMentorSex(models.TextChoices):
    NONE = "", _("No preference")
    FEMALE = "female", _("A woman")
    MALE = "male", _("A man")


class MentoringPreference(TimeStampedModel):
    """The returnee's preference for their mentor's gender, asked during counselling and
    used by matching; kept here rather than in the registry, which it only serves."""

    returnee = models.OneToOneField(
        "reintegration.Returnee",
        on_delete=models.CASCADE,
        related_name="mentoring_preference",
        verbose_name=_("returnee"),
    )
    mentor_sex = models.CharField(
        max_length=10,
        choices=PreferredMentorSex.choices,
        blank=True,
        default="",
        verbose_name=_("mentor sex"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    def __str__(self) -> str:
        return f"Mentor preference of {self.returnee_id}: {self.mentor_sex or 'none'}"

    class Meta:
        verbose_name = _("mentoring preference")
        verbose_name_plural = _("mentoring preferences")


class Mentorship(TimeStampedModel):
    """A mentor and a newly arrived returnee over a mentoring cycle, which ends with an
    evaluation meeting with the returnee (3.5.2: "Evaluating the mentoring approach on a
    regular basis by meeting the returnees at the end of a mentoring cycle")."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed (evaluated)")
        ENDED_EARLY = "ended_early", _("Ended early")

    mentor = models.ForeignKey(
        Mentor, on_delete=models.PROTECT, related_name="mentorships", verbose_name=_("mentor")
    )
    returnee = models.ForeignKey(
        "reintegration.Returnee",
        on_delete=models.PROTECT,
        related_name="mentorships",
        verbose_name=_("returnee"),
    )
    referral = models.OneToOneField(
        "reintegration.Referral",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentorship",
        verbose_name=_("referral"),
    )
    started_on = models.DateField(verbose_name=_("started on"))
    planned_end_on = models.DateField("planned end of the cycle")
    ended_on = models.DateField(null=True, blank=True, verbose_name=_("ended on"))
    end_reason = models.CharField(max_length=300, blank=True, verbose_name=_("end reason"))
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.ACTIVE, verbose_name=_("status")
    )
    mentor_sex_preference = models.CharField(
        max_length=10,
        choices=PreferredMentorSex.choices,
        blank=True,
        default="",
        verbose_name=_("mentor sex preference"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["returnee"],
                condition=Q(status="active"),
                name="mentorship_one_active_per_returnee",
                violation_error_message=_("The returnee already has an active mentorship."),
            ),
            models.CheckConstraint(
                condition=Q(planned_end_on__gt=F("started_on")),
                name="mentorship_cycle_ends_after_start",
                violation_error_message=_("The cycle must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(status="active", ended_on__isnull=True)
                | (~Q(status="active") & Q(ended_on__gte=F("started_on"))),
                name="mentorship_ended_when_not_active",
                violation_error_message=_("A finished mentorship has an end date after its start."),
            ),
        ]

    def __str__(self) -> str:
        return f"Mentorship {self.pk}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("peer_support:mentorship", kwargs={"pk": self.pk})

    def evaluation_due(self, today: datetime.date | None = None) -> bool:
        today = today or datetime.date.today()
        return self.status == self.Status.ACTIVE and self.planned_end_on <= today

    def clean(self) -> None:
        if self.started_on and self.planned_end_on and self.planned_end_on <= self.started_on:
            raise ValidationError({"planned_end_on": _("The cycle must end after it starts.")})


class MentorshipMeeting(TimeStampedModel):
    """A meeting of mentor and returnee, or the end-of-cycle evaluation meeting with the
    returnee (3.5.2), which completes the mentorship."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Mentor and returnee meeting")
        EVALUATION = "evaluation", _("End-of-cycle evaluation with the returnee")

    class Satisfaction(models.IntegerChoices):
        VERY_LOW = 1, _("1 – not helpful")
        LOW = 2, _("2 – a little helpful")
        MEDIUM = 3, _("3 – helpful")
        HIGH = 4, _("4 – very helpful")
        VERY_HIGH = 5, _("5 – essential")

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("mentorship")
    )
    kind = models.CharField(
        max_length=12, choices=Kind.choices, default=Kind.MEETING, verbose_name=_("kind")
    )
    date = models.DateField(verbose_name=_("date"))
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    satisfaction = models.PositiveSmallIntegerField(
        choices=Satisfaction.choices, null=True, blank=True, verbose_name=_("satisfaction")
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
        verbose_name = _("mentorship meeting")
        verbose_name_plural = _("mentorship meetings")
        ordering = ["mentorship", "date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship"],
                condition=Q(kind="evaluation"),
                name="mentorship_one_evaluation",
                violation_error_message=_("The cycle already has its evaluation meeting."),
            ),
            models.CheckConstraint(
                condition=Q(kind="evaluation", satisfaction__gte=1, satisfaction__lte=5)
                | Q(kind="meeting", satisfaction__isnull=True),
                name="mentorship_satisfaction_on_evaluation",
                violation_error_message=_("The evaluation records the returnee's view (1 to 5)."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date:%Y-%m-%d}"

    def clean(self) -> None:
        if self.date and self.date > datetime.date.today():
            raise ValidationError({"date": _("Record a meeting once it has taken place.")})
        if self.kind == self.Kind.EVALUATION and self.satisfaction is None:
            raise ValidationError(
                {"satisfaction": _("Record how helpful the returnee found the mentoring.")}
            )
