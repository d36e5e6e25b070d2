"""What a dashboard section returns: figures, and tables that a chart may draw.

Every chart is drawn from a table shown beside it (people copy numbers, and a screen reader
reads the table), and every table downloads as CSV or XLSX by its key, so a section only
builds data; the templates and the exports present it.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

# Colours of the suitability bands, shared by the charts and the map (colour-blind safe,
# and the table beside each chart names the band anyway).
BAND_COLOURS = {
    "favourable": "#1a9850",
    "conditional": "#fdae61",
    "unfavourable": "#d73027",
    "insufficient": "#878787",
    "": "#ffffff",
}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = False


@dataclass(frozen=True)
class Chart:
    """How to draw a table: ``kind`` is bar, stacked, line or doughnut; the labels come
    from ``label_column`` and one series from each of ``value_columns``."""

    kind: str
    label_column: str
    value_columns: tuple[str, ...]
    colours: tuple[str, ...] = ()
    y_max: int | None = None  # the top of the scale (100 for a score, 5 for a rating)

    def spec(self, table: "DataTable") -> dict[str, Any]:
        """The JSON the page's script draws (static/dashboards/charts.js)."""
        index = {column.key: i for i, column in enumerate(table.columns)}
        labels = [str(row[index[self.label_column]]) for row in table.rows]
        series = [
            {
                "label": table.columns[index[key]].label,
                "data": [_number(row[index[key]]) for row in table.rows],
            }
            for key in self.value_columns
        ]
        # A doughnut colours its slices; the other kinds colour each series.
        return {
            "kind": self.kind,
            "labels": labels,
            "series": series,
            "colours": list(self.colours),
            "y_max": self.y_max,
            "title": table.title,
        }


def _number(value: Any) -> float | int | None:
    if isinstance(value, Decimal):
        return float(value)
    return value if isinstance(value, (int, float)) else None


@dataclass
class DataTable:
    """Rows of values under labelled columns. ``key`` is unique on its page: the download
    address names it."""

    key: str
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    chart: Chart | None = None
    note: str = ""

    @property
    def header(self) -> list[str]:
        return [column.label for column in self.columns]

    @property
    def display_rows(self) -> list[list[tuple[Any, bool]]]:
        """Each value with whether its column is numeric, for the template's alignment."""
        numeric = [column.numeric for column in self.columns]
        return [list(zip(row, numeric, strict=True)) for row in self.rows]

    def chart_spec(self) -> dict[str, Any] | None:
        return self.chart.spec(self) if self.chart and self.rows else None


@dataclass(frozen=True)
class Figure:
    """One headline number. ``value`` None is shown as "—" (unknown, never zero)."""

    key: str
    label: str
    value: int | float | Decimal | str | None
    unit: str = ""
    help: str = ""


@dataclass
class SectionResult:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    tables: list[DataTable] = field(default_factory=list)
    source: str = ""  # the handbook passage the section serves
    note: str = ""
    warnings: list[str] = field(default_factory=list)

    def table(self, key: str) -> DataTable | None:
        return next((t for t in self.tables if t.key == key), None)

    def figure(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)
