"""The returnee import file: its columns and the check of its header. Shared by the import
service and the template download in exports.py; config.tabular reads the file."""

from config.tabular import TableError
from reintegration.models import Returnee, ReturneeNeed, SkillLevel

LIST_SEPARATOR = ";"


def _choices(choices) -> str:
    return ", ".join(value for value, _ in choices)


# The columns of the template, in order: (name, required, how to fill it in). The sensitive
# fields (Returnee.SENSITIVE_FIELDS) are deliberately absent: they are typed in the record by
# the assigned case manager, never carried around in a spreadsheet.
COLUMNS: list[tuple[str, bool, str]] = [
    ("first_name", True, "Given name(s)"),
    ("last_name", True, "Family name"),
    ("sex", True, _choices(Returnee._meta.get_field("sex").choices)),
    ("gender", False, _choices(Returnee.Gender.choices)),
    ("date_of_birth", False, "YYYY-MM-DD; give it or estimated_age"),
    ("estimated_age", False, "Whole years, when the date of birth is not known"),
    ("nationality", True, "ISO 3166-1 alpha-3 code, e.g. GIN"),
    ("languages", False, "Separated by ;, e.g. Pular;French"),
    ("phone", False, "e.g. +224 620 00 00 00"),
    ("community_pcode", True, "OCHA P-code of the community of return"),
    ("return_date", True, "YYYY-MM-DD"),
    ("countries_lived", False, "ISO alpha-3 codes separated by ;, e.g. LBY;NER"),
    ("months_abroad", False, "Whole months"),
    ("return_kind", True, _choices(Returnee.ReturnKind.choices)),
    ("education_level", False, _choices(Returnee.Education.choices)),
    ("occupation_before", False, "Occupation before migrating"),
    ("occupation_abroad", False, ""),
    ("vulnerabilities", False, "Separated by ;: " + _choices(Returnee.Vulnerability.choices)),
    ("interested_in_collective_projects", False, "yes, no or empty (not asked yet)"),
    ("life_plans", False, ""),
    (
        "skills",
        False,
        "SECTORCODE:level:years separated by ;, e.g. C-TAILORING:advanced:6; levels: "
        + _choices(SkillLevel.choices),
    ),
    (
        "needs",
        False,
        "level:description separated by ;, e.g. economic:Start-up capital; levels: "
        + _choices(ReturneeNeed.Level.choices),
    ),
    (
        "consent_given_on",
        False,
        "YYYY-MM-DD; records consent to registration and case management",
    ),
]
COLUMN_NAMES = [name for name, _, _ in COLUMNS]
REQUIRED = {name for name, required, _ in COLUMNS if required}
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
        problems.append(f"missing column(s): {', '.join(sorted(missing))}")
    if unknown:
        problems.append(
            f"column(s) that cannot be imported: {', '.join(unknown)} "
            "(sensitive fields and case details are entered in the record, not imported)"
        )
    if problems:
        raise TableError("The header row does not match the template: " + "; ".join(problems))
