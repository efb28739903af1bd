"""Start-up benchmark: process start to main window shown, against a bare PySide6 window.

Both are measured in the same run, as whole child processes, so the ratio holds on
any machine. Targets (median of the runs): the main window shown at most 1.3x the bare
window, the demo workspace's content in view at most 2x. Exits non-zero when missed.

    python bench/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import Figures

BARE = r"""
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1100, 700)
window.show()
def shown():
    print("ctrdesk-window-shown", flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def _time_until_shown(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds until the window is shown, and until the workspace is loaded into it."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    shown = loaded = 0.0
    for line in proc.stdout:
        if "ctrdesk-window-shown" in line:
            shown = time.perf_counter() - start
        elif "ctrdesk-workspace-loaded" in line:
            loaded = time.perf_counter() - start
    proc.wait(timeout=60)
    if not shown:
        raise RuntimeError(f"{command} never showed its window")
    return shown, loaded or shown


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "CTRDESK_EXIT_WHEN_SHOWN": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "demo.sqlite")
        app = [sys.executable, "-m", "ctrdesk", "--db", db, "--demo"]
        subprocess.run(app, env=env, check=True, capture_output=True)  # build the demo once
        bare = [sys.executable, "-c", BARE]
        _time_until_shown(bare, env)  # warm the file cache for both
        bare_times, app_times, loaded_times = [], [], []
        for _ in range(args.runs):  # interleaved, so drift affects both alike
            bare_times.append(_time_until_shown(bare, env)[0])
            shown, loaded = _time_until_shown(app, env)
            app_times.append(shown)
            loaded_times.append(loaded)
    bare_median = statistics.median(bare_times)
    app_median = statistics.median(app_times)
    loaded_median = statistics.median(loaded_times)
    ratio = app_median / bare_median
    print(f"bare PySide6 window      : {bare_median * 1000:7.1f} ms (median of {args.runs})")
    print(f"ctrdesk main window shown: {app_median * 1000:7.1f} ms")
    print(f"  demo workspace in view : {loaded_median * 1000:7.1f} ms "
          f"({loaded_median / bare_median:4.2f}x the bare window)")
    print(f"ratio (shown)            : {ratio:5.2f}x  (target <= 1.30x)")
    figures = Figures("startup")
    figures.add("main window shown", app_median, bare_median, max_ratio=1.3)
    figures.add("demo content in view", loaded_median, bare_median, max_ratio=2.0)
    return figures.exit_code()


if __name__ == "__main__":
    sys.exit(main())
