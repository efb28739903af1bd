"""Encrypting a clear workspace and changing the passphrase of an encrypted one.

Both write a complete new file beside the workspace (``sqlcipher_export``), check that it
opens with the new passphrase and holds every row, then rename it over the workspace in
one step: a crash or a kill at any moment leaves either the old file or the new one,
whole. Encrypting first makes a backup of the clear file; the stored files (attachments,
kept PDFs) are encrypted afterwards, one by one, each replaced whole.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ctrdesk.core.errors import CtrdeskError, ValidationError, WorkspaceError
from ctrdesk.core.i18n import _
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.workspace import backup_file, cipher_connect, create_private

MIN_PASSPHRASE = 8


@dataclass(frozen=True)
class Converted:
    path: Path
    backup: Path | None  # the clear copy made before encrypting
    files_encrypted: int


def check_passphrase(passphrase: str) -> str:
    if len(passphrase) < MIN_PASSPHRASE:
        raise ValidationError(_("A passphrase needs at least {n} characters.").format(
            n=MIN_PASSPHRASE), field="passphrase")
    return passphrase


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _clear_connection(path: Path) -> Any:
    """A SQLCipher-library connection to a clear file (it then reads it as plain SQLite)."""
    from sqlcipher3 import dbapi2 as sqlcipher

    return sqlcipher.connect(str(path), isolation_level=None)


def _counts(conn: Any) -> dict[str, int]:
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {name: conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
            for name in names}


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _export_and_swap(ws: Workspace, source: Any, new_passphrase: str) -> None:
    """Export ``source`` (a connection to the workspace's file) into a new encrypted file
    and rename it over the workspace; ``ws``'s connection is reopened on the new file."""
    path = ws.path
    temporary = path.with_name(path.name + ".converting")
    temporary.unlink(missing_ok=True)  # a leftover of an interrupted try
    create_private(temporary)
    try:
        expected = _counts(source)
        source.execute(f"ATTACH DATABASE {_quote(str(temporary))} AS converted "
                       f"KEY {_quote(new_passphrase)}")
        try:
            source.execute("SELECT sqlcipher_export('converted')")
        finally:
            source.execute("DETACH DATABASE converted")
        source.close()
        check = cipher_connect(str(temporary), new_passphrase)
        try:
            if check.execute("PRAGMA cipher_integrity_check").fetchall() or \
                    _counts(check) != expected:
                raise WorkspaceError(_("The converted copy of {path} is not whole; the "
                                       "workspace was left as it was.").format(path=path))
            check.execute("PRAGMA journal_mode = wal")
        finally:
            check.close()
        _fsync(temporary)
        ws.db.close()
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise WorkspaceError(_("{path} still has unsaved changes in its journal; the "
                                   "workspace was left as it was.").format(path=path))
        os.replace(temporary, path)  # the one step: before it the old file, after it the new
        for leftover in (wal, path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            _fsync(path.parent)
    except BaseException:
        with contextlib.suppress(Exception):
            source.close()
        temporary.unlink(missing_ok=True)
        if ws.db.is_closed():
            ws.db.connect()
        raise
    ws.db.passphrase, ws.db.raw_key = new_passphrase, None
    ws.db.connect()


def encrypt_workspace(ws: Workspace, passphrase: str) -> Converted:
    """Encrypt a clear workspace with ``passphrase`` (backup first, all or nothing), then
    its stored files. On an encrypted workspace, finish encrypting the stored files (after
    an interrupted conversion)."""
    from ctrdesk.core.attachments import encrypt_stored_files

    ws.require("workspace.encrypt")
    backup = None
    if not ws.encrypted:
        check_passphrase(passphrase)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        backup = ws.path.with_name(f"{ws.path.stem}.before-encrypt-{stamp}.sqlite")
        ws.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        backup_file(ws.path, backup)
        ws.db.close()  # nothing may change while the file is copied
        try:
            source = _clear_connection(ws.path)
        except BaseException:
            ws.db.connect()
            raise
        _export_and_swap(ws, source, passphrase)
        ws._activate()
    done = encrypt_stored_files(ws)
    return Converted(ws.path, backup, done)


def change_passphrase(ws: Workspace, new_passphrase: str) -> None:
    """Re-encrypt the workspace with a new passphrase, all or nothing."""
    ws.require("workspace.passphrase")
    if not ws.encrypted:
        raise CtrdeskError(_("{path} is not encrypted: encrypt it with 'ctrdesk workspace "
                             "encrypt'.").format(path=ws.path))
    check_passphrase(new_passphrase)
    old = ws.db.passphrase
    assert old is not None
    ws.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    ws.db.close()
    try:
        source = cipher_connect(str(ws.path), old, raw_key=ws.db.raw_key)
    except BaseException:
        ws.db.connect()
        raise
    _export_and_swap(ws, source, new_passphrase)
    ws._activate()
