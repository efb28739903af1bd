"""Backups of a workspace: one file (``.ctrbak``) holding a consistent copy of the
workspace (encrypted like it) and its stored files, with a manifest of SHA-256 hashes.

A backup is written whole (through a temporary file) and readable by its owner only. A
restore checks the backup whole first — every member's hash, the database's integrity,
its schema — and only then replaces the workspace, keeping the replaced file aside.
When a backup folder is chosen, a workspace changed since it was opened is backed up
when it is closed, at most once a day, keeping the last N.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ctrdesk.core.errors import CtrdeskError, ValidationError, WorkspaceError
from ctrdesk.core.files import open_private
from ctrdesk.core.i18n import _
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.migrations import LATEST_VERSION
from ctrdesk.core.store.workspace import cipher_connect

FORMAT = "ctrdesk.backup/1"
SUFFIX = ".ctrbak"
FOLDER_SETTING = "backup.folder"
KEEP_SETTING = "backup.keep"
DEFAULT_KEEP = 7
_DB = "workspace.sqlite"


class BackupRefusedError(WorkspaceError):
    """The backup is not whole or cannot be restored; the workspace was kept."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: str
    workspace: str
    schema_version: int
    encrypted: bool
    files: int
    size: int

    def as_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "created": self.created, "workspace": self.workspace,
                "schema_version": self.schema_version, "encrypted": self.encrypted,
                "files": self.files, "size": self.size}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def create_backup(ws: Workspace, out: str | os.PathLike[str], *,
                  check_role: bool = True) -> BackupInfo:
    """Write a backup of ``ws`` to ``out``."""
    if check_role:
        ws.require("backup.create")
    out = Path(out)
    if out.suffix != SUFFIX:
        out = out.with_name(out.name + SUFFIX)
    try:
        out.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".ctrbak-", dir=out.parent))
    except OSError as exc:
        raise CtrdeskError(_("Cannot write a backup in {folder}: {reason}").format(
            folder=out.parent, reason=exc.strerror or exc)) from exc
    try:
        snapshot = work / _DB
        ws._activate()
        ws.db.execute_sql("VACUUM INTO ?", (str(snapshot),))  # consistent, same key
        members: dict[str, Path] = {_DB: snapshot}
        if ws.attachments_dir.is_dir():
            for blob in sorted(ws.attachments_dir.glob("??/*")):
                if blob.is_file() and len(blob.name) == 64:
                    members[f"files/{blob.parent.name}/{blob.name}"] = blob
        manifest = {"format": FORMAT, "created": datetime.now().isoformat(timespec="seconds"),
                    "workspace": ws.path.name, "schema_version": ws.schema_version,
                    "encrypted": ws.encrypted,
                    "files": {name: _sha256(path) for name, path in members.items()}}
        partial = out.with_name(out.name + ".part")
        compression = zipfile.ZIP_STORED if ws.encrypted else zipfile.ZIP_DEFLATED
        with open_private(partial) as handle, zipfile.ZipFile(handle, "w", compression) as z:
            z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
            for name, path in members.items():
                z.write(path, name)
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, out)
    except OSError as exc:
        raise CtrdeskError(_("Cannot write the backup {path}: {reason}").format(
            path=out, reason=exc.strerror or exc)) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return _info(out, manifest)


def _info(path: Path, manifest: dict[str, Any]) -> BackupInfo:
    return BackupInfo(path, str(manifest.get("created", "")), str(manifest.get("workspace", "")),
                      int(manifest.get("schema_version", 0)), bool(manifest.get("encrypted")),
                      len(manifest.get("files", {})) - 1, path.stat().st_size)


def _refuse(path: Path, reason: str) -> BackupRefusedError:
    return BackupRefusedError(_("The backup {path} cannot be restored: {reason}. The "
                                "workspace was kept as it is.").format(path=path, reason=reason))


def read_manifest(path: Path) -> dict[str, Any]:
    try:
        with zipfile.ZipFile(path) as z:
            manifest = json.loads(z.read("manifest.json"))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise _refuse(path, _("it is not a whole ctrdesk backup")) from exc
    if manifest.get("format") != FORMAT:
        raise _refuse(path, _("it is not a ctrdesk backup"))
    return dict(manifest)


