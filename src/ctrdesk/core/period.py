"""The reporting period: a value parsed once where the user gives it, passed on as is.

A period has a code ("2026-Q1", what packages and the command line carry), its first and
last days, and two Vietnamese forms: the title a user reads ("Quý I/2026", "6 tháng đầu
năm 2026", "Năm 2026") and the words inside a sentence ("quý I năm 2026"). It is parsed
from either the code or the Vietnamese the user types.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from ctrdesk.core.errors import ValidationError
from ctrdesk.core.i18n import _

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
_CODE = re.compile(r"(\d{4})(?:-(Q[1-4]|H[12]|9M|\d{1,2}))?")


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str  # inside a sentence: "quý I năm 2026"
    code: str  # "2026-Q1"

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def display(self) -> str:
        """As a title or in a list: "Quý I/2026", "Tháng 5/2026", "Năm 2026"."""
        year, part = self.year, self.code[5:]
        if not part:
            return f"Năm {year}"
        if part.startswith("Q"):
            return f"Quý {ROMAN[int(part[1]) - 1]}/{year}"
        if part == "H1":
            return f"6 tháng đầu năm {year}"
        if part == "H2":
            return f"6 tháng cuối năm {year}"
        if part == "9M":
            return f"9 tháng đầu năm {year}"
        return f"Tháng {int(part)}/{year}"

    def __str__(self) -> str:
        return self.code


def _end_of(year: int, month: int) -> date:
    return date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)


def _from_code(year: int, part: str | None) -> Period:
    if part is None:
        return Period(date(year, 1, 1), date(year, 12, 31), f"năm {year}", str(year))
    if part.startswith("Q"):
        q = int(part[1])
        return Period(date(year, 3 * q - 2, 1), _end_of(year, 3 * q),
                      f"quý {ROMAN[q - 1]} năm {year}", f"{year}-{part}")
    if part.startswith("H"):
        first = part == "H1"
        return Period(date(year, 1 if first else 7, 1), _end_of(year, 6 if first else 12),
                      f"6 tháng {'đầu' if first else 'cuối'} năm {year}", f"{year}-{part}")
    if part == "9M":
        return Period(date(year, 1, 1), _end_of(year, 9), f"9 tháng đầu năm {year}",
                      f"{year}-9M")
    month = int(part)
    if not 1 <= month <= 12:
        raise ValueError(part)
    return Period(date(year, month, 1), _end_of(year, month), f"tháng {month} năm {year}",
                  f"{year}-{month:02d}")


_ROMAN_OR_DIGIT = {**{r.lower(): i + 1 for i, r in enumerate(ROMAN[:4])},
                   **{str(i): i for i in range(1, 5)}}
_YEAR = r"\s*(?:/|-|\s)\s*(?:nam\s+)?(\d{4})"


_Reading = tuple[re.Pattern[str], Callable[[re.Match[str]], tuple[int, str | None]]]


@cache
def _vietnamese() -> list[_Reading]:
    """The periods as users write them, on the folded text (no accents, lower case):
    "quy iv - 2026" is "Quý IV - 2026". Compiled when a typed period is first read."""
    return [
        (re.compile(r"quy\s+(iv|iii|ii|i|[1-4])" + _YEAR),
         lambda m: (int(m.group(2)), f"Q{_ROMAN_OR_DIGIT[m.group(1)]}")),
        (re.compile(r"6\s+thang\s+(dau|cuoi)\s+nam\s+(\d{4})"),
         lambda m: (int(m.group(2)), "H1" if m.group(1) == "dau" else "H2")),
        (re.compile(r"9\s+thang\s+(?:dau\s+)?nam\s+(\d{4})"),
         lambda m: (int(m.group(1)), "9M")),
        (re.compile(r"thang\s+(\d{1,2})" + _YEAR), lambda m: (int(m.group(2)), m.group(1))),
        (re.compile(r"(?:ca\s+)?nam\s+(\d{4})"), lambda m: (int(m.group(1)), None)),
    ]


def parse_period(text: str | Period) -> Period:
    """A period from its code (YYYY, YYYY-Qn, YYYY-Hn, YYYY-9M, YYYY-MM) or the Vietnamese
    a user writes ("Quý I/2026", "quý 1 năm 2026", "6 tháng đầu năm 2026", "Năm 2026",
    "Tháng 5/2026")."""
    if isinstance(text, Period):
        return text
    raw = " ".join(unicodedata.normalize("NFC", str(text)).split())
    try:
        code = _CODE.fullmatch(raw.upper())
        if code:
            return _from_code(int(code.group(1)), code.group(2))
        from ctrdesk.core.textnorm import fold

        words = fold(raw)
        for pattern, parts in _vietnamese():
            match = pattern.fullmatch(words)
            if match:
                year, part = parts(match)
                return _from_code(year, part)
    except ValueError:
        pass
    raise ValidationError(_(
        "'{period}' is not a period: write it as “Quý I/2026”, “6 tháng đầu năm 2026”, "
        "“9 tháng đầu năm 2026”, “Tháng 5/2026” or “Năm 2026” (or the codes 2026-Q1, "
        "2026-H1, 2026-9M, 2026-05, 2026).").format(period=text), field="period")


def period_choices(year: int) -> list[Period]:
    """The periods of a year a picker offers, in the order reports come."""
    codes = [f"{year}-Q1", f"{year}-H1", f"{year}-Q2", f"{year}-9M", f"{year}-Q3",
             f"{year}-Q4", f"{year}-H2", str(year)]
    return [parse_period(code) for code in codes]
