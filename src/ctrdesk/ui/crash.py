"""The one crash path of the window: an exception nobody caught, in the UI thread or in a
worker thread, is written to the crash log and the user is told what to do.

Installed by :func:`install` when the GUI starts (Electrum's ``Exception_Hook`` is the
model). A bug never disappears silently, and never kills the window with the work in it.
"""

from __future__ import annotations

import sys
import threading
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from ctrdesk.core.i18n import _

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

_ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class _Relay(QObject):
    """Carries an exception from any thread to the UI thread."""

    raised = Signal(object)


_relay: _Relay | None = None
last_dialog: QMessageBox | None = None


def _show(info: _ExcInfo) -> None:
    global last_dialog
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from ctrdesk.core.logs import log_exception

    _exc_type, exc, _tb = info
    path = log_exception(*info, where="ctrdesk.ui")
    message = _("Something went wrong in ctrdesk: {error}").format(
        error=f"{type(exc).__name__}: {exc}")
    advice = _("Your data is safe: each action is saved whole or not at all. Try the action "
               "again; if it happens again, send the file {path} to whoever supports "
               "ctrdesk.").format(path=path) if path else _(
        "Your data is safe: each action is saved whole or not at all. Try the action again.")
    app = QApplication.instance()
    parent = app.activeWindow() if isinstance(app, QApplication) else None
    box = QMessageBox(QMessageBox.Icon.Critical, "ctrdesk", message, parent=parent)
    box.setObjectName("crashBox")
    box.setInformativeText(advice)
    box.addButton(_("OK"), QMessageBox.ButtonRole.AcceptRole)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    last_dialog = box
    box.open()


def report_exception(exc_type: type[BaseException], exc: BaseException,
                     tb: TracebackType | None) -> None:
    """Log ``exc`` and show the crash dialog (from any thread)."""
    if _relay is not None and threading.current_thread() is not threading.main_thread():
        _relay.raised.emit((exc_type, exc, tb))
    else:
        _show((exc_type, exc, tb))


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        report_exception(args.exc_type, args.exc_value, args.exc_traceback)


def install() -> None:
    """Route uncaught exceptions of every thread to the crash path."""
    global _relay
    if _relay is None:
        _relay = _Relay()
        # Emitted from worker threads only: Qt queues it to the UI thread, where the relay
        # lives (the default connection; naming it would build Qt's enums at start).
        _relay.raised.connect(_show)
    sys.excepthook = report_exception
    threading.excepthook = _thread_hook
