"""The one way the window runs an action: a core call off the UI thread, one error path.

Work that reads or writes the workspace runs on one dedicated thread, so writes never run
on two threads at once and come in the order the user made them; work that needs no
workspace (laying out page images) runs on the shared pool. A long action shows a
progress dialog with Cancel: cancelling makes the progress callback raise
:class:`~ctrdesk.core.errors.Cancelled`, the core stops at its next report and, as every
write is one transaction, stores nothing.

The outcome comes back to the UI thread: ``on_success(result)``, or the error. A
:class:`~ctrdesk.core.errors.CtrdeskError` is shown in the user's language in one place
(:meth:`Operations.show_error`), unless the caller asked to place it itself (a form marks
the field at fault); anything else is a bug and goes to the crash path.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

from ctrdesk.core.errors import Cancelled, CtrdeskError
from ctrdesk.core.i18n import _

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressDialog

    from ctrdesk.core.store import Workspace

log = logging.getLogger("ctrdesk.ui.operations")

Progress = Callable[[float], None]
Work = Callable[[Progress], Any]


class _Signals(QObject):
    progress = Signal(float)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class Task(QRunnable):
    """``work`` in a worker thread. The workspace thread keeps its connection from one
    task to the next (a new one would make the audit trail's triggers and prepare every
    statement again: tens of milliseconds a write); it is closed with the workspace."""

    def __init__(self, work: Work, ws: Workspace | None, origin: object):
        super().__init__()
        self.work, self.ws, self.origin = work, ws, origin
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
            if self.ws is not None:
                with self.ws.acting_for(self.origin):
                    result = self.work(self._progress)
            else:
                result = self.work(self._progress)
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as exc:
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


class Operations(QObject):
    """Runs the window's actions; ``parent`` is where errors and progress are shown."""

    idle_changed = Signal(bool)

    def __init__(self, parent: QWidget, ws: Workspace | None = None):
        super().__init__(parent)
        self._widget = parent
        self.ws = ws
        self._running: set[Task] = set()

    @property
    def _writer(self) -> _WorkspaceThread:
        return _workspace_thread(self.ws)

    # -- running --------------------------------------------------------------
    def run(
        self,
        work: Work,
        on_success: Callable[[Any], None] | None = None,
        *,
        on_error: Callable[[CtrdeskError], None] | None = None,
        label: str | None = None,
        origin: object = None,
        uses_workspace: bool = True,
    ) -> Task:
        """Run ``work(progress)``; with ``label``, behind a progress dialog with Cancel.

        ``on_error`` takes a user-facing error instead of the one display (a form marks
        the field); bugs always go to the crash path.
        """
        task = Task(work, self.ws if uses_workspace else None, origin)
        self._running.add(task)  # Python must keep the task (and its signals) alive
        if len(self._running) == 1:
            self.idle_changed.emit(False)
        dialog = self._progress_dialog(label, task) if label else None

        def forget() -> None:
            if dialog is not None:
                dialog.close()
                dialog.deleteLater()
            self._running.discard(task)
            if not self._running:
                self.idle_changed.emit(True)

        def finished(result: object) -> None:
            forget()
            if on_success is not None:
                on_success(result)

        def failed(exc: BaseException) -> None:
            forget()
            if isinstance(exc, CtrdeskError):
                if on_error is not None:
                    on_error(exc)
                else:
                    self.show_error(exc.message)
            else:  # a bug: the crash path (the installed hook; pytest-qt's in the tests)
                log.error("operation failed", exc_info=exc)
                sys.excepthook(type(exc), exc, exc.__traceback__)

        task.signals.finished.connect(finished)
        task.signals.failed.connect(failed)
        task.signals.cancelled.connect(forget)
        if uses_workspace:
            self._writer.start(task)
        else:
            QThreadPool.globalInstance().start(task)
        return task

    def compute(self, work: Callable[[], Any], on_success: Callable[[Any], None],
                on_error: Callable[[CtrdeskError], None] | None = None) -> Task:
        """CPU-only work (no workspace) on the shared pool: page images and the like."""
        return self.run(lambda _progress: work(), on_success, on_error=on_error,
                        uses_workspace=False)

    def _progress_dialog(self, label: str, task: Task) -> QProgressDialog:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QProgressDialog

        dialog = QProgressDialog(label, _("Cancel"), 0, 1000, self._widget)
        dialog.setObjectName("progressDialog")
        dialog.setWindowTitle("ctrdesk")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        task.signals.progress.connect(lambda f: dialog.setValue(int(f * 1000)))
        dialog.canceled.connect(task.cancel)
        return dialog

    # -- state ------------------------------------------------------------------
    def is_idle(self) -> bool:
        return not self._running

    def wait_for_done(self, msecs: int = 10000) -> bool:
        """Block until the workspace thread is done (closing the window or workspace)."""
        return self._writer.wait_for_done(msecs)

    # -- the one error display ------------------------------------------------------
    def show_error(self, message: str) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        log.info("refused: %s", message)
        box = QMessageBox(QMessageBox.Icon.Warning, "ctrdesk", message, parent=self._widget)
        box.addButton(_("OK"), QMessageBox.ButtonRole.AcceptRole)
        box.setObjectName("errorBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()


class _WorkspaceThread:
    """The one thread that works on a workspace: a Python thread, not a Qt pool's. Python
    keeps a thread's own data (the workspace's connection is some) only in the threads it
    made itself; in a Qt pool's thread each task would start on a new connection, setting
    up the audit trail's triggers and preparing every statement again (tens of ms)."""

    def __init__(self) -> None:
        import queue  # made with the first task, after the window is shown

        self._queue: queue.SimpleQueue[Callable[[], object]] = queue.SimpleQueue()
        # A daemon: quitting never waits on it (the window waits for its work when closed).
        threading.Thread(target=self._serve, name="ctrdesk-workspace", daemon=True).start()

    def _serve(self) -> None:
        while True:
            work = self._queue.get()
            try:
                work()
            except Exception:  # a task reports its own errors: this is a bug of the runner
                log.exception("workspace thread")

    def start(self, task: QRunnable) -> None:
        self._queue.put(task.run)

    def wait_for_done(self, msecs: int) -> bool:
        """Whether the work queued so far ended within ``msecs``."""
        return self.call(lambda: None, msecs)

    def call(self, work: Callable[[], object], msecs: int) -> bool:
        """Run ``work`` after the work queued so far; whether it ended within ``msecs``."""
        done = threading.Event()

        def run() -> None:
            try:
                work()
            finally:
                done.set()

        self._queue.put(run)
        return done.wait(msecs / 1000)


_THREADS: dict[int, _WorkspaceThread] = {}


def _workspace_thread(ws: Workspace | None) -> _WorkspaceThread:
    """The one thread that works on ``ws``: every runner of that workspace shares it, so
    its writes never run on two threads at once."""
    thread = _THREADS.get(id(ws))
    if thread is None:
        thread = _THREADS[id(ws)] = _WorkspaceThread()
    if ws is not None and _close_thread_connection not in ws.close_hooks:
        ws.close_hooks.append(_close_thread_connection)
    return thread


def _close_thread_connection(ws: Workspace) -> None:
    """When ``ws`` closes: its thread's connection too, after the work queued before (not
    waiting forever: a task that never ends keeps it open)."""
    thread = _THREADS.get(id(ws))
    if thread is not None:
        thread.call(ws.release_thread_connection, 30000)


_FALLBACK: dict[int, Operations] = {}


def operations_of(widget: QWidget, ws: Workspace | None = None) -> Operations:
    """The runner of the main window ``widget`` is in (dialogs included); a widget shown
    on its own (tests, the key dialog) gets one of its own for ``ws``."""
    candidate: QWidget | None = widget
    while candidate is not None:
        found = getattr(candidate, "operations", None)
        if isinstance(found, Operations) and (ws is None or found.ws is ws):
            return found
        candidate = candidate.parentWidget()
    window = widget.window()
    own = _FALLBACK.get(id(window))
    if own is None or (ws is not None and own.ws is not ws):
        own = Operations(window, ws)
        key = id(window)
        _FALLBACK[key] = own
        window.destroyed.connect(lambda *_a: _FALLBACK.pop(key, None))
    return own
