"""Time specifications of program items: "Thường xuyên", "Quý II/2026", "Năm 2026 - 2030"..."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from ctrdesk.core.textnorm import fold


@dataclass(frozen=True)
class TimeSpec:
    text: str
    kind: str  # regular, by_plan, date, week, month, quarter, half, year, range, other
    start: date | None = None
    end: date | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "text": self.text,
            "kind": self.kind,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
        }


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"((?:19|20)\d\d)"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


_ORDINAL = {"dau": 1, "nhat": 1, "mot": 1, "1": 1, "hai": 2, "2": 2, "ba": 3, "3": 3,
            "tu": 4, "bon": 4, "4": 4, "nam": 5, "5": 5}
_TO = r"\s*(?:-|–|—|den|toi)\s*"
_DAY_RANGE = re.compile(
    r"(?:tu\s+)?(?:ngay\s+)?(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*" + _YEAR + r")?" + _TO
    + r"(?:ngay\s+)?(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*" + _YEAR + r")?")
_MONTH_RANGE = re.compile(
    r"tu\s+thang\s+(\d{1,2})(?:\s*(?:/|nam)\s*" + _YEAR + r")?" + _TO
    + r"thang\s+(\d{1,2})(?:\s*(?:/|nam)\s*" + _YEAR + r")?")
_WEEK = re.compile(r"tuan\s+(dau|cuoi|thu\s+(\d|nhat|hai|ba|tu|bon|nam))?\s*(?:cua\s+)?"
                   r"thang\s+(\d{1,2})(?:\s*(?:/|nam)\s*" + _YEAR + r")?")


def _year(found: str | None, context: int | None) -> int | None:
    return int(found) if found else context


def parse_time(text: str, year: int | None = None) -> TimeSpec | None:
    """Read a time specification; None when the text says nothing about time.

    ``year`` is the document's year: "Quý II", "6 tháng đầu năm", "trước ngày 15/6" and
    "từ ngày 21/6 đến ngày 30/6" resolve against it. A range keeps its start and its end.
    """
    original = " ".join(text.split()).strip(" .;,")
    if not original:
        return None
    f = fold(original)
    if re.search(r"\bthuong xuyen\b|\bhang (thang|quy|nam|tuan)\b|\bdinh ky\b", f):
        return TimeSpec(original, "regular")
    if re.search(r"\btheo (ke hoach|chuong trinh|tien do|lo trinh)", f):
        return TimeSpec(original, "by_plan")
    m = _DAY_RANGE.search(f)
    if m:
        end_year = _year(m.group(6), year)
        start_year = _year(m.group(3), end_year)
        if start_year and end_year:
            start = _safe_date(start_year, int(m.group(2)), int(m.group(1)))
            end = _safe_date(end_year, int(m.group(5)), int(m.group(4)))
            if start and end and start <= end:
                return TimeSpec(original, "range", start, end)
    m = _MONTH_RANGE.search(f)
    if m:
        end_year = _year(m.group(4), year)
        start_year = _year(m.group(2), end_year)
        first, last = int(m.group(1)), int(m.group(3))
        if start_year and end_year and 1 <= first <= 12 and 1 <= last <= 12 \
                and (start_year, first) <= (end_year, last):
            return TimeSpec(original, "range", date(start_year, first, 1),
                            _month_end(end_year, last))
    m = _WEEK.search(f)
    if m:
        month, week_year = int(m.group(3)), _year(m.group(4), year)
        if 1 <= month <= 12 and week_year:
            which = m.group(1) or "dau"
            if which == "cuoi":
                end = _month_end(week_year, month)
                return TimeSpec(original, "week", date.fromordinal(end.toordinal() - 6), end)
            week = _ORDINAL.get(m.group(2) or "dau", 1)
            first_day = 1 + 7 * (week - 1)
            start = _safe_date(week_year, month, min(first_day, 28))
            if start:
                stop = min(start.day + 6, _month_end(week_year, month).day)
                return TimeSpec(original, "week", start, date(week_year, month, stop))
    m = re.search(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*" + _YEAR, f)
    if m is None and year:  # "trước ngày 15/6": the document's year
        m = re.search(r"(?:ngay|truoc|han)\s+(\d{1,2})\s*/\s*(\d{1,2})\b(?!\s*/)()", f)
    if m:
        day = _safe_date(_year(m.group(3), year) or 0, int(m.group(2)), int(m.group(1)))
        if day:
            before = re.search(r"\b(truoc|cham nhat|han)\b", f[: m.start() + 6])
            return TimeSpec(original, "date", None if before else day, day)
    m = re.search(r"\bquy ([ivx]+|\d)\b(?:\s*(?:/|nam)\s*" + _YEAR + r")?", f)
    if m and _year(m.group(2), year):
        quarter = _ROMAN.get(m.group(1)) or (int(m.group(1)) if m.group(1).isdigit() else 0)
        if 1 <= quarter <= 4:
            quarter_year = _year(m.group(2), year) or 0
            return TimeSpec(original, "quarter", date(quarter_year, 3 * quarter - 2, 1),
                            _month_end(quarter_year, 3 * quarter))
    m = re.search(r"\b(0?6) thang (dau|cuoi) nam\b(?:\s*" + _YEAR + r")?", f)
    if m and _year(m.group(3), year):
        half_year = _year(m.group(3), year) or 0
        if m.group(2) == "dau":
            return TimeSpec(original, "half", date(half_year, 1, 1), date(half_year, 6, 30))
        return TimeSpec(original, "half", date(half_year, 7, 1), date(half_year, 12, 31))
    m = re.search(r"\bthang (\d{1,2})\s*(?:/|nam)\s*" + _YEAR, f)
    if m is None and year:
        m = re.search(r"\bthang (\d{1,2})\b(?!\s*/)()", f)
    if m and 1 <= int(m.group(1)) <= 12 and _year(m.group(2), year):
        month_year, month = _year(m.group(2), year) or 0, int(m.group(1))
        return TimeSpec(original, "month", date(month_year, month, 1),
                        _month_end(month_year, month))
    m = re.search(_YEAR + r"\s*(?:-|–|—|den|toi)\s*" + _YEAR, f)
    if m and int(m.group(1)) <= int(m.group(2)):
        return TimeSpec(original, "range", date(int(m.group(1)), 1, 1),
                        date(int(m.group(2)), 12, 31))
    m = re.search(r"\bnam " + _YEAR + r"( va (nhung|cac) nam tiep theo)?", f)
    if m:
        found = int(m.group(1))
        if m.group(2):
            return TimeSpec(original, "range", date(found, 1, 1), None)
        before = re.search(r"\b(truoc|den)\b", f[: m.start()])
        return TimeSpec(original, "year", None if before else date(found, 1, 1),
                        date(found, 12, 31))
    return TimeSpec(original, "other")


# A time inside an item's own sentence: "Hoàn thành trong năm 2027", "trước ngày 15/3/2026",
# "trong tháng 6/2026", "từ ngày 15/6 đến ngày 30/6/2026", "gửi trước ngày 20 hằng tháng".
_DMY = r"\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?"
_MILESTONES = [
    re.compile(r"(hoàn thành|hoàn tất|xong)\s+(trong|trước|vào|chậm nhất)[^.;]*?"
               r"(năm\s+\d{4}|quý\s+[IVX\d]+\s*/\s*\d{4}|tháng\s+\d{1,2}\s*/\s*\d{4}|"
               + _DMY + ")", re.IGNORECASE),
    re.compile(r"từ\s+ngày\s+" + _DMY + r"\s+đến\s+ngày\s+" + _DMY, re.IGNORECASE),
    re.compile(r"(?:trước|chậm nhất(?: là)?)\s+ngày\s+" + _DMY, re.IGNORECASE),
    re.compile(r"trong\s+(?:tháng\s+\d{1,2}\s*/\s*\d{4}|quý\s+[IVX]+\s*/\s*\d{4})",
               re.IGNORECASE),
    re.compile(r"hằng\s+(?:tháng|quý)", re.IGNORECASE),
]


def find_milestone(text: str, year: int | None = None) -> TimeSpec | None:
    found: list[tuple[int, TimeSpec]] = []
    for pattern in _MILESTONES:
        match = pattern.search(text)
        if not match:
            continue
        spec = parse_time(match.group(0), year)
        if spec is None or spec.kind == "other":
            continue
        words = match.group(0)
        found.append((match.start(), TimeSpec(words[0].upper() + words[1:], spec.kind,
                                              spec.start, spec.end)))
    return min(found, key=lambda item: item[0])[1] if found else None
