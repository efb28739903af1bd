"""What a Party document says, independent of how it is drawn (PDF or .docx).

Every document kind describes its content as a :class:`Document`; the PDF layout engine
(:mod:`ctrdesk.core.documents.layout`) and the .docx writer
(:mod:`ctrdesk.core.documents.docx_export`) draw the same content the same way.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any


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
    widths: list[float] | None = None  # kept for stored drafts: widths follow the content
    title: str = ""
    landscape: bool = False  # a wide table goes on landscape pages (36-HD allows it)
    group_rows: list[int] = field(default_factory=list)  # rows shown as group headings


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
    symbol: str = ""  # "BC/CB": a draft shows "Số    -BC/CB", the number left blank


@dataclass
class SignatureSlot:
    """Where a signature goes: page (0-based) and box in PDF points (x1, y1, x2, y2).
    ``role`` is the block: "signatory" (the signature block), "recorder" (the minutes'
    secretary, on the left) or "initials" (the drafter's initials, small, at the end)."""

    page: int
    box: tuple[float, float, float, float]
    role: str = "signatory"
    name: str = ""  # the person named in the block


def nfc(text: str) -> str:
    """NFD text draws the marks beside the letters: everything is NFC before drawing."""
    return unicodedata.normalize("NFC", text)


DRAFT_NUMBER_GAP = "\u00a0" * 4  # the blank left for the number on a draft


def number_line(doc: Document) -> str:
    """ "Số 03-BC/CB"; a draft keeps the symbol and leaves the number blank: "Số    -BC/CB"."""
    if doc.number:
        return f"Số {doc.number}"
    return f"Số{DRAFT_NUMBER_GAP}-{doc.symbol}"


def recipient_lines(recipients: list[str]) -> list[str]:
    """ "- Đảng ủy … (để báo cáo)," one a line, the last ending with a full stop."""
    lines = [re.sub(r"[\s.,;]+$", "", r.strip()) for r in recipients if r.strip()]
    return [f"- {line}{'.' if n == len(lines) - 1 else ','}" for n, line in enumerate(lines)]


CLOSING_MARK = "./."


def closed_body(blocks: list[Any]) -> list[Any]:
    """The body with its closing mark: the last paragraph ends with "./."; a body ending
    with a table gets the mark on a line of its own."""
    out = list(blocks)
    if not out:
        return out
    last = out[-1]
    if isinstance(last, Para | Bullet):
        text = last.text.rstrip()
        if not text.endswith(CLOSING_MARK):
            text = re.sub(r"[.;:,]+$", "", text) + CLOSING_MARK
        out[-1] = Para(text, last.indent) if isinstance(last, Para) else Bullet(text)
    elif isinstance(last, TableBlock):
        out.append(Para(CLOSING_MARK, indent=False))
    return out


def heading_text(block: Heading) -> str:
    return block.text.upper() if block.level == 1 else block.text


def plain_text(text: str) -> str:
    """The text of a paragraph without its inline <b>/<i> markup."""
    return re.sub(r"</?(b|i|u)>", "", text).replace("&amp;", "&").replace(
        "&lt;", "<").replace("&gt;", ">")


APPENDIX_TYPES = {"CHƯƠNG TRÌNH": "Chương trình", "BÁO CÁO": "Báo cáo", "KẾ HOẠCH": "Kế hoạch",
                  "THÔNG BÁO": "Thông báo", "BIÊN BẢN": "Biên bản"}


def appendix_reference(doc: Document) -> str:
    """ "(Kèm theo Chương trình số 05-CTr/CB, ngày 12/02/2026 của Chi bộ Vụ 14)"; a draft
    has no number nor date yet."""
    kind = APPENDIX_TYPES.get(doc.doc_type.upper(), doc.doc_type.capitalize())
    if doc.number:
        return (f"(Kèm theo {kind} số {doc.number}, ngày {doc.date.strftime('%d/%m/%Y')} "
                f"của {doc.issuer})")
    return f"(Kèm theo {kind} của {doc.issuer})"
