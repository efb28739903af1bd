"""Opening a workspace: one SQLite file holding one unit's data.

Opening checks, in this order and before anything is written: that the path is a
SQLite database (or new), that it can be written, that no other ctrdesk process has
it open, and that its schema is not newer than this ctrdesk. Only then is the file
backed up (if it must be migrated), migrated and opened with WAL, foreign keys and
a busy timeout. A refused file is left byte-identical.

A workspace may be encrypted (SQLCipher): it is then opened with its passphrase, and a
wrong one is refused before anything is written; after five wrong tries in a row each
further try waits longer. Every file created here is readable by its owner only.

All writes go through :meth:`Workspace.writing`, the one write path: a write outside
it is refused by the database object itself.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from peewee import OperationalError, SqliteDatabase

from ctrdesk import __version__
from ctrdesk.core.changes import ChangeCollector, Changes, Entity
from ctrdesk.core.errors import (
    NotAWorkspaceError,
    PassphraseRequiredError,
    WorkspaceError,
    WorkspaceLockedError,
    WorkspaceReadOnlyError,
    WorkspaceTooNewError,
    WrongPassphraseError,
)
from ctrdesk.core.i18n import _
from ctrdesk.core.store.migrations import LATEST_VERSION, MIGRATIONS
from ctrdesk.core.store.models import ALL_MODELS, SchemaVersion, Setting

SQLITE_MAGIC = b"SQLite format 3\x00"

BUSY_TIMEOUT_MS = 5000
_WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "ALTER", "DROP")
OWNER_ONLY = 0o600
FREE_TRIES = 5  # wrong passphrases before each further try is slowed down
MAX_DELAY_S = 30.0


class DamagedWorkspaceError(WorkspaceError):
    """The file is a workspace whose pages or indexes are damaged."""


class DiskFullError(WorkspaceError):
    """The disk (or the file's size limit) is full: the transaction was rolled back."""


def create_private(path: Path) -> None:
    """Create ``path`` empty and readable by its owner only (if it does not exist)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
    os.close(fd)


def make_private(path: Path) -> None:
    """Make an existing file of ours readable by its owner only (when we own it)."""
    try:
        if path.exists() and stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(stat.S_IMODE(path.stat().st_mode) & 0o700)
    except OSError:
        pass


def bind_plain_values_directly(driver: Any) -> None:
    """Adapters for None and bool in ``driver``'s table (sqlite3 or sqlcipher3).

    The driver looks every parameter that is not exactly a str, int, float or bytes up in
    that table and, not finding it, asks the type for an adaptation protocol through an
    AttributeError made and thrown away. A batch import binds tens of thousands of NULLs:
    found in the table, each costs a dictionary lookup instead (a tenth of storing a
    program item). ``{}.get`` gives None back for None without a Python frame; ``int``
    gives a bool's 0 or 1, as the driver binds it anyway."""
    driver.register_adapter(type(None), {}.get)
    driver.register_adapter(bool, int)


bind_plain_values_directly(sqlite3)


class WriteOutsideServiceError(RuntimeError):
    """A programming error: something wrote to the store without Workspace.writing()."""


class _GuardedDatabase(SqliteDatabase):
    """A SqliteDatabase that refuses writes made outside the workspace's write path;
    with a ``passphrase``, an encrypted (SQLCipher) one."""

    def __init__(self, *args: Any, passphrase: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._writers = threading.local()
        self.passphrase = passphrase
        # The key derived from the passphrase once (SQLCipher's own derivation costs the
        # same at every connection): further connections, e.g. of worker threads, are free.
        self.raw_key: str | None = None

    def _connect(self) -> Any:
        if self.passphrase is None:
            return super()._connect()  # type: ignore[misc]
        if self.raw_key is None:
            self.raw_key = derive_key(Path(self.database), self.passphrase)
        conn = cipher_connect(self.database, self.passphrase, raw_key=self.raw_key)
        try:
            self._add_conn_hooks(conn)  # type: ignore[attr-defined]
        except Exception:
            conn.close()
            raise
        return conn

    @property
    def write_depth(self) -> int:
        return getattr(self._writers, "depth", 0)

    @write_depth.setter
    def write_depth(self, value: int) -> None:
        self._writers.depth = value

    @property
    def collector(self) -> ChangeCollector | None:
        """What this thread's open write has changed so far."""
        return getattr(self._writers, "collector", None)

    @collector.setter
    def collector(self, value: ChangeCollector | None) -> None:
        self._writers.collector = value

    def execute_sql(self, sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        if sql.lstrip()[:7].upper().startswith(_WRITE_VERBS):
            if self.write_depth == 0:
                raise WriteOutsideServiceError(
                    "write outside Workspace.writing(): " + sql[:60]
                )
            collector = self.collector
            if collector is not None:
                collector.statement(sql)
        return super().execute_sql(sql, params, *args, **kwargs)

    def execute_many(self, sql: str, rows: Any) -> None:
        """One write statement over many rows (``executemany``), under the same guard as
        :meth:`execute_sql`: only inside ``Workspace.writing()``, noted for its listeners."""
        if self.write_depth == 0:
            raise WriteOutsideServiceError("write outside Workspace.writing(): " + sql[:60])
        collector = self.collector
        if collector is not None:
            collector.statement(sql)
        self.cursor().executemany(sql, rows)


# Prepared statements kept per connection (the driver's default is 128). A write's
# statements fire the audit triggers, which SQLite compiles into each of them: preparing
# one again costs up to a millisecond, and a package import uses a few dozen of them.
CACHED_STATEMENTS = 1024

KDF_ITERATIONS = 256_000  # SQLCipher 4's PBKDF2-HMAC-SHA512, pinned by cipher_compatibility


def derive_key(path: Path, passphrase: str) -> str | None:
    """The raw key SQLCipher 4 derives from ``passphrase`` and the file's salt (its first
    16 bytes), or None for a file that has no salt yet."""
    import hashlib

    try:
        with open(path, "rb") as handle:
            salt = handle.read(16)
    except OSError:
        return None
    if len(salt) < 16 or salt == SQLITE_MAGIC:
        return None
    return hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS,
                               32).hex()


def cipher_connect(path: str, passphrase: str, *, read_only: bool = False,
                   raw_key: str | None = None) -> Any:
    """A SQLCipher connection keyed with ``passphrase`` or the ``raw_key`` derived from it
    (not yet checked: a wrong key fails at the first read)."""
    from sqlcipher3 import dbapi2 as sqlcipher

    bind_plain_values_directly(sqlcipher)
    uri = f"{Path(path).as_uri()}?mode=ro" if read_only else str(path)
    conn = sqlcipher.connect(uri, uri=read_only, isolation_level=None,
                             timeout=BUSY_TIMEOUT_MS / 1000,
                             cached_statements=CACHED_STATEMENTS)
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our message, not a log
    conn.execute("PRAGMA cipher_compatibility = 4")
    if raw_key is not None:
        conn.execute(f"PRAGMA key = \"x'{raw_key}'\"")
    else:
        conn.execute("PRAGMA key = '{}'".format(passphrase.replace("'", "''")))
    return conn


def is_encrypted_file(path: Path) -> bool:
    """A non-empty file that does not start like a clear SQLite database."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError:
        return False
    return bool(head) and head != SQLITE_MAGIC


def _looks_encrypted(path: Path) -> bool:
    # SQLCipher files are whole pages (1 KB at least) of random-looking bytes.
    size = path.stat().st_size
    return size >= 1024 and size % 512 == 0


class Tries:
    """Wrong passphrases (or passwords) in a row, kept beside the workspace (never what
    was typed): after five, each further try waits 1, 2, 4... up to 30 seconds."""

    def __init__(self, workspace: Path, suffix: str = ".tries"):
        self.path = workspace.with_name(workspace.name + suffix)

    def count(self) -> int:
        try:
            return int(json.loads(self.path.read_text(encoding="utf-8"))["wrong"])
        except (OSError, ValueError, KeyError, TypeError):
            return 0

    def delay(self) -> float:
        extra = self.count() - FREE_TRIES
        return 0.0 if extra < 0 else min(MAX_DELAY_S, 2.0 ** extra)

    def failed(self) -> None:
        if not self.path.exists():
            create_private(self.path)
        self.path.write_text(json.dumps({"wrong": self.count() + 1}), encoding="utf-8")

    def succeeded(self) -> None:
        self.path.unlink(missing_ok=True)


class _ProcessLock:
    """An exclusive lock on ``<workspace>.lock`` held while the workspace is open."""

    def __init__(self, path: Path):
        self.path = path
        self._handle: IO[bytes] | None = None

    def acquire(self) -> bool:
        if not self.path.exists():
            with suppress(FileExistsError):
                create_private(self.path)
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


def _inspect_version(path: Path, passphrase: str | None = None,
                     raw_key: str | None = None) -> int:
    """The schema version of an existing file, without writing to it."""
    if passphrase is not None:
        return _inspect_encrypted_version(path, passphrase, raw_key)
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


def _inspect_encrypted_version(path: Path, passphrase: str, raw_key: str | None) -> int:
    tries = Tries(path)
    time.sleep(tries.delay())
    conn = cipher_connect(str(path), passphrase, read_only=True, raw_key=raw_key)
    try:
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        except Exception as exc:  # sqlcipher3's DatabaseError: the key does not fit
            tries.failed()
            raise WrongPassphraseError(_(
                "The passphrase does not open {path} (or the file is not a ctrdesk "
                "workspace). Nothing was changed.").format(path=path)) from exc
        tries.succeeded()
        if not tables:
            return 0
        if "schema_version" not in tables:
            raise NotAWorkspaceError(
                _("{path} is a SQLite database but not a ctrdesk workspace.").format(path=path)
            )
        row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0] or 0)
    finally:
        conn.close()


def backup_file(source: Path, target: Path, passphrase: str | None = None) -> None:
    """Copy a live SQLite file consistently with SQLite's online backup API (encrypted
    with the same passphrase when the source is); the copy is readable by its owner only."""
    if not target.exists():
        create_private(target)
    if passphrase is not None:
        src_conn = cipher_connect(str(source), passphrase, read_only=True)
        try:
            src_conn.execute("VACUUM INTO ?", (str(target.with_name(target.name + ".part")),))
        finally:
            src_conn.close()
        os.replace(target.with_name(target.name + ".part"), target)
        make_private(target)
        return
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
        self._listeners: list[Callable[[Changes], None]] = []
        self._origins = threading.local()
        self.backup_path: Path | None = None
        self.migrated_from: int | None = None
        # Who is signed in (see core/security/accounts.py). Without accounts there is one
        # user, who may do everything: ``user`` None, role "secretary".
        self.user: str | None = None
        self.role: str = "secretary"
        self.changed = False  # something was committed since the workspace was opened
        self.close_hooks: list[Callable[[Workspace], None]] = []

    @property
    def encrypted(self) -> bool:
        return self.db.passphrase is not None

    def may(self, action: str) -> bool:
        """May the signed-in user do ``action`` (a write's action name, or ``sign``,
        ``submission.export``, ``backup.restore``...)? The window greys out the rest."""
        from ctrdesk.core.security.roles import may

        return may(self.role, action)

    def require(self, action: str) -> None:
        """Refuse ``action`` with a clear message if the signed-in user may not do it."""
        from ctrdesk.core.security.roles import require

        require(self.role, action, self.user)

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

        Nested calls join the outer transaction. The outermost one checks that the
        signed-in user's role allows ``action`` (before anything is written) and, before
        it commits, appends what changed to the audit trail. When it commits, listeners
        get one :class:`~ctrdesk.core.changes.Changes`: what every write in it touched
        (read from the statements), the ids and periods operations named with
        :meth:`note`, the outermost action's name and the origin set by :meth:`acting_for`.
        """
        from ctrdesk.core.security import audit

        self._activate()
        outermost = self.db.write_depth == 0
        if outermost:
            self.require(action)
            self.db.collector = ChangeCollector(action, getattr(self._origins, "origin", None))
        self.db.write_depth += 1
        try:
            with self.db.atomic():
                if outermost:
                    audit.begin(self)
                yield self
                if outermost:
                    audit.record(self, action)
        except OperationalError as exc:
            if "full" not in str(exc).lower():  # SQLITE_FULL: "database or disk is full"
                raise
            raise DiskFullError(_("Not enough disk space: nothing was stored.")) from exc
        finally:
            self.db.write_depth -= 1
            collector = self.db.collector
            if outermost:
                self.db.collector = None
        if outermost and collector is not None:
            self.changed = True
            changes = collector.result()
            for listener in list(self._listeners):
                listener(changes)

    def note(self, entity: Entity, *ids: int, period: str | None = None) -> None:
        """Name what the current write changed, for readers that can use it (ids, period)."""
        collector = self.db.collector
        if collector is not None:
            collector.note(entity, *ids, period=period)

    @contextmanager
    def acting_for(self, origin: object) -> Iterator[None]:
        """Writes made in this thread meanwhile carry ``origin`` (who asked for them)."""
        previous = getattr(self._origins, "origin", None)
        self._origins.origin = origin
        try:
            yield
        finally:
            self._origins.origin = previous

    def subscribe(self, listener: Callable[[Changes], None]) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[Changes], None]) -> None:
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
        # Plain SQL: settings are read often (a batch import asks for some per package).
        row = self.db.execute_sql('SELECT "value" FROM "setting" WHERE "key" = ?',
                                  (key,)).fetchone()
        return row[0] if row else default

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
        try:
            for hook in list(self.close_hooks):  # e.g. the automatic backup
                hook(self)
        finally:
            if not self.db.is_closed():
                self.db.close()
            self._lock.release()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _auto_backup(ws: Workspace) -> None:
    from ctrdesk.core.security.backup import auto_backup

    auto_backup(ws)


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


