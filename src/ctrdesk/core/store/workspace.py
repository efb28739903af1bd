"""Opening a workspace: one SQLite file holding one unit's data.

Opening checks, in this order and before anything is written: that the path is a
SQLite database (or new), that it can be written, that no other ctrdesk process has
it open, and that its schema is not newer than this ctrdesk. Only then is the file
backed up (if it must be migrated), migrated and opened with WAL, foreign keys and
a busy timeout. A refused file is left byte-identical.

All writes go through :meth:`Workspace.writing`, the one write path: a write outside
it is refused by the database object itself.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from peewee import OperationalError, SqliteDatabase

from ctrdesk import __version__
from ctrdesk.core.errors import (
    NotAWorkspaceError,
    WorkspaceError,
    WorkspaceLockedError,
    WorkspaceReadOnlyError,
    WorkspaceTooNewError,
)
from ctrdesk.core.i18n import _
from ctrdesk.core.store.migrations import LATEST_VERSION, MIGRATIONS
from ctrdesk.core.store.models import ALL_MODELS, SchemaVersion, Setting

SQLITE_MAGIC = b"SQLite format 3\x00"


class DamagedWorkspaceError(WorkspaceError):
    """The file is a workspace whose pages or indexes are damaged."""


class DiskFullError(WorkspaceError):
    """The disk (or the file's size limit) is full: the transaction was rolled back."""
BUSY_TIMEOUT_MS = 5000
_WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "ALTER", "DROP")


class WriteOutsideServiceError(RuntimeError):
    """A programming error: something wrote to the store without Workspace.writing()."""


class _GuardedDatabase(SqliteDatabase):
    """A SqliteDatabase that refuses writes made outside the workspace's write path."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._writers = threading.local()

    @property
    def write_depth(self) -> int:
        return getattr(self._writers, "depth", 0)

    @write_depth.setter
    def write_depth(self, value: int) -> None:
        self._writers.depth = value

    def execute_sql(self, sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        if self.write_depth == 0 and sql.lstrip()[:7].upper().startswith(_WRITE_VERBS):
            raise WriteOutsideServiceError(
                "write outside Workspace.writing(): " + sql[:60]
            )
        return super().execute_sql(sql, params, *args, **kwargs)


class _ProcessLock:
    """An exclusive lock on ``<workspace>.lock`` held while the workspace is open."""

    def __init__(self, path: Path):
        self.path = path
        self._handle: IO[bytes] | None = None

    def acquire(self) -> bool:
        handle = open(self.path, "a+b")  # noqa: SIM115 - held open for the lock's lifetime
        try:
            if sys.platform == "win32":
                import msvcrt

                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._handle = handle
        return True

    def release(self) -> None:
        if self._handle is None:
            return
        try:
            if sys.platform == "win32":
                import msvcrt

                self._handle.seek(0)
                msvcrt.locking(self._handle.fileno(), msvcrt.LK_UNLCK, 1)
            else:
                import fcntl

                fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
        finally:
            self._handle.close()
            self._handle = None


def _is_writable(path: Path) -> bool:
    # os.access is always true for root; the owner-write bit is how a user marks a file
    # read-only, so both are honoured.
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & stat.S_IWUSR)


def _inspect_version(path: Path) -> int:
    """The schema version of an existing file, without writing to it."""
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise NotAWorkspaceError(
            _("{path} cannot be opened as a workspace: {reason}").format(path=path, reason=exc)
        ) from exc
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if not tables:
            return 0
        if "schema_version" not in tables:
            raise NotAWorkspaceError(
                _("{path} is a SQLite database but not a ctrdesk workspace.").format(path=path)
            )
        row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
        # A damaged file (a torn page, a broken index) is refused before it is used.
        problems = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
        if problems != ["ok"]:
            raise DamagedWorkspaceError(
                _("{path} is damaged ({problem}); restore it from a backup.").format(
                    path=path, problem=problems[0] if problems else "?"))
        return int(row[0] or 0)
    except sqlite3.DatabaseError as exc:
        raise NotAWorkspaceError(
            _("{path} is not a ctrdesk workspace (not a valid SQLite database).").format(path=path)
        ) from exc
    finally:
        conn.close()


def backup_file(source: Path, target: Path) -> None:
    """Copy a live SQLite file consistently with SQLite's online backup API."""
    src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


