"""The one layout engine for Party documents (Hướng dẫn 36-HD/VPTW), on reportlab platypus.

Every document kind describes its content as a :class:`Document` (see
:mod:`ctrdesk.core.documents.model`); this module alone knows how a Party document looks
as a PDF: A4 with the guide's margins, the two-column header, the type and summary, the
body, tables with repeated headers (on landscape pages when wide), the signature block
beside the recipients, page numbers from page 2, marks, drafts and appendices. Nothing is
ever cut: every cell and paragraph wraps; headings keep with what follows them and the
signature block with the last lines of the body. The bundled Liberation Serif
(metric-compatible with Times New Roman) is embedded, subset, in every PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ctrdesk.core.documents.fonts import FONT, register_fonts
from ctrdesk.core.documents.model import (
    CLOSING_MARK,
    Appendix,
    Bullet,
    Document,
    Heading,
    Para,
    Signature,
    SignatureSlot,
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

__all__ = ["Appendix", "Bullet", "Document", "Heading", "Para", "Rendered", "Signature",
           "SignatureSlot", "TableBlock", "nfc", "register_fonts", "render", "render_slots"]

MM = 72 / 25.4  # points per millimetre

# The guide's page: A4 portrait; margins top 20–25, bottom 20–25, left 30–35, right 15–20 mm.
PAGE_WIDTH, PAGE_HEIGHT = 210 * MM, 297 * MM
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20 * MM, 20 * MM, 30 * MM, 15 * MM
BODY_SIZE, HEADER_SIZE, TYPE_SIZE = 14, 14, 15
FIRST_LINE_INDENT = 12.7 * MM  # 1.27 cm
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
LANDSCAPE_TEXT_WIDTH = PAGE_HEIGHT - MARGIN_LEFT - MARGIN_RIGHT
SIGNATURE_HEIGHT = 28 * MM
INITIALS_BOX = (30 * MM, 9 * MM)
DRAFT_KEYWORD = "ctrdesk:draft"  # in the PDF's metadata: a draft is never signed


@dataclass
class Rendered:
    pdf: bytes
    slots: dict[str, SignatureSlot]  # by role: signatory, recorder, initials
    pages: int


def _styles() -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    font = register_fonts()
    bold, italic = f"{font}-Bold", f"{font}-Italic"
    base = ParagraphStyle("base", fontName=font, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.3)

    def style(name: str, **values: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **values)

    centred = {"alignment": TA_CENTER}
    return {
        "header": style("hl", fontSize=HEADER_SIZE, leading=HEADER_SIZE * 1.15, **centred),
        "party": style("party", fontName=bold, fontSize=TYPE_SIZE, leading=TYPE_SIZE * 1.15,
                       **centred),
        "date": style("date", fontName=italic, fontSize=HEADER_SIZE, **centred),
        "type": style("type", fontName=bold, fontSize=TYPE_SIZE, spaceBefore=14,
                      leading=TYPE_SIZE * 1.2, **centred),
        "summary": style("summary", fontName=bold, fontSize=14, leading=17, **centred),
        "rule": style("rule", fontSize=14, leading=16, spaceAfter=8, **centred),
        "body": style("body", alignment=TA_JUSTIFY, firstLineIndent=FIRST_LINE_INDENT,
                      spaceAfter=6),
        "body_flat": style("body_flat", alignment=TA_JUSTIFY, spaceAfter=6),
        "h1": style("h1", fontName=bold, alignment=TA_LEFT, firstLineIndent=FIRST_LINE_INDENT,
                    spaceBefore=6, spaceAfter=6),
        "h2": style("h2", fontName=bold, alignment=TA_JUSTIFY,
                    firstLineIndent=FIRST_LINE_INDENT, spaceAfter=6),
        "h3": style("h3", fontName=f"{font}-BoldItalic", alignment=TA_JUSTIFY,
                    firstLineIndent=FIRST_LINE_INDENT, spaceAfter=6),
        "cell": style("cell", fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.2),
        "cell_centre": style("cell_c", fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.2,
                             **centred),
        "cell_head": style("cell_head", fontName=bold, fontSize=TABLE_SIZE,
                           leading=TABLE_SIZE * 1.2, **centred),
        "cell_group": style("cell_group", fontName=bold, fontSize=TABLE_SIZE,
                            leading=TABLE_SIZE * 1.2),
        "sign": style("sign", fontName=bold, fontSize=14, leading=17, **centred),
        "recipients_title": style("rt", fontName=f"{font}-BoldItalic", fontSize=14,
                                  leading=16),
        "recipient": style("rc", fontSize=12, leading=14),
        "mark": style("mark", fontName=bold, fontSize=13, **centred),
        "appendix": style("appx", fontName=bold, fontSize=14, leading=17, **centred),
        "reference": style("ref", fontName=italic, fontSize=13, spaceAfter=10, **centred),
    }


def _p(text: str, style: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(nfc(text), style)


def _plain(text: str) -> str:
    return escape(nfc(text))


def _two_columns(left: list[Any], right: list[Any], widths: list[float]) -> Any:
    """A borderless two-column frame (the header, the signature block beside the
    recipients): the columns' contents set flush to their edges."""
    from reportlab.platypus import Table, TableStyle

    table = Table([[left, right]], colWidths=widths)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _underlined(text: str, style: Any) -> Any:
    """ "ĐẢNG CỘNG SẢN VIỆT NAM" with a solid rule under it exactly as long as the words."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Flowable

    class Underlined(Flowable):
        def __init__(self) -> None:
            super().__init__()
            self.text = nfc(text)
            self.font, self.size = style.fontName, style.fontSize
            self.text_width = stringWidth(self.text, self.font, self.size)

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            self.width = available_width
            return available_width, self.size * 1.5

        def draw(self) -> None:
            canvas = self.canv
            x = (self.width - self.text_width) / 2
            canvas.setFont(self.font, self.size)
            canvas.drawString(x, self.size * 0.45, self.text)
            canvas.setLineWidth(0.7)
            canvas.line(x, self.size * 0.2, x + self.text_width, self.size * 0.2)

    return Underlined()


def _header(doc: Document, styles: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import Spacer, Table, TableStyle

    left: list[Any] = []
    if doc.superior:
        left.append(_p(_plain(doc.superior.upper()), styles["header"]))
    left.append(_p(f"<b>{_plain(doc.issuer.upper())}</b>", styles["header"]))
    left.append(_p("*", styles["header"]))
    left.append(_p(_plain(number_line(doc)), styles["header"]))
    for mark in (doc.secrecy, doc.urgency):
        if mark:
            box = Table([[_p(f"<b>{_plain(mark.upper())}</b>", styles["mark"])]],
                        colWidths=[30 * MM], hAlign="CENTER")
            box.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
                                     ("BOX", (0, 0), (-1, -1), 0.8, "black"),
                                     ("TOPPADDING", (0, 0), (-1, -1), 1),
                                     ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
            left.extend([Spacer(1, 3), box])
    right = [_underlined("ĐẢNG CỘNG SẢN VIỆT NAM", styles["party"]), Spacer(1, 4),
             _p(_plain(format_party_date(doc.date, doc.place)), styles["date"])]
    return [_two_columns(left, right, [TEXT_WIDTH * 0.45, TEXT_WIDTH * 0.55])]


def _table(block: TableBlock, styles: dict[str, Any], width: float,
           rows: list[int] | None = None) -> Any:
    """The table of ``block`` (only ``rows`` when given), its header row bold and repeated
    on every page, group headings spanning the row."""
    from reportlab.platypus import Table, TableStyle

    widths = column_widths(block, width)
    chosen = list(range(len(block.rows))) if rows is None else rows
    groups = set(block.group_rows)
    data = [[_p(f"<b>{_plain(h)}</b>", styles["cell_head"]) for h in block.header]]
    commands: list[Any] = [("FONTNAME", (0, 0), (-1, -1), FONT),
                           ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                           ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("TOPPADDING", (0, 0), (-1, -1), 2),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    for at, index in enumerate(chosen, start=1):
        row = [str(c) for c in block.rows[index]]
        if index in groups:
            text = " ".join(c for c in row if c.strip())
            data.append([_p(_plain(text), styles["cell_group"])] + [""] * (len(widths) - 1))
            commands.append(("SPAN", (0, at), (-1, at)))
            if at < len(chosen):  # a group heading never ends a page
                commands.append(("NOSPLIT", (0, at), (-1, at + 1)))
        else:
            row += [""] * (len(widths) - len(row))
            data.append([_p(_plain(c), styles["cell_centre" if n == 0 else "cell"])
                         for n, c in enumerate(row[:len(widths)])])
    table = Table(data, colWidths=widths, repeatRows=1)  # the header on every page
    table.setStyle(TableStyle(commands))
    return table


class _Builder:
    """Turns blocks into flowables, remembering where pages fall (for the second pass)."""

    def __init__(self, styles: dict[str, Any]) -> None:
        self.styles = styles
        self.pages: dict[str, int] = {}
        self.slots: dict[str, SignatureSlot] = {}

    def mark(self, name: str) -> Any:
        """A zero-height flowable that records the page it lands on."""
        from reportlab.platypus import Flowable

        builder = self

        class PageMark(Flowable):
            def wrap(self, available_width: float, available_height: float) -> tuple[int, int]:
                return 0, 0

            def draw(self) -> None:
                builder.pages[name] = self.canv.getPageNumber()

        return PageMark()

    def space(self, role: str, name: str, size: tuple[float, float] | None = None) -> Any:
        """Blank space for a signature; remembers where it landed."""
        from reportlab.platypus import Flowable

        builder = self

        class SignatureSpace(Flowable):
            def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
                self.width = size[0] if size else available_width
                self.height = size[1] if size else SIGNATURE_HEIGHT
                return self.width, self.height

            def draw(self) -> None:
                x1, y1 = self.canv.absolutePosition(0, 0)
                x2, y2 = self.canv.absolutePosition(self.width, self.height)
                builder.slots[role] = SignatureSlot(self.canv.getPageNumber() - 1,
                                                    (x1, y1, x2, y2), role, name)
                builder.pages.setdefault("closing", self.canv.getPageNumber())

        return SignatureSpace()

    def block(self, block: Any, width: float) -> list[Any]:
        styles = self.styles
        if isinstance(block, Heading):
            style = styles[f"h{min(max(block.level, 1), 3)}"]
            return [_p(_plain(heading_text(block)), style)]
        if isinstance(block, Para):
            return [_p(nfc(block.text), styles["body" if block.indent else "body_flat"])]
        if isinstance(block, Bullet):
            return [_p("- " + nfc(block.text), styles["body"])]
        if isinstance(block, TableBlock):
            from reportlab.platypus import Spacer

            out: list[Any] = []
            if block.title:
                out.append(_p(f"<b>{_plain(block.title)}</b>", styles["body_flat"]))
            return [*out, _table(block, styles, width), Spacer(1, 6)]
        raise TypeError(f"unknown block {block!r}")

    def blocks(self, blocks: list[Any], landscape_page: bool = False) -> list[list[Any]]:
        """Flowables per block; a landscape table takes its own landscape pages, with the
        headings that lead to it."""
        from reportlab.platypus import NextPageTemplate, PageBreak

        out: list[list[Any]] = []
        for n, block in enumerate(blocks):
            if isinstance(block, TableBlock) and block.landscape and not landscape_page:
                flowables = [NextPageTemplate("landscape"), PageBreak()]
                first = n
                while first > 0 and isinstance(blocks[first - 1], Heading):
                    first -= 1
                for moved in range(first, n):  # the headings go with their table
                    flowables += out[moved]
                    out[moved] = []
                flowables += self.block(block, LANDSCAPE_TEXT_WIDTH)
                flowables.append(NextPageTemplate("portrait"))
                if n < len(blocks) - 1:
                    flowables.append(PageBreak())
                out.append(flowables)
            else:
                width = LANDSCAPE_TEXT_WIDTH if landscape_page else TEXT_WIDTH
                out.append(self.block(block, width))
        return out

    def closing(self, doc: Document) -> Any:
        """Recipients (or a second signature) on the left, level with the signature block;
        the drafter's initials small under the recipients."""

        def signature_column(signature: Signature, role: str) -> list[Any]:
            column: list[Any] = []
            for line in (signature.authority, signature.position):
                if line:
                    column.append(_p(_plain(line.upper()), self.styles["sign"]))
            column.append(self.space(role, signature.name))  # the signature and seal
            column.append(_p(_plain(signature.name), self.styles["sign"]))
            return column

        left: list[Any] = []
        if doc.left_signature:
            left = signature_column(doc.left_signature, "recorder")
        elif doc.recipients:
            left.append(_p("<u>Nơi nhận:</u>", self.styles["recipients_title"]))
            left += [_p(_plain(r), self.styles["recipient"])
                     for r in recipient_lines(doc.recipients)]
            left.append(self.space("initials", "", INITIALS_BOX))  # the drafter's
        right = signature_column(doc.signature, "signatory") if doc.signature else []
        return _two_columns(left, right, [TEXT_WIDTH * 0.5, TEXT_WIDTH * 0.5])


