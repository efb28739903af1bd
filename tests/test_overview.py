"""The overview the window shows first is also on the command line."""

from __future__ import annotations

import json

from conftest import run_ctrdesk
from ctrdesk.core.overview import overview
from ctrdesk.core.setup import setup_committee


def test_a_fresh_workspace_overview_says_what_is_missing(workspace):
    view = overview(workspace)
    assert not view.programs and not view.overdue and view.last_report is None
    assert {m.key for m in view.missing if m.required} == {"committee", "place"}
    setup_committee(workspace, name="Chi bộ Vụ 14", kind="branch", place="Hà Nội")
    assert "committee" not in {m.key for m in overview(workspace).missing}


def test_the_overview_of_the_demo_on_the_command_line(tmp_path):
    db = str(tmp_path / "demo.sqlite")
    data = json.loads(run_ctrdesk("--db", db, "--demo", "overview", "--json").stdout)
    assert data["overdue"] and data["programs"]
    program = data["programs"][0]
    assert 0 < program["done"] <= program["items"] and program["unclear"]
    assert data["next_meeting"]["title"]
    text = run_ctrdesk("--db", db, "overview").stdout
    assert f"{len(data['overdue'])} việc quá hạn" in text
    missed = next(t for t in data["targets_at_risk"] if "missed" in t["reasons"])
    assert missed["why"].startswith("dưới mức ≥ 99% (số liệu gần nhất 85,7% ngày 30/06/2026)")
    assert f"{len(data['targets_at_risk'])} chỉ tiêu có nguy cơ không đạt" in text
    assert missed["why"] in text


def _unit_targets(ws, unit: str) -> list[int]:
    from ctrdesk.core.store.models import Program, Target

    with ws.reading():
        return [int(t.id) for t in Target.select().join(Program).where(
            (Program.kind == "unit_program") & (Target.unit == unit)).order_by(Target.id)]


def test_targets_at_risk_say_why(demo_workspace):
    """Below its threshold, falling, or not read this quarter: each says so in words."""
    from datetime import date

    from ctrdesk.core.overview import MISSED, UNREAD, WORSENING, targets_at_risk
    from ctrdesk.core.programs.execution import record_reading, set_target

    ws = demo_workspace
    steady, falling, missed, stale, *never = _unit_targets(ws, "percent")
    violations = _unit_targets(ws, "count")[0]
    for target in (steady, falling, missed, stale):
        set_target(ws, target, op=">=", value=90)
    set_target(ws, violations, op="<=", value=0)  # no Party member disciplined
    # Read in Quý II/2026: improving and above the threshold; falling though still above.
    record_reading(ws, steady, date(2026, 4, 15), numerator=92, denominator=100)
    record_reading(ws, steady, date(2026, 5, 20), numerator=97, denominator=100)
    record_reading(ws, falling, date(2026, 4, 15), numerator=100, denominator=100)
    record_reading(ws, falling, date(2026, 5, 20), numerator=95, denominator=100)
    record_reading(ws, missed, date(2026, 5, 20), numerator=30, denominator=40)
    record_reading(ws, stale, date(2026, 3, 31), numerator=40, denominator=40)  # Quý I only
    record_reading(ws, violations, date(2026, 4, 30), count=0)
    record_reading(ws, violations, date(2026, 5, 29), count=1)

    risks = {r.id: r for r in targets_at_risk(ws, date(2026, 6, 1))}
    assert steady not in risks
    assert risks[falling].reasons == (WORSENING,)
    assert risks[falling].describe() == "đang giảm: 100% → 95%"
    assert risks[missed].reasons == (MISSED,)
    assert risks[missed].describe() == \
        "dưới mức ≥ 90% (số liệu gần nhất 75% ngày 20/05/2026)"
    assert risks[stale].reasons == (UNREAD,)
    assert risks[stale].describe() == "chưa có số liệu trong Quý II/2026 (lần gần nhất ngày " \
        "31/03/2026)"
    assert risks[violations].reasons == (MISSED, WORSENING)
    assert risks[violations].describe() == \
        "vượt mức ≤ 0 (số liệu gần nhất 1 ngày 29/05/2026); đang tăng: 0 → 1"
    assert all(risks[t].describe() == "chưa có số liệu" for t in never)
    # The most pressing come first: missed thresholds, then worsening trends.
    order = [r.id for r in targets_at_risk(ws, date(2026, 6, 1))]
    assert order.index(missed) < order.index(falling) < order.index(stale)
    assert order.index(violations) < order.index(falling)

    # A new quarter: every target waits for its reading again.
    later = {r.id: r.reasons for r in targets_at_risk(ws, date(2026, 7, 2))}
    assert later[steady] == (UNREAD,)