def open_workspace(path: str | os.PathLike[str], *, create: bool = True,
                   passphrase: str | None = None) -> Workspace:
    """Open (and if needed create or migrate) the workspace at ``path``; with
    ``passphrase``, an encrypted one (a new workspace is then created encrypted).

    Raises a :class:`WorkspaceError` subclass with a user-facing message, leaving the
    file untouched, when the file cannot be used.
    """
    path = Path(path).expanduser().absolute()
    if path.is_dir():
        raise NotAWorkspaceError(_("{path} is a folder, not a workspace file.").format(path=path))
    exists = path.exists()
    if passphrase == "":
        raise WrongPassphraseError(_("An empty passphrase cannot protect a workspace."))
    if exists and path.stat().st_size > 0:
        encrypted = is_encrypted_file(path)
        if encrypted and passphrase is None:
            if _looks_encrypted(path):
                raise PassphraseRequiredError(_(
                    "{path} is encrypted (or is not a ctrdesk workspace): give its "
                    "passphrase.").format(path=path))
            raise NotAWorkspaceError(
                _("{path} is not a ctrdesk workspace (not a SQLite database).").format(
                    path=path
                )
            )
        if not encrypted and passphrase is not None:
            raise WorkspaceError(_(
                "{path} is not encrypted: open it without a passphrase, or encrypt it with "
                "'ctrdesk workspace encrypt'.").format(path=path))
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
        raw_key = derive_key(path, passphrase) if passphrase is not None and exists else None
        if exists and path.stat().st_size > 0:
            version = _inspect_version(path, passphrase, raw_key)
        else:
            version = 0
            if not exists:
                create_private(path)
        make_private(path)
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
            backup_file(path, backup_path, passphrase)
        db = _GuardedDatabase(
            str(path),
            passphrase=passphrase,
            cached_statements=CACHED_STATEMENTS,
            pragmas={
                "journal_mode": "wal",
                "foreign_keys": 1,
                "busy_timeout": BUSY_TIMEOUT_MS,
                # FULL: a committed transaction survives a power cut, not only a crash.
                "synchronous": "full",
                # An encrypted page is decrypted each time it is read from the file: a
                # larger page cache (16 MB) keeps the pages a write touches decrypted.
                **({"cache_size": -16000} if passphrase is not None else {}),
            },
        )
        db.raw_key = raw_key
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
        workspace.close_hooks.append(_auto_backup)
        from ctrdesk.core.security.accounts import default_user

        default_user(workspace)
        workspace._activate()
        return workspace
    except BaseException:
        lock.release()
        raise