def _keep_with_next(group: list[Any]) -> Any:
    """Before a run of headings: a page break unless the headings and the first lines of
    what follows them fit on this page (a heading is never the last line of a page)."""
    from reportlab.platypus import CondPageBreak, Paragraph, Table

    class KeepWithNext(CondPageBreak):
        def __init__(self) -> None:
            super().__init__(0)

        def wrap(self, available_width: float, available_height: float) -> tuple[int, int]:
            needed = 0.0
            for n, flowable in enumerate(group):
                _w, height = flowable.wrapOn(self.canv, available_width, 10 ** 6)
                if n < len(group) - 1 or not isinstance(flowable, Paragraph | Table):
                    needed += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
                elif isinstance(flowable, Paragraph):
                    lines = len(getattr(flowable.blPara, "lines", [])) or 1
                    needed += min(lines, 2) * flowable.style.leading + \
                        flowable.getSpaceBefore()
                else:  # the header row and the first row of a table
                    needed += sum(flowable._rowHeights[:2])
            self.height = needed + 1
            return super().wrap(available_width, available_height)

    return KeepWithNext()


def _flatten(groups: list[list[Any]], blocks: list[Any]) -> list[Any]:
    out: list[Any] = []
    n = 0
    while n < len(groups):
        if isinstance(blocks[n], Heading) and groups[n]:
            run = n
            while run < len(groups) and isinstance(blocks[run], Heading):
                run += 1
            if run < len(groups) and groups[run] and not _starts_with_break(groups[run]):
                heads = [f for g in groups[n:run] for f in g]
                first = next((f for f in groups[run] if f.__class__.__name__ in
                              ("Paragraph", "Table")), None)
                out.append(_keep_with_next(heads + ([first] if first is not None else [])))
            for group in groups[n:run]:
                out.extend(group)
            n = run
            continue
        out.extend(groups[n])
        n += 1
    return out


