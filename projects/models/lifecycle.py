"""What a collective income-generating project has done of Table 3.4: each action done or
waived with a reason, and each step completed (by whom, when, on which appraisal)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.models import TimeStampedModel
from projects.catalogues import ACTIONS_BY_CODE, LAST_STEP
from projects.models.project import Project


class ActionRecord(TimeStampedModel):
    """One Table 3.4 action of one project, done or waived. Reopening an action deletes
    its record (audited); there is at most one record per action."""

    class State(models.TextChoices):
        DONE = "done", _("Done")
        WAIVED = "waived", _("Waived")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="action_records")
    step = models.PositiveSmallIntegerField()
    action_code = models.CharField(max_length=8, choices=[(code, code) for code in ACTIONS_BY_CODE])
    state = models.CharField(_("state"), max_length=8, choices=State.choices)
    done_on = models.DateField(_("done on"))
    note = models.TextField(_("note"), blank=True)
    waiver_reason = models.TextField(_("waiver reason"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["project", "step", "action_code"]
        verbose_name = _("action record")
        verbose_name_plural = _("action records")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "action_code"], name="action_record_once_per_action"
            ),
            models.CheckConstraint(
                condition=~Q(state="waived") | ~Q(waiver_reason=""),
                name="action_record_waiver_has_reason",
                violation_error_message=_("A waived action needs a reason."),
            ),
            models.CheckConstraint(
                condition=Q(step__gte=1, step__lte=LAST_STEP), name="action_record_step_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action_code} {self.get_state_display().lower()}"

    @property
    def action(self):
        return ACTIONS_BY_CODE[self.action_code]


class StepCompletion(models.Model):
    """A Table 3.4 step the project moved past. The selection step (4) keeps the Table 3.2
    appraisal it was decided on, with the recommendation at that time."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="completions")
    step = models.PositiveSmallIntegerField()
    completed_at = models.DateTimeField(auto_now_add=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    appraisal = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recommendation = models.CharField(max_length=40, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["project", "step"]
        verbose_name = _("step completion")
        verbose_name_plural = _("step completions")
        constraints = [
            models.UniqueConstraint(fields=["project", "step"], name="step_completed_once"),
            models.CheckConstraint(
                condition=Q(step__gte=1, step__lte=LAST_STEP), name="step_completion_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Step {self.step} completed"
