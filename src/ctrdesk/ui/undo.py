"""An undo stack whose entries are core edits, and which moves only after the core did.

Each entry holds the edit that redoes it and the edit that undoes it (see
:mod:`ctrdesk.core.programs.edits`). An edit is pushed only once its apply succeeded; undo
and redo run the stored edit through the window's operations runner and move the stack
only when it succeeded, storing the inverse the core returned. A refused edit or a failed
undo leaves the stack as it was, with the reason shown in the one error display.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from ctrdesk.core.i18n import _
from ctrdesk.ui.operations import operations_of

if TYPE_CHECKING:
    from ctrdesk.core.programs.edits import Edit
    from ctrdesk.core.store import Workspace


class EditCommand(QUndoCommand):
    """A stack entry: the stack only keeps the order; the edits do the work."""

    def __init__(self, label: str, forward: Edit, backward: Edit):
        super().__init__(label)
        self.forward, self.backward = forward, backward

    def redo(self) -> None:  # the data changed before the push, or by EditHistory.redo
        pass

    def undo(self) -> None:
        pass


class EditHistory(QObject):
    """Undo and redo over core edits for ``widget``; ``applied(edit, inverse)`` shows each
    result."""

    def __init__(self, widget: QWidget, ws: Workspace, applied: Callable[[Edit, Edit], None]):
        super().__init__(widget)
        self.widget, self.ws, self.applied = widget, ws, applied
        self.stack = QUndoStack(self)
        self._busy = False
        self.undo_action = QAction(_("Undo"), widget)
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = QAction(_("Redo"), widget)
        self.redo_action.setShortcuts(QKeySequence.StandardKey.Redo)
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            widget.addAction(action)
        self.undo_action.triggered.connect(self.undo)
        self.redo_action.triggered.connect(self.redo)
        self.stack.indexChanged.connect(self._update_actions)
        self._update_actions()

    def _update_actions(self) -> None:
        self.undo_action.setEnabled(self.stack.canUndo())
        self.redo_action.setEnabled(self.stack.canRedo())
        self.undo_action.setToolTip(_("Undo: {action}").format(action=self.stack.undoText())
                                    if self.stack.canUndo() else _("Nothing to undo"))
        self.redo_action.setToolTip(_("Redo: {action}").format(action=self.stack.redoText())
                                    if self.stack.canRedo() else _("Nothing to redo"))

    def _run(self, edit: Edit, done: Callable[[Edit], None]) -> None:
        self._busy = True

        def succeeded(inverse: object) -> None:
            self._busy = False
            done(inverse)  # type: ignore[arg-type]
            self.applied(edit, inverse)  # type: ignore[arg-type]

        def refused(exc: object) -> None:
            self._busy = False
            operations_of(self.widget, self.ws).show_error(exc.message)  # type: ignore[attr-defined]

        operations_of(self.widget, self.ws).run(
            lambda _progress: edit.apply(self.ws), succeeded, on_error=refused,
            origin=self.widget)

    def perform(self, label: str, edit: Edit) -> None:
        """Apply ``edit``; on success it becomes the newest entry of the stack."""
        if self._busy:  # edits stay in the user's order
            QTimer.singleShot(20, lambda: self.perform(label, edit))
            return
        self._run(edit, lambda inverse: self.stack.push(EditCommand(label, edit, inverse)))

    def undo(self) -> None:
        if self._busy:
            QTimer.singleShot(20, self.undo)
            return
        if not self.stack.canUndo():
            return
        command = self.stack.command(self.stack.index() - 1)
        assert isinstance(command, EditCommand)

        def done(redo: Edit) -> None:
            command.forward = redo
            self.stack.undo()

        self._run(command.backward, done)

    def redo(self) -> None:
        if self._busy:
            QTimer.singleShot(20, self.redo)
            return
        if not self.stack.canRedo():
            return
        command = self.stack.command(self.stack.index())
        assert isinstance(command, EditCommand)

        def done(undo: Edit) -> None:
            command.backward = undo
            self.stack.redo()

        self._run(command.forward, done)

    def is_busy(self) -> bool:
        return self._busy
