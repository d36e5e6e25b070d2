"""Months: the unit of every time series of the dashboards."""

import datetime


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first of the month ``months`` after (or before) ``day``'s month."""
    total = day.year * 12 + day.month - 1 + months
    return datetime.date(total // 12, total % 12 + 1, 1)


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first day of every month from ``start``'s month to ``end``'s, both included."""
    months, current = [], month_start(start)
    while current <= end:
        months.append(current)
        current = add_months(current, 1)
    return months


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last twelve months, the current one included: from the first of the month eleven
    months ago to today."""
    return add_months(today, -11), today


def month_label(month: datetime.date) -> str:
    return f"{month:%Y-%m}"
