"""Name normalisation shared by search, duplicate detection and imports."""

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalize_name(*parts: str) -> str:
    """Lower-case, accent-free, single-spaced: "José  María" -> "jose maria"."""
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return _NON_ALNUM.sub(" ", text).strip()


def normalize_phone(phone: str) -> str:
    """Digits only, keeping a leading +, so "+224 620-00-00-00" matches "+224620000000"."""
    phone = (phone or "").strip()
    digits = re.sub(r"\D", "", phone)
    return f"+{digits}" if phone.startswith("+") else digits
