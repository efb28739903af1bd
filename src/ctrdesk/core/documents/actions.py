"""What the user does with a document, one rule for the window and the command line:
edit a draft's narrative sections, export it, sign it.

Signing: only an issued document is signed — as it was issued, the signed PDF kept in
the workspace (the submission package carries it). A draft is issued first; its number
is then frozen with its content.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ctrdesk.core.changes import Entity
from ctrdesk.core.documents import layout
from ctrdesk.core.documents.register import export_docx, load, render_pdf, sign_issued, update_draft
from ctrdesk.core.errors import ValidationError
from ctrdesk.core.files import write_whole
from ctrdesk.core.i18n import N_, _
from ctrdesk.core.store import Workspace

if TYPE_CHECKING:
    from ctrdesk.core.signing import Pkcs12Key, TokenKey

# The narrative sections of a report the secretary writes, by the words of their heading.
NARRATIVES: tuple[tuple[str, str], ...] = (
    ("HẠN CHẾ", N_("Shortcomings and causes")),
    ("PHƯƠNG HƯỚNG", N_("Directions for the next period")),
    ("ĐỀ XUẤT", N_("Proposals")),
)
NARRATIVE_NAMES = {"shortcomings": "HẠN CHẾ", "directions": "PHƯƠNG HƯỚNG",
                   "proposals": "ĐỀ XUẤT"}


def narrative(document: layout.Document, key: str) -> str | None:
    """The text under the heading containing ``key`` (None when there is no such section)."""
    for index, block in enumerate(document.body):
        if isinstance(block, layout.Heading) and key in block.text.upper():
            following = document.body[index + 1] if index + 1 < len(document.body) else None
            return following.text if isinstance(following, layout.Para) else None
    return None


def set_narrative(document: layout.Document, key: str, text: str) -> bool:
    """Put ``text`` under the heading containing ``key``; whether there is such a section."""
    for index, block in enumerate(document.body):
        if isinstance(block, layout.Heading) and key in block.text.upper():
            if text:
                following = document.body[index + 1] if index + 1 < len(document.body) \
                    else None
                if isinstance(following, layout.Para):
                    following.text = text
                else:
                    document.body.insert(index + 1, layout.Para(text))
            return True
    return False


def narratives_of(ws: Workspace, document_id: int) -> dict[str, str]:
    document = load(ws, document_id)
    return {key: narrative(document, key) or "" for key, _label in NARRATIVES}


def save_narratives(ws: Workspace, document_id: int, texts: dict[str, str]) -> None:
    """Write a draft's narrative sections in one transaction; an issued one is refused."""
    with ws.writing("document.edit"):
        document = load(ws, document_id)
        for key, text in texts.items():
            if not set_narrative(document, key, text.strip()) and \
                    text.strip():
                raise ValidationError(_("This document has no section “{section}”.").format(
                    section=key), field=key)
        update_draft(ws, document_id, document)
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


def sign_document(ws: Workspace, document_id: int, key: Pkcs12Key | TokenKey,
                  target: str | Path | None = None, reason: str = "") -> bytes:
    """Sign an issued document (the one rule: drafts are refused) and keep it signed;
    also write it to ``target`` when given."""
    signed = sign_issued(ws, document_id, key, reason=reason)
    if target is not None:
        write_whole(Path(target), signed)
    return signed
