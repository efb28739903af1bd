"""The body of a .docx as text lines, with Word's own numbering written out.

Word keeps the number of an automatically numbered paragraph out of its text: the
paragraph names a list (``w:numPr``: ``numId`` and level ``ilvl``) and numbering.xml says
how that level is counted and shown (``numFmt``, ``lvlText`` such as ``"%1.%2."`` or
``"Điều %1."``, ``start``, restarts and start overrides). This module counts the way Word
does and puts the number back in front of the text, so "1.1. …" reads the same whether
it was typed or numbered.

What comes out is what the parser reads for every format: one line per paragraph
(a blank line after it), data tables as tab-separated rows with merged cells resolved
(``gridSpan`` keeps one cell, ``vMerge`` repeats the merged text in each row it covers),
and layout tables (the two-column header and the closing) column by column: the left
column's lines, a blank line, the right column's lines. Headers and footers of the page
live in other parts of the package and are never read; deleted text of tracked changes
and field codes are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP = {f"{W}del", f"{W}moveFrom", f"{W}pPr", f"{W}rPr", f"{W}instrText", f"{W}delText",
         _MC_FALLBACK, f"{W}txbxContent", f"{W}footnoteReference", f"{W}commentReference"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _attr(element: Any, name: str = "val") -> str | None:
    if element is None:
        return None
    value = element.get(f"{W}{name}")
    return None if value is None else str(value)


# --- numbering ----------------------------------------------------------------------


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level only
    suffix: str = "tab"


_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def _roman(value: int) -> str:
    out = []
    for number, letters in _ROMAN:
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


def _letters(value: int) -> str:
    # Word: a..z, then aa..zz, then aaa..
    value = max(value, 1)
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


def format_number(value: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        text = _roman(value) if value > 0 else str(value)
        return text.upper() if fmt == "upperRoman" else text
    if fmt in ("upperLetter", "lowerLetter"):
        text = _letters(value)
        return text.upper() if fmt == "upperLetter" else text
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("none", "bullet"):
        return ""
    return str(value)  # decimal and anything Word knows that Vietnamese offices do not use


# Bullets drawn from Symbol or Wingdings fonts live in the private use area.
_BULLET_CHARS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "•", "\uf0fc": "•", "\uf076": "•",
                 "\uf02d": "-", "\uf0e8": "•", "\uf06e": "▪", "o": "◦", "": ""}


def _bullet(text: str) -> str:
    if text in _BULLET_CHARS:
        return _BULLET_CHARS[text]
    if len(text) == 1 and "\uf000" <= text <= "\uf0ff":
        inner = chr(ord(text) - 0xF000)
        return inner if inner in "-–+*•" else "•"
    return text.strip() or "•"


@dataclass
class Numbering:
    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> starts
    level_overrides: dict[str, dict[int, Level]] = field(default_factory=dict)
    style_num: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId -> num
    counters: dict[str, list[int | None]] = field(default_factory=dict)  # per list
    started: set[tuple[str, int]] = field(default_factory=set)  # overrides applied

    @classmethod
    def load(cls, numbering_xml: bytes | None, styles_xml: bytes | None) -> Numbering:
        numbering = cls()
        if numbering_xml:
            root = etree.fromstring(numbering_xml, _PARSER)
            for abstract in root.iterfind(f"{W}abstractNum"):
                levels: dict[int, Level] = {}
                for lvl in abstract.iterfind(f"{W}lvl"):
                    levels[int(_attr(lvl, "ilvl") or 0)] = _level(lvl)
                numbering.abstract[_attr(abstract, "abstractNumId") or ""] = levels
            for num in root.iterfind(f"{W}num"):
                num_id = _attr(num, "numId") or ""
                numbering.nums[num_id] = _attr(num.find(f"{W}abstractNumId")) or ""
                for override in num.iterfind(f"{W}lvlOverride"):
                    level = int(_attr(override, "ilvl") or 0)
                    start = _attr(override.find(f"{W}startOverride"))
                    if start is not None and start.lstrip("-").isdigit():
                        numbering.overrides.setdefault(num_id, {})[level] = int(start)
                    lvl = override.find(f"{W}lvl")
                    if lvl is not None:
                        numbering.level_overrides.setdefault(num_id, {})[level] = _level(lvl)
        if styles_xml:
            root = etree.fromstring(styles_xml, _PARSER)
            based: dict[str, str] = {}
            own: dict[str, tuple[str, int]] = {}
            for style in root.iterfind(f"{W}style"):
                style_id = _attr(style, "styleId") or ""
                parent = _attr(style.find(f"{W}basedOn"))
                if parent:
                    based[style_id] = parent
                num_pr = style.find(f"{W}pPr/{W}numPr")
                if num_pr is not None:
                    style_num = _attr(num_pr.find(f"{W}numId"))
                    if style_num:
                        style_level = _attr(num_pr.find(f"{W}ilvl")) or "0"
                        own[style_id] = (style_num,
                                         int(style_level) if style_level.isdigit() else 0)
            for style_id in set(based) | set(own):
                current: str | None = style_id
                seen: set[str] = set()
                while current and current not in own and current not in seen:
                    seen.add(current)
                    current = based.get(current)
                if current in own:
                    numbering.style_num[style_id] = own[current]
        return numbering

    def level(self, num_id: str, ilvl: int) -> Level | None:
        override = self.level_overrides.get(num_id, {}).get(ilvl)
        if override:
            return override
        abstract = self.abstract.get(self.nums.get(num_id, ""))
        return abstract.get(ilvl) if abstract else None

    def render(self, num_id: str, ilvl: int) -> str:
        """Count one more paragraph at this level and return its number as shown."""
        if num_id == "0" or num_id not in self.nums:
            return ""
        level = self.level(num_id, ilvl)
        if level is None:
            return ""
        # Lists that share an abstract definition share their counters (Word continues
        # them) unless the num restarts a level with a start override, once.
        key = self.nums[num_id]
        counters = self.counters.setdefault(key, [None] * 9)
        start = self.overrides.get(num_id, {}).get(ilvl)
        if start is not None and (num_id, ilvl) not in self.started:
            self.started.add((num_id, ilvl))
            counters[ilvl] = start - 1
        current = counters[ilvl]
        counters[ilvl] = (level.start if current is None else current + 1)
        for deeper in range(ilvl + 1, 9):
            if counters[deeper] is None:
                continue
            deeper_level = self.level(num_id, deeper)
            if deeper_level is None or deeper_level.restart is None \
                    or deeper_level.restart > ilvl:
                counters[deeper] = None
        if level.fmt == "bullet":
            return _bullet(level.text)

        def value(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            shown = self.level(num_id, index) or Level()
            count = counters[index] if 0 <= index < 9 else None
            return format_number(shown.start if count is None else count, shown.fmt)

        return _PLACEHOLDER.sub(value, level.text)


_PLACEHOLDER = re.compile(r"%([1-9])")


def _level(lvl: Any) -> Level:
    start = _attr(lvl.find(f"{W}start"))
    restart = _attr(lvl.find(f"{W}lvlRestart"))
    return Level(
        fmt=_attr(lvl.find(f"{W}numFmt")) or "decimal",
        text=_attr(lvl.find(f"{W}lvlText")) or "",
        start=int(start) if start and start.lstrip("-").isdigit() else 1,
        restart=int(restart) if restart and restart.isdigit() else None,
        suffix=_attr(lvl.find(f"{W}suff")) or "tab",
    )


# --- paragraphs ---------------------------------------------------------------------------


def _runs_text(element: Any, out: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == f"{W}t":
            out.append(child.text or "")
        elif tag in (f"{W}tab", f"{W}ptab"):
            out.append(" ")  # a tab inside a paragraph is spacing, not a table cell
        elif tag in (f"{W}br", f"{W}cr"):
            out.append("\n")
        elif tag == f"{W}noBreakHyphen":
            out.append("-")
        elif tag == f"{W}sym":
            char = _attr(child, "char")
            if char and re.fullmatch(r"[0-9A-Fa-f]{1,6}", char):
                out.append(_bullet(chr(int(char, 16))))
        elif tag == f"{W}p":  # a paragraph nested in a run container (rare)
            _runs_text(child, out)
            out.append("\n")
        else:
            _runs_text(child, out)


_TEXT_TAGS = (f"{W}t", f"{W}tab", f"{W}ptab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen",
              f"{W}sym")
_RARE_TAGS = (f"{W}del", f"{W}moveFrom", _MC_FALLBACK, f"{W}txbxContent")


def _text_of(p: Any) -> str:
    """A paragraph's text. Most paragraphs hold only runs: their text elements are taken
    in one pass; one with tracked deletions, drawings or text boxes is walked in full."""
    if next(p.iter(*_RARE_TAGS), None) is not None:
        parts: list[str] = []
        _runs_text(p, parts)
        return "".join(parts)
    out: list[str] = []
    for element in p.iter(*_TEXT_TAGS):
        tag = element.tag
        if tag == f"{W}t":
            out.append(element.text or "")
        elif tag in (f"{W}br", f"{W}cr"):
            out.append("\n")
        elif tag == f"{W}noBreakHyphen":
            out.append("-")
        elif tag == f"{W}sym":
            char = _attr(element, "char")
            if char and re.fullmatch(r"[0-9A-Fa-f]{1,6}", char):
                out.append(_bullet(chr(int(char, 16))))
        else:
            out.append(" ")  # a tab inside a paragraph is spacing, not a table cell
    return "".join(out)


def paragraph_text(p: Any, numbering: Numbering) -> str:
    text = _text_of(p)
    p_pr = p.find(f"{W}pPr")
    num_id: str | None = None
    ilvl = 0
    if p_pr is not None:
        num_pr = p_pr.find(f"{W}numPr")
        style = _attr(p_pr.find(f"{W}pStyle"))
        if style and style in numbering.style_num:
            num_id, ilvl = numbering.style_num[style]
        if num_pr is not None:
            num_id = _attr(num_pr.find(f"{W}numId")) or num_id
            written = _attr(num_pr.find(f"{W}ilvl"))
            if written is not None and written.isdigit():
                ilvl = int(written)
    if num_id is not None:
        # Word shows the number of an empty numbered paragraph ("Chương I" above its
        # title) but not the bullet of an empty bulleted one.
        shown = numbering.level(num_id, ilvl)
        if text.strip() or (shown is not None and shown.fmt != "bullet"):
            number = numbering.render(num_id, ilvl)
            if number:
                return f"{number} {text.lstrip()}".rstrip()
    return text


# --- tables ---------------------------------------------------------------------------------


def _cell_lines(tc: Any, numbering: Numbering) -> list[str]:
    lines: list[str] = []
    for child in tc:
        if child.tag == f"{W}p":
            lines.extend(paragraph_text(child, numbering).split("\n"))
        elif child.tag == f"{W}tbl":  # a table inside a cell: its text, row by row
            for row in _grid(child, numbering):
                lines.append(" ".join(" ".join(cell) for cell in row if cell))
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                lines.extend(_cell_lines(content, numbering))
    return lines


def _grid(tbl: Any, numbering: Numbering) -> list[list[list[str]]]:
    """Rows of cells (each cell its lines), merged cells resolved on the table's grid."""
    rows: list[list[list[str]]] = []
    spans: list[list[int]] = []
    for tr in tbl.iterfind(f"{W}tr"):
        row: list[list[str]] = []
        columns: list[int] = []
        column = 0
        for tc in tr.iterfind(f"{W}tc"):
            tc_pr = tc.find(f"{W}tcPr")
            span = 1
            merge: str | None = None
            if tc_pr is not None:
                grid_span = _attr(tc_pr.find(f"{W}gridSpan"))
                span = int(grid_span) if grid_span and grid_span.isdigit() else 1
                v_merge = tc_pr.find(f"{W}vMerge")
                if v_merge is not None:
                    merge = _attr(v_merge) or "continue"
            lines = _cell_lines(tc, numbering)
            if merge == "continue" and rows:
                above = _cell_at(rows[-1], spans[-1], column)
                lines = list(above) if above is not None else lines
            row.append(lines)
            columns.append(column)
            # A cell spanning grid columns keeps the others empty: columns stay aligned
            # with the header's ("I | CÔNG TÁC XÂY DỰNG ĐẢNG" over four columns).
            for extra in range(1, span):
                row.append([])
                columns.append(column + extra)
            column += span
        rows.append(row)
        spans.append(columns)
    return rows


