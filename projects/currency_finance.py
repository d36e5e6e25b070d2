"""ISO 4217 currencies as the books of financial groups keep them: which codes are money a
group can hold, and to how many decimals (from the maintained pycountry list)."""

from decimal import Decimal

import pycountry

# ISO 4217 currencies whose minor unit is 0: amounts are whole numbers (a Guinean franc or a
# CFA franc has no cents). The three-decimal currencies (BHD, IQD, JOD, KWD, LYD, OMR, TND)
# are kept to hundredths: no savings group handles thousandths of a dinar.
ZERO_DECIMAL_CURRENCIES = frozenset(
    [
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "ISK",
        "JPY",
        "KMF",
        "KRW",
        "PYG",
        "RWF",
        "UGX",
        "UYI",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    ]
)
# ISO 4217 codes that are not money a group can hold: precious metals, fund and accounting
# units, the testing and "no currency" codes.
NOT_MONEY = frozenset(
    [
        "BOV",
        "CHE",
        "CHW",
        "CLF",
        "COU",
        "MXV",
        "USN",
        "UYW",
        "XAG",
        "XAU",
        "XBA",
        "XBB",
        "XBC",
        "XBD",
        "XDR",
        "XPD",
        "XPT",
        "XSU",
        "XTS",
        "XUA",
        "XXX",
    ]
)


def currency_name(code: str) -> str | None:
    """The ISO 4217 name of ``code``, or None when it is no currency a group can hold."""
    code = (code or "").upper()
    currency = pycountry.currencies.get(alpha_3=code)
    if currency is None or code in NOT_MONEY:
        return None
    return currency.name


def currency_exponent(code: str) -> int:
    """Decimal places of the currency's minor unit, as the ledger keeps them (0 or 2)."""
    return 0 if (code or "").upper() in ZERO_DECIMAL_CURRENCIES else 2


def currency_unit(code: str) -> Decimal:
    """The smallest amount of the currency: 1 or 0.01."""
    return Decimal(1).scaleb(-currency_exponent(code))


def format_money(amount: Decimal, currency: str) -> str:
    """``1,250.50 EUR``, ``125,000 GNF``: for messages and pages."""
    return f"{amount:,.{currency_exponent(currency)}f} {currency}"
