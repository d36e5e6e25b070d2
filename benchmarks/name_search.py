"""Scenario: the returnee search by name, by substring and with typos (issue 10).

Target: ``reintegration.selectors.returnee_list(search=...)`` (``search_returnees``: pg_trgm
word similarity and substring on the GIN-indexed normalised name, or the reference), the
first page in the order the browser's returnee list shows it (most recent return first,
25 rows), within 1.5x the same trigram SQL written by hand and run through the raw psycopg2
cursor, at p50; the application's p95 under 50 ms; and EXPLAIN shows both use the trigram
index. The API request with ``?q=`` (ordered by id for its cursor) is timed beside it, with
whether its plan uses the index.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reintegration_bench \\
        .venv/bin/python benchmarks/name_search.py [--repeat 30 --keepdb]
"""

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common, registry_database  # noqa: E402

TARGET = 1.5
P95_LIMIT = 0.050
LIMIT = 25  # reintegration/views/returnees.py PAGE_SIZE
INDEX = "returnee_name_trgm"  # reintegration/migrations/0002_name_search.py
QUERIES = 10  # of each kind

# What search_returnees asks of PostgreSQL for a name without digits, written by hand: the
# reference, or every word of the name (of 3 letters or more) typo-tolerant or as a
# substring; the columns the browser's list shows (selectors.LIST_FIELDS).
FLOOR_SQL = """
    SELECT r.id, r.reference, r.first_name, r.last_name, r.sex, r.date_of_birth,
           r.estimated_age, r.return_date, r.status, c.name, u.first_name, u.last_name,
           u.username
    FROM reintegration_returnee r JOIN communities_community c ON c.id = r.community_id
    LEFT JOIN accounts_user u ON u.id = r.case_manager_id
    WHERE r.organization_id = %(org)s
      AND (r.reference = %(reference)s OR ({words}))
    ORDER BY r.return_date DESC, r.id DESC LIMIT %(limit)s"""
WORD_SQL = "(r.name_normalized %%> %(w{n})s OR r.name_normalized LIKE %(like{n})s)"


def floor_statement(organization_id: int, term: str) -> tuple[str, dict]:
    from reintegration.names import normalize_name

    name = normalize_name(term)
    words = [word for word in name.split() if len(word) >= 3] or [name]
    params = {"org": organization_id, "reference": term.upper(), "limit": LIMIT}
    for n, word in enumerate(words):
        params[f"w{n}"] = word
        params[f"like{n}"] = f"%{word}%"
    conditions = " AND ".join(WORD_SQL.format(n=n) for n in range(len(words)))
    return FLOOR_SQL.format(words=conditions), params


def search_terms(seed: int) -> list[tuple[str, str]]:
    """(kind, query): substrings of family names and whole names with one typo, from
    returnees picked at random, so the terms exist in the data."""
    from reintegration.models import Returnee

    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    ids = list(Returnee.objects.order_by("pk").values_list("pk", flat=True)[::997])
    picked = Returnee.objects.filter(pk__in=rng.sample(ids, 2 * QUERIES)).order_by("pk")
    terms = []
    for n, returnee in enumerate(picked.values_list("first_name", "last_name")):
        first, last = returnee
        if n % 2 == 0:  # a substring of the family name: "adouf" in "Kadoufa"
            start = rng.randrange(0, max(1, len(last) - 4))
            terms.append(("substring", last[start : start + 5].lower()))
        else:  # the whole name with one letter dropped from the family name
            cut = rng.randrange(1, len(last))
            terms.append(("typo", f"{first} {last[:cut]}{last[cut + 1 :]}"))
    return terms


def floor_search(organization_id: int, term: str) -> list[tuple]:
    from django.db import connection

    sql, params = floor_statement(organization_id, term)
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def explain(sql: str, params) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def scenario(*, repeat: int) -> list[common.Result]:
    registry_database.prepare()
    from accounts.models import Role
    from reintegration import selectors
    from reintegration.views.returnees import SORTS

    RECENT = SORTS["recent"]  # noqa: N806 - the browser list's default order

    manager, key = registry_database.user_with_token(
        "bench-programme-manager", Role.PROGRAMME_MANAGER, "Benchmark lead organization"
    )
    client = registry_database.api_client(key)
    org = manager.organization_id

    def app_search(term):
        # What the browser's list view runs (reintegration/views/returnees.py).
        queryset = selectors.returnee_list_page(user=manager, search=term)
        return selectors.list_rows(queryset.order_by(*RECENT)[:LIMIT])

    def api_search(term):
        response = client.get("/api/v1/returnees/", {"q": term, "page_size": LIMIT})
        assert response.status_code == 200, response.status_code
        return response

    terms = search_terms(seed=7)
    paths = {"app": app_search, "floor": floor_search_for(org), "api": api_search}
    samples: dict[str, list[float]] = {name: [] for name in paths}
    for _, term in terms:  # warm-up
        for function in paths.values():
            function(term)
    for _ in range(repeat):
        for _, term in terms:
            for name, function in paths.items():
                start = time.perf_counter()
                function(term)
                samples[name].append(time.perf_counter() - start)

    # Correctness and plans: the same rows, and both statements on the trigram index.
    mismatches, found, plans_ok, api_plans_on_index = 0, [], True, 0
    for kind, term in terms:
        app_ids = [r.pk for r in app_search(term)]
        floor_ids = [row[0] for row in floor_search(org, term)]
        mismatches += app_ids != floor_ids
        found.append(len(app_ids))
        queryset = selectors.returnee_list_page(user=manager, search=term).order_by(*RECENT)
        app_plan = explain(*queryset[:LIMIT].query.sql_with_params())
        by_id = selectors.returnee_list(user=manager, search=term).order_by("-id")[:LIMIT]
        api_plans_on_index += INDEX in explain(*by_id.query.sql_with_params())
        floor_plan = explain(*floor_statement(org, term))
        if INDEX not in app_plan or INDEX not in floor_plan:
            plans_ok = False
            print(f"  {kind} {term!r}: the plan does not use {INDEX}:\n{app_plan}")
    p50 = {name: common.percentile(s, 0.5) for name, s in samples.items()}
    p95 = common.percentile(samples["app"], 0.95)
    ratio = p50["app"] / p50["floor"]
    met = ratio <= TARGET and p95 < P95_LIMIT and plans_ok and not mismatches
    terms_note = ", ".join(repr(t) for _, t in terms[:2])
    return [
        common.Result(
            "name search, substring and typo",
            p50["app"],
            p50["floor"],
            ratio,
            TARGET,
            met,
            f"app p95 {p95 * 1000:.1f} ms (< 50); plans on {INDEX}: "
            f"{'yes' if plans_ok else 'NO'}; {len(terms)} terms (e.g. {terms_note}), "
            f"{min(found)}-{max(found)} rows; {mismatches} mismatches",
        ),
        common.Result(
            "name search, API request ?q=",
            p50["api"],
            p50["floor"],
            p50["api"] / p50["floor"],
            0,
            True,
            f"information: p95 {common.percentile(samples['api'], 0.95) * 1000:.1f} ms; "
            f"ordered by id, {api_plans_on_index} of {len(terms)} plans on {INDEX}",
        ),
    ]


def floor_search_for(organization_id: int):
    return lambda term: floor_search(organization_id, term)


if __name__ == "__main__":
    registry_database.standalone(scenario)
