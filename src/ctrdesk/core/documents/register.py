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
import hashlib
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from peewee import fn

from ctrdesk.core.documents import layout
from ctrdesk.core.documents.docx_export import export_docx as export_docx
from ctrdesk.core.documents.issuer import issuer_of
from ctrdesk.core.documents.kinds import KINDS, build
from ctrdesk.core.documents.model import appendix_reference
from ctrdesk.core.documents.terms import series_of
from ctrdesk.core.errors import NotFoundError, ValidationError
from ctrdesk.core.i18n import N_, _
from ctrdesk.core.signing import Pkcs12Key, StampImages, TokenKey
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
    from ctrdesk.core.documents.report import (
        PLACEHOLDER_PATTERN,
        is_placeholder,
        missing_sections,
    )

    row = _row(ws, document_id)
    missing = missing_sections(sections_of(ws, document_id)) if row.kind == "report" else []
    if not missing and PLACEHOLDER_PATTERN.search(row.content):
        document = from_json(json.loads(row.content))
        current = ""
        for block in document.body:
            if isinstance(block, layout.Heading) and block.level == 1:
                current = block.text
            elif is_placeholder(getattr(block, "text", "")) and current not in missing:
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
    """Give the next number, render the final PDF, keep it by its hash; return the number.
    When the issue fails (a full disk), the PDF it stored is removed again."""
    issued_on = issued_on or date.today()
    made: list[str] = []
    with _removed_on_failure(ws, made), ws.writing("document.issue"):
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
        for appendix in document.appendices:  # the appendix now names its document
            appendix.reference = appendix_reference(document)
        if row.corrects_id:  # type: ignore[attr-defined]
            corrected = DocumentRow.get_by_id(row.corrects_id)  # type: ignore[attr-defined]
            document.body.insert(0, layout.Para(
                f"Văn bản này đính chính, thay thế văn bản số {corrected.number}.",
                indent=False))
        data, _slot = layout.render(document)
        digest = _store_bytes(ws, data, made)
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
    made: list[str] = []
    with _removed_on_failure(ws, made), ws.writing("document.keep_signed"):
        row = DocumentRow.get_by_id(document_id)
        row.signed_sha256 = _store_bytes(ws, signed, made)
        row.save()


SIGNING_ROLES = ("signatory", "recorder", "initials", "body")
BLOCK_NAMES = {"signatory": N_("The signature block"),
               "recorder": N_("The secretary's signature"),
               "initials": N_("The drafter's initials"),
               "body": N_("The issuing body's signature")}
STAMP_SETTINGS = {"signature": "stamp.signature_png_sha256", "seal": "stamp.seal_png_sha256"}


def set_stamp_image(ws: Workspace, which: str, png: bytes | None) -> None:
    """Choose once the handwritten-signature (blue) or seal (red) image, a PNG with a
    transparent background, drawn in the visible signatures; None removes it."""
    from ctrdesk.core.store.models import Setting

    if which not in STAMP_SETTINGS:
        raise ValidationError(_("Unknown stamp image '{which}': use signature or seal.")
                              .format(which=which), field="image")
    if png is not None:
        _check_png(png)
        digest = _store_bytes(ws, png)
    with ws.writing("document.stamp_image"):
        Setting.delete().where(Setting.key == STAMP_SETTINGS[which]).execute()
        if png is not None:
            Setting.create(key=STAMP_SETTINGS[which], value=digest)


def _check_png(png: bytes) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(png)) as image:
            if image.format != "PNG":
                raise ValueError(image.format)
            image.verify()
    except (UnidentifiedImageError, ValueError, OSError) as exc:
        raise ValidationError(_("The image is not a PNG file: {reason}").format(
            reason=exc), field="image") from exc


def stamp_images(ws: Workspace, with_seal: bool = True) -> StampImages | None:
    """The images chosen in the settings (the seal only where the committee's seal
    applies), or None for a text stamp."""
    from ctrdesk.core.attachments import blob_path, read_blob
    from ctrdesk.core.store.models import Setting

    found: dict[str, bytes | None] = {}
    with ws.reading():
        chosen = {which: row.value for which, key in STAMP_SETTINGS.items()
                  if (row := Setting.get_or_none(Setting.key == key)) is not None}
    for which in STAMP_SETTINGS:
        digest = chosen.get(which)
        found[which] = read_blob(ws, digest) \
            if digest and blob_path(ws, digest).is_file() else None
    if not with_seal:
        found["seal"] = None
    return StampImages(found["signature"], found["seal"]) if any(found.values()) else None


