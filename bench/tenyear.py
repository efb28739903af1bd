"""Ten-year benchmark: a workspace after years of use, opened and used as a user would.

Two workspaces: one branch with ten years of its own records, programs and issued
reports (``ctrdesk demo generate --years 10 --level branch``), and a parent level that
received ten years of quarterly packages from 100 units (``--years 10 --level parent``).
On each: open the workspace, compute the home page's calendar (what is due) through the
core, list each kind of record (all years: the records page's default), render a year's
report, consolidate a quarter. Each
step is timed on its first run in this process — what the user waits for — against a
plain SQL floor over the same rows, then run again under tracemalloc for its peak memory.
(The document engine and its fonts, loaded once per session, are timed apart.)
Targets: each step within 1 s on the branch, within 3 s at the parent. Exits non-zero
when a target is missed.

The workspaces take minutes to build (the parent's thousands of packages are each signed,
verified and imported), so they are kept in the cache folder and reused; ``--rebuild``
makes them again, ``--branch``/``--parent`` name others.

    python bench/tenyear.py [--years 10] [--units 100] [--rebuild]
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from benchlib import Figures, peak_rss_mb  # noqa: E402
from exchange import FLOOR_QUERIES  # noqa: E402

KINDS = ("session", "dialogue", "inspection", "ideological-issue", "rating")
TABLES = ("meeting", "dialogue", "inspection", "ideological_issue", "rating")


def build_branch(path: Path, years: int) -> None:
    from ctrdesk.core.demo import open_for_use
    from ctrdesk.core.demo_history import build_branch_history

    print(f"building the branch workspace ({years} years) in {path} …", flush=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open_for_use(path, demo=True) as ws:
        build_branch_history(ws, years)


def build_parent(folder: Path, years: int, units: int) -> None:
    from ctrdesk.core.exchange.history import generate_history

    print(f"building the parent workspace ({units} units x {years} years) in {folder} …",
          flush=True)
    generate_history(units, years, folder,
                     progress=lambda f: print(f"\r  {f:6.1%}", end="", flush=True))
    print()


def _floor(path: Path, queries: list[str]) -> float:
    conn = sqlite3.connect(path)
    start = time.perf_counter()
    for query in queries:
        conn.execute(query).fetchall()
    floor = time.perf_counter() - start
    conn.close()
    return floor


def _timed(step: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = step()
    return time.perf_counter() - start, result


def _peak_mb(step: Callable[[], Any]) -> float:
    tracemalloc.start()
    step()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024 / 1024


def _up_to_date(path: Path) -> None:
    """The kept workspace brought to the current schema once, untimed (its backup
    removed): a copy of an older one would time a one-time upgrade, not an opening."""
    import sqlite3

    from ctrdesk.core.store import open_workspace
    from ctrdesk.core.store.migrations import LATEST_VERSION

    conn = sqlite3.connect(path)
    try:
        (version,) = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    finally:
        conn.close()
    if version < LATEST_VERSION:
        print(f"upgrading the kept {path.name} to schema {LATEST_VERSION} (once)")
        open_workspace(path).close()
        for backup in path.parent.glob(f"{path.stem}.before-v*"):
            backup.unlink()


def run(figures: Figures, name: str, path: Path, limit: float) -> None:
    from ctrdesk.core.documents.kinds import build
    from ctrdesk.core.documents.layout import render
    from ctrdesk.core.exchange.consolidate import consolidate
    from ctrdesk.core.records.calendar import due
    from ctrdesk.core.records.service import list_records
    from ctrdesk.core.store import open_workspace

    _up_to_date(path)
    # A copy: the steps write (the home page's settings, a report's numbers...), and the
    # kept workspace stays as it is.
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        shutil.copy(path, copy)
        size = copy.stat().st_size / 1024 / 1024
        seconds, ws = _timed(lambda: open_workspace(copy))
        floor = _floor(copy, ["SELECT name FROM sqlite_master"])
        _report(figures, name, f"open ({size:.0f} MB)", seconds, floor, limit, None)
        year = date.today().year - 1
        quarter = _last_quarter()
        steps: list[tuple[str, Callable[[], Any], list[str]]] = [
            ("home page: what is due", lambda: due(ws), [
                "SELECT * FROM meeting WHERE status = 'planned'",
                "SELECT * FROM program_item WHERE deadline IS NOT NULL",
                "SELECT * FROM concern WHERE answered_on IS NULL",
                "SELECT * FROM follow_up WHERE status = 'open'"]),
            *[(f"list {kind}s, all years", lambda k=kind: list_records(
                ws, k, with_figures=False), [f"SELECT * FROM {table}"])
              for kind, table in zip(KINDS, TABLES, strict=True)],
            (f"render the {year} report", lambda: render(build(ws, "report",
                                                              period=str(year))), []),
            (f"consolidate {quarter}", lambda: consolidate(ws, quarter),
             list(FLOOR_QUERIES)),
        ]
        if name == "branch":  # once per session, before the first document: not a step
            seconds, _fonts = _timed(_load_document_engine)
            figures.add("document engine loaded (once per session)", seconds)
            print(f"(the document engine and its fonts load once: {seconds * 1000:.0f} ms)")
        try:
            for label, step, queries in steps:
                seconds, _result = _timed(step)
                floor = _floor(copy, queries) if queries else None
                _report(figures, name, label, seconds, floor, limit, _peak_mb(step))
        finally:
            ws.close()


def _load_document_engine() -> None:
    """What the first document of a session loads: reportlab's page engine and the fonts."""
    import reportlab.platypus.tables  # noqa: F401

    from ctrdesk.core.documents.layout import register_fonts

    register_fonts()


