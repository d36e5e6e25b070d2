"""Sessions end after a spell of inactivity and after an absolute lifetime (issue: security
and data protection). Field offices share computers: a case file left open on a shared
screen must close itself. Also: two-factor enforcement for the roles that require it, and
the per-request API access log (issue 8: "each request is logged (who, what, when)")."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, resolve_url
from django.utils.translation import gettext

from accounts.audit import api_request_record
from accounts.client_ip import client_ip
from accounts.models import ApiToken

STARTED = "_session_started"
LAST_SEEN = "_session_last_seen"
# Only write the session (one UPDATE) when the last-seen time is this stale, so every
# request of a busy page does not rewrite the session row.
TOUCH_EVERY = 60


def session_started(sender, request, user, **kwargs):
    """Connected to ``user_logged_in``: the login saves the session anyway."""
    if hasattr(request, "session"):
        request.session[STARTED] = request.session[LAST_SEEN] = int(time.time())


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            session = request.session
            started = session.setdefault(STARTED, now)
            last_seen = session.get(LAST_SEEN, now)
            idle = settings.SESSION_IDLE_TIMEOUT_MINUTES * 60
            absolute = settings.SESSION_ABSOLUTE_HOURS * 3600
            if now - last_seen > idle or now - started > absolute:
                reason = (
                    gettext("You were signed out after %(minutes)s minutes without activity.")
                    % {"minutes": settings.SESSION_IDLE_TIMEOUT_MINUTES}
                    if now - last_seen > idle
                    else gettext("Sessions last at most %(hours)s hours.")
                    % {"hours": settings.SESSION_ABSOLUTE_HOURS}
                )
                logout(request)
                messages.info(request, reason + " Please sign in again.")
                if request.path.startswith("/api/"):
                    return self.get_response(request)  # the API answers 401/403 itself
                return redirect(f"{resolve_url(settings.LOGIN_URL)}?next={request.path}")
            if now - last_seen >= TOUCH_EVERY or LAST_SEEN not in session:
                session[LAST_SEEN] = now
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Users whose role must use two-factor authentication (TWO_FACTOR_REQUIRED_ROLES) and
    whose session has not passed it are sent to enrol, or, if they have a device, to sign
    in again with their code, before anything else. With no role listed (the default) it
    does nothing and costs no query."""

    EXEMPT_URL_NAMES = (
        "accounts:login",
        "accounts:login_code",
        "accounts:logout",
        "accounts:two_factor",
        "accounts:two_factor_setup",
        "health",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        required = settings.TWO_FACTOR_REQUIRED_ROLES
        user = getattr(request, "user", None)
        if (
            required
            and user is not None
            and user.is_authenticated
            and not self._exempt(request.path)
            and user.has_role(*required)
            and not user.is_verified()
        ):
            return self._refuse(request, user)
        return self.get_response(request)

    def _exempt(self, path: str) -> bool:
        from django.urls import reverse

        if path.startswith(settings.STATIC_URL):  # served by WhiteNoise first anyway
            return True
        return path in {reverse(name) for name in self.EXEMPT_URL_NAMES}

    def _refuse(self, request, user):
        from django.http import JsonResponse

        from accounts.services import totp_device_of

        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "detail": gettext(
                        "Your role requires two-factor authentication: sign in with it."
                    )
                },
                status=403,
            )
        if totp_device_of(user) is not None:
            # A session that began without the code (before enrolment, say): start again.
            logout(request)
            messages.info(
                request, gettext("Sign in again with the code from your authenticator app.")
            )
            return redirect(f"{resolve_url(settings.LOGIN_URL)}?next={request.path}")
        messages.info(
            request, gettext("Your role requires two-factor authentication: set it up to continue.")
        )
        return redirect("accounts:two_factor_setup")


class ApiAccessLogMiddleware:
    """After the response, log a request that authenticated with an API token: the token,
    its user, the method, the path with its query, the status and the address.

    Django REST framework puts the token on the request as ``request.auth`` when it
    authenticates, so browser (session) requests and refused tokens are not logged here:
    a refused key names nobody, and the browser's reads of sensitive fields have their own
    access-log entries."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        token = getattr(request, "auth", None)
        if isinstance(token, ApiToken):
            api_request_record(
                token=token,
                method=request.method,
                path=request.get_full_path(),
                status_code=response.status_code,
                ip_address=client_ip(request),
            )
        return response
