"""The same document as a .docx a Party office can finish in Word: the fonts, sizes and
emphasis of the PDF, the header in a borderless two-column table, "-----", justified body
with first-line indents, page numbers from page 2 (a PAGE field in the header), table
header rows repeated on each page, the PDF's column widths, landscape sections where the
PDF has them, "DỰ THẢO", every appendix, every signature block, document language vi-VN.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from ctrdesk.core.documents.layout import (
    BODY_SIZE,
    FIRST_LINE_INDENT,
    HEADER_SIZE,
    LANDSCAPE_TEXT_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    TEXT_WIDTH,
    TYPE_SIZE,
)
from ctrdesk.core.documents.model import (
    Bullet,
    Document,
    Heading,
    Para,
    Signature,
    TableBlock,
    closed_body,
    heading_text,
    nfc,
    number_line,
    recipient_lines,
)
from ctrdesk.core.documents.tables import TABLE_SIZE, column_widths
from ctrdesk.core.files import write_whole
from ctrdesk.core.i18n import format_party_date

FONT_NAME = "Times New Roman"
LANGUAGE = "vi-VN"
BODY_LEADING = BODY_SIZE * 1.3  # as in the PDF
CELL_LEADING = TABLE_SIZE * 1.2


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(tag))


def _element(tag: str, **attributes: str) -> Any:
    from docx.oxml import OxmlElement

    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(_qn(f"w:{name}"), value)
    return element


def _set_fonts(run_properties: Any) -> None:
    """Times New Roman for every script and Vietnamese as the language, so Word neither
    substitutes the font nor underlines every word as misspelled."""
    fonts = run_properties.find(_qn("w:rFonts"))
    if fonts is None:
        fonts = _element("w:rFonts")
        run_properties.insert(0, fonts)
    for attribute in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(_qn(f"w:{attribute}"), FONT_NAME)
    language = run_properties.find(_qn("w:lang"))
    if language is None:
        language = _element("w:lang")
        run_properties.append(language)
    for attribute in ("val", "eastAsia", "bidi"):
        language.set(_qn(f"w:{attribute}"), LANGUAGE)


class _Writer:
    def __init__(self) -> None:
        import docx

        self.out = docx.Document()
        self.styles()

    # --- set-up ----------------------------------------------------------------------------

    def styles(self) -> None:
        from docx.shared import Pt

        styles = self.out.styles
        normal = styles["Normal"]
        normal.font.name, normal.font.size = FONT_NAME, Pt(BODY_SIZE)
        _set_fonts(normal.element.get_or_add_rPr())
        defaults = styles.element.find(_qn("w:docDefaults"))
        if defaults is not None:
            run_defaults = defaults.find(_qn("w:rPrDefault"))
            if run_defaults is not None:
                properties = run_defaults.find(_qn("w:rPr"))
                if properties is not None:
                    _set_fonts(properties)
        paragraph = normal.paragraph_format
        paragraph.space_before, paragraph.space_after = Pt(0), Pt(0)
        self.out.core_properties.language = LANGUAGE

    def page(self, section: Any, landscape: bool) -> None:
        from docx.enum.section import WD_ORIENT
        from docx.shared import Pt

        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        width, height = Pt(595.2756), Pt(841.8898)
        section.page_width, section.page_height = (height, width) if landscape else (width,
                                                                                     height)
        section.top_margin, section.bottom_margin = Pt(MARGIN_TOP), Pt(MARGIN_BOTTOM)
        section.left_margin, section.right_margin = Pt(MARGIN_LEFT), Pt(MARGIN_RIGHT)
        section.header_distance = Pt(MARGIN_TOP / 2 - 6)

    def page_numbers(self) -> None:
        """A centred PAGE field in the header from page 2; the first page has none."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        section = self.out.sections[0]
        section.different_first_page_header_footer = True
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run()
        run.font.size = Pt(13)
        run._r.append(_element("w:fldChar", fldCharType="begin"))
        instruction = _element("w:instrText")
        instruction.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        instruction.text = " PAGE "
        run._r.append(instruction)
        run._r.append(_element("w:fldChar", fldCharType="separate"))
        number = paragraph.add_run("2")
        number.font.size = Pt(13)
        end = paragraph.add_run()
        end._r.append(_element("w:fldChar", fldCharType="end"))

    # --- text ------------------------------------------------------------------------------

    def paragraph(self, text: str = "", *, container: Any = None, size: float = BODY_SIZE,
                  bold: bool = False, italic: bool = False, underline: bool = False,
                  align: str = "left", indent: bool = False, after: float = 0,
                  before: float = 0, leading: float | None = None,
                  keep_with_next: bool = False) -> Any:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        target = container if container is not None else self.out
        paragraph = target.add_paragraph()
        paragraph.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT,
                               "centre": WD_ALIGN_PARAGRAPH.CENTER,
                               "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
                               "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
        form = paragraph.paragraph_format
        form.space_after, form.space_before = Pt(after), Pt(before)
        form.line_spacing = Pt(leading or size * 1.15)
        if indent:
            form.first_line_indent = Pt(FIRST_LINE_INDENT)
        if keep_with_next:
            form.keep_with_next = True
        for chunk, chunk_bold, chunk_italic in _runs(text):
            run = paragraph.add_run(nfc(chunk))
            run.font.size = Pt(size)
            run.bold = bold or chunk_bold or None
            run.italic = italic or chunk_italic or None
            if underline:
                run.underline = True
        return paragraph

    def header(self, doc: Document) -> None:
        if doc.draft:
            self.paragraph(doc.draft.upper(), size=13, bold=True, align="centre")
        table = self.borderless([TEXT_WIDTH * 0.45, TEXT_WIDTH * 0.55])
        left, right = table.rows[0].cells
        lines: list[tuple[str, bool]] = []
        if doc.superior:
            lines.append((doc.superior.upper(), False))
        lines += [(doc.issuer.upper(), True), ("*", False), (number_line(doc), False)]
        for text, bold in lines:
            self.paragraph(text, container=left, size=HEADER_SIZE, bold=bold, align="centre")
        for mark in (doc.secrecy, doc.urgency):
            if mark:
                framed = self.paragraph(mark.upper(), container=left, size=13, bold=True,
                                        align="centre", before=3)
                _frame_paragraph(framed)
        self.paragraph("ĐẢNG CỘNG SẢN VIỆT NAM", container=right, size=TYPE_SIZE, bold=True,
                       underline=True, align="centre", after=4)
        self.paragraph(format_party_date(doc.date, doc.place), container=right,
                       size=HEADER_SIZE, italic=True, align="centre")
        for cell in (left, right):
            _drop_first_empty(cell)
        self.paragraph(doc.doc_type.upper(), size=TYPE_SIZE, bold=True, align="centre",
                       before=14)
        if doc.summary:
            self.paragraph(doc.summary, bold=True, align="centre", leading=17)
        self.paragraph("-----", align="centre", after=8)

    def blocks(self, blocks: list[Any], landscape: bool = False) -> None:
        turned = False  # headings leading to a landscape table went onto its pages
        for n, block in enumerate(blocks):
            following = blocks[n + 1] if n + 1 < len(blocks) else None
            if not landscape and not turned and _leads_to_landscape(blocks, n):
                self.section(landscape=True)
                turned = True
            if isinstance(block, Heading):
                level = min(max(block.level, 1), 3)
                self.paragraph(heading_text(block), bold=True, italic=level == 3,
                               align="left" if level == 1 else "justify", indent=True,
                               before=6 if level == 1 else 0, after=6, leading=BODY_LEADING,
                               keep_with_next=True)
            elif isinstance(block, Para | Bullet):
                text = ("- " if isinstance(block, Bullet) else "") + block.text
                indent = isinstance(block, Bullet) or block.indent
                self.paragraph(text, align="justify", indent=indent, after=6,
                               leading=BODY_LEADING)
            elif isinstance(block, TableBlock):
                if block.landscape and not landscape:
                    if not turned:
                        self.section(landscape=True)
                    turned = False
                    self.table(block, LANDSCAPE_TEXT_WIDTH)
                    if following is not None:
                        self.section(landscape=False)
                else:
                    self.table(block, LANDSCAPE_TEXT_WIDTH if landscape else TEXT_WIDTH)
            else:
                raise TypeError(f"unknown block {block!r}")

    def section(self, landscape: bool) -> None:
        from docx.enum.section import WD_SECTION

        section = self.out.add_section(WD_SECTION.NEW_PAGE)
        self.page(section, landscape)

    def table(self, block: TableBlock, width: float) -> None:
        from docx.shared import Pt

        if block.title:
            self.paragraph(block.title, bold=True, align="justify", after=6)
        widths = column_widths(block, width)
        table = self.out.add_table(rows=1, cols=len(widths))
        table.style = "Table Grid"
        _fixed_widths(table, widths)
        header = table.rows[0]
        _repeat_header(header)
        for cell, text in zip(header.cells, block.header, strict=True):
            self.cell(cell, text, bold=True, align="centre")
        groups = set(block.group_rows)
        for index, values in enumerate(block.rows):
            row = table.add_row()
            _row_widths(row, widths)
            _keep_row_together(row)  # as in the PDF, a row moves whole to the next page
            if index in groups:
                merged = row.cells[0].merge(row.cells[-1])
                self.cell(merged, " ".join(str(v) for v in values if str(v).strip()),
                          bold=True)
                for paragraph in merged.paragraphs:  # a group heading never ends a page
                    paragraph.paragraph_format.keep_with_next = True
                continue
            cells = list(values) + [""] * (len(widths) - len(values))
            for n, (cell, text) in enumerate(zip(row.cells, cells, strict=False)):
                self.cell(cell, str(text), align="centre" if n == 0 else "left")
        spacer = self.paragraph("", size=6)
        spacer.paragraph_format.line_spacing = Pt(6)

    def cell(self, cell: Any, text: str, *, bold: bool = False, align: str = "left") -> None:
        lines = text.split("\n") or [""]
        for line in lines:
            self.paragraph(line, container=cell, size=TABLE_SIZE, bold=bold, align=align,
                           leading=CELL_LEADING)
        _drop_first_empty(cell)

    def borderless(self, widths: list[float]) -> Any:
        table = self.out.add_table(rows=1, cols=len(widths))
        _fixed_widths(table, widths)
        _no_borders(table)
        return table

    def closing(self, doc: Document) -> None:
        from docx.shared import Pt

        spacer = self.paragraph("", size=10, keep_with_next=True)
        spacer.paragraph_format.line_spacing = Pt(10)
        table = self.borderless([TEXT_WIDTH * 0.5, TEXT_WIDTH * 0.5])
        left, right = table.rows[0].cells
        _keep_row_together(table.rows[0])
        if doc.left_signature:
            self.signature(left, doc.left_signature)
        elif doc.recipients:
            self.paragraph("Nơi nhận:", container=left, size=14, bold=True, italic=True,
                           underline=True, leading=16)
            for line in recipient_lines(doc.recipients):
                self.paragraph(line, container=left, size=12, leading=14)
        if doc.signature:
            self.signature(right, doc.signature)
        for cell in (left, right):
            _drop_first_empty(cell)

    def signature(self, cell: Any, signature: Signature) -> None:
        from docx.shared import Pt

        for line in (signature.authority, signature.position):
            if line:
                self.paragraph(line.upper(), container=cell, bold=True, align="centre",
                               leading=17)
        space = self.paragraph("", container=cell)
        space.paragraph_format.line_spacing = Pt(28 * 72 / 25.4)  # the signature and seal
        self.paragraph(signature.name, container=cell, bold=True, align="centre", leading=17)

    def appendices(self, doc: Document) -> None:
        """Each appendix from a new page (a landscape section when its tables are wide)."""
        for appendix in doc.appendices:
            landscape = any(isinstance(b, TableBlock) and b.landscape
                            for b in appendix.blocks)
            self.section(landscape)
            self.paragraph(appendix.label.upper(), bold=True, align="centre", leading=17)
            self.paragraph(appendix.title, bold=True, align="centre", leading=17)
            if appendix.reference:
                self.paragraph(appendix.reference, size=13, italic=True, align="centre",
                               after=10)
            self.blocks(appendix.blocks, landscape=landscape)

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.out.save(buffer)
        return buffer.getvalue()


