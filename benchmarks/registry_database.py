"""The database the registry scenarios share (partner API, deep page, name search):
community_dataset.py plus api_dataset.py, in its own database (the benchmark database's name
with ``_registry`` before ``_bench``), so they never disturb the other scenarios."""

import datetime
import os

from benchmarks import common

COMMUNITIES, RETURNEES, SEED = 2_000, 200_000, 42


def database() -> tuple[str, str]:
    url, name = common.bench_database_url()
    own = name.removesuffix(common.BENCH_SUFFIX) + "_registry" + common.BENCH_SUFFIX
    return url.rsplit("/", 1)[0] + "/" + own, own


def prepare() -> datetime.date:
    """Migrate and fill the database, or reuse it (--keepdb, or built earlier in this run);
    returns the reference date the dataset was built on."""
    url, name = database()
    reuse = common.may_reuse(url, name)
    if not reuse:
        common.recreate_database(url, name)
    # Requests go through Django's test client: plain HTTP, static files without a manifest.
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("STATIC_MANIFEST", "false")
    common.setup_django(url)
    common.mark_built(url, name)
    from benchmarks import api_dataset

    return common.fill_database(
        url,
        name,
        reuse=reuse,
        communities=COMMUNITIES,
        returnees=RETURNEES,
        seed=SEED,
        extras=(api_dataset,),
    )


def user_with_token(username: str, role: str, organization_name: str):
    """(user, API token key) of a benchmark user, created on first use; a new token each run
    (keys are shown once and stored as digests)."""
    from accounts.models import Organization, User
    from accounts.services import api_token_create, user_create

    organization = Organization.objects.get(name=organization_name)
    user = User.objects.filter(username=username).first() or user_create(
        actor=None, username=username, organization=organization, roles=[role]
    )
    _, key = api_token_create(actor=None, user=user, name="benchmark")
    return user, key


def api_client(key: str):
    from django.test import Client

    return Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Token {key}")


def cursor_after(position: int) -> str:
    """The cursor of DRF's CursorPagination for the page after the row with this id (its
    encoding: base64 of ``p=<position>``), so a deep page is requested without walking to it."""
    import base64
    from urllib.parse import urlencode

    return base64.b64encode(urlencode({"p": position}).encode("ascii")).decode("ascii")


def standalone(scenario) -> None:
    """``python benchmarks/<scenario>.py [--repeat N] [--keepdb]``: run one scenario alone."""
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--keepdb", action="store_true")
    args = parser.parse_args()
    if args.keepdb:
        os.environ[common.KEEPDB_VARIABLE] = "1"
    results = scenario(repeat=args.repeat)
    common.print_results(results)
    common.drop_built_databases()