def _cell_at(row: list[list[str]], columns: list[int], column: int) -> list[str] | None:
    for cell, start in zip(row, columns, strict=True):
        if start == column:
            return cell
    return None


_LAYOUT_MARKS = re.compile(
    r"^(?:ĐẢNG CỘNG SẢN VIỆT NAM|Nơi nhận|T/M |K/T |T/L |T/UQ |TM\. |KT\. |Số\s*:?\s*\d)",
    re.IGNORECASE)


def _is_layout(rows: list[list[list[str]]], seen_body_text: bool) -> bool:
    """A borderless two-column block of the header or the closing, not a data table."""
    width = max((len(r) for r in rows), default=0)
    if width > 3 or len(rows) > 4:
        return False
    if not seen_body_text:
        return True
    return any(_LAYOUT_MARKS.match(line.strip())
               for row in rows for cell in row for line in cell)


def read_body(document_xml: bytes, numbering: Numbering) -> list[str]:
    root = etree.fromstring(document_xml, _PARSER)
    body = root.find(f"{W}body")
    lines: list[str] = []
    if body is None:
        return lines
    seen_body_text = False

    def walk(container: Any) -> None:
        nonlocal seen_body_text
        for element in container:
            tag = element.tag
            if tag == f"{W}p":
                text = paragraph_text(element, numbering)
                lines.extend(text.split("\n"))
                lines.append("")
                seen_body_text = seen_body_text or bool(text.strip())
            elif tag == f"{W}tbl":
                rows = _grid(element, numbering)
                if _is_layout(rows, seen_body_text):
                    width = max(len(r) for r in rows)
                    for column in range(width):
                        for row in rows:
                            if column < len(row):
                                lines.extend(row[column])
                        lines.append("")
                else:
                    for row in rows:
                        lines.append("\t".join(
                            " ".join(x.strip() for x in cell if x.strip()).replace("\t", " ")
                            for cell in row))
                    lines.append("")
            elif tag in (f"{W}sdt", f"{W}customXml", f"{W}ins", f"{W}smartTag"):
                content = element.find(f"{W}sdtContent")
                walk(content if content is not None else element)

    walk(body)
    return lines


def docx_lines(package: Any) -> list[str]:
    """``package`` is an open zipfile of the .docx."""
    names = set(package.namelist())

    def part(name: str) -> bytes | None:
        return package.read(name) if name in names else None

    numbering = Numbering.load(part("word/numbering.xml"), part("word/styles.xml"))
    return read_body(package.read("word/document.xml"), numbering)
