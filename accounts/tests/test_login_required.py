"""Every page except login and health requires login: walk the whole URL conf."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# The language switcher is public too: the login page offers it (issue 11); POST only.
PUBLIC = {"/accounts/login/", "/health/", "/i18n/setlang/"}
# The login's second step is public, and sends back to the password without a pending login;
# the admin's own login form sends to ours (so it cannot skip the second factor).
PUBLIC_REDIRECTS = {
    "/accounts/login/code/": "/accounts/login/",
    "/admin/login/": "/accounts/login/?next=/admin/",
}


def all_paths(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from all_paths(entry, pattern)
        elif isinstance(entry, URLPattern):
            yield pattern


def concrete(pattern: str) -> str | None:
    """A path for the pattern with every parameter filled in (None for format suffixes)."""
    if "format" in pattern:
        return None  # DRF's ".json" twins of routes already walked
    path = re.sub(r"[\^$]|\\Z", "", pattern).replace("\\.", ".")
    path = re.sub(r"\(\?P<[^>]+>[^)]*\)", "1", path)  # regex groups
    path = re.sub(r"<[^>]+>", "1", path)  # path converters
    return "/" + path


PATHS = sorted({p for p in (concrete(p) for p in all_paths()) if p is not None})


def test_url_conf_is_walked():
    assert {
        "/",
        "/health/",
        "/accounts/login/",
        "/api/v1/me/",
        "/api/v1/organizations/",
        "/api/v1/organizations/1/",
        "/api/schema/",
    } <= set(PATHS)


@pytest.mark.parametrize("path", PATHS)
def test_anonymous_is_refused_everywhere_but_login_and_health(client, path):
    response = client.get(path)
    if path in PUBLIC_REDIRECTS:
        assert response.status_code == 302, path
        assert response["Location"] == PUBLIC_REDIRECTS[path], path
        return
    if path in PUBLIC or path.startswith("/static/"):
        # Served to anyone (health answers 503 when a dependency is down, still no login).
        assert response.status_code in {200, 405, 503}, path
        return
    if path.startswith("/api/"):
        assert response.status_code in {401, 403}, path
    elif path.startswith("/admin/"):
        # Anonymous users are sent to a login page (the admin's or the site's).
        assert response.status_code == 302, path
        assert response["Location"].startswith(("/admin/login/", "/accounts/login/")), path
    else:
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/?next=")
