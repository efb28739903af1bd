"""Helpers of the security tests: a whole dump of a workspace file, clear or encrypted."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

PASSPHRASE = "Mật khẩu chung của chi bộ 2026"


def clerk_signed_in(path: Path) -> Any:
    """A unit's workspace with the secretary's and the clerk's accounts, the clerk (vanthu,
    "mật khẩu văn thư") signed in."""
    from ctrdesk.core.security.accounts import add_account, sign_in
    from ctrdesk.core.store import open_workspace

    ws = open_workspace(path)
    add_account(ws, "bithu", "secretary", "mật khẩu bí thư")
    add_account(ws, "vanthu", "clerk", "mật khẩu văn thư")
    sign_in(ws, "vanthu", lambda: "mật khẩu văn thư")
    return ws


def connect(path: Path, passphrase: str | None = None) -> Any:
    if passphrase is None:
        return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    from sqlcipher3 import dbapi2 as sqlcipher

    conn = sqlcipher.connect(f"{path.as_uri()}?mode=ro", uri=True)
    conn.execute("PRAGMA key = '{}'".format(passphrase.replace("'", "''")))
    return conn


def dump(path: Path, passphrase: str | None = None, *,
         skip: tuple[str, ...] = ()) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in key order (tables in ``skip`` left out)."""
    conn = connect(path, passphrase)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall()
                for t in tables if t not in skip}
    finally:
        conn.close()


def data_dump(path: Path, passphrase: str | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """The workspace's data without its audit trail and its secret settings."""
    rows = dump(path, passphrase, skip=("audit_entry",))
    rows["setting"] = [r for r in rows["setting"] if not str(r[0]).startswith("security.")]
    return rows
