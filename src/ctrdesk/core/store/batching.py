"""Committing a batch of many transactions (a thousand packages) quickly and safely.

Each package is still its own transaction. During the batch, a commit does not wait for
the disk (``synchronous = NORMAL``: in WAL mode a crash of the program loses nothing
committed, and the file stays consistent whatever happens), and the work of copying the
write-ahead log into the database file (a checkpoint, which does wait for the disk) is
done by a background thread with its own connection, every few commits, instead of
stalling the writer every few dozen packages (not after every commit: the pages many
commits touch, indexes and the audit trail, are then copied once). If that thread falls
behind, the writer's own automatic checkpoint, set high, still bounds the log. At the end
the previous settings come back and a last checkpoint writes the whole batch to the disk.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ctrdesk.core.changes import Changes
    from ctrdesk.core.store.workspace import Workspace

# The writer checkpoints itself only when the log reaches this many pages (256 MB with
# 4 KB pages): a net under the background thread, not its pace.
WRITER_CHECKPOINT_PAGES = 64000
COMMITS_PER_CHECKPOINT = 8

log = logging.getLogger("ctrdesk.store")


class _Checkpointer(threading.Thread):
    """Checkpoints (PASSIVE: never blocking the writer) whenever the writer wakes it."""

    def __init__(self, db: Any) -> None:
        super().__init__(name="ctrdesk-checkpoint", daemon=True)
        self.db = db
        self.wake = threading.Event()
        self.stopping = False

    def run(self) -> None:
        # A failure here stores nothing wrong: the writer's own checkpoints still run, and
        # a full disk is met by the writer too, which says so. It is only logged.
        try:
            conn = _connection(self.db)
        except Exception:
            log.warning("background checkpoints unavailable", exc_info=True)
            return
        try:
            while True:
                self.wake.wait()
                self.wake.clear()
                if self.stopping:
                    return
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except Exception:
            log.warning("background checkpoint failed", exc_info=True)
        finally:
            conn.close()

    def stop(self) -> None:
        self.stopping = True
        self.wake.set()
        self.join()


def _connection(db: Any) -> Any:
    """A connection of this thread's own to the workspace's file (keyed, if encrypted)."""
    if db.passphrase is not None:
        from ctrdesk.core.store.workspace import cipher_connect

        return cipher_connect(db.database, db.passphrase, raw_key=db.raw_key)
    import sqlite3

    return sqlite3.connect(db.database, isolation_level=None, check_same_thread=True)


@contextmanager
def batch_commits(ws: Workspace, count: int) -> Iterator[None]:
    """Inside: ``count`` transactions are committed as a batch (see the module's text);
    fewer than two are committed as usual."""
    if count < 2:
        yield
        return
    db = ws.db
    previous = db.execute_sql("PRAGMA synchronous").fetchone()[0]
    pages = db.execute_sql("PRAGMA wal_autocheckpoint").fetchone()[0]
    db.execute_sql("PRAGMA synchronous = NORMAL")
    db.execute_sql(f"PRAGMA wal_autocheckpoint = {max(int(pages), WRITER_CHECKPOINT_PAGES)}")
    checkpointer = _Checkpointer(db)
    checkpointer.start()

    commits = 0

    def committed(_changes: Changes) -> None:
        nonlocal commits
        commits += 1
        if commits % COMMITS_PER_CHECKPOINT == 0:
            checkpointer.wake.set()

    ws.subscribe(committed)
    try:
        yield
    finally:
        ws.unsubscribe(committed)
        checkpointer.stop()
        db.execute_sql(f"PRAGMA synchronous = {int(previous)}")
        db.execute_sql(f"PRAGMA wal_autocheckpoint = {int(pages)}")
        db.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")
