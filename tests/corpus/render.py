"""Render a corpus document (written as marked-up text) the way an office saves it.

A document is its header columns, its title, its body lines and its closing. Body lines
carry their numbers as written ("I. ", "1.1. ", "a) ", "- ", "Điều 3. "); tables are
lines starting with "|" (a cell "^" continues the cell above, "<" the cell on the left).

- ``.docx`` (python-docx): the numbers that Word would number itself become real Word
  numbering (abstract numbering definitions in numbering.xml, ``w:numPr`` on the
  paragraph, a new ``w:num`` with a start override where the written number is not the
  one Word would count to); the header and the closing are borderless two-column layout
  tables; data tables get real merged cells (``gridSpan``, ``vMerge``); the section header
  and footer carry a running title and a page number.
- ``.pdf`` (reportlab, the bundled fonts): the header and closing side by side, page
  numbers centred in the top margin from page 2 on, an optional running footer.
- ``.txt``: as copied out of Word, optionally decomposed (NFD) with hard line breaks.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FONTS = ROOT / "resources" / "fonts"


@dataclass
class Doc:
    name: str
    fmt: str  # docx, pdf, txt
    left: list[str]
    right: list[str]
    title: list[str]
    body: str
    recipients: list[str]
    signature: list[str]
    expect: dict[str, Any]
    auto: tuple[str, ...] = ()  # docx: which numbers Word numbers itself
    running: str = ""  # pdf/docx running header or footer text
    break_in_signature: bool = False  # pdf: a page break after the authority line
    nfd: bool = False  # txt: decomposed diacritics
    wrap: int = 0  # txt: hard line breaks at this width
    spaced_columns: bool = False  # txt: the two header columns on one line, spaces between
    tab_columns: bool = False  # txt: header and closing copied out of Word tables (tabs)
    options: dict[str, Any] = field(default_factory=dict)

    def body_lines(self) -> list[str]:
        return [line.strip() for line in self.body.strip().split("\n") if line.strip()]


# --- .txt ---------------------------------------------------------------------------


def render_txt(doc: Doc, target: Path) -> None:
    out: list[str] = []
    if doc.spaced_columns:
        width = max(len(x) for x in doc.left) + 8
        for i in range(max(len(doc.left), len(doc.right))):
            left = doc.left[i] if i < len(doc.left) else ""
            right = doc.right[i] if i < len(doc.right) else ""
            out.append(f"{left:^{width}}{right}".rstrip())
    elif doc.tab_columns:
        for i in range(max(len(doc.left), len(doc.right))):
            left = doc.left[i] if i < len(doc.left) else ""
            right = doc.right[i] if i < len(doc.right) else ""
            out.append(f"{left}\t{right}")
    else:
        out += [*doc.left, "", *doc.right]
    out.append("")
    out += [*doc.title, ""]
    for line in doc.body_lines():
        if line.startswith("|"):
            out.append("\t".join(c.strip().replace("^", "").replace("<", "")
                                 for c in line.strip("|").split("|")))
            continue
        if line == "[[PAGEBREAK]]":
            out += ["", "", ""]
            continue
        if doc.wrap and len(line) > doc.wrap:
            out += textwrap.wrap(line, doc.wrap)
        else:
            out.append(line)
        out.append("")
    if doc.tab_columns:
        left = ["Nơi nhận:", *doc.recipients]
        right = [*doc.signature[:-1], "", doc.signature[-1]]
        for i in range(max(len(left), len(right))):
            out.append(f"{left[i] if i < len(left) else ''}\t"
                       f"{right[i] if i < len(right) else ''}")
    else:
        out += [*doc.signature[:2], "", "", doc.signature[-1], ""]
        out += ["Nơi nhận:", *doc.recipients]
    text = "\n".join(out) + "\n"
    if doc.nfd:
        text = unicodedata.normalize("NFD", text)
    target.write_text(text, encoding="utf-8")


# --- .docx: numbering ---------------------------------------------------------------

# Each kind of written number, the list and level Word keeps it in, its format and text.
_AUTO = [  # (key, pattern, abstract, level, numFmt, lvlText)
    ("chuong", r"^(Chương) ([IVXL]+)\s*", "parts", 0, "upperRoman", "Chương %1"),
    ("dieu", r"^Điều (\d+)\.\s*", "articles", 0, "decimal", "Điều %1."),
    ("roman", r"^([IVXL]+)\.\s+", "outline", 0, "upperRoman", "%1."),
    ("sub", r"^(\d+)\.(\d+)\.\s+", "outline", 2, "decimal", "%2.%3."),
    ("decimal", r"^(\d+)\.\s+", "outline", 1, "decimal", "%2."),
    ("letter", r"^([a-z])\)\s+", "outline", 3, "lowerLetter", "%4)"),
    ("bullet", r"^-\s+", "bullets", 0, "bullet", "-"),
    ("plus", r"^\+\s+", "bullets", 1, "bullet", "+"),
]
_ABSTRACT_IDS = {"parts": 101, "articles": 102, "outline": 103, "bullets": 104}
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9,
          "X": 10}
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _written_value(key: str, match: re.Match[str]) -> int:
    if key in ("roman",):
        return _ROMAN[match.group(1)]
    if key == "chuong":
        return _ROMAN[match.group(2)]
    if key == "sub":
        return int(match.group(2))
    if key == "letter":
        return ord(match.group(1)) - ord("a") + 1
    if key in ("dieu", "decimal"):
        return int(match.group(1))
    return 0


class _Numbering:
    """Adds abstract numbering definitions and tracks what Word would count."""

    def __init__(self, document: Any):
        from docx.oxml import parse_xml

        self.parse_xml = parse_xml
        self.root = document.part.numbering_part.element
        self.nums: dict[str, int] = {}  # abstract name -> current numId
        self.counters: dict[str, list[int]] = {}
        self.next_num = 200
        levels: dict[str, list[tuple[int, str, str]]] = {}
        for _key, _pattern, abstract, level, fmt, text in _AUTO:
            levels.setdefault(abstract, []).append((level, fmt, text))
        for abstract, defined in levels.items():
            xml = [f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{_ABSTRACT_IDS[abstract]}">',
                   '<w:multiLevelType w:val="multilevel"/>']
            by_level = {level: (fmt, text) for level, fmt, text in defined}
            for level in range(4):
                fmt, text = by_level.get(level, ("decimal", f"%{level + 1}."))
                xml.append(f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/>'
                           f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
                           f'<w:suff w:val="space"/><w:lvlJc w:val="left"/></w:lvl>')
            xml.append("</w:abstractNum>")
            first_num = self.root.find(_w("num"))
            element = self.parse_xml("".join(xml))
            if first_num is not None:
                first_num.addprevious(element)
            else:
                self.root.append(element)
            self._new_num(abstract, None)

    def _new_num(self, abstract: str, override: tuple[int, int] | None) -> int:
        num_id = self.next_num
        self.next_num += 1
        inner = ""
        if override:
            level, start = override
            inner = (f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/>'
                     "</w:lvlOverride>")
        self.root.append(self.parse_xml(
            f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}"><w:abstractNumId '
            f'w:val="{_ABSTRACT_IDS[abstract]}"/>{inner}</w:num>'))
        self.nums[abstract] = num_id
        self.counters.setdefault(abstract, [0] * 9)  # the list goes on: one count per list
        return num_id

    def number(self, abstract: str, level: int, written: int) -> int:
        """The numId to give a paragraph at ``level`` that shows ``written``."""
        counters = self.counters[abstract]
        expected = counters[level] + 1
        if written and written != expected:  # Word would count otherwise: restart here
            self._new_num(abstract, (level, written))
        counters[level] = written or expected
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        return self.nums[abstract]


def _set_num(paragraph: Any, num_id: int, level: int) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    num_pr = p_pr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


# --- .docx ------------------------------------------------------------------------------


def _cell_paragraphs(cell: Any, lines: list[str], bold_first: bool = False) -> None:
    cell.paragraphs[0].text = ""
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = bold_first and index == 0
        paragraph.alignment = 1  # centred


def _layout_table(document: Any, left: list[str], right: list[str]) -> None:
    table = document.add_table(rows=1, cols=2)  # the default style has no borders
    _cell_paragraphs(table.cell(0, 0), left)
    _cell_paragraphs(table.cell(0, 1), right, bold_first=True)


def _data_table(document: Any, rows: list[list[str]]) -> None:
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, cells in enumerate(rows):
        for c in range(width):
            value = cells[c] if c < len(cells) else ""
            if value in ("^", "<"):
                continue
            table.cell(r, c).text = value
    # Merges after the text: "^" joins the cell above, "<" the cell on the left.
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            if value == "^":
                top = r - 1
                while rows[top][c] == "^":
                    top -= 1
                table.cell(top, c).merge(table.cell(r, c))
            elif value == "<":
                first = c - 1
                while rows[r][first] == "<":
                    first -= 1
                table.cell(r, first).merge(table.cell(r, c))


def render_docx(doc: Doc, target: Path) -> None:
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    section = document.sections[0]
    if doc.running:
        section.header.paragraphs[0].text = doc.running
        section.footer.paragraphs[0].text = "Trang 1"
    numbering = _Numbering(document)
    _layout_table(document, doc.left, doc.right)
    for line in doc.title:
        paragraph = document.add_paragraph()
        paragraph.add_run(line).bold = True
        paragraph.alignment = 1
    table_rows: list[list[str]] = []
    for line in [*doc.body_lines(), "<<end>>"]:
        if line.startswith("|"):
            table_rows.append([c.strip() for c in line.strip("|").split("|")])
            continue
        if table_rows:
            _data_table(document, table_rows)
            table_rows = []
        if line == "<<end>>":
            break
        if line == "[[PAGEBREAK]]":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            continue
        for key, pattern, abstract, level, _fmt, _text in _AUTO:
            match = re.match(pattern, line)
            if match and key in doc.auto:
                num_id = numbering.number(abstract, level, _written_value(key, match))
                paragraph = document.add_paragraph(line[match.end():])
                _set_num(paragraph, num_id, level)
                break
        else:
            document.add_paragraph(line)
    _layout_table(document, ["Nơi nhận:", *doc.recipients],
                  [*doc.signature[:-1], "", "", doc.signature[-1]])
    document.save(target)


# --- .pdf -------------------------------------------------------------------------------


def render_pdf(doc: Doc, target: Path) -> None:
    from xml.sax.saxutils import escape

    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import (
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    rl_config.invariant = 1  # the same bytes on every rebuild
    pdfmetrics.registerFont(TTFont("CorpusSerif", str(FONTS / "LiberationSerif-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("CorpusSerifBold", str(FONTS / "LiberationSerif-Bold.ttf")))
    pdfmetrics.registerFont(TTFont("CorpusSerifItalic",
                                   str(FONTS / "LiberationSerif-Italic.ttf")))
    body = ParagraphStyle("body", fontName="CorpusSerif", fontSize=13, leading=16,
                          spaceAfter=6, firstLineIndent=28, alignment=TA_JUSTIFY)
    centre = ParagraphStyle("centre", fontName="CorpusSerif", fontSize=13, leading=16,
                            alignment=TA_CENTER)
    bold_centre = ParagraphStyle("bc", parent=centre, fontName="CorpusSerifBold")
    italic_centre = ParagraphStyle("ic", parent=centre, fontName="CorpusSerifItalic")
    small = ParagraphStyle("small", fontName="CorpusSerif", fontSize=11, leading=13)
    cell = ParagraphStyle("cell", fontName="CorpusSerif", fontSize=11, leading=13)

    def columns(left: list[Any], right: list[Any]) -> Table:
        table = Table([[left, right]], colWidths=[75 * mm, 85 * mm])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        return table

    story: list[Any] = []
    left = [Paragraph(escape(x), bold_centre if i == 1 else centre)
            for i, x in enumerate(doc.left)]
    right = [Paragraph(escape(x), bold_centre if i == 0 else italic_centre)
             for i, x in enumerate(doc.right)]
    story.append(columns(left, right))
    story.append(Spacer(1, 12))
    for line in doc.title:
        story.append(Paragraph(escape(line), bold_centre))
    story.append(Spacer(1, 10))
    table_rows: list[list[str]] = []
    for line in [*doc.body_lines(), "<<end>>"]:
        if line.startswith("|"):
            table_rows.append([c.strip() for c in line.strip("|").split("|")])
            continue
        if table_rows:
            width = max(len(r) for r in table_rows)
            data = [[Paragraph(escape(r[c]) if c < len(r) and r[c] not in "^<" else "", cell)
                     for c in range(width)] for r in table_rows]
            widths = [12 * mm] + [(148 * mm) / (width - 1)] * (width - 1)
            table = Table(data, colWidths=widths)
            style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                     ("VALIGN", (0, 0), (-1, -1), "TOP")]
            for r, cells in enumerate(table_rows):
                for c, value in enumerate(cells):
                    if value == "^":
                        style.append(("SPAN", (c, r - 1), (c, r)))
            table.setStyle(TableStyle(style))
            story.append(table)
            story.append(Spacer(1, 8))
            table_rows = []
        if line == "<<end>>":
            break
        if line == "[[PAGEBREAK]]":
            story.append(PageBreak())
            continue
        is_heading = bool(re.match(r"^([IVX]+[.\-]|PHẦN|Phần thứ|CHƯƠNG|Chương)", line))
        story.append(Paragraph(escape(line), bold_centre if is_heading and line.isupper()
                               and len(line) < 60 and not re.match(r"^[IVX]+[.\-]", line)
                               else body))
    story.append(Spacer(1, 12))
    recipients = [Paragraph("<u>Nơi nhận:</u>", small)] + [
        Paragraph(escape(x), small) for x in doc.recipients]
    signature = [Paragraph(escape(x), bold_centre) for x in doc.signature[:-1]]
    name = Paragraph(escape(doc.signature[-1]), bold_centre)
    if doc.break_in_signature:
        story.append(columns([recipients[0]], signature[:1]))
        story.append(PageBreak())
        story.append(columns(recipients[1:], [*signature[1:], Spacer(1, 40), name]))
    else:
        story.append(columns(recipients, [*signature, Spacer(1, 40), name]))

    def first_page(canvas: Any, _doc: Any) -> None:
        running(canvas, _doc, number=False)

    def later_pages(canvas: Any, _doc: Any) -> None:
        running(canvas, _doc, number=True)

    def running(canvas: Any, template: Any, number: bool) -> None:
        canvas.saveState()
        canvas.setFont("CorpusSerif", 12)
        width, height = A4
        if number:
            canvas.drawCentredString(width / 2, height - 12 * mm, str(template.page))
        if doc.running:
            canvas.setFont("CorpusSerifItalic", 9)
            canvas.drawString(30 * mm, 10 * mm, doc.running)
        canvas.restoreState()

    SimpleDocTemplate(str(target), pagesize=A4, leftMargin=30 * mm, rightMargin=20 * mm,
                      topMargin=20 * mm, bottomMargin=20 * mm).build(
        story, onFirstPage=first_page, onLaterPages=later_pages)


def render(doc: Doc, folder: Path) -> Path:
    target = folder / f"{doc.name}.{doc.fmt}"
    {"txt": render_txt, "docx": render_docx, "pdf": render_pdf}[doc.fmt](doc, target)
    return target
