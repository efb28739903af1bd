"""Shared fixtures: a fresh workspace per test, headless Qt, isolated settings."""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Without a display Qt aborts the interpreter instead of failing: run offscreen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CTRDESK_LANG", "vi")

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "resources" / "samples"
ACTION_PROGRAM = SAMPLES / "action_program_2026.txt"
WORK_PROGRAM = SAMPLES / "work_program_2026.txt"


@pytest.fixture(autouse=True)
def _vietnamese() -> Iterator[None]:
    from ctrdesk.core.i18n import set_language

    set_language("vi")
    yield


@pytest.fixture(autouse=True)
def _crash_log_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The crash log of a test goes to its temporary folder, never the user's."""
    folder = tmp_path / "logs"
    monkeypatch.setattr("ctrdesk.core.logs.log_dir", lambda: folder)
    return folder


def settle(qtbot, widget, timeout: int = 30000) -> None:
    """Wait until the actions ``widget``'s window started have finished."""
    from ctrdesk.ui.operations import operations_of

    operations = operations_of(widget)
    qtbot.waitUntil(operations.is_idle, timeout=timeout)
    qtbot.wait(1)  # let queued change notices reach the pages


@pytest.fixture
def workspace(tmp_path: Path):
    from ctrdesk.core.store import open_workspace

    ws = open_workspace(tmp_path / "unit.sqlite")
    yield ws
    ws.close()


@pytest.fixture
def demo_workspace(tmp_path: Path):
    from ctrdesk.core.demo import build_demo
    from ctrdesk.core.store import open_workspace

    ws = open_workspace(tmp_path / "demo.sqlite")
    build_demo(ws)
    yield ws
    ws.close()


@pytest.fixture
def qsettings(tmp_path: Path):
    """QSettings in a temporary INI file, so tests never touch the user's settings."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_ctrdesk(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None):
    """Run the real command line in a child process."""
    import subprocess

    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "ctrdesk", *args],
        capture_output=True, text=True, env=full_env, cwd=cwd, timeout=120,
    )


NARRATIVES = {"situation": "Chi bộ có 7 đảng viên, hoạt động ổn định.",
              "assessment": "Việc cập nhật tiến độ còn chậm.",
              "directions": "Hoàn thành các nhiệm vụ còn lại.",
              "proposals": "Không có."}


def issue_report_in_the_window(qtbot, window, period: str = "2026-Q1"):
    """On the Reports page: draft the period's report, write its sections, issue it and
    answer the question with the number it will take. Returns the page."""
    from ctrdesk.ui.main_window import PAGES

    window.show_page(PAGES.index("reports"))
    page = window.reports_page
    page.kind.setCurrentIndex(page.kind.findData("report"))
    page.period.setText(period)
    page.prepare()
    settle(qtbot, page)
    for key, text in NARRATIVES.items():
        page.narratives[key].setPlainText(text)
    issue_in_the_window(qtbot, page)
    return page


def issue_in_the_window(qtbot, page) -> None:
    """On the Reports page: issue the report prepared there, answering the question with
    the number it will take."""
    page.issue()
    settle(qtbot, page)
    box = page.property("confirmation")  # asked first, with the number it will take
    next(b for b in box.buttons() if "-BC/CB" in b.text()).click()
    settle(qtbot, page)
    qtbot.waitUntil(lambda: "-BC/CB" in page.status.text())


def shown_window(qtbot, ws, qsettings, *, active: bool = False):
    """The main window on ``ws``, shown (and made the active window when asked)."""
    from ctrdesk.ui.main_window import MainWindow

    window = MainWindow(qsettings, ws)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    if active:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
    return window
