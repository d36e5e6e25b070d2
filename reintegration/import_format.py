"""The returnee import file: its columns and the check of its header. Shared by the import
service and the template download in exports.py; config.tabular reads the file."""

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.tabular import TableError
from reintegration.models import Returnee, ReturneeNeed, SkillLevel

LIST_SEPARATOR = ";"


def _choices(choices) -> str:
    return ", ".join(value for value, _label in choices)


# The columns of the template, in order: (name, required, how to fill it in). The sensitive
# fields (Returnee.SENSITIVE_FIELDS) are deliberately absent: they are typed in the record by
# the assigned case manager, never carried around in a spreadsheet.
COLUMNS: list[tuple[str, bool, "str | Promise"]] = [
    ("first_name", True, _("Given name(s)")),
    ("last_name", True, _("Family name")),
    ("sex", True, _choices(Returnee._meta.get_field("sex").choices)),
    ("gender", False, _choices(Returnee.Gender.choices)),
    ("date_of_birth", False, _("YYYY-MM-DD; give it or estimated_age")),
    ("estimated_age", False, _("Whole years, when the date of birth is not known")),
    ("nationality", True, _("ISO 3166-1 alpha-3 code, e.g. GIN")),
    ("languages", False, _("Separated by ;, e.g. Pular;French")),
    ("phone", False, _("e.g. +224 620 00 00 00")),
    ("community_pcode", True, _("OCHA P-code of the community of return")),
    ("return_date", True, _("YYYY-MM-DD")),
    ("countries_lived", False, _("ISO alpha-3 codes separated by ;, e.g. LBY;NER")),
    ("months_abroad", False, _("Whole months")),
    ("return_kind", True, _choices(Returnee.ReturnKind.choices)),
    ("education_level", False, _choices(Returnee.Education.choices)),
    ("occupation_before", False, _("Occupation before migrating")),
    ("occupation_abroad", False, ""),
    (
        "vulnerabilities",
        False,
        format_lazy(
            _("Separated by ;: {choices}"), choices=_choices(Returnee.Vulnerability.choices)
        ),
    ),
    ("interested_in_collective_projects", False, _("yes, no or empty (not asked yet)")),
    ("life_plans", False, ""),
    (
        "skills",
        False,
        format_lazy(
            _(
                "SECTORCODE:level:years separated by ;, e.g. C-TAILORING:advanced:6; "
                "levels: {levels}"
            ),
            levels=_choices(SkillLevel.choices),
        ),
    ),
    (
        "needs",
        False,
        format_lazy(
            _("level:description separated by ;, e.g. economic:Start-up capital; levels: {levels}"),
            levels=_choices(ReturneeNeed.Level.choices),
        ),
    ),
    (
        "consent_given_on",
        False,
        _("YYYY-MM-DD; records consent to registration and case management"),
    ),
]
COLUMN_NAMES = [name for name, _required, _help in COLUMNS]
REQUIRED = {name for name, required, _help in COLUMNS if required}
# Accepted but not in the template: a community by its id when it has no P-code.
OPTIONAL_COLUMNS = {"community_id"}


def check_header(header: list[str]) -> None:
    """Refuse a header (as config.tabular reads it) that is not the template's."""
    missing = [c for c in REQUIRED if c not in header]
    if "community_id" in header:
        missing = [c for c in missing if c != "community_pcode"]
    unknown = [h for h in header if h and h not in COLUMN_NAMES and h not in OPTIONAL_COLUMNS]
    problems = []
    if missing:
        problems.append(
            gettext("missing column(s): %(columns)s") % {"columns": ", ".join(sorted(missing))}
        )
    if unknown:
        problems.append(
            gettext(
                "column(s) that cannot be imported: %(columns)s (sensitive fields and case "
                "details are entered in the record, not imported)"
            )
            % {"columns": ", ".join(unknown)}
        )
    if problems:
        raise TableError(
            gettext("The header row does not match the template: %(problems)s")
            % {"problems": "; ".join(problems)}
        )