def _starts_with_break(flowables: list[Any]) -> bool:
    return bool(flowables) and flowables[0].__class__.__name__ == "NextPageTemplate"


def _story(doc: Document, builder: _Builder, keep_tail: bool) -> list[Any]:
    from reportlab.platypus import KeepTogether, NextPageTemplate, PageBreak, Spacer

    styles = builder.styles
    story: list[Any] = []
    if doc.draft:
        story.append(_p(f"<b>{_plain(doc.draft.upper())}</b>", styles["mark"]))
    story += _header(doc, styles)
    story.append(_p(_plain(doc.doc_type.upper()), styles["type"]))
    if doc.summary:
        story.append(_p(_plain(doc.summary), styles["summary"]))
    story.append(_p("-----", styles["rule"]))
    body = closed_body(doc.body)
    groups = builder.blocks(body)
    tail: list[Any] = []
    if keep_tail and groups:
        tail = groups.pop()
        if len(groups) and isinstance(body[-1], Para) and body[-1].text == CLOSING_MARK \
                and isinstance(body[-2], TableBlock) and not body[-2].landscape:
            table_block = body[-2]
            groups.pop()
            keep = min(2, len(table_block.rows))
            head_rows = list(range(len(table_block.rows) - keep))
            if head_rows:
                groups.append([_table(table_block, styles, TEXT_WIDTH, head_rows)])
            tail = [_table(table_block, styles, TEXT_WIDTH,
                           list(range(len(table_block.rows) - keep, len(table_block.rows)))),
                    Spacer(1, 6), *tail]
    while tail and groups and isinstance(body[len(groups) - 1], Heading):
        tail = groups.pop() + tail  # the heading goes with its text
    story += _flatten(groups, body[:len(groups)])
    story.append(builder.mark("body_end"))
    closing = builder.closing(doc)
    story += [KeepTogether([*tail, builder.mark("body_end_kept"), Spacer(1, 10), closing])]
    for appendix in doc.appendices:
        landscape = any(isinstance(b, TableBlock) and b.landscape for b in appendix.blocks)
        story += [NextPageTemplate("landscape" if landscape else "portrait"), PageBreak()]
        story.append(_p(_plain(appendix.label.upper()), styles["appendix"]))
        story.append(_p(_plain(appendix.title), styles["appendix"]))
        if appendix.reference:
            story.append(_p(_plain(appendix.reference), styles["reference"]))
        story += _flatten(builder.blocks(appendix.blocks, landscape_page=landscape),
                          appendix.blocks)
    return story


