"""The first pass of the parser and the tests every pass shares: a source line cleaned
(markup, stray page numbers and decorations set aside, never silently dropped), and what
a line is (a section, a numbered item, a bullet, a label line, a signature...)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ctrdesk.core.importing.parsed import IgnoredLine
from ctrdesk.core.textnorm import fold as _fold_text
from ctrdesk.core.textnorm import nfc

# The same line is folded by several tests (is it structural? a label? a heading?):
# remember the last few thousand folds.
fold = lru_cache(maxsize=8192)(_fold_text)


# --- pass 1: clean lines ----------------------------------------------------------

_MARKUP = re.compile(r"</?(?:i|b|u|em|strong|span|sup|sub)\b[^>]*>|\*+")
RULE = re.compile(r"[-_=–—~.·\s]{3,}")
_PAGE_NUMBER = re.compile(r"(?:-\s*)?\d{1,3}(?:\s*-)?|(?:trang|page)\s+\d{1,3}(?:\s*/\s*\d+)?",
                          re.IGNORECASE)


@dataclass
class Line:
    number: int  # 1-based
    text: str  # cleaned; "" for blank
    cells: list[str] | None = None  # table row cells


def clean_text(raw: str) -> str:
    text = _MARKUP.sub("", raw)
    text = text.replace("\u00a0", " ").replace("\ufeff", "")
    text = re.sub(r"([“\"(])\s+", r"\1", text)
    text = re.sub(r"\s+([”)])", r"\1", text)
    return " ".join(text.split())


def clean_lines(source_lines: list[str], ignored: list[IgnoredLine]) -> list[Line]:
    lines: list[Line] = []
    for index, raw in enumerate(source_lines, start=1):
        raw = nfc(raw)
        if "\t" in raw and raw.strip():
            cells = [clean_text(cell) for cell in raw.split("\t")]
            if sum(1 for c in cells if c) >= 1 and len(cells) >= 2:
                lines.append(Line(index, " ".join(c for c in cells if c), cells))
                continue
        text = clean_text(raw)
        if text and RULE.fullmatch(text):  # the "-----" under the summary, "___" lines
            text = ""
        if raw.strip() and not text:
            ignored.append(IgnoredLine(index, raw.strip(), "decoration"))
        lines.append(Line(index, text))
    # A short number alone between blank lines is a page number left by extraction.
    for i, line in enumerate(lines):
        if line.cells is None and line.text and _PAGE_NUMBER.fullmatch(line.text):
            before = i == 0 or not lines[i - 1].text
            after = i + 1 == len(lines) or not lines[i + 1].text
            if before and after:
                ignored.append(IgnoredLine(line.number, line.text, "page_number"))
                line.text = ""
    return lines


# --- classification -----------------------------------------------------------------

# "I. MỤC ĐÍCH", and the "A. MỤC ĐÍCH" habit of some offices; the title must be capitals.
ROMAN_SECTION = re.compile(r"^([IVXL]{1,6}|[A-H])\s*[.\-–/)]\s*(\S.*)$")
NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,4})(\.|\))?\s+(\S.*)$")
LETTERED = re.compile(r"^([a-zđ])\)\s*(\S.*)$")
# "PHẦN THỨ NHẤT", "Phần I", "Chương II": parts above the roman sections.
PART = re.compile(r"^((?:PHẦN|Phần|CHƯƠNG|Chương)\s+(?:(?:THỨ|thứ|Thứ)\s+[^\s.:]+|[IVXL]{1,5}|"
                   r"\d{1,2}))(?=[\s.:\-–]|$)\s*[.:\-–]?\s*(.*)$")
ARTICLE = re.compile(r"^((?:Điều|ĐIỀU)\s+\d{1,3})\s*[.:]\s*(.*)$")
PAREN = re.compile(r"^(\(\d{1,2}\))\s*(\S.*)$")  # "(1) …"
CLOSE = re.compile(r"^(\d{1,2}\))\s+(\S.*)$")  # "1) …"
MONTH_MEETING = re.compile(r"^thang (\d{1,2})(?:\s*(?:/|nam)\s*(\d{4}))?\s*[:.\-–]")
BULLET = re.compile(r"^([-–—•+∙·◦▪●])\s*(.*)$")
APPENDIX = re.compile(r"^phu luc(?:\s+(?:so\s+)?([0-9ivx]+))?\b[.:]?\s*(.*)$")
SIGNATURE = re.compile(r"^(?:T/M|K/T|T/L|T/UQ|TM\.|KT\.|TL\.|TUQ\.)\s*\S", re.IGNORECASE)
RECIPIENTS = re.compile(r"^noi nhan\s*:?\s*(.*)$")
_LABELS: list[tuple[str, str]] = [  # folded label -> role
    (r"don vi (?:tham muu|tham muu,? giup viec) thuc hien", "advising"),
    (r"(?:don vi|co quan)(?:, to chuc dang)? thuc hien", "implementing"),
    (r"(?:don vi|co quan)(?:, to chuc dang)? chu tri", "lead"),
    (r"(?:don vi|co quan)(?:, to chuc dang)? phoi hop", "coordinating"),
    (r"thoi gian thuc hien|thoi gian hoan thanh|thoi han thuc hien|thoi han hoan thanh"
     r"|thoi han|thoi gian|tien do", "time"),
    (r"noi dung", "content"),
    (r"dia diem", "place"),
    (r"san pham|ket qua", "output"),
]
_LABEL_RE = re.compile(r"^(" + "|".join(f"(?:{p})" for p, _ in _LABELS) + r")\s*:\s*(.*)$")
DATE_LINE = re.compile(
    r"^(?:(?P<place>[^,]{2,60}),\s*)?ngay\s+(?P<d>\d{1,2})\s+thang\s+(?P<m>\d{1,2})\s+nam\s+"
    r"(?P<y>\d{4})"
)
NUMBER_LINE = re.compile(r"^so\s*:?\s*(\S+.*)$")
MEETING = re.compile(r"^hoi nghi\b|^phien hop\b|^ky hop\b")
TARGET_CONTEXT = re.compile(r"\bchi tieu\b")
TERMINAL = ".:;!?"
DECORATION = re.compile(r"[-_=.*\s]+|doc lap.*")


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def label_of(text: str) -> tuple[str, str] | None:
    """('time', 'Thường xuyên.') for '- Thời gian thực hiện: Thường xuyên.'."""
    folded = fold(text)
    match = _LABEL_RE.match(folded)
    if not match:
        return None
    label = match.group(1)
    for pattern, role in _LABELS:
        if re.fullmatch(pattern, label):
            colon = text.find(":")
            return role, text[colon + 1:].strip()
    return None


def structural(text: str) -> bool:
    """Does this line start an element of its own (never a continuation)?"""
    folded = fold(text)
    section = ROMAN_SECTION.match(text)
    numbered = NUMBERED.match(text)
    return bool(
        PART.match(text) or ARTICLE.match(text) or PAREN.match(text)
        or (section and is_upper(section.group(2)[:30]))
        or (numbered and numbered_ok(numbered))
        or LETTERED.match(text)
        or BULLET.match(text)
        or (APPENDIX.match(folded) and is_upper(text[:8]))
        or SIGNATURE.match(text)
        or RECIPIENTS.match(folded)
        or label_of(text)
    )


def numbered_ok(match: re.Match[str]) -> bool:
    """'1. Text', '1.1. Text', '1.1 Text', '2) Text' — but not '2030, 100% …' or '5 người'."""
    number, dot = match.group(1), match.group(2)
    return bool(dot) or "." in number