def _open_database(path: Path, passphrase: str | None) -> Any:
    if passphrase is not None:
        return cipher_connect(str(path), passphrase, read_only=True)
    return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)


def check_backup(path: str | os.PathLike[str], passphrase: str | None,
                 into: Path | None = None) -> BackupInfo:
    """Check a backup whole: every member present with its hash, the database opens
    (with ``passphrase`` when it is encrypted) and is intact. With ``into``, the checked
    database is left there."""
    path = Path(path)
    manifest = read_manifest(path)
    files: dict[str, str] = manifest.get("files", {})
    if _DB not in files:
        raise _refuse(path, _("it holds no workspace"))
    work = Path(tempfile.mkdtemp(prefix=".ctrbak-check-", dir=path.parent
                                 if os.access(path.parent, os.W_OK) else None))
    try:
        try:
            with zipfile.ZipFile(path) as z:
                for name, expected in files.items():
                    digest = hashlib.sha256()
                    with z.open(name) as member:
                        for chunk in iter(lambda m=member: m.read(1024 * 1024), b""):  # type: ignore[misc]
                            digest.update(chunk)
                    if digest.hexdigest() != expected:
                        raise _refuse(path, _("{name} does not match its hash").format(
                            name=name))
                z.extract(_DB, work)
        except (OSError, zipfile.BadZipFile, KeyError, EOFError) as exc:
            raise _refuse(path, _("it is incomplete or damaged")) from exc
        encrypted = bool(manifest.get("encrypted"))
        if encrypted and passphrase is None:
            raise _refuse(path, _("it is encrypted and no passphrase was given"))
        conn = _open_database(work / _DB, passphrase if encrypted else None)
        try:
            try:
                result = conn.execute("PRAGMA integrity_check").fetchall()
                version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
            except Exception as exc:  # the key does not fit, or not a workspace
                raise _refuse(path, _("its workspace does not open (wrong passphrase?)")) \
                    from exc
        finally:
            conn.close()
        if result != [("ok",)]:
            raise _refuse(path, _("its workspace is damaged"))
        if int(version or 0) > LATEST_VERSION:
            raise _refuse(path, _("it was made by a newer ctrdesk"))
        if into is not None:
            shutil.move(str(work / _DB), into)
            into.chmod(0o600)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return _info(path, manifest)


@dataclass(frozen=True)
class Restored:
    backup: BackupInfo
    replaced: Path  # the workspace as it was before, kept aside


