"""On a 1366×768 laptop every page and dialog fits: run in a child process whose offscreen
screen has that size (fit_screens.py), with a screenshot of each kept for review."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def test_every_page_and_dialog_fits_a_1366x768_screen(tmp_path):
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0,
                                               "width": 1366, "height": 768,
                                               "logicalDpiX": 96, "logicalDpiY": 96}]}))
    shots = Path(os.environ.get("CTRDESK_SCREENS") or tmp_path / "screens")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "CTRDESK_SCREENS": str(shots)}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
         str(HERE / "fit_screens.py")], capture_output=True, text=True, env=env,
        cwd=HERE.parent.parent, timeout=600)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    names = {p.stem for p in shots.glob("*.png")}
    assert {"page_00_home", "page_06_members", "dialog_review", "dialog_setup_members"} <= names
