"""The one translation function of ctrdesk, and Vietnamese formatting.

Message ids are English; Vietnamese is the default language. Catalogs are gettext
files in ``translations/<lang>/LC_MESSAGES/ctrdesk.mo`` built with babel
(``pybabel compile -d translations -D ctrdesk``).
"""

from __future__ import annotations

import gettext
import os
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

DOMAIN = "ctrdesk"
DEFAULT_LANGUAGE = "vi"
SUPPORTED_LANGUAGES = ("vi", "en")

_translation: gettext.NullTranslations | None = None
_language = DEFAULT_LANGUAGE


def set_language(language: str | None) -> str:
    """Select the UI language; unknown values fall back to Vietnamese."""
    global _translation, _language
    if not language:
        language = os.environ.get("CTRDESK_LANG", DEFAULT_LANGUAGE)
    language = language.split("_")[0].lower()
    if language not in SUPPORTED_LANGUAGES:
        language = DEFAULT_LANGUAGE
    from ctrdesk.core.paths import translations_dir

    _translation = gettext.translation(
        DOMAIN, str(translations_dir()), languages=[language], fallback=True
    )
    _language = language
    return language


def current_language() -> str:
    return _language


def _catalog() -> gettext.NullTranslations:
    if _translation is None:
        set_language(None)
    assert _translation is not None
    return _translation


def _(message: str) -> str:
    """Translate a user-visible message."""
    return _catalog().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (module-level constants)."""
    return message


def format_party_date(value: date, place: str | None = None) -> str:
    """The date line of a Party document: "Hà Nội, ngày 05 tháng 02 năm 2026".

    The guide writes days below 10 and months 1-2 with a leading zero; babel's built-in
    long format does not pad, so the pattern is explicit.
    """
    from babel.dates import format_date

    month = "MM" if value.month < 3 else "M"
    text = format_date(value, f"'ngày' dd 'tháng' {month} 'năm' yyyy", locale="vi")
    return f"{place}, {text}" if place else text


def format_short_date(value: date | None) -> str:
    """dd/MM/yyyy, as Vietnamese users write dates in tables."""
    return value.strftime("%d/%m/%Y") if value else ""


# (decimal sign, group sign) of the interface's languages, as in babel's locale data.
_SEPARATORS = {"vi": (",", "."), "en": (".", ",")}


def format_number(value: float, digits: int = 1, *, locale: str | None = None) -> str:
    """A number as the language writes it, with at most ``digits`` decimals: "1.234,5" in
    Vietnamese (decimal comma, thousands dot), "1,234.5" in English. ``locale`` defaults
    to the interface language; documents pass "vi" (a Party document is Vietnamese)."""
    language = locale or current_language()
    separators = _SEPARATORS.get(language)
    if separators is None:
        from babel.numbers import format_decimal

        pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
        return str(format_decimal(value, format=pattern, locale=language))
    # The interface's two languages are written here as babel writes them (a test compares
    # the two): importing babel's number and locale data costs the first screen ~0.1 s.
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)
    text = f"{abs(number):,.{digits}f}"
    if digits > 0:
        text = text.rstrip("0").rstrip(".")
    decimal_sign, group_sign = separators
    text = text.replace(",", "\0").replace(".", decimal_sign).replace("\0", group_sign)
    return "-" + text if number.is_signed() else text


def format_percent(value: float, digits: int = 1, *, locale: str | None = None) -> str:
    """A percentage given in percent (85.7 → "85,7%" in Vietnamese, "85.7%" in English)."""
    return format_number(value, digits, locale=locale) + "%"


def format_share(share: float, digits: int = 0, *, locale: str | None = None) -> str:
    """A share given as a fraction (0.857 → "86%")."""
    return format_percent(share * 100, digits, locale=locale)
