from django.utils.translation import gettext_lazy as _

from accounts.navigation import items_for


def navigation(request):
    user = getattr(request, "user", None)
    return {"nav_items": items_for(user) if user is not None else []}


# What the scripts in static/ show, translated here and handed to them in a JSON block of
# base.html (read by static/js/l10n.js): no English literal in the scripts, no inline script.
JS_STRINGS = {
    "score": _("Score"),
    "coverage_percent": _("Coverage %"),
    "scoring_progress": _("Scoring: %(done)s of %(total)s communities"),
    "done": _("Done."),
    "stopped": _("Stopped: %(state)s"),
    "map_boundaries": _("Boundaries: Natural Earth"),
    "map_band": _("Band: %(band)s"),
    "map_arrivals": _("Arrivals, last 12 months: %(count)s"),
    "map_dashboard": _("Community dashboard"),
}


def interface_strings(request):
    return {"js_strings": JS_STRINGS}
