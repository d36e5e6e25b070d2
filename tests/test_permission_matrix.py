"""Walk every URL name and API route against the one permission matrix
(tests/permission_matrix.py; issue 9, acceptance 1).

Each (URL, persona) is one test: GET the URL (an empty POST for views that only accept
POST) and check the matrix's letter. A denial is checked twice: the status, and that the
request wrote nothing to the database.
"""

import re
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Role
from accounts.services import api_token_create
from accounts.tests.factories import OrganizationFactory, UserFactory
from reintegration.services import note_add
from tests.matrix_world import build_world, other_partner_user
from tests.permission_matrix import MATRIX, PERSONAS

# Tables a request may write whatever its outcome: the session, an API token's last use,
# the access log (it records refusals too) and django-axes' login attempts.
UNCOUNTED_TABLES = (
    "django_session",
    "accounts_apitoken",
    "accounts_accesslogentry",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
)
SKIPPED_PREFIXES = ("admin/", "static/", "media/")
API_NAMES = ("api-schema", "api-docs")


def walk(patterns, namespace: str = "", prefix: str = ""):
    """(name, route) of every named URL pattern, namespaces joined with ":"."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, prefix + str(pattern.pattern)


def url_names() -> set[str]:
    """Every URL name of the project, except Django admin's own pages (only admin:index is
    in the matrix), static and media files. DRF's format-suffix routes share their base
    route's name, so the set holds each once."""
    names = set()
    for name, route in walk(get_resolver().url_patterns):
        if name.startswith("admin:") or route.startswith(SKIPPED_PREFIXES):
            continue
        names.add(name)
    return names | {"admin:index"}


def _pg_writes() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) "
            "FROM pg_stat_xact_user_tables WHERE NOT (relname = ANY(%s))",
            [list(UNCOUNTED_TABLES)],
        )
        return int(cursor.fetchone()[0])


WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


