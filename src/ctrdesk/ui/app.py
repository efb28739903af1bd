"""Start the GUI: one QApplication, one workspace, the main window."""

from __future__ import annotations

import gc
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from ctrdesk import __version__
from ctrdesk.core.i18n import set_language


def use_plain_import() -> None:
    """Put back Python's own ``__import__``, which PySide replaces when it is imported.

    PySide's replacement serves ``from __feature__ import ...`` (snake_case names, true
    properties), which ctrdesk does not use; on the way it reads the whole source file
    of every module imported after PySide to see whether it mentions PySide, and runs
    Python code at every import statement: tens of milliseconds before the first page's
    content is in view. Another replacement (a debugger's, a profiler's) is left alone.
    """
    import builtins

    original = getattr(builtins, "__orig_import__", None)
    if original is not None and builtins.__import__ is getattr(builtins, "__feature_import__",
                                                               None):
        builtins.__import__ = original


use_plain_import()

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


GARBAGE_WAIT_MS = 10_000


def _collect_garbage() -> None:
    """Turn the cyclic garbage collector back on once the first screen is in view (it is
    off while starting, see ctrdesk.cli.main). What start-up built lives as long as the
    window: frozen, later collections do not walk it again."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _mark(what: str) -> None:
    """A line for the start-up benchmark, with the process's CPU time so far."""
    print(f"{what} cpu={time.process_time():.4f}", flush=True)


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
        QTimer.singleShot(0, lambda: _mark("ctrdesk-window-shown"))

    exit_code = 0
    started = False

    def in_view(opened: bool) -> None:
        """The first page shows the workspace's content (the first time), or opening
        failed; a workspace not set up yet then opens the setup wizard over it."""
        nonlocal exit_code, started
        if started:  # the overview is computed again after each change
            return
        started = True
        _collect_garbage()
        if report:
            _mark("ctrdesk-workspace-loaded" if opened else "ctrdesk-workspace-failed")
            exit_code = 0 if opened else 3
            window.close()
            app.quit()
        elif opened:
            window.offer_setup()

    def load() -> None:
        # Opening imports the store: the standard modules peewee imports for features the
        # first page does not use load when first used.
        from ctrdesk.core.deferred import defer_until_used

        defer_until_used()
        try:
            opened = window.open_workspace(path, demo=demo)
        except BaseException:
            _collect_garbage()
            raise
        # The overview is computed off the UI thread once its page is built.
        first = window.pages.get("home")
        if opened and first is not None and getattr(first, "view", None) is None:
            first.computed.connect(lambda: in_view(True))  # type: ignore[attr-defined]
            QTimer.singleShot(GARBAGE_WAIT_MS, _collect_garbage)  # should it never come
        else:
            in_view(opened)

    QTimer.singleShot(0, load)
    try:
        result = app.exec()
    finally:
        if window.ws is not None:
            window.ws.close()
    return exit_code or result
