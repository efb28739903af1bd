"""Records benchmark: listing and filtering 100,000 records of mixed kinds, and the
similarity check of one text against 5,000 others, each against a plain SQL scan of the
same table (the floor), measured in the same run.

    python bench/records.py [--records N]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import Figures

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from peewee import chunked  # noqa: E402

from ctrdesk.core.demo import open_for_use  # noqa: E402
from ctrdesk.core.records.kinds import similar_issues  # noqa: E402
from ctrdesk.core.records.service import list_records  # noqa: E402
from ctrdesk.core.store.models import (  # noqa: E402
    Dialogue,
    IdeologicalIssue,
    Meeting,
    Rating,
    new_uuid,
    utc_now,
)

WORDS = (
    "đảng", "viên", "chi", "bộ", "sinh", "hoạt", "chuyên", "đề", "nghị", "quyết", "quán",
    "triệt", "kiểm", "tra", "giám", "sát", "đối", "thoại", "phản", "ánh", "kiến", "nghị",
    "tư", "tưởng", "áp", "lực", "công", "việc", "luân", "chuyển", "cán", "bộ", "đánh",
    "giá", "xếp", "loại", "hoàn", "thành", "nhiệm", "vụ", "kỷ", "luật", "học", "tập", "làm",
    "theo"
)


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _fill(ws, total: int, rng: random.Random) -> None:
    now = utc_now()
    issues = min(5_000, total // 4)  # the similarity check runs against 5,000 texts
    share = (total - issues) // 3
    with ws.writing("bench"):
        for model, make in (
            (Meeting, lambda i: dict(kind="regular", title=f"Sinh hoạt {i}: {_text(rng, 6)}",
                                     held_on=f"202{i % 6}-0{1 + i % 9}-1{i % 9}",
                                     status="held")),
            (Dialogue, lambda i: dict(held_on=f"202{i % 6}-0{1 + i % 9}-1{i % 9}",
                                      title=f"Đối thoại {i}: {_text(rng, 5)}")),
            (Rating, lambda i: dict(year=2020 + i % 6, subject=f"Đảng viên {i}",
                                    level=rng.choice(["good", "excellent", "complete"]))),
            (IdeologicalIssue, lambda i: dict(year=2020 + i % 6, title=_text(rng, 6),
                                              description=_text(rng, 30))),
        ):
            count = issues if model is IdeologicalIssue else share
            rows = [dict(uuid=new_uuid(), created_at=now, updated_at=now, **make(i))
                    for i in range(count)]
            for batch in chunked(rows, 500):
                model.insert_many(batch).execute()


def _timed(func) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    figures = Figures("records")
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        ws = open_for_use(Path(tmp) / "bench.sqlite", demo=True)
        _fill(ws, args.records, rng)
        conn = sqlite3.connect(ws.path)
        for kind, table in (("session", "meeting"), ("rating", "rating")):
            ours = _timed(lambda k=kind: list_records(ws, k, year=2023, search="chuyen de",
                                                      with_figures=False))
            floor = _timed(lambda t=table: conn.execute(f"SELECT * FROM {t}").fetchall())
            figures.add(f"list+filter {kind} (of {args.records:,})", ours, floor)
            print(f"list+filter {kind:<8} (of {args.records:,} records): {ours * 1000:7.0f} ms,"
                  f" plain SQL scan {floor * 1000:5.0f} ms, ratio {ours / floor:5.1f}x")
        with ws.reading():
            others = IdeologicalIssue.select().count()
        text = _text(rng, 30)
        ours = _timed(lambda: similar_issues(ws, text, None, 2027))
        floor = _timed(lambda: conn.execute(
            "SELECT id, organization_id, year, title, description FROM ideological_issue"
        ).fetchall())
        figures.add(f"similarity vs {others:,} issues", ours, floor)
        print(f"similarity vs {others:,} issues          : {ours * 1000:7.0f} ms, plain SQL scan "
              f"{floor * 1000:5.0f} ms, ratio {ours / floor:5.1f}x")
        conn.close()
        ws.close()
    return figures.exit_code()


if __name__ == "__main__":
    sys.exit(main())
