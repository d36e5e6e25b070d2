"""Sessions end after a spell of inactivity and after an absolute lifetime (issue: security
and data protection). Field offices share computers: a case file left open on a shared
screen must close itself."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, resolve_url

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
                    "You were signed out after "
                    f"{settings.SESSION_IDLE_TIMEOUT_MINUTES} minutes without activity."
                    if now - last_seen > idle
                    else f"Sessions last at most {settings.SESSION_ABSOLUTE_HOURS} hours."
                )
                logout(request)
                messages.info(request, reason + " Please sign in again.")
                if request.path.startswith("/api/"):
                    return self.get_response(request)  # the API answers 401/403 itself
                return redirect(f"{resolve_url(settings.LOGIN_URL)}?next={request.path}")
            if now - last_seen >= TOUCH_EVERY or LAST_SEEN not in session:
                session[LAST_SEEN] = now
        return self.get_response(request)
