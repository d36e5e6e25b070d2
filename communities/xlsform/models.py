"""What is kept of each submission imported from KoboToolbox or ODK: its identity (so a
file imported twice creates nothing twice, and an edit finds what it replaces), who
collected it and when, and the draft record it became.

``FieldSubmission`` is the abstract base; this app keeps the profile submissions, and
``assessments.Submission`` the instruments' (layering: this app cannot know assessments).
Imported through ``communities.models`` so Django registers the model with this app.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.models import TimeStampedModel


class FieldSubmission(TimeStampedModel):
    class State(models.TextChoices):
        # Its draft exists (to review, or already finalised by a programme manager).
        IMPORTED = "imported", _("Imported")
        # An edit of the submission (meta/deprecatedID, or the same root) replaced its draft.
        REPLACED = "replaced", _("Replaced by an edit")
        # A reviewer discarded its draft; importing the file again does not bring it back.
        DISCARDED = "discarded", _("Discarded")

    # OpenRosa meta/instanceID without its "uuid:" prefix: new on every edit.
    instance_id = models.CharField(max_length=100, unique=True)
    # The first instance of the submission (KoboToolbox meta/rootUuid, ODK Central KEY, or
    # the instance an edit's deprecatedID chain started from): the same on every edit.
    root_id = models.CharField(max_length=100, db_index=True)
    deprecated_id = models.CharField(max_length=100, blank=True)
    form_id = models.CharField(max_length=60)
    form_version = models.PositiveSmallIntegerField()
    tool_version = models.CharField(
        max_length=60,
        blank=True,
        help_text=_("__version__ (KoboToolbox) or FormVersion (ODK)."),
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.IMPORTED)
    subject_label = models.CharField(max_length=300, help_text=_("The community as listed."))
    collected_on = models.DateField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The enumerator as the collection tool names them, and the user of that name, if any.
    submitted_by = models.CharField(max_length=150, blank=True)
    enumerator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    review = models.CharField(
        max_length=20,
        blank=True,
        help_text=_("Validation status in the tool when imported."),
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_file = models.CharField(max_length=200)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The answers as received, by question name, for the reviewer and the audit.
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.form_id} v{self.form_version} {self.instance_id}"

    @classmethod
    def record_constraint(cls, record: str) -> models.CheckConstraint:
        """An imported submission has its record; a replaced or discarded one has none."""
        return models.CheckConstraint(
            condition=Q(state="imported", **{f"{record}__isnull": False})
            | (~Q(state="imported") & Q(**{f"{record}__isnull": True})),
            name=f"%(app_label)s_%(class)s_{record}_iff_imported",
        )


class ProfileSubmission(FieldSubmission):
    """A community profile collected with the profile XLSForm."""

    RECORD_FIELD = "profile"

    profile = models.OneToOneField(
        "communities.CommunityProfile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submission",
        verbose_name=_("profile"),
    )
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("community"),
    )

    class Meta(FieldSubmission.Meta):
        verbose_name = _("profile submission")
        verbose_name_plural = _("profile submissions")
        constraints = [FieldSubmission.record_constraint("profile")]
