"""The one layout engine for Party documents (Hướng dẫn 36-HD/VPTW), on reportlab platypus.

Every document kind describes its content as a :class:`Document`; this module alone knows
how a Party document looks: A4 with the guide's margins, the two-column header, the type
and summary, the body, tables with repeated headers, the signature block beside the
recipients, page numbers from page 2, marks, drafts and appendices. The bundled Liberation
Serif (metric-compatible with Times New Roman) is embedded, subset, in every PDF.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ctrdesk.core.files import write_whole
from ctrdesk.core.i18n import format_party_date

FONT = "CtrSerif"
MM = 72 / 25.4  # points per millimetre

# The guide's page: A4 portrait; margins top 20–25, bottom 20–25, left 30–35, right 15–20 mm.
PAGE_WIDTH, PAGE_HEIGHT = 210 * MM, 297 * MM
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20 * MM, 20 * MM, 30 * MM, 15 * MM
BODY_SIZE, TABLE_SIZE, HEADER_SIZE, TYPE_SIZE = 14, 12, 14, 15
FIRST_LINE_INDENT = 12.7 * MM / 1  # 1.27 cm


@cache
def register_fonts() -> str:
    """Register the bundled Liberation Serif as one family so <b> and <i> work."""
    from reportlab import rl_config
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from ctrdesk.core.paths import resources_dir

    folder = resources_dir() / "fonts"
    styles = {
        FONT: "Regular",
        f"{FONT}-Bold": "Bold",
        f"{FONT}-Italic": "Italic",
        f"{FONT}-BoldItalic": "BoldItalic",
    }
    for name, style in styles.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / f"LiberationSerif-{style}.ttf")))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, f"{FONT}-Bold")
    addMapping(FONT, 0, 1, f"{FONT}-Italic")
    addMapping(FONT, 1, 1, f"{FONT}-BoldItalic")
    # Without this reportlab puts an unused, non-embedded Helvetica in every PDF.
    rl_config.canvas_basefontname = FONT
    return FONT


# --- what a document says -------------------------------------------------------------------


@dataclass
class Heading:
    text: str
    level: int = 1  # 1: "I. …" bold uppercase; 2: "1. …" bold; 3: "a) …" bold italic


@dataclass
class Para:
    text: str  # may contain <b>, <i>
    indent: bool = True


@dataclass
class Bullet:
    text: str


@dataclass
class TableBlock:
    header: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None  # fractions of the text width
    title: str = ""


@dataclass
class Appendix:
    label: str  # "PHỤ LỤC" or "PHỤ LỤC 2"
    title: str
    reference: str  # "(Kèm theo Báo cáo số 03-BC/CB, ngày 05/07/2026 của Chi bộ Vụ 14)"
    blocks: list[Any] = field(default_factory=list)


@dataclass
class Signature:
    authority: str  # "T/M CHI BỘ", "K/T BÍ THƯ"
    position: str  # "BÍ THƯ"
    name: str


@dataclass
class Document:
    superior: str  # "ĐẢNG BỘ VKSND TỐI CAO"
    issuer: str  # "CHI BỘ VỤ 14"
    doc_type: str  # "BÁO CÁO"
    summary: str  # "kết quả thực hiện … quý I năm 2026"
    place: str
    date: date
    body: list[Any]
    signature: Signature | None = None
    recipients: list[str] = field(default_factory=list)
    number: str | None = None  # "03-BC/CB"; None while a draft
    draft: str | None = None  # "DỰ THẢO" or "Dự thảo 2"
    secrecy: str | None = None  # MẬT, TỐI MẬT, TUYỆT MẬT
    urgency: str | None = None  # KHẨN, THƯỢNG KHẨN, HỎA TỐC
    appendices: list[Appendix] = field(default_factory=list)
    title: str = ""  # PDF metadata
    left_signature: Signature | None = None  # minutes: the recorder signs on the left


@dataclass
class SignatureSlot:
    """Where the signature goes: page (0-based) and box in PDF points (x1, y1, x2, y2)."""

    page: int
    box: tuple[float, float, float, float]


def nfc(text: str) -> str:
    """NFD text draws the marks beside the letters: everything is NFC before drawing."""
    return unicodedata.normalize("NFC", text)


# --- rendering ---------------------------------------------------------------------------


def _styles() -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    font = register_fonts()
    base = ParagraphStyle("base", fontName=font, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.3)
    return {
        "header_left": ParagraphStyle(
            "hl", parent=base, fontSize=HEADER_SIZE, alignment=TA_CENTER, leading=HEADER_SIZE * 1.15
        ),
        "header_right": ParagraphStyle(
            "hr", parent=base, fontSize=HEADER_SIZE, alignment=TA_CENTER, leading=HEADER_SIZE * 1.15
        ),
        "party": ParagraphStyle(
            "party",
            parent=base,
            fontName=f"{font}-Bold",
            fontSize=TYPE_SIZE,
            alignment=TA_CENTER,
            leading=TYPE_SIZE * 1.15,
        ),
        "date": ParagraphStyle(
            "date",
            parent=base,
            fontName=f"{font}-Italic",
            fontSize=HEADER_SIZE,
            alignment=TA_CENTER,
        ),
        "type": ParagraphStyle(
            "type",
            parent=base,
            fontName=f"{font}-Bold",
            fontSize=TYPE_SIZE,
            alignment=TA_CENTER,
            spaceBefore=14,
            leading=TYPE_SIZE * 1.2,
        ),
        "summary": ParagraphStyle(
            "summary",
            parent=base,
            fontName=f"{font}-Bold",
            fontSize=14,
            alignment=TA_CENTER,
            leading=17,
        ),
        "body": ParagraphStyle(
            "body",
            parent=base,
            alignment=TA_JUSTIFY,
            firstLineIndent=FIRST_LINE_INDENT,
            spaceAfter=6,
        ),
        "body_flat": ParagraphStyle("body_flat", parent=base, alignment=TA_JUSTIFY, spaceAfter=6),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=f"{font}-Bold",
            alignment=TA_LEFT,
            firstLineIndent=FIRST_LINE_INDENT,
            spaceBefore=6,
            spaceAfter=6,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=f"{font}-Bold",
            alignment=TA_JUSTIFY,
            firstLineIndent=FIRST_LINE_INDENT,
            spaceAfter=6,
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=base,
            fontName=f"{font}-BoldItalic",
            alignment=TA_JUSTIFY,
            firstLineIndent=FIRST_LINE_INDENT,
            spaceAfter=6,
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.2),
        "cell_head": ParagraphStyle(
            "cell_head",
            parent=base,
            fontName=f"{font}-Bold",
            fontSize=TABLE_SIZE,
            leading=TABLE_SIZE * 1.2,
            alignment=TA_CENTER,
        ),
        "sign": ParagraphStyle(
            "sign",
            parent=base,
            fontName=f"{font}-Bold",
            fontSize=14,
            alignment=TA_CENTER,
            leading=17,
        ),
        "recipients_title": ParagraphStyle(
            "rt", parent=base, fontName=f"{font}-BoldItalic", fontSize=14, leading=16
        ),
        "recipient": ParagraphStyle("rc", parent=base, fontSize=12, leading=14),
        "mark": ParagraphStyle(
            "mark", parent=base, fontName=f"{font}-Bold", fontSize=13, alignment=TA_CENTER
        ),
        "appendix": ParagraphStyle(
            "appx",
            parent=base,
            fontName=f"{font}-Bold",
            fontSize=14,
            alignment=TA_CENTER,
            leading=17,
        ),
        "reference": ParagraphStyle(
            "ref",
            parent=base,
            fontName=f"{font}-Italic",
            fontSize=13,
            alignment=TA_CENTER,
            spaceAfter=10,
        ),
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
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
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


def _short_rule(width_mm: float = 25, dashed: bool = False) -> Any:
    from reportlab.platypus import Flowable

    class Rule(Flowable):
        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            self.width = available_width
            return available_width, 8

        def draw(self) -> None:
            length = width_mm * MM
            x = (self.width - length) / 2
            if dashed:
                self.canv.setDash(3, 2)
            self.canv.setLineWidth(0.6)
            self.canv.line(x, 4, x + length, 4)

    return Rule()


def _header(doc: Document, styles: dict[str, Any], text_width: float) -> list[Any]:
    from reportlab.platypus import Spacer, Table, TableStyle

    left: list[Any] = []
    if doc.superior:
        left.append(_p(_plain(doc.superior.upper()), styles["header_left"]))
    left.append(_p(f"<b>{_plain(doc.issuer.upper())}</b>", styles["header_left"]))
    left.append(_p("*", styles["header_left"]))
    number = f"Số {doc.number}" if doc.number else "Số&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;-"
    left.append(_p(_plain(number) if doc.number else number, styles["header_left"]))
    for mark in (doc.secrecy, doc.urgency):
        if mark:
            box = Table(
                [[_p(f"<b>{_plain(mark.upper())}</b>", styles["mark"])]],
                colWidths=[30 * MM],
                hAlign="CENTER",
            )
            box.setStyle(
                TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, -1), FONT),
                        ("BOX", (0, 0), (-1, -1), 0.8, "black"),
                        ("TOPPADDING", (0, 0), (-1, -1), 1),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ]
                )
            )
            left.extend([Spacer(1, 3), box])
    right = [
        _underlined("ĐẢNG CỘNG SẢN VIỆT NAM", styles["party"]),
        Spacer(1, 4),
        _p(_plain(format_party_date(doc.date, doc.place)), styles["date"]),
    ]
    table = _two_columns(left, right, [text_width * 0.45, text_width * 0.55])
    return [table]


def _table(block: TableBlock, styles: dict[str, Any], text_width: float) -> list[Any]:
    from reportlab.platypus import Spacer, Table, TableStyle

    columns = len(block.header)
    fractions = block.widths or [1 / columns] * columns
    widths = [text_width * f for f in fractions]
    data = [[_p(f"<b>{_plain(h)}</b>", styles["cell_head"]) for h in block.header]]
    data += [[_p(_plain(str(c)), styles["cell"]) for c in row] for row in block.rows]
    table = Table(data, colWidths=widths, repeatRows=1)  # the header on every page
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    out: list[Any] = []
    if block.title:
        out.append(_p(f"<b>{_plain(block.title)}</b>", styles["body_flat"]))
    out += [table, Spacer(1, 6)]
    return out


def _blocks(blocks: list[Any], styles: dict[str, Any], text_width: float) -> list[Any]:
    out: list[Any] = []
    for block in blocks:
        if isinstance(block, Heading):
            style = styles[f"h{min(max(block.level, 1), 3)}"]
            text = block.text.upper() if block.level == 1 else block.text
            out.append(_p(_plain(text), style))
        elif isinstance(block, Para):
            out.append(_p(nfc(block.text), styles["body" if block.indent else "body_flat"]))
        elif isinstance(block, Bullet):
            out.append(_p("- " + nfc(block.text), styles["body"]))
        elif isinstance(block, TableBlock):
            out.extend(_table(block, styles, text_width))
        else:
            raise TypeError(f"unknown block {block!r}")
    return out


def _closing(doc: Document, styles: dict[str, Any], text_width: float, slot_hook: Any) -> list[Any]:
    """Recipients (or a second signature) on the left, level with the signature block."""
    from reportlab.platypus import KeepTogether, Spacer

    def signature_column(signature: Signature, space: Any) -> list[Any]:
        column: list[Any] = []
        if signature.authority:
            column.append(_p(_plain(signature.authority.upper()), styles["sign"]))
        if signature.position:
            column.append(_p(_plain(signature.position.upper()), styles["sign"]))
        column.append(space)  # space for the signature and seal
        column.append(_p(_plain(signature.name), styles["sign"]))
        return column

    left: list[Any] = []
    if doc.left_signature:
        left = signature_column(doc.left_signature, Spacer(1, 28 * MM))
    elif doc.recipients:
        left.append(_p("<u>Nơi nhận:</u>", styles["recipients_title"]))
        left += [_p("- " + _plain(r), styles["recipient"]) for r in doc.recipients]
    right: list[Any] = []
    if doc.signature:
        right = signature_column(doc.signature, slot_hook(text_width * 0.5))
    table = _two_columns(left, right, [text_width * 0.5, text_width * 0.5])
    return [Spacer(1, 10), KeepTogether([table])]


def render(doc: Document, target: str | Path | None = None) -> tuple[bytes, SignatureSlot | None]:
    """The PDF of a document (also written to ``target``), and where its signature goes."""
    import io

    from reportlab.platypus import Flowable, PageBreak, SimpleDocTemplate, Spacer

    styles = _styles()
    text_width = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    slot: list[SignatureSlot] = []

    def slot_hook(width: float) -> Any:
        class SignatureSpace(Flowable):
            """Blank space for the signature; remembers where it landed."""

            def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
                self.width = available_width
                return available_width, 28 * MM

            def draw(self) -> None:
                x1, y1 = self.canv.absolutePosition(0, 0)
                x2, y2 = self.canv.absolutePosition(self.width, 28 * MM)
                slot.append(SignatureSlot(self.canv.getPageNumber() - 1, (x1, y1, x2, y2)))

        return SignatureSpace()

    story: list[Any] = []
    if doc.draft:
        story.append(_p(f"<b>{_plain(doc.draft.upper())}</b>", styles["mark"]))
    story += _header(doc, styles, text_width)
    story.append(_p(_plain(doc.doc_type.upper()), styles["type"]))
    if doc.summary:
        story.append(_p(_plain(doc.summary), styles["summary"]))
    story += [_short_rule(dashed=True), Spacer(1, 8)]
    story += _blocks(doc.body, styles, text_width)
    story += _closing(doc, styles, text_width, slot_hook)
    for appendix in doc.appendices:
        story.append(PageBreak())
        story.append(_p(_plain(appendix.label.upper()), styles["appendix"]))
        story.append(_p(_plain(appendix.title), styles["appendix"]))
        if appendix.reference:
            story.append(_p(_plain(appendix.reference), styles["reference"]))
        story += _blocks(appendix.blocks, styles, text_width)

    def number_pages(canvas: Any, template: Any) -> None:
        page = canvas.getPageNumber()
        if page >= 2:  # the first page is not numbered; numbers centred in the top margin
            canvas.setFont(FONT, 13)
            canvas.drawCentredString(
                MARGIN_LEFT + text_width / 2, PAGE_HEIGHT - MARGIN_TOP / 2, str(page)
            )

    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=nfc(doc.title or f"{doc.doc_type} {doc.summary}"),
        author=nfc(doc.issuer),
        creator="ctrdesk",
        initialFontName=FONT,
        lang="vi",
    )
    template.build(story, onFirstPage=number_pages, onLaterPages=number_pages)
    data = buffer.getvalue()
    if target is not None:
        write_whole(target, data)
    return data, (slot[-1] if slot else None)
