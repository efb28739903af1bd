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
