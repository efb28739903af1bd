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


def parse_time(text: str) -> TimeSpec | None:
    """Read a time specification; None when the text says nothing about time."""
    original = " ".join(text.split()).strip(" .;,")
    if not original:
        return None
    f = fold(original)
    if re.search(r"\bthuong xuyen\b|\bhang (thang|quy|nam)\b|\bdinh ky\b", f):
        return TimeSpec(original, "regular")
    if re.search(r"\btheo (ke hoach|chuong trinh|tien do|lo trinh)", f):
        return TimeSpec(original, "by_plan")
    m = re.search(r"tuan (dau|cuoi|thu (\d))?\s*(cua )?thang (\d{1,2})\s*/\s*" + _YEAR, f)
    if m:
        month, year = int(m.group(4)), int(m.group(5))
        if 1 <= month <= 12:
            which = m.group(1) or "dau"
            if which == "cuoi":
                end = _month_end(year, month)
                return TimeSpec(original, "week", date.fromordinal(end.toordinal() - 6), end)
            week = int(m.group(2)) if m.group(2) else 1
            first = 1 + 7 * (max(week, 1) - 1)
            start = _safe_date(year, month, min(first, 28))
            if start:
                stop = min(start.day + 6, _month_end(year, month).day)
                return TimeSpec(original, "week", start, date(year, month, stop))
    m = re.search(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*" + _YEAR, f)
    if m:
        day = _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if day:
            before = re.search(r"\b(truoc|cham nhat|han)\b", f[: m.start()])
            return TimeSpec(original, "date", None if before else day, day)
    m = re.search(r"\bquy ([ivx]+|\d)\s*(?:/|nam)\s*" + _YEAR, f)
    if m:
        quarter = _ROMAN.get(m.group(1)) or (int(m.group(1)) if m.group(1).isdigit() else 0)
        if 1 <= quarter <= 4:
            year = int(m.group(2))
            return TimeSpec(original, "quarter", date(year, 3 * quarter - 2, 1),
                            _month_end(year, 3 * quarter))
    m = re.search(r"\b(0?6) thang (dau|cuoi) nam\s*" + _YEAR, f)
    if m:
        year = int(m.group(3))
        if m.group(2) == "dau":
            return TimeSpec(original, "half", date(year, 1, 1), date(year, 6, 30))
        return TimeSpec(original, "half", date(year, 7, 1), date(year, 12, 31))
    m = re.search(r"\bthang (\d{1,2})\s*(?:/|nam)\s*" + _YEAR, f)
    if m and 1 <= int(m.group(1)) <= 12:
        year, month = int(m.group(2)), int(m.group(1))
        return TimeSpec(original, "month", date(year, month, 1), _month_end(year, month))
    m = re.search(_YEAR + r"\s*(?:-|–|—|den|toi)\s*" + _YEAR, f)
    if m and int(m.group(1)) <= int(m.group(2)):
        return TimeSpec(original, "range", date(int(m.group(1)), 1, 1),
                        date(int(m.group(2)), 12, 31))
    m = re.search(r"\bnam " + _YEAR + r"( va (nhung|cac) nam tiep theo)?", f)
    if m:
        year = int(m.group(1))
        if m.group(2):
            return TimeSpec(original, "range", date(year, 1, 1), None)
        before = re.search(r"\b(truoc|den)\b", f[: m.start()])
        return TimeSpec(original, "year", None if before else date(year, 1, 1),
                        date(year, 12, 31))
    return TimeSpec(original, "other")


# "Hoàn thành trong năm 2027", "Hoàn thành trước 30/6/2026": a milestone inside a task.
_MILESTONE = re.compile(
    r"(hoàn thành|hoàn tất|xong)\s+(trong|trước|vào|chậm nhất)[^.;]*?"
    r"(năm\s+\d{4}|quý\s+[IVX\d]+\s*/\s*\d{4}|tháng\s+\d{1,2}\s*/\s*\d{4}|\d{1,2}/\d{1,2}/\d{4})",
    re.IGNORECASE,
)


def find_milestone(text: str) -> TimeSpec | None:
    match = _MILESTONE.search(text)
    if not match:
        return None
    spec = parse_time(match.group(0))
    if spec is None or spec.kind == "other":
        return None
    return TimeSpec(match.group(0)[0].upper() + match.group(0)[1:], spec.kind, spec.start,
                    spec.end)
