"""A process killed in the middle of a large write leaves a sound workspace."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

from ctrdesk.core.store import open_workspace

ROWS = 60_000

WRITER = textwrap.dedent("""
    import sys
    from peewee import chunked
    from ctrdesk.core.store import open_workspace
    from ctrdesk.core.store.models import Organization, new_uuid, utc_now
    ws = open_workspace(sys.argv[1])
    rows = [dict(uuid=new_uuid(), kind="branch", name=f"Chi bộ {i}", abbreviation="CB",
                 position=i, created_at=utc_now(), updated_at=utc_now())
            for i in range(int(sys.argv[2]))]
    with ws.writing("bulk"):
        for number, batch in enumerate(chunked(rows, 500)):
            Organization.insert_many(batch).execute()
            if number == 5:
                print("writing", flush=True)
    print("committed", flush=True)
""")


def test_sigkill_during_a_large_write_leaves_all_or_none_of_it(tmp_path):
    path = tmp_path / "crash.sqlite"
    open_workspace(path).close()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(ROWS)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout.readline().strip() == "writing"
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL

    with open_workspace(path) as ws:
        assert ws.db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
        count = ws.db.execute_sql("SELECT COUNT(*) FROM organization").fetchone()[0]
    assert count in (0, ROWS)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
