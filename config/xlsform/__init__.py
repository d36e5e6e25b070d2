"""XLSForms for offline data collection with KoboToolbox and ODK: writing the form
(``form``) and reading its submissions back (``submissions``). Layer 0: imports no app."""

from config.xlsform.form import (
    AnswerError,
    Question,
    XLSForm,
    calculate,
    export_version,
    metadata,
)
from config.xlsform.submissions import (
    MAX_SUBMISSIONS,
    Submission,
    SubmissionFile,
    SubmissionFileError,
    read_submissions,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

__all__ = [
    "MAX_SUBMISSIONS",
    "XLSX_TYPE",
    "AnswerError",
    "Question",
    "Submission",
    "SubmissionFile",
    "SubmissionFileError",
    "XLSForm",
    "calculate",
    "export_version",
    "metadata",
    "read_submissions",
]