def _leads_to_landscape(blocks: list[Any], index: int) -> bool:
    """Whether the block at ``index`` is a heading that leads (through headings) to a
    landscape table: the headings go with the table onto its landscape pages."""
    if not isinstance(blocks[index], Heading) or (index > 0
                                                 and isinstance(blocks[index - 1], Heading)):
        return False
    for block in blocks[index:]:
        if not isinstance(block, Heading):
            return isinstance(block, TableBlock) and block.landscape
    return False


def _runs(text: str) -> list[tuple[str, bool, bool]]:
    """Text with inline <b>/<i> as runs (text, bold, italic)."""
    out: list[tuple[str, bool, bool]] = []
    bold = italic = False
    for piece in re.split(r"(</?[bi]>)", text):
        if piece in ("<b>", "</b>"):
            bold = piece == "<b>"
        elif piece in ("<i>", "</i>"):
            italic = piece == "<i>"
        elif piece:
            out.append((piece.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"),
                        bold, italic))
    return out or [("", False, False)]


def _twips(points: float) -> str:
    return str(round(points * 20))


def _fixed_widths(table: Any, widths: list[float]) -> None:
    """Column widths as in the PDF, kept by Word and LibreOffice (fixed layout)."""
    from docx.shared import Pt

    table.autofit = False
    properties = table._tbl.tblPr
    layout = properties.find(_qn("w:tblLayout"))
    if layout is None:
        layout = _element("w:tblLayout")
        properties.append(layout)
    layout.set(_qn("w:type"), "fixed")
    width = properties.find(_qn("w:tblW"))
    if width is None:
        width = _element("w:tblW")
        properties.append(width)
    width.set(_qn("w:w"), _twips(sum(widths)))
    width.set(_qn("w:type"), "dxa")
    grid = table._tbl.tblGrid
    for column, value in zip(grid.findall(_qn("w:gridCol")), widths, strict=True):
        column.set(_qn("w:w"), _twips(value))
    for column, value in zip(table.columns, widths, strict=True):
        column.width = Pt(value)
    for row in table.rows:
        _row_widths(row, widths)