def _build(doc: Document, keep_tail: bool) -> tuple[bytes, _Builder]:
    import io

    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    builder = _Builder(_styles())
    story = _story(doc, builder, keep_tail)

    def number_pages(canvas: Any, template: Any) -> None:
        page = canvas.getPageNumber()
        if page >= 2:  # the first page is not numbered; numbers centred in the top margin
            width = canvas._pagesize[0]
            canvas.setFont(FONT, 13)
            canvas.drawCentredString(MARGIN_LEFT + (width - MARGIN_LEFT - MARGIN_RIGHT) / 2,
                                     canvas._pagesize[1] - MARGIN_TOP / 2, str(page))

    def template(name: str, width: float, height: float) -> PageTemplate:
        frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, width - MARGIN_LEFT - MARGIN_RIGHT,
                      height - MARGIN_TOP - MARGIN_BOTTOM, leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0, id=name)
        return PageTemplate(name, [frame], onPage=number_pages, pagesize=(width, height))

    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT, topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
        title=nfc(doc.title or f"{doc.doc_type} {doc.summary}"), author=nfc(doc.issuer),
        creator="ctrdesk", keywords=DRAFT_KEYWORD if doc.draft or not doc.number else "",
        initialFontName=FONT, lang="vi",
        pageTemplates=[template("portrait", PAGE_WIDTH, PAGE_HEIGHT),
                       template("landscape", PAGE_HEIGHT, PAGE_WIDTH)])
    document.build(story)
    builder.pages["count"] = document.page
    return buffer.getvalue(), builder


def render_slots(doc: Document) -> Rendered:
    """The PDF of a document and where each of its signatures goes. When the signature
    block would stand alone on its page, the last lines of the body go with it."""
    data, builder = _build(doc, keep_tail=False)
    pages = builder.pages
    if pages.get("closing", 0) > pages.get("body_end", 0) and pages.get("body_end"):
        data, builder = _build(doc, keep_tail=True)
    return Rendered(data, dict(builder.slots), builder.pages["count"])


def render(doc: Document, target: str | Path | None = None) -> tuple[bytes, SignatureSlot | None]:
    """The PDF of a document (also written to ``target``), and where its signature goes."""
    rendered = render_slots(doc)
    if target is not None:
        write_whole(target, rendered.pdf)
    return rendered.pdf, rendered.slots.get("signatory")
