"""A batch checked in worker processes stores exactly what importing the packages one by
one stores: the same outcomes, in the same order, and the same rows."""

from __future__ import annotations

import shutil
import sqlite3
import zipfile
from pathlib import Path

from ctrdesk.core.exchange.generate import generate
from ctrdesk.core.exchange.importer import FileOutcome, import_file, import_files
from ctrdesk.core.store import open_workspace

PERIOD = "2026-Q2"
# When a row was written is the clock's, not the import's.
CLOCK = {"received_at", "created_at", "updated_at", "at", "timestamp", "time"}


def _rows(path: Path, generated: set[str] = frozenset()  # type: ignore[assignment]
          ) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows but the clock's columns and, for the tables in ``generated``,
    their UUIDs (made here for rows a package does not carry: attendance, agenda...)."""
    conn = sqlite3.connect(path)
    tables = [t for (t,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'audit%' ORDER BY name")]
    rows = {}
    for table in tables:
        columns = [c[1] for c in conn.execute(f'PRAGMA table_info("{table}")')
                   if c[1] not in CLOCK and not (table in generated and c[1] == "uuid")]
        listed = ", ".join(f'"{c}"' for c in columns)
        rows[table] = conn.execute(f'SELECT {listed} FROM "{table}" ORDER BY 1').fetchall()
    conn.close()
    return rows


def _uuids(path: Path, table: str) -> set[str]:
    conn = sqlite3.connect(path)
    columns = [c[1] for c in conn.execute(f'PRAGMA table_info("{table}")')]
    found = {u for (u,) in conn.execute(f'SELECT uuid FROM "{table}"')} \
        if "uuid" in columns else set()
    conn.close()
    return found


def _hostile(folder: Path, good: Path) -> list[Path]:
    """A truncated zip, a package whose member was changed after signing (refused by a
    check made after the workspace's), and a file that does not exist."""
    truncated = folder / "x-truncated.ctrsub"
    truncated.write_bytes(good.read_bytes()[:400])
    changed = folder / "x-changed.ctrsub"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(changed, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "data/people.json":
                data = data.replace(b'"', b' "', 1)
            target.writestr(info, data)
    return [truncated, changed, folder / "x-gone.ctrsub"]


def test_a_batch_through_the_worker_pool_stores_what_one_by_one_stores(tmp_path):
    made = generate(10, PERIOD, tmp_path, seed=5, resubmitted=0.3, varied=True)
    packages = sorted(tmp_path.glob("*.ctrsub"))
    assert any(".r2." in p for p in made["packages"])  # corrected packages supersede
    # The batch: every package, then again (unchanged), one older than its successor
    # (refused) and hostile files.
    older = next(p for p in packages if ".r2." not in p.name
                 and any(".r2." in q.name and q.name.split(".")[0] == p.name.split(".")[0]
                         for q in packages))
    batch = [*packages, *packages[:3], older, *_hostile(tmp_path, packages[0])]
    results: dict[str, tuple[list[FileOutcome], dict[str, list[tuple[object, ...]]]]] = {}
    for how in ("one by one", "pool"):
        path = tmp_path / f"{how}.sqlite"
        shutil.copy(made["parent"], path)
        ws = open_workspace(path)
        if how == "pool":
            outcomes = import_files(ws, batch, workers=2)
        else:
            outcomes = [import_file(ws, p) for p in batch]
        ws.close()
        results[how] = (outcomes, _rows(path))
    sequential, pooled = results["one by one"], results["pool"]
    generated = {table for table in sequential[1]
                 if _uuids(tmp_path / "pool.sqlite", table)
                 and not _uuids(tmp_path / "pool.sqlite", table)
                 & _uuids(tmp_path / "one by one.sqlite", table)}
    assert "attendance" in generated and "meeting" not in generated
    sequential = (sequential[0], _rows(tmp_path / "one by one.sqlite", generated))
    pooled = (pooled[0], _rows(tmp_path / "pool.sqlite", generated))
    statuses = [o.status for o in sequential[0]]
    assert {"imported", "superseded_older", "unchanged", "refused"} <= set(statuses)
    assert "x-changed.ctrsub" in sequential[0][-2].reason
    assert [o.as_json() for o in pooled[0]] == [o.as_json() for o in sequential[0]]
    assert pooled[1].keys() == sequential[1].keys()
    for table, rows in sequential[1].items():
        assert pooled[1][table] == rows, table
    assert sequential[1]["submission"]


def test_a_batch_leaves_the_workspace_as_durable_as_before(tmp_path):
    """A batch commits its packages without waiting for the disk each time; afterwards
    the workspace waits for the disk at every commit again."""
    made = generate(4, PERIOD, tmp_path, seed=3)
    ws = open_workspace(made["parent"])
    setting = ws.db.execute_sql("PRAGMA synchronous").fetchone()[0]
    pages = ws.db.execute_sql("PRAGMA wal_autocheckpoint").fetchone()[0]
    outcomes = import_files(ws, sorted(tmp_path.glob("*.ctrsub")), workers=0)
    assert {o.status for o in outcomes} == {"imported"}
    assert setting == 2  # FULL
    assert ws.db.execute_sql("PRAGMA synchronous").fetchone()[0] == setting
    assert ws.db.execute_sql("PRAGMA wal_autocheckpoint").fetchone()[0] == pages
    ws.close()
    conn = sqlite3.connect(made["parent"])
    assert conn.execute("SELECT COUNT(*) FROM submission").fetchone()[0] == len(outcomes)
    conn.close()


def _read_or_die(path: Path) -> object:
    """Reads a package file, as the import does; in a worker, dies on the file named
    ``die-…`` (as a worker killed for lack of memory would)."""
    import multiprocessing
    import os

    from ctrdesk.core.exchange.importer import _read

    if path.name.startswith("die-") and multiprocessing.parent_process() is not None:
        os._exit(1)
    return _read(path)


def _verdicts(results) -> list[str]:
    verdicts = []
    for outcome, checked in results:
        if checked is None:
            verdicts.append(f"outcome: {outcome.reason}")
            continue
        try:
            made = checked()
        except Exception as exc:  # the refusal, raised when the package is stored
            verdicts.append(f"refused: {exc}")
            continue
        # A refusal of a check made after the workspace's waits in ``deferred``.
        verdicts.append(f"checked: {made.name} {made.manifest_sha256} {made.deferred}")
    return verdicts


def test_a_worker_that_dies_leaves_no_package_unchecked(tmp_path, monkeypatch):
    """The batch's files are checked here instead, in their order, with the same
    verdicts: nothing is skipped or reported twice."""
    from ctrdesk.core.exchange import pool as pooling
    from ctrdesk.core.exchange.pool import CheckPool
    from ctrdesk.core.trust import trust_roots

    monkeypatch.setattr(pooling, "CHECKED_HERE_FIRST", 0)  # every file goes to the worker

    made = generate(6, PERIOD, tmp_path, seed=9)
    packages = sorted(tmp_path.glob("*.ctrsub"))
    doomed = tmp_path / "die-here.ctrsub"
    shutil.copy(packages[1], doomed)
    batch = [packages[0], *_hostile(tmp_path, packages[0]), doomed, *packages[2:]]
    ws = open_workspace(made["parent"])
    roots = [root.dump() for root in trust_roots(ws)]
    ws.close()
    pool = CheckPool(batch, _read_or_die, roots, 1)
    try:
        pooled = _verdicts(pool.results())
    finally:
        pool.close()
    here = CheckPool(batch, _read_or_die, roots, 1)
    here.executor.shutdown()  # no worker at all: every file is checked here
    try:
        direct = _verdicts(here.results())
    finally:
        here.close()
    assert len(pooled) == len(batch) and pooled == direct
    assert [v.split()[1] for v in pooled if v.startswith("checked")] == [
        p.name for p in batch if "truncated" not in p.name and "gone" not in p.name]
    assert [v.startswith("refused") and "x-truncated" in v for v in pooled][1]
    assert "x-changed" in pooled[2] and "None" not in pooled[2]  # its refusal waits
    assert pooled[3].startswith("outcome") and "x-gone" in pooled[3]


def _read_and_note(path: Path) -> object:
    """Reads a package file, as the import does, noting which process read it."""
    import os

    from ctrdesk.core.exchange.importer import _read

    with open(path.parent / "readers.txt", "a", encoding="utf-8") as log:
        log.write(f"{path.name} {os.getpid()}\n")
    return _read(path)


def test_the_first_packages_are_checked_here_while_the_worker_starts(tmp_path):
    """The writer does not wait for the worker's start: the first files are checked in
    the importing process, the rest by the worker, and all come back in order."""
    import os

    from ctrdesk.core.exchange.pool import CHECKED_HERE_FIRST, CHUNK, CheckPool
    from ctrdesk.core.trust import trust_roots

    made = generate(CHUNK * (CHECKED_HERE_FIRST + 2), PERIOD, tmp_path, seed=4)
    batch = sorted(tmp_path.glob("*.ctrsub"))
    assert len(batch) > CHUNK * CHECKED_HERE_FIRST  # some are left for the worker
    ws = open_workspace(made["parent"])
    roots = [root.dump() for root in trust_roots(ws)]
    ws.close()
    pool = CheckPool(batch, _read_and_note, roots, 1)
    try:
        names = [checked().name for _outcome, checked in pool.results()]
    finally:
        pool.close()
    assert names == [p.name for p in batch]
    readers = dict(line.split() for line in (tmp_path / "readers.txt").read_text().splitlines())
    here = [name for name, pid in readers.items() if pid == str(os.getpid())]
    assert len(here) >= CHUNK and here == [p.name for p in batch[:len(here)]]
    assert len(here) == CHUNK * CHECKED_HERE_FIRST < len(readers) == len(batch)
