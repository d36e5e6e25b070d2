"""No personal data in the logs or the error pages (SECURITY.md): a returnee with sentinel
values goes through pages, the API, a validation error, a 404, a 403 and a 500, with every
logger captured at DEBUG, and no sentinel appears."""

import logging

import pytest
from django.conf import settings
from django.db import connection

from config.log_filters import WITHHELD
from reintegration.tests import sentinels

pytestmark = pytest.mark.django_db
LOGGERS = [
    "",
    "django",
    "django.request",
    "django.server",
    "django.security",
    "django.template",
    "django.db.backends",
    "accounts",
    "communities",
    "reintegration",
    "config",
    "axes",
    "celery",
]
SCANNED = [sentinels.MARKER, *sentinels.OTHER]


def leaks(caplog) -> list[str]:
    """Sentinels in any captured record: its message, its arguments, its traceback text."""
    texts = [caplog.text.lower()]
    for record in caplog.records:
        texts.append(record.getMessage().lower())
        texts.append(repr(record.args).lower())
        texts.append((record.exc_text or "").lower())
    return sorted({value for value in SCANNED for text in texts if value.lower() in text})


@pytest.fixture
def everything_captured(caplog):
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


@pytest.mark.urls("config.tests.urls_errors")
def test_no_sentinel_reaches_the_logs_or_the_error_pages(
    client_for, case_manager, partner, colleague, everything_captured
):
    caplog = everything_captured
    returnee = sentinels.sentinel_case(case_manager=case_manager, partner=partner, close=False)
    client = client_for(case_manager)
    client.raise_request_exception = False
    pk = returnee.pk
    for url in [
        f"/returnees/{pk}/",
        f"/returnees/{pk}/edit/",
        f"/returnees/?q={sentinels.TEXT['first_name']}",
        f"/api/v1/returnees/{pk}/",
        f"/api/v1/returnees/?q={sentinels.TEXT['last_name']}",
        f"/returnees/{pk}/subject-access/?format=json",
    ]:
        assert client.get(url).status_code == 200, url
    # A validation error: the form comes back with the sentinels the user typed (their own
    # input), and nothing is logged.
    invalid = client.post(f"/returnees/{pk}/edit/", {"first_name": sentinels.TEXT["first_name"]})
    assert invalid.status_code == 200
    # A 404, a 403 and an API 404.
    assert client.get("/returnees/987654321/").status_code == 404
    assert client_for(colleague).get(f"/returnees/{pk}/subject-access/").status_code == 403
    client = client_for(case_manager)
    client.raise_request_exception = False
    assert client.get("/api/v1/returnees/987654321/").status_code == 404
    # A 500 whose exception message, and its cause's, carry the sentinels.
    failure = client.get(f"/test-failure/{pk}/")
    assert failure.status_code == 500
    body = failure.content.decode().lower()
    assert not [value for value in SCANNED if value.lower() in body]
    assert "server error" in body

    assert leaks(caplog) == [], [
        (r.name, r.getMessage()[:200])
        for r in caplog.records
        if "zqx" in (r.getMessage() + repr(r.args) + (r.exc_text or "")).lower()
    ]
    # The 500 is logged, with its frames and exception types but no message.
    [error] = [r for r in caplog.records if r.name == "django.request" and r.levelno >= 40]
    assert "RuntimeError: " + WITHHELD in error.exc_text
    assert "IntegrityError: " + WITHHELD in error.exc_text
    assert "failing_insert" in error.exc_text


def debug_cursor_query(value):
    previous = connection.force_debug_cursor
    connection.force_debug_cursor = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT %s", [value])
    finally:
        connection.force_debug_cursor = previous


def test_sql_parameters_never_reach_the_logs_even_with_the_debug_cursor(caplog):
    """django.db.backends logs each query with its parameters at DEBUG when the debug
    cursor is on (DEBUG=True, or a test counting queries). Production runs with DEBUG off,
    and the logging configuration (as Django applied it at start-up) keeps that logger at
    INFO whatever LOG_LEVEL says."""
    caplog.set_level(logging.DEBUG)  # the root, as LOG_LEVEL=DEBUG would
    assert logging.getLogger("django.db.backends").level == logging.INFO
    debug_cursor_query(sentinels.TEXT["first_name"])
    assert leaks(caplog) == []
    # The risk is real: at DEBUG the same query would have been logged with its value.
    caplog.set_level(logging.DEBUG, logger="django.db.backends")
    debug_cursor_query(sentinels.TEXT["first_name"])
    assert leaks(caplog) == [sentinels.MARKER]


def test_the_logging_setting_pins_sql_logging_off_and_withholds_messages():
    loggers = settings.LOGGING["loggers"]
    assert loggers["django.db.backends"]["level"] == "INFO"
    for name in ("django.request", "django.template", "celery.app.trace"):
        assert loggers[name]["filters"] == ["withhold_exception_messages"]
        assert [type(f).__name__ for f in logging.getLogger(name).filters] == [
            "WithholdExceptionMessages"
        ]
    assert settings.LOGGING["filters"]["withhold_exception_messages"]["()"] == (
        "config.log_filters.WithholdExceptionMessages"
    )
    assert not logging.getLogger("django.db.backends").isEnabledFor(logging.DEBUG)


def test_the_filter_keeps_the_frames_and_withholds_the_messages():
    from config.log_filters import WithholdExceptionMessages

    inner_message, outer_message = "Zqx" + "inner", "Zqx" + "outer"  # not in the source
    try:
        try:
            raise ValueError(inner_message)
        except ValueError as inner:
            raise KeyError(outer_message) from inner
    except KeyError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", (), sys.exc_info())
    assert WithholdExceptionMessages().filter(record) is True
    assert record.exc_info is None
    assert "zqx" not in record.exc_text.lower()
    assert record.exc_text.index("builtins.ValueError") < record.exc_text.index("builtins.KeyError")
    assert "test_the_filter_keeps_the_frames_and_withholds_the_messages" in record.exc_text