def restore_backup(ws: Workspace, backup: str | os.PathLike[str],
                   passphrase: str | None = None) -> Restored:
    """Replace the workspace by a checked backup, keeping the replaced file aside.

    ``passphrase`` opens an encrypted backup (by default the workspace's own). The
    restore is written into the restored workspace's own audit trail (who, when, which
    backup file and its SHA-256) before it replaces the current one, so the trail of
    the restored workspace stays one whole chain. The workspace ``ws`` is closed
    afterwards: open it again to use the restored data.
    """
    ws.require("backup.restore")
    backup = Path(backup)
    path = ws.path
    incoming = path.with_name(path.name + ".restoring")
    incoming.unlink(missing_ok=True)
    key = passphrase if passphrase is not None else ws.db.passphrase
    info = check_backup(backup, key, into=incoming)
    try:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        replaced = path.with_name(f"{path.stem}.replaced-{stamp}{path.suffix}")
        _record_restore(ws, incoming, key if info.encrypted else None, {
            "backup": backup.name, "path": str(backup.absolute()), "sha256": _sha256(backup),
            "created": info.created, "schema_version": info.schema_version,
            "replaced": replaced.name})
        with zipfile.ZipFile(backup) as z:
            for name in z.namelist():
                if not name.startswith("files/"):
                    continue
                _, prefix, sha = name.split("/")
                target = ws.attachments_dir / prefix / sha
                if len(sha) == 64 and prefix == sha[:2] and not target.exists():
                    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                    with z.open(name) as member, open_private(target) as handle:
                        shutil.copyfileobj(member, handle)
        ws.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        ws.close_hooks.clear()
        ws.db.close()
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise _refuse(backup, _("the workspace still has unsaved changes"))
        try:
            os.link(path, replaced)
        except OSError:
            shutil.copy2(path, replaced)
        os.replace(incoming, path)  # the one step
        for leftover in (wal, path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
    finally:
        for suffix in ("", ".lock", "-wal", "-shm"):
            incoming.with_name(incoming.name + suffix).unlink(missing_ok=True)
    ws.close()
    return Restored(info, replaced)


def _record_restore(ws: Workspace, incoming: Path, passphrase: str | None,
                    details: dict[str, Any]) -> None:
    """Append the restore to the trail of the checked copy about to replace ``ws``, as
    the user of ``ws`` (who may have no account in the backup)."""
    from ctrdesk.core.security.audit import note_event
    from ctrdesk.core.store import open_workspace

    restored = open_workspace(incoming, create=False, passphrase=passphrase)
    try:
        restored.close_hooks.clear()  # no automatic backup of the copy
        if restored.backup_path is not None:  # an older backup, migrated: the backup
            restored.backup_path.unlink(missing_ok=True)  # itself is the copy before
        restored.user, restored.role = ws.user, ws.role
        with restored.writing("backup.restore"):
            note_event(restored, "backup", "restore", details)
        restored.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        restored.close()
        for leftover in (".lock", "-wal", "-shm"):
            incoming.with_name(incoming.name + leftover).unlink(missing_ok=True)


# --- the backup folder and automatic backups -------------------------------------------

def backup_folder(ws: Workspace) -> Path | None:
    value = ws.get_setting(FOLDER_SETTING)
    return Path(value) if value else None


def configure(ws: Workspace, folder: str | None = None, keep: int | None = None) -> None:
    """Choose the folder of automatic backups (e.g. a USB stick) and how many to keep."""
    if keep is not None and keep < 1:
        raise ValidationError(_("Keep at least one backup."), field="keep")
    with ws.writing("backup.settings"):
        if folder is not None:
            ws.set_setting(FOLDER_SETTING, str(Path(folder).expanduser().absolute()))
        if keep is not None:
            ws.set_setting(KEEP_SETTING, str(keep))


def list_backups(folder: Path, stem: str | None = None) -> list[BackupInfo]:
    """The backups in ``folder`` (of the workspace named ``stem`` if given), oldest first;
    one that cannot be read is listed with what is known."""
    found = []
    pattern = f"{stem}-*{SUFFIX}" if stem else f"*{SUFFIX}"
    for path in sorted(folder.glob(pattern)) if folder.is_dir() else []:
        try:
            found.append(_info(path, read_manifest(path)))
        except BackupRefusedError:
            found.append(BackupInfo(path, "", "", 0, False, 0, path.stat().st_size))
    return found


def auto_backup(ws: Workspace) -> Path | None:
    """On close: back up a changed workspace into the chosen folder, at most once a day,
    keeping the last N. Returns the new backup, if one was made."""
    if not ws.changed or ws.db.is_closed():
        return None
    folder = backup_folder(ws)
    if folder is None:
        return None
    keep = int(ws.get_setting(KEEP_SETTING) or DEFAULT_KEEP)
    now = datetime.now()
    stem = ws.path.stem
    existing = sorted(folder.glob(f"{stem}-????????-??????{SUFFIX}")) if folder.is_dir() else []
    if any(p.name.startswith(f"{stem}-{now:%Y%m%d}-") for p in existing):
        return None
    made = create_backup(ws, folder / f"{stem}-{now:%Y%m%d-%H%M%S}{SUFFIX}", check_role=False)
    existing = sorted(folder.glob(f"{stem}-????????-??????{SUFFIX}"))
    for old in existing[:-keep]:
        with contextlib.suppress(OSError):
            old.unlink()
    return made.path

