"""The text of a PDF in reading order, from the positions of its words (pdfplumber).

A printed Party document puts two things side by side: the header (superior, issuer,
"*", number on the left; "ĐẢNG CỘNG SẢN VIỆT NAM", place and date on the right) and the
closing (recipients on the left; authority, position and name on the right). Read line
by line across the page these come out mixed ("ĐẢNG BỘ … ĐẢNG CỘNG SẢN VIỆT NAM").
Here each text line is cut where a wide gap separates its words; a run of lines that
sit in the two halves of the page is a *column block*, written out left column first,
then the right column. A block that a page break cuts (the authority line at the
foot of one page, the signer on the next) is joined again.

Page furniture is dropped before anything else: page numbers and lines in the top or
bottom margin that repeat on several pages (a running title, a footer). Ruled tables
come out as tab-separated rows, as from a .docx.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ctrdesk.core.importing.lines import is_upper

_GAP = 18.0  # points between two words that no justified line of body text leaves
_MARGIN = 0.085  # the share of the page height at the top and at the bottom
_PAGE_NUMBER = re.compile(r"^[-–\s]*(?:trang|page)?\s*\d{1,3}(?:\s*/\s*\d{1,3})?[-–\s]*$",
                          re.IGNORECASE)
_STARTS_ELEMENT = re.compile(
    r"^(?:[IVXL]+[.\-–]|\d+(?:\.\d+)*[.)]|\(\d+\)|[a-zđ]\)|[-–•+]|PHỤ LỤC|Nơi nhận|Điều \d|"
    r"Chương [IVXL\d]|PHẦN|Phần thứ)")


@dataclass
class TextLine:
    top: float
    bottom: float
    x0: float
    x1: float
    segments: list[tuple[float, float, str]]  # (x0, x1, text) cut at wide gaps
    size: float = 0.0  # the largest font size on the line
    words: list[tuple[float, float, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(s[2] for s in self.segments)


@dataclass
class Block:
    left: list[str] = field(default_factory=list)
    right: list[str] = field(default_factory=list)


# One element of a page: a text line, a column block or a table row.
Element = tuple[str, Any, float, float]  # (kind, payload, top, bottom)


def _lines(words: list[dict[str, Any]]) -> list[TextLine]:
    words = sorted(words, key=lambda w: (round(w["top"]), w["x0"]))
    rows: list[list[dict[str, Any]]] = []
    for word in words:
        if rows and abs(rows[-1][0]["top"] - word["top"]) <= 2.5:
            rows[-1].append(word)
        else:
            rows.append([word])
    lines: list[TextLine] = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        segments: list[tuple[float, float, str]] = []
        for word in row:
            if segments and word["x0"] - segments[-1][1] < _GAP:
                x0, _x1, text = segments[-1]
                segments[-1] = (x0, word["x1"], f"{text} {word['text']}")
            else:
                segments.append((word["x0"], word["x1"], word["text"]))
        lines.append(TextLine(min(w["top"] for w in row), max(w["bottom"] for w in row),
                              row[0]["x0"], row[-1]["x1"], segments,
                              max(float(w.get("size") or 0) for w in row),
                              [(w["x0"], w["x1"], w["text"]) for w in row]))
    return lines


def furniture(pages: list[list[TextLine]], heights: list[float]) -> set[tuple[int, int]]:
    """(page, line) of page numbers, of running lines repeated in the margins and of
    small print in the margins (a running footer on a one-page document)."""
    found: set[tuple[int, int]] = set()
    sizes = sorted(line.size for lines in pages for line in lines if line.size)
    body_size = sizes[len(sizes) // 2] if sizes else 0.0
    seen: Counter[str] = Counter()
    marginal: list[tuple[int, int, str]] = []
    for page_index, (lines, height) in enumerate(zip(pages, heights, strict=True)):
        for line_index, line in enumerate(lines):
            if line.top > height * _MARGIN and line.bottom < height * (1 - _MARGIN):
                continue
            text = line.text.strip()
            if _PAGE_NUMBER.fullmatch(text) or (line.size and line.size < 0.8 * body_size):
                found.add((page_index, line_index))
                continue
            key = re.sub(r"\d+", "#", text.casefold())
            marginal.append((page_index, line_index, key))
    for key in {k for _p, _l, k in marginal}:
        seen[key] = len({p for p, _l, k in marginal if k == key})
    for page_index, line_index, key in marginal:
        if seen[key] >= 2:
            found.add((page_index, line_index))
    return found


def _half(line: TextLine, mid: float, width: float) -> str:
    """'left', 'right', 'split' (text in both halves) or 'full' (body text across the page,
    or a title centred on it). Centres decide, so a long name that reaches past the
    middle of the page still belongs to its column."""
    segments = line.segments
    if len(segments) >= 2 and (segments[0][0] + segments[0][1]) / 2 < mid \
            < (segments[-1][0] + segments[-1][1]) / 2:
        return "split"
    centre = (line.x0 + line.x1) / 2
    if line.x1 - line.x0 > 0.62 * width or abs(centre - mid) < 0.08 * width:
        return "full"
    return "left" if centre < mid else "right"


def _split_near_middle(line: TextLine, mid: float, width: float
                       ) -> list[tuple[float, float, str]] | None:
    """Two columns whose text nearly meets ("ĐẢNG ỦY VIỆN KIỂM SÁT NHÂN Thành phố Hồ Chí
    Minh, ngày …"): cut at the widest gap near the middle if it is clearly wider than the
    line's other gaps; a centred title ("NGHỊ QUYẾT") has none such and stays whole."""
    words = line.words
    if len(words) < 3:
        return None
    gaps = [(words[i + 1][0] - words[i][1], i) for i in range(len(words) - 1)]
    usual = sorted(g for g, _i in gaps)[len(gaps) // 2]
    near = [(g, i) for g, i in gaps if abs((words[i][1] + words[i + 1][0]) / 2 - mid)
            < 0.12 * width]
    if not near:
        return None
    gap, index = max(near)
    if gap < max(4.0, 1.6 * usual):
        return None
    left, right = words[: index + 1], words[index + 1:]
    return [(left[0][0], left[-1][1], " ".join(w[2] for w in left)),
            (right[0][0], right[-1][1], " ".join(w[2] for w in right))]


def _side(x0: float, x1: float, mid: float) -> bool:
    """Is a segment in the left column?"""
    return (x0 + x1) / 2 < mid


def page_elements(lines: list[TextLine], rows: list[tuple[float, float, list[str]]],
                  mid: float, width: float, header_until: float = 0.0) -> list[Element]:
    """Lines of one page (furniture removed) as text lines, column blocks and table rows.
    Above ``header_until`` (the top of the first page) a line may start a block even when
    its two columns nearly meet."""
    elements: list[Element] = []
    heights = sorted(line.bottom - line.top for line in lines) or [12.0]
    line_height = heights[len(heights) // 2]
    block: Block | None = None
    last_bottom = 0.0
    for line in lines:
        half = _half(line, mid, width)
        gap = line.top - last_bottom
        near_block = block is not None and gap < line_height * 4.5
        if half == "full" and (near_block or line.top < header_until):
            cut = _split_near_middle(line, mid, width)
            if cut:
                line = TextLine(line.top, line.bottom, line.x0, line.x1, cut, line.size)
                half = "split"
        if block is not None and half != "full" and gap < line_height * 4.5:
            for x0, x1, text in line.segments:
                (block.left if _side(x0, x1, mid) else block.right).append(text)
            kind, payload, top, _bottom = elements[-1]
            elements[-1] = (kind, payload, top, line.bottom)
            last_bottom = line.bottom
            continue
        block = None
        if half == "split":
            block = Block()
            for x0, x1, text in line.segments:
                (block.left if _side(x0, x1, mid) else block.right).append(text)
            elements.append(("block", block, line.top, line.bottom))
        else:
            elements.append(("line", line.text, line.top, line.bottom))
        last_bottom = line.bottom
    for top, bottom, cells in rows:
        elements.append(("row", cells, top, bottom))
    # Stable sort: the rows of a table share its top and keep their order.
    elements.sort(key=lambda e: (e[2], e[0] == "row"))
    return elements


def _paragraph_lines(elements: list[Element], line_height: float) -> list[str]:
    """Text lines joined into paragraphs (blank line between), blocks column by column."""
    out: list[str] = []
    previous: Element | None = None
    for element in elements:
        kind, payload, top, _bottom = element
        if kind == "block":
            out += ["", *payload.left, "", *payload.right, ""]
            previous = element
            continue
        text = payload if kind == "line" else "\t".join(payload)
        if previous is not None and kind == "line" and previous[0] == "line":
            gap = top - previous[3]
            if gap < line_height * 0.5 and not _STARTS_ELEMENT.match(text) \
                    and is_upper(text) == is_upper(previous[1]):
                out[-1] = f"{out[-1]} {text}"
                previous = element
                continue
        if previous is not None and not (kind == "row" and previous[0] == "row"):
            out.append("")
        out.append(text)
        previous = element
    return out


def assemble(pages: list[list[Element]], line_height: float) -> list[str]:
    """All pages in order; a column block cut by a page break is joined again."""
    for index in range(1, len(pages)):
        before, after = pages[index - 1], pages[index]
        if before and after and before[-1][0] == "block" and after[0][0] == "block":
            first: Block = after[0][1]
            last: Block = before[-1][1]
            last.left += first.left
            last.right += first.right
            del after[0]
    out: list[str] = []
    for elements in pages:
        out += _paragraph_lines(elements, line_height)
        out.append("")  # a page break: the parser rejoins split sentences
    return out


def _table_rows(table: Any) -> list[list[str]]:
    """Rows of a ruled table; a cell merged down over several rows gives its text to each
    row it covers (a cell merged across columns stays in its first column)."""
    texts = table.extract()
    boxes = [row.cells for row in table.rows]
    out: list[list[str]] = []
    for r, row in enumerate(texts):
        cells = [" ".join((cell or "").split()) for cell in row]
        for c, cell in enumerate(row):
            if cell is not None or r == 0 or r >= len(boxes) or c >= len(boxes[r]):
                continue
            top = next((b[1] for b in boxes[r] if b is not None), None)
            for above in range(r - 1, -1, -1):  # the cell above that reaches down here
                box = boxes[above][c] if c < len(boxes[above]) else None
                if box is not None:
                    if top is not None and box[3] > top + 1:
                        cells[c] = out[above][c]
                    break
        out.append(cells)
    return out


class PageError(Exception):
    """A page that could not be read; ``page`` counts from 1."""

    def __init__(self, page: int, cause: Exception):
        super().__init__(str(cause))
        self.page = page


def _read_page(page: Any) -> tuple[list[TextLine], list[tuple[float, float, list[str]]],
                                   list[dict[str, Any]]]:
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]

    def outside(obj: dict[str, Any]) -> bool:
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom
                       for x0, top, x1, bottom in boxes)

    text_page = page.filter(outside) if boxes else page
    words = text_page.extract_words(keep_blank_chars=False, use_text_flow=False,
                                    extra_attrs=["size"])
    rows = [(table.bbox[1], table.bbox[3], cells)
            for table in tables for cells in _table_rows(table) if any(cells)]
    return _lines(words), rows, words


def read_pages(pages: list[Any], progress: Any = None) -> tuple[list[str], int, int]:
    """The lines of every page; also the number of characters and of images found."""
    all_lines: list[list[TextLine]] = []
    all_rows: list[list[tuple[float, float, list[str]]]] = []
    heights: list[float] = []
    mids: list[float] = []
    widths: list[float] = []
    characters = 0
    images = 0
    for index, page in enumerate(pages):
        try:
            lines, rows, words = _read_page(page)
        except Exception as exc:  # pdfminer raises many kinds on damaged content streams
            raise PageError(index + 1, exc) from exc
        characters += sum(len(w["text"]) for w in words)
        characters += sum(len(c) for _top, _bottom, cells in rows for c in cells)
        images += len(page.images)
        all_lines.append(lines)
        all_rows.append(rows)
        heights.append(float(page.height))
        if lines:
            left, right = min(x.x0 for x in lines), max(x.x1 for x in lines)
            mids.append((left + right) / 2)
            widths.append(right - left)
        if progress:
            progress((index + 1) / len(pages))
    drop = furniture(all_lines, heights)
    mid = sorted(mids)[len(mids) // 2] if mids else 0.0
    width = sorted(widths)[len(widths) // 2] if widths else 1.0
    every = sorted(x.bottom - x.top for lines in all_lines for x in lines) or [12.0]
    line_height = every[len(every) // 2]
    elements = [
        page_elements([line for i, line in enumerate(lines) if (p, i) not in drop], rows,
                      mid, width, heights[p] * 0.25 if p == 0 else 0.0)
        for p, (lines, rows) in enumerate(zip(all_lines, all_rows, strict=True))
    ]
    return assemble(elements, line_height), characters, images
