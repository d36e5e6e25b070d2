"""The client's address, trusting X-Forwarded-For only as far as our own proxies go."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """With N trusted proxies, each appends the address it saw, so the client is the Nth
    entry from the right; anything to its left was written by the client and may be forged.
    With no trusted proxy the header is ignored entirely."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")
