"""The document register of a unit: drafts, issuing with a number, frozen issued documents.

A number ("Số 03-BC/CB") is given when a document is issued: the next of the committee's
term for that issuer and kind (numbers restart at 01 with a new term, not with a new year),
never given twice within a term (a unique index guards it). A report's narrative sections
(the committee's own words) are kept with its draft; a report whose required sections are
empty is not issued. An issued document is frozen: its
PDF is kept in the workspace's file store under its SHA-256; a correction is a new document
that references the one it corrects.
"""

from __future__ import annotations

import dataclasses
import io
import json
from datetime import date
from typing import Any

from peewee import fn

from ctrdesk.core.documents import layout
from ctrdesk.core.documents.kinds import KINDS, build, issuer_of
from ctrdesk.core.documents.terms import series_of
from ctrdesk.core.errors import NotFoundError, ValidationError
from ctrdesk.core.files import write_whole
from ctrdesk.core.i18n import _
from ctrdesk.core.signing import Pkcs12Key, TokenKey
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import Document as DocumentRow

_BLOCKS = {cls.__name__: cls for cls in (layout.Heading, layout.Para, layout.Bullet,
                                         layout.TableBlock)}


def to_json(document: layout.Document) -> dict[str, Any]:
    def block(value: Any) -> dict[str, Any]:
        return {"type": type(value).__name__, **dataclasses.asdict(value)}

    data = dataclasses.asdict(document)
    data["date"] = document.date.isoformat()
    data["body"] = [block(b) for b in document.body]
    data["appendices"] = [{**dataclasses.asdict(a), "blocks": [block(b) for b in a.blocks]}
                          for a in document.appendices]
    return data


def from_json(data: dict[str, Any]) -> layout.Document:
    def block(value: dict[str, Any]) -> Any:
        kind = _BLOCKS.get(value.get("type", ""))
        if kind is None:
            raise ValidationError(_("Unknown block in a document: {type}").format(
                type=value.get("type")), field="body")
        return kind(**{k: v for k, v in value.items() if k != "type"})

    values = dict(data)
    values["date"] = date.fromisoformat(data["date"])
    values["body"] = [block(b) for b in data.get("body", [])]
    values["appendices"] = [layout.Appendix(a["label"], a["title"], a["reference"],
                                            [block(b) for b in a.get("blocks", [])])
                            for a in data.get("appendices", [])]
    for name in ("signature", "left_signature"):
        if values.get(name):
            values[name] = layout.Signature(**values[name])
    return layout.Document(**values)


def create_draft(ws: Workspace, kind: str, *, program: int | None = None,
                 period: str | None = None, record: int | None = None,
                 organization: int | None = None, corrects: int | None = None,
                 sections: dict[str, str] | None = None, review: str = "",
                 on: date | None = None) -> int:
    """A new draft filled from the workspace, with the committee's narrative sections
    (kept with the draft; edited with :func:`set_sections` before issuing). ``on`` is the
    day a program is to be issued: it shows the state of that day."""
    document = build(ws, kind, program=program, period=period, record=record,
                     organization=organization, sections=sections, review=review, on=on)
    issuer = issuer_of(ws, organization)
    with ws.writing("document.draft"):
        row = DocumentRow.create(
            organization=issuer.id, kind=kind, symbol=KINDS[kind], year=document.date.year,
            status="draft", title=document.title,
            source=json.dumps({"program": program, "period": period, "record": record,
                               "organization": organization, "review": review,
                               "on": on.isoformat() if on else None,
                               "sections": sections or {}}, ensure_ascii=False),
            content=json.dumps(to_json(document), ensure_ascii=False), corrects=corrects)
        return int(row.id)


def sections_of(ws: Workspace, document_id: int) -> dict[str, str]:
    """The narrative sections kept with a document."""
    return dict(json.loads(_row(ws, document_id).source or "{}").get("sections") or {})


def set_sections(ws: Workspace, document_id: int, sections: dict[str, str]) -> None:
    """Keep new narrative sections with a draft and fill it again with them."""
    row = _row(ws, document_id)
    if row.status == "issued":
        raise ValidationError(_("Document {number} is issued and cannot change: make a "
                                "correction instead.").format(number=row.number),
                              field="status")
    source = json.loads(row.source or "{}")
    on = source.get("on")
    document = build(ws, row.kind, program=source.get("program"), period=source.get("period"),
                     record=source.get("record"), organization=source.get("organization"),
                     sections=sections, review=source.get("review") or "",
                     on=date.fromisoformat(on) if on else None)
    source["sections"] = sections
    with ws.writing("document.sections"):
        row = DocumentRow.get_by_id(document_id)
        row.source = json.dumps(source, ensure_ascii=False)
        row.content = json.dumps(to_json(document), ensure_ascii=False)
        row.title = document.title
        row.save()