def _row_widths(row: Any, widths: list[float]) -> None:
    from docx.shared import Pt

    for cell, value in zip(row.cells, widths, strict=True):
        cell.width = Pt(value)


def _repeat_header(row: Any) -> None:
    """The header row repeated at the top of each page (w:tblHeader)."""
    properties = row._tr.get_or_add_trPr()
    properties.append(_element("w:tblHeader", val="true"))


def _keep_row_together(row: Any) -> None:
    row._tr.get_or_add_trPr().append(_element("w:cantSplit", val="true"))


def _no_borders(table: Any) -> None:
    properties = table._tbl.tblPr
    borders = _element("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_element(f"w:{side}", val="nil"))
    properties.append(borders)
    margins = _element("w:tblCellMar")
    for side in ("left", "right"):
        margins.append(_element(f"w:{side}", w="0", type="dxa"))
    properties.append(margins)


def _frame_paragraph(paragraph: Any) -> None:
    """A secrecy or urgency mark in a frame (paragraph borders)."""
    properties = paragraph._p.get_or_add_pPr()
    borders = _element("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        borders.append(_element(f"w:{side}", val="single", sz="6", space="1", color="000000"))
    properties.append(borders)
    indent = _element("w:ind", left="900", right="900")
    properties.append(indent)


def _drop_first_empty(cell: Any) -> None:
    """A new cell holds an empty paragraph: the first of ours replaces it."""
    paragraphs = cell.paragraphs
    if len(paragraphs) > 1 and not paragraphs[0].text and not paragraphs[0].runs:
        paragraphs[0]._p.getparent().remove(paragraphs[0]._p)


def docx_bytes(document: Document) -> bytes:
    writer = _Writer()
    writer.page(writer.out.sections[0], landscape=False)
    writer.page_numbers()
    writer.header(document)
    body = closed_body(document.body)
    writer.blocks(body)
    last = [b for b in body if not isinstance(b, TableBlock)]
    if last and writer.out.paragraphs:  # the last lines of the body keep with the closing
        writer.out.paragraphs[-1].paragraph_format.keep_with_next = True
    writer.closing(document)
    writer.appendices(document)
    writer.out.core_properties.title = nfc(document.title or document.doc_type)
    writer.out.core_properties.author = nfc(document.issuer)
    return writer.save()


def export_docx(document: Document, target: str | Path) -> None:
    """The same content as a .docx, for users who must finish it by hand in Word."""
    write_whole(target, docx_bytes(document))
