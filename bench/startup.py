"""Start-up benchmark: process start to main window shown, against a bare PySide6 window.

Both are measured in the same run, as whole child processes, so the ratio holds on
any machine. Targets (median of the runs): the main window shown at most 1.3x the bare
window, the demo workspace's content in view (the overview computed and shown) at most
2x. Exits non-zero when missed.

The children keep their compiled bytecode in the run's temporary folder, as an installed
ctrdesk has its ``.pyc`` files (``PYTHONDONTWRITEBYTECODE`` in the environment would
otherwise make every start compile each module from source). Each child also reports
its CPU time at each mark: on a shared machine the CPU ratio is steadier than the wall
one, and both are printed.

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
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1100, 700)
window.show()
def shown():
    print(f"ctrdesk-window-shown cpu={time.process_time():.4f}", flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


class Marks:
    """Seconds from the process start to the window shown and to the workspace loaded,
    by the wall clock and in the child's CPU time."""

    def __init__(self) -> None:
        self.shown = self.loaded = 0.0
        self.shown_cpu = self.loaded_cpu = 0.0


def _cpu(line: str) -> float:
    for word in line.split():
        if word.startswith("cpu="):
            return float(word[4:])
    return 0.0


def _time_until_shown(command: list[str], env: dict[str, str]) -> Marks:
    """Seconds until the window is shown, and until the workspace is loaded into it."""
    marks = Marks()
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    for line in proc.stdout:
        if "ctrdesk-window-shown" in line:
            marks.shown, marks.shown_cpu = time.perf_counter() - start, _cpu(line)
        elif "ctrdesk-workspace-loaded" in line:
            marks.loaded, marks.loaded_cpu = time.perf_counter() - start, _cpu(line)
    proc.wait(timeout=60)
    if not marks.shown:
        raise RuntimeError(f"{command} never showed its window")
    if not marks.loaded:
        marks.loaded, marks.loaded_cpu = marks.shown, marks.shown_cpu
    return marks


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               "CTRDESK_EXIT_WHEN_SHOWN": "1", "PYTHONPYCACHEPREFIX": str(Path(tmp) / "pyc")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        db = str(Path(tmp) / "demo.sqlite")
        app = [sys.executable, "-m", "ctrdesk", "--db", db, "--demo"]
        subprocess.run(app, env=env, check=True, capture_output=True)  # build the demo once
        bare = [sys.executable, "-c", BARE]
        _time_until_shown(bare, env)  # warm the file cache for both
        _time_until_shown(app, env)
        bare_runs, app_runs = [], []
        for _ in range(args.runs):  # interleaved, so drift affects both alike
            bare_runs.append(_time_until_shown(bare, env))
            app_runs.append(_time_until_shown(app, env))
    bare_median = statistics.median(m.shown for m in bare_runs)
    app_median = statistics.median(m.shown for m in app_runs)
    loaded_median = statistics.median(m.loaded for m in app_runs)
    bare_cpu = statistics.median(m.shown_cpu for m in bare_runs)
    app_cpu = statistics.median(m.shown_cpu for m in app_runs)
    loaded_cpu = statistics.median(m.loaded_cpu for m in app_runs)
    ratio = app_median / bare_median
    print(f"load average             : {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"bare PySide6 window      : {bare_median * 1000:7.1f} ms (median of {args.runs}), "
          f"CPU {bare_cpu * 1000:6.1f} ms")
    print(f"ctrdesk main window shown: {app_median * 1000:7.1f} ms, "
          f"CPU {app_cpu * 1000:6.1f} ms ({app_cpu / bare_cpu:4.2f}x)")
    print(f"  demo workspace in view : {loaded_median * 1000:7.1f} ms "
          f"({loaded_median / bare_median:4.2f}x the bare window), "
          f"CPU {loaded_cpu * 1000:6.1f} ms ({loaded_cpu / bare_cpu:4.2f}x)")
    print(f"ratio (shown)            : {ratio:5.2f}x  (target <= 1.30x)")
    figures = Figures("startup")
    figures.add("main window shown", app_median, bare_median, max_ratio=1.3)
    figures.add("demo content in view", loaded_median, bare_median, max_ratio=2.0)
    figures.add("main window shown, CPU time", app_cpu, bare_cpu, note="no target")
    figures.add("demo content in view, CPU time", loaded_cpu, bare_cpu, note="no target")
    return figures.exit_code()


if __name__ == "__main__":
    sys.exit(main())
