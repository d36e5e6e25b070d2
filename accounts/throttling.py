"""Throttling of the REST API per token (issue 8): each token has its own budget of
requests (``API_TOKEN_THROTTLE_RATE``, 1000 an hour by default), so one partner's script
cannot starve the others. Past it, the API answers 429 with a ``Retry-After`` header.

Browser sessions are not throttled: the dashboards' own pages make a handful of calls.
"""

from rest_framework.throttling import SimpleRateThrottle

from accounts.models import ApiToken


class ApiTokenRateThrottle(SimpleRateThrottle):
    scope = "api_token"

    def get_cache_key(self, request, view):
        token = getattr(request, "auth", None)
        if not isinstance(token, ApiToken):
            return None  # not a token request: not throttled here
        # The digest, not the primary key: a key cannot be shared with another token, even
        # in a cache that outlives a test database whose ids start again from 1.
        return self.cache_format % {"scope": self.scope, "ident": token.key_digest[:32]}