def _last_quarter() -> str:
    today = date.today()
    quarter = (today.month - 1) // 3  # the last one ended
    return f"{today.year}-Q{quarter}" if quarter else f"{today.year - 1}-Q4"


def _report(figures: Figures, name: str, label: str, seconds: float, floor: float | None,
            limit: float, peak: float | None) -> None:
    memory = f"peak {peak:.1f} MB" if peak is not None else ""
    met = figures.add(f"{name}: {label}", seconds, floor, max_seconds=limit, note=memory)
    ratio = f"{seconds / floor:7.1f}x" if floor else "       —"
    floor_text = f"{floor * 1000:7.0f} ms" if floor is not None else "        —"
    print(f"{name:<7} {label:<32} {seconds * 1000:7.0f} ms  floor {floor_text} {ratio}  "
          f"{memory:<16} {'ok' if met else 'MISSED'} (<= {limit:g} s)", flush=True)


def main() -> int:
    from ctrdesk.core.paths import demo_workspace_path

    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--branch", type=Path, help="a branch workspace to use as it is")
    parser.add_argument("--parent", type=Path, help="a parent workspace to use as it is")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    cache = demo_workspace_path().parent / "bench"  # throwaway, like the demo
    branch = args.branch or cache / f"branch-{args.years}y.sqlite"
    parent = args.parent or cache / f"parent-{args.units}u-{args.years}y" / "parent.sqlite"
    if args.rebuild and not args.branch:
        for stale in branch.parent.glob(branch.name + "*"):
            stale.unlink()
    if args.rebuild and not args.parent and parent.parent.exists():
        shutil.rmtree(parent.parent)
    if not branch.exists():
        build_branch(branch, args.years)
    if not parent.exists():
        build_parent(parent.parent, args.years, args.units)
    figures = Figures("tenyear")
    run(figures, "branch", branch, 1.0)
    run(figures, "parent", parent, 3.0)
    print(f"peak resident memory of the process: {peak_rss_mb():.0f} MB")
    return figures.exit_code()


if __name__ == "__main__":
    sys.exit(main())