def unfinished_sections(ws: Workspace, document_id: int) -> list[str]:
    """What keeps a draft from being issued: the report's required sections still empty
    (by the names the document gives them), or placeholder text left in it."""
    from ctrdesk.core.documents.report import NARRATIVE_PLACEHOLDER, missing_sections

    row = _row(ws, document_id)
    missing = missing_sections(sections_of(ws, document_id)) if row.kind == "report" else []
    if not missing and NARRATIVE_PLACEHOLDER in row.content:
        document = from_json(json.loads(row.content))
        current = ""
        for block in document.body:
            if isinstance(block, layout.Heading) and block.level == 1:
                current = block.text
            elif getattr(block, "text", "") == NARRATIVE_PLACEHOLDER and current not in missing:
                missing.append(current)
    return missing


def _row(ws: Workspace, document_id: int) -> DocumentRow:
    with ws.reading():
        row = DocumentRow.get_or_none(DocumentRow.id == document_id)
    if row is None:
        raise NotFoundError(_("No document with id {id}.").format(id=document_id))
    return row


def load(ws: Workspace, document_id: int) -> layout.Document:
    return from_json(json.loads(_row(ws, document_id).content))


def update_draft(ws: Workspace, document_id: int, document: layout.Document) -> None:
    """Save edits to a draft; an issued document is frozen."""
    with ws.writing("document.edit"):
        row = DocumentRow.get_by_id(document_id)
        if row.status == "issued":
            raise ValidationError(_("Document {number} is issued and cannot change: make a "
                                    "correction instead.").format(number=row.number),
                                  field="status")
        row.content = json.dumps(to_json(document), ensure_ascii=False)
        row.title = document.title
        row.save()


def render_pdf(ws: Workspace, document_id: int) -> tuple[bytes, layout.SignatureSlot | None]:
    """A draft rendered now (marked DỰ THẢO, no number); an issued one as it was issued."""
    row = _row(ws, document_id)
    if row.status == "issued":
        from ctrdesk.core.attachments import read_blob

        return read_blob(ws, row.pdf_sha256), None
    return layout.render(load(ws, document_id))


def _next_number(ws: Workspace, row: DocumentRow, on: date) -> tuple[int, str, str]:
    """The sequence, number and series a document issued ``on`` takes."""
    issuer = issuer_of(ws, row.organization_id)  # type: ignore[attr-defined]
    series, _term = series_of(ws, row.organization_id, on)  # type: ignore[attr-defined]
    last = DocumentRow.select(fn.MAX(DocumentRow.sequence)).where(
        (DocumentRow.organization == row.organization_id)  # type: ignore[attr-defined]
        & (DocumentRow.series == series) & (DocumentRow.symbol == row.symbol)).scalar()
    sequence = (last or 0) + 1
    return sequence, f"{sequence:02d}-{row.symbol}/{issuer.abbreviation}", series


def next_number(ws: Workspace, document_id: int, on: date | None = None) -> str:
    """The number issuing the draft ``document_id`` now would give it (asked before)."""
    with ws.reading():
        row = DocumentRow.get_by_id(document_id)
        if row.status == "issued":
            return str(row.number)
        return _next_number(ws, row, on or date.today())[1]


def issue(ws: Workspace, document_id: int, issued_on: date | None = None) -> str:
    """Give the next number, render the final PDF, keep it by its hash; return the number."""
    issued_on = issued_on or date.today()
    with ws.writing("document.issue"):
        row = DocumentRow.get_by_id(document_id)
        if row.status == "issued":
            raise ValidationError(_("Document {number} is already issued.").format(
                number=row.number), field="status")
        missing = unfinished_sections(ws, document_id)
        if missing:
            raise ValidationError(_("The report cannot be issued while these sections are "
                                    "empty: {sections}.").format(sections="; ".join(missing)),
                                  field="sections")
        year = issued_on.year
        sequence, number, series = _next_number(ws, row, issued_on)
        document = from_json(json.loads(row.content))
        document.number, document.draft, document.date = number, None, issued_on
        if row.corrects_id:  # type: ignore[attr-defined]
            corrected = DocumentRow.get_by_id(row.corrects_id)  # type: ignore[attr-defined]
            document.body.insert(0, layout.Para(
                f"Văn bản này đính chính, thay thế văn bản số {corrected.number}.",
                indent=False))
        data, _slot = layout.render(document)
        digest = _store_bytes(ws, data)
        row.sequence, row.number, row.year, row.series = sequence, number, year, series
        row.status, row.issued_on, row.pdf_sha256 = "issued", issued_on, digest
        row.content = json.dumps(to_json(document), ensure_ascii=False)
        row.save()
        return number


def _issued_row(ws: Workspace, document_id: int) -> DocumentRow:
    row = _row(ws, document_id)
    if row.status != "issued":
        raise ValidationError(_("Only an issued document can be kept signed; issue it "
                                "first."), field="status")
    return row


def keep_signed(ws: Workspace, document_id: int, signed: bytes) -> None:
    """Keep the signed PDF of an issued document: it must be exactly the issued PDF with
    signatures appended, every one of them intact and valid (trust is the receiver's
    business: the upper level checks the chain against its own roots)."""
    from ctrdesk.core.attachments import read_blob
    from ctrdesk.core.signing import verify_pdf

    row = _issued_row(ws, document_id)
    issued = read_blob(ws, row.pdf_sha256)
    if len(signed) <= len(issued) or not signed.startswith(issued):
        raise ValidationError(_("This PDF is not document {number} as it was issued, with "
                                "signatures added.").format(number=row.number), field="pdf")
    report = verify_pdf(signed, [])
    if not report.signatures or not all(s.intact and s.valid and not s.modified_after
                                        for s in report.signatures):
        raise ValidationError(_("The signatures of this PDF are not intact and valid."),
                              field="pdf")
    with ws.writing("document.keep_signed"):
        row = DocumentRow.get_by_id(document_id)
        row.signed_sha256 = _store_bytes(ws, signed)
        row.save()


