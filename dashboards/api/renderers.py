"""CSV for the aggregate and place endpoints: ``?format=csv``, and ``&hxl=true`` for the HXL
hashtag row (hxlstandard.org) under the header. Only these endpoints have a CSV renderer, so
case-level data never comes as CSV, with or without HXL."""

from rest_framework.renderers import BaseRenderer

from communities.exports import csv_lines


class CSVRenderer(BaseRenderer):
    """Renders a list of rows (the view builds them, header and HXL row first). A single
    object, an error body say, becomes two rows: its keys, then its values."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict):
            rows = [list(data), [_flat(value) for value in data.values()]]
        else:
            rows = data or []
        return "".join(csv_lines(rows)).encode("utf-8")


def _flat(value):
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_flat(item)}" for key, item in value.items())
    if isinstance(value, list):
        return "; ".join(str(_flat(item)) for item in value)
    return value
