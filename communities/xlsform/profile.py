"""The community profile as an XLSForm (the 20 indicators of handbook section 3.2.1), and
its submissions imported as draft profiles for a programme manager to review and finalise.

Per indicator the form asks what a ``ProfileEntry`` holds: the rating (1 to 5, or unknown),
the finding, the data-collection methods, and whether (and how) access varies by personal
characteristics (handbook 3.2.1: "whether access to resources varies based on age, gender,
family size, ethnicity, religion, (dis)ability or other personal characteristics").
"""

import datetime
from functools import cached_property
from typing import IO

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from accounts.audit import audit_record, audit_snapshot
from accounts.models import AuditEvent, User
from communities.models import (
    CommunityProfile,
    Disaggregation,
    ProfileIndicator,
    Rating,
)
from communities.services.profiles import profile_create
from communities.xlsform.common import (
    COMMUNITY_LIST,
    UNKNOWN,
    UNKNOWN_LABEL,
    Invalid,
    add_header,
    answers,
    collected_on,
    communities_for_form,
    community_choices,
    community_label,
    community_of,
    methods_question,
)
from communities.xlsform.importing import (
    Prepared,
    SubmissionImportResult,
    submission_discard,
    submissions_import,
)
from communities.xlsform.models import ProfileSubmission
from config.xlsform import Question, Submission, XLSForm, export_version

FORM_ID = "community_profile"
# The version of the profile form: raise it when the indicators or the questions change,
# so that submissions of the older form are refused rather than misread.
FORM_VERSION = 1
TITLE = "Community profile (IOM Reintegration Handbook, section 3.2.1)"
RATING_LIST = "rating_1_5"
CHARACTERISTICS_LIST = "characteristics"
ENTRY_PARTS = ("rating", "finding", "methods", "varies_by", "disaggregation_notes")


def question_names(code: str) -> dict[str, str]:
    """{ProfileEntry field: question name} for one indicator."""
    return {part: f"{code}_{part}" for part in ENTRY_PARTS}


def profile_xlsform(
    *,
    country: str = "",
    exported_at: datetime.datetime | None = None,
    with_communities: bool = True,
) -> XLSForm:
    """The form; an import reads answers with it ``with_communities=False``, since it looks
    the chosen community up itself."""
    exported_at = exported_at or timezone.now()
    form = XLSForm(form_id=FORM_ID, title=TITLE, version=export_version(FORM_VERSION, exported_at))
    add_header(
        form,
        form_code=FORM_ID,
        version=FORM_VERSION,
        subject_list=COMMUNITY_LIST,
        subject_label="Community",
        subjects=community_choices(communities_for_form(country=country))
        if with_communities
        else [],
    )
    form.choice_list(
        RATING_LIST,
        [(str(value), label) for value, label in Rating.choices] + [(UNKNOWN, UNKNOWN_LABEL)],
    )
    form.choice_list(CHARACTERISTICS_LIST, list(Disaggregation.choices))
    form.add(
        Question(
            "text",
            "assessors",
            "Who collected the data",
            hint="Names or team, and the local actors who took part.",
            required=True,
        )
    )
    indicators = list(ProfileIndicator.objects.order_by("order"))
    for group, group_label in ProfileIndicator.Group.choices:
        form.begin_group(group, group_label)
        for indicator in (i for i in indicators if i.group == group):
            _indicator_questions(form, indicator)
        form.end_group(group)
    form.add(Question("text", "summary", "Summary of the profile", appearance="multiline"))
    return form


def _indicator_questions(form: XLSForm, indicator: ProfileIndicator) -> None:
    names = question_names(indicator.code)
    title = f"{indicator.order}. {indicator.name}"
    scale = "Rate 1 (serious concern for reintegration) to 5 (strong asset), or unknown."
    form.add(
        Question(
            f"select_one {RATING_LIST}",
            names["rating"],
            title,
            hint=" ".join(filter(None, [indicator.description, scale])),
            required=True,
        ),
        Question(
            "text", names["finding"], f"{indicator.name}: what was found", appearance="multiline"
        ),
        methods_question(names["methods"], f"{indicator.name}: how it was collected"),
        Question(
            f"select_multiple {CHARACTERISTICS_LIST}",
            names["varies_by"],
            f"{indicator.name}: access varies by",
            hint="Leave empty if access is the same for everyone.",
        ),
        Question(
            "text",
            names["disaggregation_notes"],
            f"{indicator.name}: how access varies",
            relevant=f"${{{names['varies_by']}}} != ''",
        ),
    )


