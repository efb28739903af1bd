"""A batch of many transactions (a thousand packages) is written to the database file as
it goes, by a background thread, and ends with the workspace's own settings back."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from ctrdesk.core.store import open_workspace
from ctrdesk.core.store.batching import COMMITS_PER_CHECKPOINT, batch_commits
from ctrdesk.core.store.bulk import insert_row
from ctrdesk.core.store.models import Organization


def _grows(path: Path, size: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.stat().st_size > size:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("passphrase", [None, "mật khẩu của chi bộ"])
def test_a_batch_reaches_the_database_file_while_it_runs(tmp_path: Path,
                                                         passphrase: str | None) -> None:
    path = tmp_path / "parent.sqlite"
    ws = open_workspace(path, passphrase=passphrase)
    before = path.stat().st_size
    with batch_commits(ws, 1000):
        for number in range(2 * COMMITS_PER_CHECKPOINT):
            with ws.writing("organization.create"):
                for unit in range(50):  # a package's worth of pages
                    insert_row(Organization, {"name": f"Chi bộ {number}-{unit} " + "x" * 400,
                                              "kind": "branch"})
        # In WAL mode only a checkpoint makes the file itself grow; the writer's own
        # would wait for many more pages: the background thread made it.
        assert _grows(path, before)
        assert ws.db.execute_sql("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert ws.db.execute_sql("PRAGMA synchronous").fetchone()[0] == 2  # FULL again
    assert not [t for t in threading.enumerate() if t.name == "ctrdesk-checkpoint"]
    with ws.reading():
        assert Organization.select().count() == 2 * COMMITS_PER_CHECKPOINT * 50
    ws.close()
    reopened = open_workspace(path, passphrase=passphrase)
    with reopened.reading():
        assert Organization.select().count() == 2 * COMMITS_PER_CHECKPOINT * 50
    reopened.close()


def test_a_single_write_is_committed_as_usual(tmp_path: Path) -> None:
    ws = open_workspace(tmp_path / "unit.sqlite")
    with batch_commits(ws, 1):
        assert ws.db.execute_sql("PRAGMA synchronous").fetchone()[0] == 2
        assert not [t for t in threading.enumerate() if t.name == "ctrdesk-checkpoint"]
    ws.close()
