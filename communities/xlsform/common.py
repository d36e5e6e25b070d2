"""What every XLSForm of the app shares (the profile form here, the instruments' forms in
``assessments.xlsform``): the header questions, the list of communities, the data-collection
methods, and reading the header of a submission back.

The community is chosen from a list whose choice names are the communities' database ids
(a P-code is optional and unique only within a country; the id always exists and never
changes). Each label shows the name, admin areas, country and P-code, so an enumerator
finds the place by what they know.
"""

import datetime
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils.translation import gettext

from communities.models import Community, DataCollectionMethod
from config.xlsform import AnswerError, Question, Submission, XLSForm, calculate, metadata

UNKNOWN = "unknown"
UNKNOWN_LABEL = "Unknown (not enough information)"
METHODS_LIST = "methods"
COMMUNITY_LIST = "community"
# The hidden fields that say which form and version a submission answers. KoboToolbox
# replaces the settings sheet's version with its own (__version__); these travel in the data.
FORM_CODE = "form_code"
FORM_VERSION = "form_version"
TODAY_NOT_FUTURE = ". <= today()"


def community_label(community: Community) -> str:
    area = ", ".join(filter(None, [community.admin2, community.admin1, community.country]))
    pcode = f" · {community.pcode}" if community.pcode else ""
    return f"{community.name} ({area}){pcode}"


def community_choices(communities: Iterable[Community]) -> list[tuple[str, str]]:
    return [(str(c.pk), community_label(c)) for c in communities]


def communities_for_form(*, country: str = "") -> QuerySet[Community]:
    """The communities listed in a form: every registered one (the community list is
    visible to every staff role), or those of one country."""
    queryset = Community.objects.order_by("country", "admin1", "admin2", "name")
    if country:
        queryset = queryset.filter(country=country.upper())
    return queryset.only("pk", "name", "country", "admin1", "admin2", "pcode")


def known_country(value: str) -> str:
    """A country filter for a form's list: an ISO alpha-3 code with communities, else ""."""
    country = (value or "").strip().upper()
    if not country:
        return ""
    return country if Community.objects.filter(country=country).exists() else ""


def add_header(
    form: XLSForm,
    *,
    form_code: str,
    version: int,
    subject_list: str,
    subject_label: str,
    subjects: list[tuple[str, str]],
    subject_name: str = "community",
) -> None:
    """Metadata, the hidden form code and version, the subject chosen from a list, and the
    date of the data collection."""
    form.choice_list(subject_list, subjects)
    form.choice_list(METHODS_LIST, list(DataCollectionMethod.choices))
    form.add(
        *metadata(),
        calculate(FORM_CODE, form_code),
        calculate(FORM_VERSION, str(version)),
        Question(
            f"select_one {subject_list}",
            subject_name,
            subject_label,
            hint="Type a few letters of the name to search the list.",
            required=True,
            # Both ODK Collect and Enketo (KoboToolbox) offer a search box with this.
            appearance="autocomplete",
        ),
        Question(
            "date",
            "collected_on",
            "Date of the data collection",
            hint="The day of the interviews or discussions (the last one, if several).",
            required=True,
            constraint=TODAY_NOT_FUTURE,
            constraint_message="The date cannot be in the future.",
        ),
    )


def methods_question(name: str, label: str, hint: str = "") -> Question:
    return Question(f"select_multiple {METHODS_LIST}", name, label, hint=hint)


class Invalid(Exception):
    """A submission that cannot be imported; ``reasons`` name each field."""

    def __init__(self, *reasons: str) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = list(reasons)


def answers(form: XLSForm, submission: Submission, names: Iterable[str]) -> dict:
    """{name: answer} for ``names``, checked against the form; every bad answer is named
    in one ``Invalid``."""
    found, reasons = {}, []
    for name in names:
        try:
            found[name] = form.answer(name, submission.values.get(name, ""))
        except AnswerError as error:
            reasons.append(f"{name}: {error}")
    if reasons:
        raise Invalid(*reasons)
    return found


def collected_on(form: XLSForm, submission: Submission) -> datetime.date:
    """The date the form gives, else the day it was filled in, else the day it was sent."""
    values = answers(form, submission, ["collected_on", "today"])
    date = values["collected_on"] or values["today"]
    if date is None and submission.submitted_at is not None:
        date = submission.submitted_at.date()
    if date is None:
        raise Invalid(gettext("collected_on: the date of the data collection is missing."))
    if date > datetime.date.today():
        raise Invalid(
            gettext("collected_on: %(date)s is in the future.") % {"date": f"{date:%Y-%m-%d}"}
        )
    return date


def community_of(submission: Submission, name: str = "community") -> Community:
    raw = submission.values.get(name, "").strip()
    if not raw:
        raise Invalid(gettext("%(name)s: no community chosen.") % {"name": name})
    community = Community.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if community is None:
        raise Invalid(
            gettext(
                "%(name)s: unknown community “%(raw)s”: no community has this id here (it was "
                "deleted, or the form came from another installation)."
            )
            % {"name": name, "raw": raw}
        )
    return community
