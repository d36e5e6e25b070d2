"""Aggregates the ORM lacks."""

import statistics

from django.db import connection
from django.db.models import Aggregate, DurationField, QuerySet


class Median(Aggregate):
    """PostgreSQL's ``percentile_cont(0.5)``, which takes an interval as well as a number."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def median_duration(queryset: QuerySet, field: str):
    """The median of the duration annotation ``field`` over ``queryset`` (a timedelta, or None
    when it is empty), in one query. The embedded SQLite default has no percentile function,
    so there the durations are fetched and the median taken in Python (development only)."""
    if connection.vendor == "postgresql":
        return queryset.aggregate(median=Median(field))["median"]
    values = [value for value in queryset.values_list(field, flat=True) if value is not None]
    return statistics.median(values) if values else None