def signatory_check(ws: Workspace, document_id: int, holder: str,
                    role: str | None = None) -> str | None:
    """None when ``holder`` (a certificate's holder) is the person named in the block the
    signature goes to; else the message the GUI shows as a warning before signing."""
    from ctrdesk.core.signing import same_person, signer_mismatch

    document = load(ws, document_id)
    if role in (None, "body") and same_person(holder, document.issuer):
        return None  # the issuing body's own certificate
    slots = layout.render_slots(document).slots
    if role is None:
        role = _role_for(slots, holder)
    slot = slots.get(role)
    if slot is None or role == "initials":
        return None
    return signer_mismatch(holder, slot.name)


def _role_for(slots: dict[str, layout.SignatureSlot], holder: str) -> str:
    from ctrdesk.core.signing import same_person

    for role in ("signatory", "recorder"):
        slot = slots.get(role)
        if slot is not None and same_person(holder, slot.name):
            return role
    return "signatory"


def sign_issued(ws: Workspace, document_id: int, key: Pkcs12Key | TokenKey,
                reason: str = "", *, role: str | None = None,
                allow_other_signer: bool = False) -> bytes:
    """Sign an issued document as it was issued, each signature visible in its own block:
    the signatory's in the signature block, the minutes' secretary's on the left, a
    drafter's initials small at the end, the issuing body's own certificate in a stamp at
    the top right of the first page. Without ``role`` the block is the one naming the
    certificate's holder; a holder named in no block is refused unless
    ``allow_other_signer`` (then the signature block). Keeps the result."""
    from ctrdesk.core.attachments import read_blob
    from ctrdesk.core.signing import SigningError, certificate_holder, same_person, sign_pdf

    ws.require("document.sign")
    row = _issued_row(ws, document_id)
    base = read_blob(ws, row.signed_sha256 or row.pdf_sha256)
    # The same content laid out again says where each block is.
    document = load(ws, document_id)
    slots = layout.render_slots(document).slots
    if role is not None and role not in SIGNING_ROLES:
        raise ValidationError(_("Unknown signature block '{role}': use one of {roles}.")
                              .format(role=role, roles=", ".join(SIGNING_ROLES)),
                              field="role")
    if role is None:
        holder = certificate_holder(key).name
        role = "body" if same_person(holder, document.issuer) else _role_for(slots, holder)
    slot: layout.SignatureSlot | None = slots.get(role)
    if role == "body":  # the body's own certificate: its stamp at the top right
        slot = layout.SignatureSlot(0, (0, 0, 0, 0), "body", document.issuer)
    if slot is None:
        raise ValidationError(_("{block} has no place in document {number}.").format(
            block=_(BLOCK_NAMES[role]), number=row.number), field="role")
    taken = _signed_fields(base)
    field_name = role if role != "initials" else f"initials-{len(taken) + 1}"
    named = slot.name if role in ("signatory", "recorder") else None
    if field_name in taken:
        raise SigningError(_("{block} of document {number} is already signed.").format(
            block=_(BLOCK_NAMES[role]), number=row.number))
    authority = (document.signature.authority if document.signature else "").upper()
    images = stamp_images(ws, with_seal=role == "signatory" and authority.startswith("T/M")) \
        if role in ("signatory", "recorder") else None
    signed = sign_pdf(base, key, field_name=field_name, page=slot.page,
                      box=slot.box if role != "body" else None, reason=reason,
                      signatory=named, allow_other_signer=allow_other_signer,
                      body=document.issuer, images=images, small=role == "initials")
    keep_signed(ws, document_id, signed)
    return signed


def _signed_fields(data: bytes) -> set[str]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return {s.field_name for s in PdfFileReader(io.BytesIO(data),
                                                strict=False).embedded_signatures}


def _store_bytes(ws: Workspace, data: bytes, made: list[str] | None = None) -> str:
    """Keep ``data`` in the file store; a file it newly writes is added to ``made``."""
    from ctrdesk.core.attachments import blob_path, write_blob

    new = not blob_path(ws, hashlib.sha256(data).hexdigest()).exists()
    digest = write_blob(ws, data)
    if new and made is not None:
        made.append(digest)
    return digest


@contextmanager
def _removed_on_failure(ws: Workspace, made: list[str]) -> Iterator[None]:
    """The stored files in ``made`` are removed if the block fails (its transaction rolled
    back, nothing refers to them): a full disk leaves no stray file."""
    from ctrdesk.core.attachments import blob_path

    try:
        yield
    except BaseException:
        for digest in made:
            blob_path(ws, digest).unlink(missing_ok=True)
        raise


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
