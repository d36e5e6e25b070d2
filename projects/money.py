"""Money is a Decimal with an ISO 4217 currency code, never a float (issue: projects)."""

from decimal import Decimal
from functools import cache

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MONEY_DIGITS = 14
MONEY_PLACES = 2
ZERO = Decimal("0.00")


@cache
def currency_choices() -> list[tuple[str, str]]:
    return sorted(
        ((c.alpha_3, f"{c.alpha_3} – {c.name}") for c in pycountry.currencies),
        key=lambda c: c[0],
    )


def validate_currency(code: str) -> None:
    if code and pycountry.currencies.get(alpha_3=code.upper()) is None:
        raise ValidationError(_("%(code)r is not an ISO 4217 currency code.") % {"code": code})


def format_money(amount: Decimal | None, currency: str) -> str:
    if amount is None:
        return "—"
    return f"{amount:,.2f} {currency}".strip()
