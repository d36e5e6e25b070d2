"""The dashboards' filters: a place (country, first administrative level) and a period."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.countries import country_name
from communities.selectors import community_admin1_choices, community_countries
from dashboards.periods import add_months, default_period
from dashboards.scope import DashboardFilters

MAX_PERIOD_MONTHS = 120


class PlaceFilterForm(forms.Form):
    country = forms.ChoiceField(required=False, label=_("Country"))
    admin1 = forms.ChoiceField(required=False, label=_("Admin area (first level)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The countries and areas that have communities (one query each).
        countries = community_countries()
        self.fields["country"].choices = [("", _("All countries"))] + [
            (code, f"{country_name(code) or code} ({code})") for code in countries
        ]
        selected = (self.data.get("country") or "").upper() if self.is_bound else ""
        areas = community_admin1_choices(country=selected if selected in countries else "")
        self.fields["admin1"].choices = [("", _("All areas"))] + [(a, a) for a in areas]


class OverviewFilterForm(PlaceFilterForm):
    start = forms.DateField(
        required=False,
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Arrivals, registrations and referrals of the period."),
    )
    end = forms.DateField(
        required=False, label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, today: datetime.date, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        start, end = default_period(self.today)
        data["start"] = data.get("start") or start
        data["end"] = data.get("end") or end
        if data["start"] > data["end"]:
            self.add_error("end", _("The end of the period must come after its start."))
        elif add_months(data["start"], MAX_PERIOD_MONTHS) <= data["end"]:
            self.add_error(
                "start",
                _("Choose a period of at most %(months)s months.") % {"months": MAX_PERIOD_MONTHS},
            )
        return data


def filters_from(form: PlaceFilterForm, *, today: datetime.date) -> DashboardFilters:
    """The filters of a valid form; the defaults (everywhere, the last 12 months) for an
    invalid one, whose errors the page shows."""
    start, end = default_period(today)
    if not form.is_valid():
        return DashboardFilters(start=start, end=end)
    data = form.cleaned_data
    return DashboardFilters(
        start=data.get("start") or start,
        end=data.get("end") or end,
        country=data.get("country") or "",
        admin1=data.get("admin1") or "",
    )
