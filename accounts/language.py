"""The user's interface language (issue 11): remembered on the user, carried by Django's
language cookie, which LocaleMiddleware reads on every request.

The cookie, not a middleware reading ``user.language``, because LocaleMiddleware runs before
authentication and the login page (anonymous) must speak the chosen language too.
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation

from accounts.models import User


def language_cookie_set(response: HttpResponse, language: str) -> None:
    """Remember ``language`` in the browser, as django.views.i18n.set_language does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def language_apply_at_login(response: HttpResponse, user: User) -> HttpResponse:
    """At login, the user's own language wins over whatever the browser had chosen; a user
    who chose none keeps the browser's (cookie or Accept-Language)."""
    if user.language and translation.check_for_language(user.language):
        translation.activate(user.language)
        language_cookie_set(response, user.language)
    return response
