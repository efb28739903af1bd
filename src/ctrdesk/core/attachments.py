"""Files attached to records, kept beside the workspace and named by their SHA-256.

The same file attached twice is stored once; the row records the name the user knew it
by. A file is copied in before its row is written, so a crash leaves at worst an
unreferenced file, never a row without its file.

In an encrypted workspace the stored files (attachments, issued and signed PDFs, received
documents) are encrypted too (AES-256-GCM) with a random key kept inside the workspace,
so they are only readable with the workspace's passphrase. Every stored file is readable
by its owner only.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ctrdesk.core.errors import CtrdeskError, ValidationError
from ctrdesk.core.files import make_private_dirs
from ctrdesk.core.i18n import _
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import Attachment

MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024
ENCRYPTED_MAGIC = b"CTRENC1\x00"
FILES_KEY_SETTING = "security.files_key"
_NONCE = 12


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


def blob_path(ws: Workspace, sha256: str) -> Path:
    """Where the file store keeps the content with this SHA-256 (sealed when the workspace
    is encrypted: read it with :func:`read_blob`)."""
    return _blob_path(ws, sha256)


def files_key(ws: Workspace) -> bytes | None:
    """The key of the stored files: only an encrypted workspace has one."""
    if not ws.encrypted:
        return None
    value = ws.get_setting(FILES_KEY_SETTING)
    return bytes.fromhex(value) if value else None


def ensure_files_key(ws: Workspace) -> bytes:
    """Create the stored files' key (in an encrypted workspace) if it has none yet."""
    from ctrdesk.core.store.models import Setting

    key = files_key(ws)
    if key is None:
        key = os.urandom(32)
        with ws.writing("attachment.key"):
            Setting.insert(key=FILES_KEY_SETTING, value=key.hex()).on_conflict_replace() \
                .execute()
    return key


def _writing_key(ws: Workspace) -> bytes | None:
    """The key new stored files are encrypted with (made on first use)."""
    return ensure_files_key(ws) if ws.encrypted else None


def _seal(key: bytes, sha256: str, data: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(_NONCE)
    return ENCRYPTED_MAGIC + nonce + AESGCM(key).encrypt(nonce, data, sha256.encode())


def _open_sealed(key: bytes | None, sha256: str, data: bytes) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if key is None:
        raise CtrdeskError(_("The stored file {sha} is encrypted but this workspace has no "
                             "key for it.").format(sha=sha256[:12]))
    body = data[len(ENCRYPTED_MAGIC):]
    try:
        return AESGCM(key).decrypt(body[:_NONCE], body[_NONCE:], sha256.encode())
    except InvalidTag as exc:
        raise CtrdeskError(_("The stored file {sha} is damaged or was changed.").format(
            sha=sha256[:12])) from exc


def read_blob(ws: Workspace, sha256: str) -> bytes:
    """A stored file's content (decrypted when it is encrypted)."""
    data = _blob_path(ws, sha256).read_bytes()
    if data.startswith(ENCRYPTED_MAGIC):
        return _open_sealed(files_key(ws), sha256, data)
    return data


def _put(ws: Workspace, sha256: str, data: bytes) -> None:
    """Write a stored file whole (through a temporary file), owner-only."""
    target = _blob_path(ws, sha256)
    make_private_dirs(target.parent)
    key = _writing_key(ws)
    payload = _seal(key, sha256, data) if key is not None else data
    temporary: str | None = None
    try:
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as handle:
            temporary = handle.name
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        if temporary is not None:  # a full disk leaves no partial file behind
            Path(temporary).unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # nor a folder made for it (if empty)
            target.parent.rmdir()
        _raise_disk_full(exc)
        raise


def _raise_disk_full(exc: OSError) -> None:
    """A full disk is the user's to act on: "not enough disk space", not a traceback."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        from ctrdesk.core.store.workspace import DiskFullError

        raise DiskFullError(_("Not enough disk space: nothing was stored.")) from exc


def write_blob(ws: Workspace, data: bytes) -> str:
    """Keep ``data`` in the file store (once per content); return its SHA-256."""
    digest = hashlib.sha256(data).hexdigest()
    if not _blob_path(ws, digest).exists():
        _put(ws, digest, data)
    return digest


def encrypt_stored_files(ws: Workspace) -> int:
    """Encrypt the stored files still in clear (after the workspace was encrypted); each
    file is replaced whole, so an interruption leaves every file readable."""
    key = ensure_files_key(ws)
    done = 0
    if not ws.attachments_dir.is_dir():
        return 0
    for path in sorted(ws.attachments_dir.glob("??/*")):
        if len(path.name) != 64 or not path.is_file():
            continue
        data = path.read_bytes()
        if data.startswith(ENCRYPTED_MAGIC):
            continue
        if hashlib.sha256(data).hexdigest() != path.name:
            continue  # not ours or damaged: left as it is
        _put(ws, path.name, data)
        done += 1
    del key
    return done


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
    if ws.encrypted:
        data = source.read_bytes()
        return write_blob(ws, data), size
    digest = hashlib.sha256()
    make_private_dirs(ws.attachments_dir)
    partial: str | None = None
    try:
        with tempfile.NamedTemporaryFile(dir=ws.attachments_dir, delete=False) as temporary, \
                open(source, "rb") as handle:
            partial = temporary.name
            for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(chunk)
                temporary.write(chunk)
            temporary.flush()
            os.fsync(temporary.fileno())
        sha256 = digest.hexdigest()
        target = _blob_path(ws, sha256)
        make_private_dirs(target.parent)
        if target.exists():
            os.unlink(partial)
        else:
            shutil.move(partial, target)
    except OSError as exc:
        if partial is not None:  # a full disk leaves no partial file behind
            Path(partial).unlink(missing_ok=True)
        _raise_disk_full(exc)
        raise
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


def verify(info: AttachmentInfo, ws: Workspace | None = None) -> bool:
    """Is the stored file still the one attached (same SHA-256)? An encrypted file needs
    its workspace ``ws`` to be read."""
    if not info.path.exists():
        return False
    with open(info.path, "rb") as handle:
        encrypted = handle.read(len(ENCRYPTED_MAGIC)) == ENCRYPTED_MAGIC
    if encrypted:
        if ws is None:
            return False
        try:
            return hashlib.sha256(read_blob(ws, info.sha256)).hexdigest() == info.sha256
        except CtrdeskError:
            return False
    digest = hashlib.sha256()
    with open(info.path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest() == info.sha256
