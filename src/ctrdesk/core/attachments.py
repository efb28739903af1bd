"""Files attached to records, kept beside the workspace and named by their SHA-256.

The same file attached twice is stored once; the row records the name the user knew it
by. A file is copied in before its row is written, so a crash leaves at worst an
unreferenced file, never a row without its file.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ctrdesk.core.errors import ValidationError
from ctrdesk.core.i18n import _
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import Attachment

MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    sha256: str
    filename: str
    size: int
    path: Path

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "sha256": self.sha256, "filename": self.filename,
                "size": self.size}


def _blob_path(ws: Workspace, sha256: str) -> Path:
    return ws.attachments_dir / sha256[:2] / sha256


def store_file(ws: Workspace, source: str | os.PathLike[str]) -> tuple[str, int]:
    """Copy a file into the workspace's file store; return its SHA-256 and size."""
    source = Path(source)
    if not source.is_file():
        raise ValidationError(_("{name} is not a file.").format(name=source.name),
                              field="attachment")
    size = source.stat().st_size
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("{name} is larger than {limit} MB.").format(
            name=source.name, limit=MAX_ATTACHMENT_BYTES // (1024 * 1024)), field="attachment")
    digest = hashlib.sha256()
    ws.attachments_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=ws.attachments_dir, delete=False) as temporary, \
            open(source, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
            temporary.write(chunk)
        temporary.flush()
        os.fsync(temporary.fileno())
    sha256 = digest.hexdigest()
    target = _blob_path(ws, sha256)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        os.unlink(temporary.name)
    else:
        shutil.move(temporary.name, target)
    return sha256, size


def attach(ws: Workspace, owner_table: str, owner_id: int, source: str | os.PathLike[str],
           note: str = "") -> int:
    """Attach a file to a record (inside the caller's transaction when there is one)."""
    sha256, size = store_file(ws, source)
    with ws.writing("attachment.add"):
        row = Attachment.create(sha256=sha256, filename=Path(source).name, size=size,
                                owner_table=owner_table, owner_id=owner_id, note=note)
        return int(row.id)


def attachments_of(ws: Workspace, owner_table: str, owner_id: int) -> list[AttachmentInfo]:
    with ws.reading():
        rows = list(Attachment.select().where(
            (Attachment.owner_table == owner_table) & (Attachment.owner_id == owner_id)
        ).order_by(Attachment.id))
    return [AttachmentInfo(r.id, r.sha256, r.filename, r.size, _blob_path(ws, r.sha256))
            for r in rows]


def verify(info: AttachmentInfo) -> bool:
    """Is the stored file still the one attached (same SHA-256)?"""
    if not info.path.exists():
        return False
    digest = hashlib.sha256()
    with open(info.path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest() == info.sha256
