"""Start the GUI: one QApplication, one workspace, the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from ctrdesk import __version__
from ctrdesk.core.i18n import set_language

ORGANIZATION = "ctrdesk"
APPLICATION = "ctrdesk"


def app_settings() -> QSettings:
    return QSettings(ORGANIZATION, APPLICATION)


def ensure_application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    return app


def run_gui(path: Path, *, demo: bool = False) -> int:
    """Show the main window at once, then open the workspace on the first event-loop turn.

    Opening imports the store and may migrate (with a backup) or build the demo: the user
    sees the window, its menus and "Opening the workspace…" meanwhile instead of nothing.
    """
    from ctrdesk.ui import crash

    app = ensure_application()
    crash.install()
    settings = app_settings()
    language = settings.value("language")
    if language and not os.environ.get("CTRDESK_LANG"):
        set_language(str(language))
    from ctrdesk.ui.qt_translation import install_qt_translation

    install_qt_translation(app)

    from ctrdesk.ui.main_window import MainWindow

    window = MainWindow(settings)
    window.show()
    report = bool(os.environ.get("CTRDESK_EXIT_WHEN_SHOWN"))
    if report:
        # Used by the start-up benchmark and the packaged-app check.
        QTimer.singleShot(0, lambda: print("ctrdesk-window-shown", flush=True))

    exit_code = 0

    def load() -> None:
        nonlocal exit_code
        opened = window.open_workspace(path, demo=demo)
        if opened and not report:
            window.offer_setup()
        if report:
            print("ctrdesk-workspace-loaded" if opened else "ctrdesk-workspace-failed",
                  flush=True)
            exit_code = 0 if opened else 3
            window.close()
            app.quit()

    QTimer.singleShot(0, load)
    try:
        result = app.exec()
    finally:
        if window.ws is not None:
            window.ws.close()
    return exit_code or result
