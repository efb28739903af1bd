"""The benches' verdicts: a missed target makes the bench exit non-zero, and every figure
reaches bench/run-all's table."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _benchlib():
    spec = importlib.util.spec_from_file_location("benchlib", BENCH / "benchlib.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["benchlib"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_a_missed_target_fails_the_bench_and_every_figure_is_reported(tmp_path, monkeypatch):
    results = tmp_path / "figures.jsonl"
    monkeypatch.setenv("CTRDESK_BENCH_RESULTS", str(results))
    figures = _benchlib().Figures("exchange")
    assert figures.add("consolidate", 0.4, 0.1, max_ratio=5)
    assert figures.add("sign", 0.2)  # no target: reported, never missed
    assert figures.exit_code() == 0
    assert not figures.add("calendar", 1.2, max_seconds=1.0)
    assert figures.exit_code() == 1
    rows = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    assert [(r["figure"], r["target"], r["met"]) for r in rows] == [
        ("consolidate", "<= 5x floor", True), ("sign", "", True),
        ("calendar", "<= 1 s", False)]


def test_a_ratio_target_without_a_floor_is_missed():
    figures = _benchlib().Figures("startup")
    assert not figures.add("shown", 0.2, None, max_ratio=1.3)
    assert figures.exit_code() == 1
