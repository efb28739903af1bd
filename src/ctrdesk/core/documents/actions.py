"""What the user does with a document, one rule for the window and the command line:
edit a report's narrative sections, export it, sign it.

Signing: only an issued document is signed — as it was issued, the signed PDF kept in
the workspace (the submission package carries it). A draft is issued first; its number
is then frozen with its content.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ctrdesk.core.changes import Entity
from ctrdesk.core.documents.register import (
    export_docx,
    load,
    render_pdf,
    sections_of,
    set_sections,
    sign_issued,
)
from ctrdesk.core.documents.report import OPTIONAL_SECTIONS, REQUIRED_SECTIONS
from ctrdesk.core.errors import ValidationError
from ctrdesk.core.files import write_whole
from ctrdesk.core.i18n import _
from ctrdesk.core.store import Workspace

if TYPE_CHECKING:
    from ctrdesk.core.signing import Pkcs12Key, TokenKey

# The narrative sections of a report the committee writes: key -> the section's title.
# Every narrative section a report keeps, in the document's order.
NARRATIVES: dict[str, str] = {
    key: {**REQUIRED_SECTIONS, **OPTIONAL_SECTIONS}[key]
    for key in ("situation", "assessment", "strengths", "shortcomings", "directions",
                "proposals")
}


def narratives_of(ws: Workspace, document_id: int) -> dict[str, str]:
    """The committee's own words kept with a report, by section key."""
    kept = sections_of(ws, document_id)
    return {key: kept.get(key, "") for key in NARRATIVES}


def save_narratives(ws: Workspace, document_id: int, texts: dict[str, str]) -> None:
    """Keep a draft's narrative sections and fill the draft again with them, in one
    transaction; an issued document is refused."""
    unknown = sorted(set(texts) - set(NARRATIVES))
    if unknown:
        raise ValidationError(_("This document has no section “{section}”.").format(
            section=unknown[0]), field=unknown[0])
    with ws.writing("document.sections"):
        set_sections(ws, document_id, {**sections_of(ws, document_id),
                                       **{k: v.strip() for k, v in texts.items()}})
        ws.note(Entity.DOCUMENT, document_id)


def export_document(ws: Workspace, document_id: int, target: str | Path) -> Path:
    """An issued document exactly as frozen, a draft as it stands now; .docx or PDF by the
    target's suffix."""
    target = Path(target)
    if target.suffix.lower() == ".docx":
        export_docx(load(ws, document_id), str(target))
    else:
        write_whole(target, render_pdf(ws, document_id)[0])
    return target


def other_signer_warning(ws: Workspace, document_id: int,
                         key: Pkcs12Key | TokenKey) -> str | None:
    """Before signing: None when the key's certificate belongs to the person the block
    names (or to the issuing body); else the warning the window shows, asking whether
    somebody else really signs. A token asks for its PIN here as it does when signing."""
    from ctrdesk.core.documents.register import signatory_check
    from ctrdesk.core.signing import certificate_holder

    ws.require("document.sign")
    if load(ws, document_id).number is None:  # a draft: refused before anything is asked
        raise ValidationError(_("Only an issued document can be kept signed; issue it "
                                "first."), field="status")
    return signatory_check(ws, document_id, certificate_holder(key).name)


def sign_document(ws: Workspace, document_id: int, key: Pkcs12Key | TokenKey,
                  target: str | Path | None = None, reason: str = "", *,
                  allow_other_signer: bool = False) -> bytes:
    """Sign an issued document (the one rule: drafts are refused) and keep it signed;
    also write it to ``target`` when given. A certificate of somebody other than the
    person the block names is refused unless ``allow_other_signer`` (confirmed after
    :func:`other_signer_warning`)."""
    signed = sign_issued(ws, document_id, key, reason=reason,
                         allow_other_signer=allow_other_signer)
    if target is not None:
        write_whole(Path(target), signed)
    return signed
