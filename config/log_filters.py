"""Logging that keeps personal data out of the logs (SECURITY.md).

An exception's message can carry the data being processed: PostgreSQL's constraint errors
repeat the failing row ("Failing row contains (..., <name>, <phone>, ...)"), a
ValidationError repeats the value it refused. The tracebacks of ``django.request`` (500s)
and of failed Celery tasks therefore keep the exception's type and every frame (file, line,
function, source line), which is what debugging needs, and withhold the message.
"""

import logging
import traceback

WITHHELD = "[message withheld: it may hold personal data]"


def withheld_traceback(exc_info) -> str:
    _, exc, _ = exc_info
    parts = []
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        frames = "".join(traceback.format_tb(exc.__traceback__))
        name = f"{type(exc).__module__}.{type(exc).__qualname__}"
        parts.append(f"Traceback (most recent call last):\n{frames}{name}: {WITHHELD}")
        exc = exc.__cause__ or exc.__context__
    separator = "\n\nThe above exception led to:\n\n"
    return separator.join(reversed(parts))


class WithholdExceptionMessages(logging.Filter):
    """Replace a record's exception by its traceback without messages (a logger filter, so
    every handler, and the tests' capture, sees the same withheld text)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = withheld_traceback(record.exc_info)
            record.exc_info = None
        return True
