"""The consolidation gives the same figures as before it was rewritten as set-based SQL.

The fixture ``reference/consolidation-2026-Q2.json`` was written by the per-row
implementation, before the rewrite, from the same generated packages: 40 synthetic units
(some missing, some late, some sending a corrected package), readings before, at and after
the period's end, open and overdue concerns, inspections with measures, ratings of every
level, near-identical ideological issues. Any difference in any figure fails the test.

    python tests/test_consolidation_unchanged.py --write   # only to re-record on purpose
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

FIXTURE = Path(__file__).parent / "reference" / "consolidation-2026-Q2.json"
PERIOD = "2026-Q2"


def consolidations(folder: Path) -> dict[str, Any]:
    """Generate, import and consolidate: everything the fixture holds."""
    from ctrdesk.core.exchange.consolidate import consolidate, rollup_summary, unit_detail
    from ctrdesk.core.exchange.generate import generate
    from ctrdesk.core.exchange.importer import import_submission
    from ctrdesk.core.store import open_workspace

    made = generate(40, PERIOD, folder, seed=17, resubmitted=0.1, varied=True)
    ws = open_workspace(folder / "parent.sqlite")
    try:
        outcomes = [import_submission(ws, path.read_bytes(), path.name).status
                    for path in sorted(folder.glob("*.ctrsub"))]
        consolidation = consolidate(ws, PERIOD)
        data = consolidation.as_json()
        by_unit = data["submissions"]["by_unit"]
        missing = next(u["id"] for u in by_unit if not u["submitted"])
        late = next(u["id"] for u in by_unit if u["submitted"] and not u["on_time"])
        resent = next(int(p.split("-")[1].split(".")[0]) for p in made["packages"]
                      if ".r2." in p)
        resent_id = by_unit[resent - 1]["id"]
        details = {}
        for unit_id in (missing, late, resent_id, by_unit[0]["id"]):
            detail = unit_detail(ws, PERIOD, unit_id, consolidation).as_json()
            detail.pop("packages")  # when they were received: the clock, not the roll-up
            details[str(unit_id)] = detail
        return {
            "imported": outcomes,
            PERIOD: data,
            f"{PERIOD} of the parent program": consolidate(
                ws, PERIOD, data["parent_program"]).as_json(),
            "2026-Q3": consolidate(ws, "2026-Q3").as_json(),
            "2026": consolidate(ws, "2026").as_json(),
            "rollup": rollup_summary(consolidation),
            "details": details,
        }
    finally:
        ws.close()


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False, sort_keys=True))


def _as_recorded(got: Any, expected: Any) -> Any:
    """``got`` without the fields added since the fixture was recorded (a target's own
    text and threshold, a task's place in the tree): every recorded figure still counts."""
    if isinstance(got, dict) and isinstance(expected, dict):
        return {key: _as_recorded(value, expected[key]) for key, value in got.items()
                if key in expected}
    if isinstance(got, list) and isinstance(expected, list) and len(got) == len(expected):
        return [_as_recorded(g, e) for g, e in zip(got, expected, strict=True)]
    return got


def test_the_consolidation_of_the_same_packages_is_what_it_was(tmp_path):
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))
    full = _plain(consolidations(tmp_path))
    got = _as_recorded(full, expected)
    # The scenario covers what it says: else the comparison would prove little.
    data = full[PERIOD]
    assert all(t["text"] and t["threshold"] for t in data["targets"])
    assert data["submissions"]["missing"] and data["submissions"]["late"]
    assert "superseded_older" in got["imported"]
    assert any(t["by_unit"] and any(u["reading"] is None for u in t["by_unit"])
               for t in data["targets"])
    assert data["concerns"]["open"] and data["concerns"]["overdue"]
    assert data["inspections"]["violations"] and data["ideological_issues_near_identical"]
    assert data["overdue_by_unit"] and len(data["ratings"]["overall"]["counts"]) == 4
    for key in expected:
        assert got[key] == expected[key], key
    assert got == expected


if __name__ == "__main__" and "--write" in sys.argv:
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    with tempfile.TemporaryDirectory() as tmp:
        FIXTURE.write_text(json.dumps(_plain(consolidations(Path(tmp))), ensure_ascii=False,
                                      indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(FIXTURE)
