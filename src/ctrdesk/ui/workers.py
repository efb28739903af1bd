"""Long work off the UI thread: a QRunnable around a core call, with progress and cancel.

Core functions take a ``progress(fraction)`` callback; cancelling makes the callback raise
:class:`~ctrdesk.core.errors.Cancelled`, so the core stops at its next report and, as
every write is one transaction, stores nothing.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ctrdesk.core.errors import Cancelled, CtrdeskError
from ctrdesk.core.i18n import _

if TYPE_CHECKING:
    from ctrdesk.core.store import Workspace

Progress = Callable[[float], None]
_RUNNING: set[Task] = set()


class _Signals(QObject):
    progress = Signal(float)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class Task(QRunnable):
    """``work`` in a pool thread. With ``ws``, the thread's SQLite connection to the
    workspace is given back when the work ends, however it ends."""

    def __init__(self, work: Callable[[Progress], Any], ws: Workspace | None = None):
        super().__init__()
        self.work = work
        self.ws = ws
        self.signals = _Signals()
        self._cancel = threading.Event()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, fraction: float) -> None:
        if self._cancel.is_set():
            raise Cancelled(_("Cancelled."))
        self.signals.progress.emit(fraction)

    def run(self) -> None:
        try:
            result = self.work(self._progress)
        except Cancelled:
            self.signals.cancelled.emit()
        except CtrdeskError as exc:
            self.signals.failed.emit(exc.message)
        except Exception as exc:  # a bug: show it rather than lose it in a thread
            traceback.print_exc()
            self.signals.failed.emit(_("Internal error: {error}").format(error=exc))
        else:
            self.signals.finished.emit(result)
        finally:
            if self.ws is not None:
                self.ws.release_thread_connection()


def run_with_progress(
    parent: QWidget,
    label: str,
    work: Callable[[Progress], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[str], None],
    ws: Workspace | None = None,
) -> Task:
    """Run ``work`` in the thread pool behind a progress dialog with a Cancel button;
    give ``ws`` when the work reads or writes the workspace."""
    dialog = QProgressDialog(label, _("Cancel"), 0, 1000, parent)
    dialog.setObjectName("progressDialog")
    dialog.setWindowTitle("ctrdesk")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    task = Task(work, ws)
    _RUNNING.add(task)  # Python must keep the task (and its signals) alive while it runs

    def forget() -> None:
        dialog.close()
        dialog.deleteLater()
        _RUNNING.discard(task)

    def finished(result: object) -> None:
        forget()
        on_done(result)

    def failed(message: str) -> None:
        forget()
        on_error(message)

    task.signals.progress.connect(lambda f: dialog.setValue(int(f * 1000)))
    task.signals.finished.connect(finished)
    task.signals.failed.connect(failed)
    task.signals.cancelled.connect(forget)
    dialog.canceled.connect(task.cancel)
    QThreadPool.globalInstance().start(task)
    return task


def run_in_background(
    work: Callable[[Progress], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[str], None],
    ws: Workspace | None = None,
) -> Task:
    """Run short work (a preview, a page render) in the thread pool without a dialog;
    the results come back to the UI thread through the task's signals."""
    task = Task(work, ws)
    _RUNNING.add(task)

    def finished(result: object) -> None:
        _RUNNING.discard(task)
        on_done(result)

    def failed(message: str) -> None:
        _RUNNING.discard(task)
        on_error(message)

    task.signals.finished.connect(finished)
    task.signals.failed.connect(failed)
    task.signals.cancelled.connect(lambda: _RUNNING.discard(task))
    QThreadPool.globalInstance().start(task)
    return task
