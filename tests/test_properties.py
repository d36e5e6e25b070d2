"""Property-based tests (hypothesis) of what takes outside input: the file readers and the
import parsers, and of the scoring inputs (issue: security and data protection, "bad input
everywhere"). Whatever arrives, the answer is a value or the app's own error with a
message, never a crash; an import is all-or-nothing; the score obeys its definition."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assessments.evidence import band_rating
from assessments.scoring import MAX_RATING, Rated, suitability
from communities.services.imports.common import CellError, decimal, whole_number
from communities.tests.factories import CommunityFactory
from config.tabular import TableError, read_table
from reintegration.import_format import COLUMN_NAMES
from reintegration.models import Returnee
from reintegration.services.imports import returnee_import

FAST = settings(max_examples=200, deadline=None)
DB = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FAST
@given(data=st.binary(max_size=2000), ending=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_any_bytes_are_a_table_or_a_table_error(data, ending):
    try:
        table = read_table(io.BytesIO(data), "upload" + ending, max_rows=50)
    except TableError as error:
        assert str(error)  # a message for the person who uploaded it
        return
    assert ending == ".csv"
    assert table.header and all(isinstance(h, str) for h in table.header)


@FAST
@given(text=st.text(max_size=40))
@example(text="10000000000000000000000")  # found by this test: quantize() overflowed
def test_number_cells_are_a_value_or_a_cell_error(text):
    for parser in (decimal, whole_number):
        try:
            value = parser(text)
        except CellError as error:
            assert text in str(error)
        else:
            assert value is None or value == value  # not NaN


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMN_NAMES)
    writer.writerows(rows)
    return out.getvalue().encode()


PLAUSIBLE = {
    "first_name": st.sampled_from(["Aminata", "José", "", "=1+1"]),
    "last_name": st.sampled_from(["Diallo", "Camara", ""]),
    "sex": st.sampled_from(["female", "male", "F", "x", ""]),
    "date_of_birth": st.sampled_from(["1990-01-31", "1990-02-30", "2999-01-01", "", "yesterday"]),
    "nationality": st.sampled_from(["GIN", "gin", "XXX", ""]),
    "community_pcode": st.sampled_from(["GN-PROP-1", "NOPE", ""]),
    "return_date": st.sampled_from(["2026-09-01", "2026-13-01", "", "2999-01-01"]),
    "return_kind": st.sampled_from(["assisted_voluntary", "forced", "boat", ""]),
    "estimated_age": st.sampled_from(["", "30", "-4", "abc", "400"]),
    "months_abroad": st.sampled_from(["", "24", "-1", "1e9"]),
    "skills": st.sampled_from(["", "C-TAILORING:advanced:6", "nope", "X:Y:Z;;"]),
    "needs": st.sampled_from(["", "economic:Start-up capital", "cosmic:x", ":"]),
    "consent_given_on": st.sampled_from(["", "2026-09-02", "2999-01-01"]),
}


def row_strategy():
    return st.fixed_dictionaries(
        {name: PLAUSIBLE.get(name, st.text(max_size=12)) for name in COLUMN_NAMES}
    ).map(lambda values: [values[name] for name in COLUMN_NAMES])


@pytest.mark.django_db
@DB
@given(rows=st.lists(row_strategy(), min_size=1, max_size=4))
def test_a_returnee_import_is_all_or_nothing_whatever_the_cells(case_manager, rows):
    if not _community_exists():
        CommunityFactory(pcode="GN-PROP-1", country="GIN")
    before = Returnee.objects.count()
    report = returnee_import(actor=case_manager, file=io.BytesIO(csv_bytes(rows)), filename="r.csv")
    after = Returnee.objects.count()
    if report.errors:
        assert after == before  # nothing saved
        assert all(error.message for error in report.errors)
        assert all(error.row is None or 2 <= error.row <= len(rows) + 1 for error in report.errors)
    else:
        assert after == before + len(rows)


def _community_exists() -> bool:
    from communities.models import Community

    return Community.objects.filter(pcode="GN-PROP-1").exists()


ratings = st.one_of(st.none(), st.integers(min_value=0, max_value=MAX_RATING))
weights = st.decimals(min_value=Decimal("0.1"), max_value=Decimal(10), places=1)
criteria = st.lists(st.tuples(weights, ratings), min_size=1, max_size=10)


def rated(pairs):
    return [Rated(code=str(i), weight=w, rating=r) for i, (w, r) in enumerate(pairs)]


@FAST
@given(pairs=criteria)
def test_the_score_follows_its_definition(pairs):
    result = suitability(rated(pairs))
    assert Decimal(0) <= result.coverage <= Decimal(100)
    known = [(w, r) for w, r in pairs if r is not None]
    if not known:
        assert (result.score, result.band) == (None, "insufficient")
        return
    assert Decimal(0) <= result.score <= Decimal(100)
    assert result.unmet == [str(i) for i, (_, r) in enumerate(pairs) if r == 0]
    if result.band == "favourable":
        assert result.score >= 70 and result.coverage >= 80 and not result.unmet
    if result.coverage < 50:
        assert result.band == "insufficient"


@FAST
@given(pairs=criteria, extra_weight=weights)
def test_unknown_is_never_counted_as_zero(pairs, extra_weight):
    """An unknown criterion added lowers the coverage, never the score."""
    before = suitability(rated(pairs))
    after = suitability(rated([*pairs, (extra_weight, None)]))
    assert after.score == before.score
    assert after.coverage <= before.coverage


@FAST
@given(
    values=st.lists(st.floats(min_value=0, max_value=500), min_size=2, max_size=2),
    bands=st.just([[0, 0], [3, 1], [8, 2], [20, 3]]),
)
def test_band_rating_never_falls_as_the_evidence_grows(values, bands):
    low, high = sorted(values)
    assert band_rating(low, bands) <= band_rating(high, bands)
    assert 0 <= band_rating(high, bands) <= 3


@pytest.mark.django_db
def test_a_plausible_row_imports(case_manager):
    """The strategy above can produce a valid row, so the all-or-nothing property is not
    only ever exercised on refusals."""
    CommunityFactory(pcode="GN-PROP-1", country="GIN")
    values = dict.fromkeys(COLUMN_NAMES, "") | {
        "first_name": "Aminata",
        "last_name": "Diallo",
        "sex": "female",
        "date_of_birth": "1990-01-31",
        "nationality": "GIN",
        "community_pcode": "GN-PROP-1",
        "return_date": (datetime.date.today() - datetime.timedelta(days=3)).isoformat(),
        "return_kind": "assisted_voluntary",
    }
    report = returnee_import(
        actor=case_manager,
        file=io.BytesIO(csv_bytes([[values[name] for name in COLUMN_NAMES]])),
        filename="r.csv",
    )
    assert report.errors == []
    assert report.count == 1
    assert list(Returnee.objects.values_list("last_name", flat=True)) == ["Diallo"]