def sign_issued(ws: Workspace, document_id: int, key: Pkcs12Key | TokenKey,
                reason: str = "") -> bytes:
    """Sign an issued document as it was issued — the first signature visible in its
    signature block, a further one appended to the signed file — and keep the result."""
    from ctrdesk.core.attachments import read_blob
    from ctrdesk.core.signing import sign_pdf

    ws.require("document.sign")
    row = _issued_row(ws, document_id)
    base = read_blob(ws, row.signed_sha256 or row.pdf_sha256)
    # The same content laid out again says where the signature block is.
    _pdf, slot = layout.render(load(ws, document_id))
    first = not row.signed_sha256 and slot is not None
    signed = sign_pdf(base, key, page=slot.page if first and slot else None,
                      box=slot.box if first and slot else None, reason=reason)
    keep_signed(ws, document_id, signed)
    return signed


def _store_bytes(ws: Workspace, data: bytes) -> str:
    from ctrdesk.core.attachments import write_blob

    return write_blob(ws, data)


def correct(ws: Workspace, document_id: int) -> int:
    """A new draft correcting an issued document, with the same content to start from."""
    row = _row(ws, document_id)
    if row.status != "issued":
        raise ValidationError(_("Only an issued document can be corrected; edit the draft."),
                              field="status")
    with ws.writing("document.correct"):
        new = DocumentRow.create(organization=row.organization_id,  # type: ignore[attr-defined]
                                 kind=row.kind, symbol=row.symbol, year=row.year,
                                 status="draft", title=row.title, source=row.source,
                                 content=row.content, corrects=row.id)
        document = from_json(json.loads(row.content))
        document.number, document.draft = None, "DỰ THẢO"
        new.content = json.dumps(to_json(document), ensure_ascii=False)
        new.save()
        return int(new.id)


def list_documents(ws: Workspace, year: int | None = None) -> list[dict[str, Any]]:
    """The register, newest first; each issued document with the term it is numbered in."""
    from ctrdesk.core.store.models import Term

    with ws.reading():
        terms = {f"term:{t.id}": t.name for t in Term.select()}
        query = DocumentRow.select().order_by(DocumentRow.id.desc())
        if year is not None:
            query = query.where(DocumentRow.year == year)
        return [{"id": d.id, "uuid": d.uuid, "kind": d.kind, "number": d.number,
                 "status": d.status, "title": d.title, "year": d.year,
                 "term": terms.get(d.series, "") if d.sequence else "",
                 "issued_on": d.issued_on.isoformat() if d.issued_on else None,
                 "pdf_sha256": d.pdf_sha256, "signed": bool(d.signed_sha256),
                 "corrects": d.corrects_id} for d in query]  # type: ignore[attr-defined]


def export_docx(document: layout.Document, target: str) -> None:
    """The same content as a .docx, for users who must edit it by hand."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    from ctrdesk.core.i18n import format_party_date

    out = docx.Document()
    section = out.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = out.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(14)
    header = out.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.text = "\n".join(x for x in (document.superior.upper(), document.issuer.upper(), "*",
                                      f"Số {document.number}" if document.number else "Số   -")
                          if x)
    right.text = f"ĐẢNG CỘNG SẢN VIỆT NAM\n{format_party_date(document.date, document.place)}"
    for cell in (left, right):
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, bold in ((document.doc_type.upper(), True), (document.summary, True)):
        paragraph = out.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(layout.nfc(text)).bold = bold
    for block in document.body:
        if isinstance(block, layout.Heading):
            out.add_paragraph().add_run(layout.nfc(block.text.upper() if block.level == 1
                                                   else block.text)).bold = True
        elif isinstance(block, layout.Para | layout.Bullet):
            prefix = "- " if isinstance(block, layout.Bullet) else ""
            out.add_paragraph(layout.nfc(prefix + block.text)).alignment = \
                WD_ALIGN_PARAGRAPH.JUSTIFY
        elif isinstance(block, layout.TableBlock):
            table = out.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = layout.nfc(text)
            for values in block.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, values, strict=True):
                    cell.text = layout.nfc(str(text))
    closing = out.add_table(rows=1, cols=2)
    recipients, signature = closing.rows[0].cells
    recipients.text = "Nơi nhận:\n" + "\n".join(f"- {r}" for r in document.recipients)
    if document.signature:
        signature.text = "\n".join(x for x in (document.signature.authority,
                                               document.signature.position, "\n\n",
                                               document.signature.name) if x)
    out.core_properties.title = document.title
    buffer = io.BytesIO()
    out.save(buffer)
    write_whole(target, buffer.getvalue())