class ProfileFormSpec:
    """What the import engine needs to know of the profile form."""

    form_id = FORM_ID
    version = FORM_VERSION
    noun = "profile"
    model = ProfileSubmission

    @cached_property
    def form(self) -> XLSForm:
        return profile_xlsform(with_communities=False)

    @cached_property
    def indicators(self) -> list[ProfileIndicator]:
        return list(ProfileIndicator.objects.order_by("order"))

    def prepare(self, submission: Submission, *, actor: User) -> Prepared:
        community = community_of(submission)
        date = collected_on(self.form, submission)
        names = [n for i in self.indicators for n in question_names(i.code).values()]
        found = answers(self.form, submission, [*names, "assessors", "summary"])
        entries = {}
        for indicator in self.indicators:
            values = {part: found[name] for part, name in question_names(indicator.code).items()}
            rating = values["rating"]
            values["rating"] = None if rating in (None, UNKNOWN) else int(rating)
            entries[indicator.code] = values
        assessors = found["assessors"] or submission.submitted_by
        if not assessors:
            raise Invalid(gettext("assessors: say who collected the data."))

        def create(enumerator: User | None) -> CommunityProfile:
            try:
                return profile_create(
                    actor=actor,
                    community=community,
                    profile_date=date,
                    assessors=assessors[:300],
                    entries=entries,
                    status=CommunityProfile.Status.DRAFT,
                    summary=found["summary"],
                )
            except ValidationError as error:
                raise _named(error, date) from error

        return Prepared(
            collected_on=date,
            subject_label=community_label(community),
            row_fields={"community": community},
            create=create,
        )

    def is_final(self, record: CommunityProfile) -> bool:
        return record.status == CommunityProfile.Status.FINAL

    def discard(self, record: CommunityProfile, *, actor: User, note: str) -> None:
        _profile_delete(record, actor=actor, note=note)


def _named(error: ValidationError, date: datetime.date) -> Invalid:
    """The service's refusal with the form's question names ("<code>-<field>" is the
    question "<code>_<field>"; the one-profile-a-day rule is the date's)."""
    reasons = []
    for key, messages in error.message_dict.items():
        text = " ".join(messages)
        if key in {NON_FIELD_ERRORS, "profile_date"}:
            reasons.append(f"collected_on: {date:%Y-%m-%d}: {text}")
        else:
            reasons.append(f"{key.replace('-', '_')}: {text}")
    return Invalid(*reasons)


def _profile_delete(profile: CommunityProfile, *, actor: User, note: str) -> None:
    entries = {
        e.indicator.code: audit_snapshot(e) for e in profile.entries.select_related("indicator")
    }
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        instance=profile,
        changes={**audit_snapshot(profile), "entries": entries},
        note=note,
    )
    profile.delete()


def profile_submissions_import(
    *, actor: User, file: IO[bytes], filename: str, approved_only: bool = False
) -> SubmissionImportResult:
    """Each submission of the profile form becomes a draft profile (see
    ``communities.xlsform.importing`` for what is skipped and why)."""
    return submissions_import(
        actor=actor,
        spec=ProfileFormSpec(),
        file=file,
        filename=filename,
        approved_only=approved_only,
    )


def profile_submission_discard(*, actor: User, submission: ProfileSubmission) -> ProfileSubmission:
    """A reviewer sets a submission aside: its draft profile is deleted (audited) and the
    submission is kept as discarded, so importing the file again does not bring it back."""
    return submission_discard(actor=actor, spec=ProfileFormSpec(), submission=submission)