class Workspace:
    """An open workspace. Use :func:`open_workspace` to get one; close it when done."""

    def __init__(self, path: Path, db: _GuardedDatabase, lock: _ProcessLock):
        self.path = path
        self.db = db
        self._lock = lock
        self._listeners: list[Callable[[str], None]] = []
        self.backup_path: Path | None = None
        self.migrated_from: int | None = None

    # -- binding ---------------------------------------------------------------
    def _activate(self) -> None:
        # Models are bound per workspace (no global database): several workspaces can be
        # used one after the other in a process, e.g. a parent and its units in tests.
        if ALL_MODELS[0]._meta.database is not self.db:
            self.db.bind(ALL_MODELS, bind_refs=False, bind_backrefs=False)

    @contextmanager
    def reading(self) -> Iterator[Workspace]:
        """Bind the models to this workspace for queries."""
        self._activate()
        yield self

    @contextmanager
    def writing(self, action: str = "") -> Iterator[Workspace]:
        """The one write path: a transaction in which writes are allowed.

        Nested calls join the outer transaction. When the outermost one commits,
        listeners are told which action changed the workspace (the GUI refreshes;
        an audit trail can be added here).
        """
        self._activate()
        outermost = self.db.write_depth == 0
        self.db.write_depth += 1
        try:
            with self.db.atomic():
                yield self
        except OperationalError as exc:
            if "full" not in str(exc).lower():  # SQLITE_FULL: "database or disk is full"
                raise
            raise DiskFullError(_("Not enough disk space: nothing was stored.")) from exc
        finally:
            self.db.write_depth -= 1
        if outermost:
            for listener in list(self._listeners):
                listener(action)

    def subscribe(self, listener: Callable[[str], None]) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[str], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    # -- info ------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        with self.reading():
            row = SchemaVersion.select(SchemaVersion.version).order_by(
                SchemaVersion.version.desc()
            ).first()
            return row.version if row else 0

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self.reading():
            row = Setting.get_or_none(Setting.key == key)
            return row.value if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.writing("setting"):
            Setting.insert(key=key, value=value).on_conflict_replace().execute()

    @property
    def attachments_dir(self) -> Path:
        """Files attached to records live beside the workspace, named by their SHA-256."""
        return self.path.with_name(self.path.name + ".files")

    def release_thread_connection(self) -> None:
        """Close this thread's connection (worker threads call it when their task ends)."""
        if not self.db.is_closed():
            self.db.close()

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()
        self._lock.release()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _migrate(db: _GuardedDatabase, current: int) -> None:
    db.write_depth += 1
    try:
        for version in range(current + 1, LATEST_VERSION + 1):
            with db.atomic():
                MIGRATIONS[version - 1](db.execute_sql)
                db.execute_sql(
                    'INSERT INTO "schema_version" ("version", "applied_at", "app_version") '
                    "VALUES (?, ?, ?)",
                    (version, datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"), __version__),
                )
    finally:
        db.write_depth -= 1


def open_workspace(path: str | os.PathLike[str], *, create: bool = True) -> Workspace:
    """Open (and if needed create or migrate) the workspace at ``path``.

    Raises a :class:`WorkspaceError` subclass with a user-facing message, leaving the
    file untouched, when the file cannot be used.
    """
    path = Path(path).expanduser().absolute()
    if path.is_dir():
        raise NotAWorkspaceError(_("{path} is a folder, not a workspace file.").format(path=path))
    exists = path.exists()
    if exists and path.stat().st_size > 0:
        with open(path, "rb") as handle:
            if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
                raise NotAWorkspaceError(
                    _("{path} is not a ctrdesk workspace (not a SQLite database).").format(
                        path=path
                    )
                )
    if not exists:
        if not create:
            raise WorkspaceError(_("The workspace {path} does not exist.").format(path=path))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WorkspaceReadOnlyError(
                _("Cannot create a workspace in {folder}: {reason}").format(
                    folder=path.parent, reason=exc.strerror
                )
            ) from exc
    if exists and not _is_writable(path):
        raise WorkspaceReadOnlyError(
            _("{path} is read-only: ctrdesk needs to write to its workspace.").format(path=path)
        )
    if not os.access(path.parent, os.W_OK):
        raise WorkspaceReadOnlyError(
            _("The folder {folder} is read-only: ctrdesk needs to write beside the workspace.")
            .format(folder=path.parent)
        )

    lock = _ProcessLock(path.with_name(path.name + ".lock"))
    if not lock.acquire():
        raise WorkspaceLockedError(
            _("{path} is already open in another ctrdesk window or process.").format(path=path)
        )
    try:
        version = _inspect_version(path) if exists and path.stat().st_size > 0 else 0
        if version > LATEST_VERSION:
            raise WorkspaceTooNewError(
                _(
                    "{path} was written by a newer ctrdesk (schema {found}; this version "
                    "reads up to {latest}). Update ctrdesk to open it."
                ).format(path=path, found=version, latest=LATEST_VERSION)
            )
        backup_path = None
        if 0 < version < LATEST_VERSION:
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            backup_path = path.with_name(f"{path.stem}.before-v{LATEST_VERSION}-{stamp}.sqlite")
            backup_file(path, backup_path)
        db = _GuardedDatabase(
            str(path),
            pragmas={
                "journal_mode": "wal",
                "foreign_keys": 1,
                "busy_timeout": BUSY_TIMEOUT_MS,
                # FULL: a committed transaction survives a power cut, not only a crash.
                "synchronous": "full",
            },
        )
        try:
            db.connect()
            if version < LATEST_VERSION:
                _migrate(db, version)
        except BaseException:
            db.close()
            raise
        workspace = Workspace(path, db, lock)
        workspace.backup_path = backup_path
        workspace.migrated_from = version if version < LATEST_VERSION else None
        workspace._activate()
        return workspace
    except BaseException:
        lock.release()
        raise
