"""Key targets in program text: "100%", "> 90%", "99% ... trở lên", "từ 60 đến 80 đảng viên"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Threshold:
    op: str  # =, >, >=, <, <=, range
    value: float
    max: float | None
    unit: str  # percent or count
    text: str = ""  # the clause the threshold was read from

    def as_json(self) -> dict[str, object]:
        return {"op": self.op, "value": _number(self.value),
                "max": None if self.max is None else _number(self.max), "unit": self.unit}

    def describe(self) -> str:
        """The level as a Vietnamese document writes it: "≥ 99,5%", "1–2"."""
        from ctrdesk.core.i18n import format_number

        unit = "%" if self.unit == "percent" else ""
        if self.op == "range":
            return (f"{format_number(self.value, 2, locale='vi')}–"
                    f"{format_number(self.max or 0, 2, locale='vi')}{unit}")
        sign = {"=": "", ">=": "≥ ", "<=": "≤ "}.get(self.op, self.op + " ")
        return f"{sign}{format_number(self.value, 2, locale='vi')}{unit}"


def meets(op: str, value: float, maximum: float | None, reading: float) -> bool:
    """Whether ``reading`` meets the threshold ``op value`` (``range``: up to ``maximum``)."""
    return {
        "=": abs(reading - value) < 1e-9,
        ">": reading > value,
        ">=": reading >= value - 1e-9,
        "<": reading < value,
        "<=": reading <= value + 1e-9,
        "range": value - 1e-9 <= reading <= (maximum if maximum is not None else value) + 1e-9,
    }[op]


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


_NUM = r"(\d+(?:[.,]\d+)?)"
_OPS = [  # (folded words or sign before the number, op); the longer phrases first
    (r"(?:>=|≥|it nhat|toi thieu|khong (?:it|duoi|thap) hon|khong duoi|tu)\s*$", ">="),
    (r"(?:<=|≤|toi da|khong (?:qua|vuot qua|vuot|hon|cao hon|lon hon))\s*$", "<="),
    (r"(?:>|tren|hon|vuot)\s*$", ">"),
    (r"(?:<|duoi|it hon)\s*$", "<"),
]
# Words after the number: "99% đảng viên trở lên", "2% trở xuống".
_OPS_AFTER = [(r"^[^;,.]{0,40}?\btro len\b", ">="), (r"^[^;,.]{0,40}?\btro xuong\b", "<=")]
# Things counted by count targets; a bare number before anything else is not a target.
_COUNTED = (
    r"(?:dang vien|quan chung|nguoi|buoi|cuoc|luot|lop|chi bo|dang bo|to chuc(?: dang)?|"
    r"don vi|de an|chuyen de|hoi nghi|ban|van ban|sang kien|vu|viec|doan|can bo)"
)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The percentages, the counts and the words that make a number no count: compiled
    when a text is first read (the overview only compares readings with thresholds)."""
    percent = re.compile(
        r"(?:tu\s+)?" + _NUM + r"\s*%?\s*(?:den|-|–|toi)\s*" + _NUM + r"\s*%|" + _NUM + r"\s*%"
    )
    count = re.compile(
        r"(?:(?:tu\s+)?" + _NUM + r"\s*(?:den|-|–|toi)\s*" + _NUM + r"|" + _NUM + r")\s+"
        r"(?:[a-z]+\s+){0,1}" + _COUNTED + r"\b"
    )
    not_a_count_before = re.compile(
        r"(?:nam|so|thang|ngay|khoa|lan thu|quy|giai doan|nhiem ky)\s*$")
    return percent, count, not_a_count_before


def _to_float(text: str) -> float:
    return float(text.replace(",", "."))


def _op_before(prefix: str) -> str | None:
    for pattern, op in _OPS:
        if re.search(pattern, prefix):
            return op
    return None


def _clause(text: str, start: int, end: int) -> str:
    """The part of a sentence a threshold belongs to: between semicolons."""
    left = text.rfind(";", 0, start) + 1
    right = text.find(";", end)
    return text[left:len(text) if right == -1 else right].strip(" -;,.")


def _single(prefix: str, value: float, unit: str, suffix: str = "") -> str:
    op = _op_before(prefix)
    if op:
        return op
    for pattern, after in _OPS_AFTER:
        if re.search(pattern, suffix):
            return after
    # A bare "100%" is full coverage: shown as "100%", not "≥ 100%".
    return "=" if unit == "percent" and value == 100 else ">="


def find_thresholds(text: str) -> list[Threshold]:
    """Every threshold in ``text``, in order. Matching runs on folded text (one character
    per character of the single-spaced text), so case and diacritic typos do not matter."""
    from ctrdesk.core.textnorm import fold

    percent_pattern, count_pattern, not_a_count_before = _patterns()
    spaced = " ".join(text.split())
    folded = fold(spaced)
    display = spaced if len(folded) == len(spaced) else folded
    found: list[tuple[int, Threshold]] = []
    taken: list[tuple[int, int]] = []
    for match in percent_pattern.finditer(folded):
        start, end = match.span()
        prefix = folded[max(0, start - 20):start]
        if match.group(3) is not None:
            value = _to_float(match.group(3))
            threshold = Threshold(_single(prefix, value, "percent", folded[end:end + 50]),
                                  value, None, "percent",
                                  _clause(display, start, end))
        else:
            low, high = _to_float(match.group(1)), _to_float(match.group(2))
            if low > high:
                continue
            threshold = Threshold("range", low, high, "percent", _clause(display, start, end))
        found.append((start, threshold))
        taken.append((start, end))
    for match in count_pattern.finditer(folded):
        start, end = match.span()
        if any(s < end and start < e for s, e in taken):
            continue
        prefix = folded[max(0, start - 20):start]
        if not_a_count_before.search(prefix):
            continue
        if match.group(3) is not None:
            value = _to_float(match.group(3))
            threshold = Threshold(_single(prefix, value, "count", folded[end:end + 50]),
                                  value, None, "count",
                                  _clause(display, start, end))
        else:
            low, high = _to_float(match.group(1)), _to_float(match.group(2))
            if low > high:
                continue
            threshold = Threshold("range", low, high, "count", _clause(display, start, end))
        found.append((start, threshold))
    found.sort(key=lambda item: item[0])
    return [threshold for _, threshold in found]


def parse_threshold_cell(text: str) -> Threshold | None:
    """A table cell that holds a threshold: "100%", "> 90%", "≥ 95%", "60 - 80"."""
    found = find_thresholds(text)
    if found:
        return found[0]
    cell = " ".join(text.split())
    match = re.fullmatch(_NUM + r"\s*(?:-|–|đến)\s*" + _NUM, cell)
    if match:
        return Threshold("range", _to_float(match.group(1)), _to_float(match.group(2)),
                         "count", cell)
    match = re.fullmatch(r"(>=|≥|>|<=|≤|<)?\s*" + _NUM, cell)
    if match:
        value = _to_float(match.group(2))
        op = {"≥": ">=", "≤": "<="}.get(match.group(1) or "", match.group(1) or ">=")
        return Threshold(op, value, None, "count", cell)
    return None
