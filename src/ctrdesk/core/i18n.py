"""The one translation function of ctrdesk, and Vietnamese formatting.

Message ids are English; Vietnamese is the default language. Catalogs are gettext
files in ``translations/<lang>/LC_MESSAGES/ctrdesk.mo`` built with babel
(``pybabel compile -d translations -D ctrdesk``).
"""

from __future__ import annotations

import gettext
import io
import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the window is shown before dates and decimals are needed
    from datetime import date

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
    _translation = _load_catalog(language)
    _language = language
    return language


_catalogs: dict[str, gettext.NullTranslations] = {}


def _load_catalog(language: str) -> gettext.NullTranslations:
    """The catalog of ``language`` (translations/LANG/LC_MESSAGES/ctrdesk.mo), read once;
    without one, messages stay in English."""
    from ctrdesk.core.paths import translations_dir

    path = translations_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    found = _catalogs.get(str(path))
    if found is None:
        try:
            with open(path, "rb") as handle:
                found = _Catalog(handle)
        except FileNotFoundError:
            found = gettext.NullTranslations()
        _catalogs[str(path)] = found
    return found


class _Catalog(gettext.GNUTranslations):
    """gettext's catalog, read faster: the window's texts are translated before it is
    shown, and gettext's reader (a few calls per message) takes ~10 ms for ours. When
    the messages and their translations each lie one after the other (as babel writes
    them), each side is decoded whole and split; the header (charset, plural forms) is
    read by gettext itself, and a file of another layout wholly so. A test holds the
    result to gettext's."""

    def _parse(self, fp: Any) -> None:
        import struct

        buf = fp.read()
        head = struct.unpack_from("<5I", buf) if len(buf) >= 28 else (0, 0, 0, 0, 0)
        magic, version, count, ids_at, texts_at = head
        if magic != self.LE_MAGIC or (version >> 16) not in self.VERSIONS or count == 0:
            return super()._parse(_Named(buf, fp))
        ids = _strings(buf, ids_at, count)
        texts = _strings(buf, texts_at, count)
        if ids is None or texts is None or ids[0] != (0, ids[0][1]):
            return super()._parse(_Named(buf, fp))
        # The header alone (the first message, with the empty id) as a one-message file,
        # read by gettext: it sets the charset and the plural forms.
        header = buf[texts[0][1]:texts[0][1] + texts[0][0]]
        super()._parse(_Named(
            struct.pack("<7I4I", self.LE_MAGIC, version, 1, 28, 36, 0, 0,
                        0, 44, len(header), 45) + b"\0" + header + b"\0", fp))
        charset = self._charset or "ascii"  # type: ignore[attr-defined]
        keys = _area(buf, ids).decode(charset).split("\0")
        values = _area(buf, texts).decode(charset).split("\0")
        if len(keys) != count or len(values) != count:  # plural forms: one by one
            return super()._parse(_Named(buf, fp))
        self._catalog.update(zip(keys, values, strict=True))  # type: ignore[attr-defined]
        return None


def _strings(buf: bytes, at: int, count: int) -> list[tuple[int, int]] | None:
    """The (length, offset) of a catalog's ``count`` strings, from its table at ``at``;
    None unless each string follows the previous one and its NUL, within the file."""
    import struct

    if at + 8 * count > len(buf):
        return None
    table = struct.unpack_from(f"<{2 * count}I", buf, at)
    lengths, offsets = table[::2], table[1::2]
    ends = [offset + length for offset, length in zip(offsets, lengths, strict=True)]
    if ends[-1] >= len(buf) or any(end + 1 != offset for end, offset
                                   in zip(ends, offsets[1:], strict=False)):
        return None
    return list(zip(lengths, offsets, strict=True))


def _area(buf: bytes, strings: list[tuple[int, int]]) -> bytes:
    """The bytes of contiguous strings, from the first to the end of the last."""
    return buf[strings[0][1]:strings[-1][1] + strings[-1][0]]


class _Named(io.BytesIO):
    """The bytes of a catalog file, named as the file (gettext's errors name it)."""

    def __init__(self, data: bytes, source: Any) -> None:
        super().__init__(data)
        self.name = getattr(source, "name", "")


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
    from decimal import ROUND_HALF_EVEN, Decimal

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
