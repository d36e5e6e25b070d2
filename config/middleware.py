"""Response headers that Django's SecurityMiddleware does not set (issue: security and data
protection): a Content-Security-Policy and ``Cache-Control: no-store``.

The policy allows scripts only from our own origin: there is no inline script anywhere (a
test scans the templates), so an injected ``<script>`` or ``onclick=`` does not run. Style
attributes stay allowed (``style-src-attr``) for progress bars whose width is data; style
sheets come from our origin only. No CDN is ever needed: every library is in ``static/``.

``no-store`` goes on every response to a signed-in user or an API client, since those are
the responses that carry personal data; a shared computer's browser cache must not keep a
case file. Static files are served by WhiteNoise before this middleware runs and keep their
long cache lifetimes.
"""

from django.conf import settings

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        personal = (user is not None and user.is_authenticated) or request.path.startswith("/api/")
        if personal:
            response.headers["Cache-Control"] = "no-store"
        return response