@contextmanager
def counting_writes():
    """``with counting_writes() as written:`` then ``written.rows``: the rows inserted,
    updated or deleted inside the block, in every table but UNCOUNTED_TABLES.

    PostgreSQL counts them itself, for the current transaction (pg_stat_xact_user_tables:
    writes by triggers or raw SQL included). SQLite's ``total_changes`` cannot leave the
    session and token tables out, so there every statement Django sends is inspected."""
    written = SimpleNamespace(rows=0)
    if connection.vendor == "postgresql":
        before = _pg_writes()
        yield written
        written.rows = _pg_writes() - before
        return

    def inspect(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        match = WRITE.match(sql)
        if match and match.group(1) not in UNCOUNTED_TABLES:
            written.rows += max(context["cursor"].rowcount, 1)
        return result

    with connection.execute_wrapper(inspect):
        yield written


def body_of(response) -> str:
    """The body as text, streamed responses (exports, downloads) included."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def is_api(name: str) -> bool:
    return name.startswith("api:") or name in API_NAMES


def make_users() -> dict:
    """The personas of conftest.py, plus a partner of another organization."""
    organization = OrganizationFactory(name="Lead Organization")
    other = OrganizationFactory(name="Other Organization")
    partner_organization = OrganizationFactory(name="Partner NGO", kind="implementing_partner")
    supervisor = UserFactory(
        username="supervisor", organization=organization, roles=[Role.SUPERVISOR]
    )

    def case_manager(username):
        return UserFactory(
            username=username,
            organization=organization,
            supervisor=supervisor,
            roles=[Role.CASE_MANAGER],
        )

    return {
        "anonymous": None,
        "case_manager": case_manager("case-manager"),
        "colleague": case_manager("colleague"),
        "outsider": UserFactory(username="outsider", organization=other, roles=[Role.CASE_MANAGER]),
        "supervisor": supervisor,
        "programme_manager": UserFactory(
            username="programme-manager",
            organization=organization,
            roles=[Role.PROGRAMME_MANAGER],
        ),
        "partner": UserFactory(
            username="partner", organization=partner_organization, roles=[Role.PARTNER]
        ),
        "other_partner": other_partner_user(),
        "administrator": UserFactory(
            username="administrator", organization=organization, roles=[Role.ADMIN]
        ),
        "other_supervisor": UserFactory(
            username="other-supervisor", organization=other, roles=[Role.SUPERVISOR]
        ),
        "other_programme_manager": UserFactory(
            username="other-programme-manager", organization=other, roles=[Role.PROGRAMME_MANAGER]
        ),
    }


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker):
    """The personas and the world, built once for the module inside a transaction that is
    rolled back at the end; each test runs in a savepoint of it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            users = make_users()
            world = build_world(
                case_manager=users["case_manager"],
                programme_manager=users["programme_manager"],
                partner=users["partner"],
            )
            tokens = {
                persona: api_token_create(actor=None, user=users[persona], name="matrix")[1]
                for persona in ("partner", "other_partner")
            }
            yield users, world, tokens
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# --- the matrix and the URLconf name the same URLs ---


def test_every_url_name_has_an_entry():
    missing = url_names() - {entry.name for entry in MATRIX}
    assert not missing, f"URL names without a permission-matrix entry: {sorted(missing)}"


def test_every_entry_names_a_url():
    names = [entry.name for entry in MATRIX]
    assert len(names) == len(set(names)), "an URL name has two entries"
    gone = set(names) - url_names()
    assert not gone, f"matrix entries for URL names that no longer exist: {sorted(gone)}"


@pytest.mark.django_db
def test_the_write_counter_sees_a_write(matrix_world):
    """Positive control: the counter behind every "nothing written" assertion sees a row
    written by a service or by a request through the test client, and leaves out the
    session table."""
    users, world, _ = matrix_world
    client = Client()
    with counting_writes() as login:
        client.force_login(users["case_manager"])  # a session row and last_login
    assert login.rows == 1  # last_login only: the session is not counted
    with counting_writes() as note:
        note_add(actor=users["case_manager"], returnee=world.returnee, text="x")
    assert note.rows >= 2  # the note and its audit event
    url = reverse("peer_support:mentor_active", kwargs={"pk": world.mentor.pk})
    with counting_writes() as request:
        assert client.post(url, {}).status_code == 302
    assert request.rows == 2  # the mentor deactivated and its audit event
    with counting_writes() as nothing:
        assert client.get(url).status_code == 200  # the confirmation page
    assert nothing.rows == 0


# --- every URL x persona ---


def cases():
    for entry in MATRIX:
        for persona, letter in zip(PERSONAS, entry.letters, strict=True):
            marks = []
            if persona in entry.bugs:
                marks.append(pytest.mark.xfail(strict=True, reason=entry.bugs[persona]))
            yield pytest.param(entry, persona, letter, id=f"{entry.name}-{persona}", marks=marks)


def login_url(name: str) -> str:
    return reverse("admin:login") if name == "admin:index" else resolve_url(settings.LOGIN_URL)


@pytest.mark.django_db
@pytest.mark.parametrize(("entry", "persona", "letter"), list(cases()))
def test_matrix(matrix_world, entry, persona, letter):
    users, world, tokens = matrix_world
    url = reverse(entry.name, kwargs=entry.kwargs(world))
    client = Client()
    headers = {}
    if persona in tokens and is_api(entry.name):
        headers["HTTP_AUTHORIZATION"] = f"Token {tokens[persona]}"
    elif users[persona] is not None:
        client.force_login(users[persona])
    with counting_writes() as written:
        if entry.method == "POST":
            response = client.post(url, {}, **headers)
        else:
            response = client.get(url, **headers)
    status = response.status_code
    location = response.get("Location", "")
    to_login = status == 302 and location.split("?")[0] == login_url(entry.name)
    if letter == "D":
        if persona == "anonymous" and not is_api(entry.name):
            assert to_login, f"{url}: {status} {location}, expected the login page"
        elif persona == "anonymous":
            assert status in (401, 403), f"{url}: {status}"
        elif entry.name == "admin:index":
            assert to_login, f"{url}: {status} {location}, expected the admin login page"
        else:
            assert status in (403, 404), f"{url}: {status} {location}"
        assert written.rows == 0, f"{url}: a refused request wrote {written.rows} rows"
    elif letter == "A":
        landed = status == 302 and (entry.lands_on_login or not to_login)
        assert status == 200 or status in entry.also_ok or landed, f"{url}: {status} {location}"
        if entry.marker and status == 200:
            assert entry.marker(world) in body_of(response), f"{url} misses the record"
    else:
        assert status == 200, f"{url}: {status} {location}"
        body = body_of(response)
        assert entry.marker(world) not in body, f"{url} shows the owning organization's record"
