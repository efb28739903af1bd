"""Workspaces after years of use: `ctrdesk demo generate --years N`, at a parent level that
received quarter after quarter of packages, and at a branch with years of its own records."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

from conftest import run_ctrdesk
from ctrdesk.core.documents.kinds import parse_period


def test_a_parent_with_a_years_history_consolidates_each_quarter_as_it_was(tmp_path):
    out = tmp_path / "parent"
    made = run_ctrdesk("demo", "generate", "--years", "1", "--units", "3", "--out", str(out))
    assert made.returncode == 0, made.stderr
    summary = json.loads(made.stdout)
    this_year = date.today().year
    quarters = [f"{this_year}-Q{q}" for q in range(1, 5)
                if parse_period(f"{this_year}-Q{q}").end < date.today()]
    assert summary["periods"] == len(quarters)
    assert summary["packages"] + summary["missing"] == 3 * len(quarters)

    conn = sqlite3.connect(summary["parent"])
    # Every package was verified and stored; each unit keeps one program the whole time,
    # its targets gaining a reading a quarter.
    received = dict(conn.execute("SELECT period, COUNT(*) FROM submission "
                                 "WHERE status = 'current' GROUP BY period"))
    assert sum(received.values()) == summary["packages"]
    assert conn.execute("SELECT COUNT(*) FROM program WHERE kind = 'unit_program'"
                        ).fetchone() == (3,)
    most = conn.execute("SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM target_reading "
                        "GROUP BY target_id)").fetchone()[0]
    assert most <= len(quarters) and (most > 1 or len(quarters) == 1)
    conn.close()

    first, last = quarters[0], quarters[-1]
    for quarter in {first, last}:
        result = run_ctrdesk("--db", summary["parent"], "consolidate", "--period", quarter,
                             "--json")
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        assert data["submissions"]["submitted"] == received.get(quarter, 0)
        # Each quarter is read as it stood then: from the readings as of its end, not
        # from the latest ones.
        count = next(t for t in data["targets"] if t["unit"] == "count")
        conn = sqlite3.connect(summary["parent"])
        [(expected,)] = conn.execute(
            "SELECT COALESCE(SUM(r.count), 0) FROM target_reading r "
            "JOIN target t ON t.id = r.target_id JOIN target p ON p.id = t.parent_target_id "
            "WHERE p.text = ? AND p.unit = 'count' AND r.as_of = ?",
            (count["target"], parse_period(quarter).end.isoformat())).fetchall()
        conn.close()
        assert count["count"] == expected
        assert count["units_reporting"] == received.get(quarter, 0)


def test_a_branch_with_years_of_records_lists_reports_and_plans_them(tmp_path):
    out = tmp_path / "branch"
    made = run_ctrdesk("demo", "generate", "--years", "2", "--level", "branch", "--out",
                       str(out))
    assert made.returncode == 0, made.stderr
    summary = json.loads(made.stdout)
    last_year = date.today().year - 1
    assert summary["years_added"] == [last_year]
    db = summary["branch"]

    sessions = json.loads(run_ctrdesk("--db", db, "record", "list", "session", "--year",
                                      str(last_year), "--json").stdout)
    assert len(sessions) == 12 + 4  # the monthly ones and a thematic one a quarter
    assert {s["held_on"][:4] for s in sessions} == {str(last_year)}
    due = run_ctrdesk("--db", db, "calendar", "--json")
    assert due.returncode == 0, due.stderr

    conn = sqlite3.connect(db)
    issued = conn.execute("SELECT COUNT(*) FROM document WHERE status = 'issued' "
                          "AND year = ?", (last_year,)).fetchone()[0]
    programs = conn.execute("SELECT COUNT(*) FROM program WHERE kind = 'unit_program'"
                            ).fetchone()[0]
    conn.close()
    assert issued == 5  # the four quarterly reports and the year's
    assert programs == 2  # the demo's unit program and the one of the year added

    again = run_ctrdesk("demo", "generate", "--years", "2", "--level", "branch", "--out",
                        str(out))
    assert again.returncode != 0 and "Traceback" not in again.stderr
    assert "branch.sqlite" in again.stderr


def test_demo_generate_says_what_it_needs(tmp_path):
    result = run_ctrdesk("demo", "generate", "--out", str(tmp_path / "x"))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "--years" in result.stderr
