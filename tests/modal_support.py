"""Answering the modal dialogs a window opens with exec(): each answer waits for the
next modal dialog with the expected object name and acts on the real widget."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

_PENDING: list[Answers] = []


class Answers:
    """Answer the coming modal dialogs in order: ``answers.then(name, act)``."""

    def __init__(self) -> None:
        self.queue: list[tuple[str | type, Callable[[Any], None]]] = []
        self.seen: list[QWidget] = []
        self.errors: list[str] = []
        self._last: QWidget | None = None
        _PENDING.append(self)  # alive until answered, even when the test keeps no name
        QTimer.singleShot(10, self._poll)

    def then(self, name: str | type, act: Callable[[Any], None]) -> Answers:
        """``name``: the dialog's object name, or its class (Qt's own file dialogs)."""
        self.queue.append((name, act))
        return self

    def _poll(self) -> None:
        if not self.queue:
            if self in _PENDING:
                _PENDING.remove(self)
            return
        name, act = self.queue[0]
        found = [w for w in QApplication.topLevelWidgets()
                 if w.isVisible() and w.isModal() and w is not self._last]
        for widget in found:
            if (widget.objectName() == name if isinstance(name, str)
                    else isinstance(widget, name)):
                self.queue.pop(0)
                self._last = widget
                self.seen.append(widget)
                act(widget)
                break
        QTimer.singleShot(10, self._poll)

    @property
    def done(self) -> bool:
        return not self.queue


def type_passphrase(text: str) -> Callable[[Any], None]:
    def act(dialog: Any) -> None:
        dialog.passphrase.setText(text)
        dialog.accept()
    return act


def new_passphrase(first: str, second: str | None = None, *,
                   clear: bool = False) -> Callable[[Any], None]:
    def act(dialog: Any) -> None:
        if clear:
            dialog.clear_box.setChecked(True)
        else:
            dialog.first.setText(first)
            dialog.second.setText(first if second is None else second)
        dialog.accept()
    return act


def sign_in(user: str, password: str) -> Callable[[Any], None]:
    def act(dialog: Any) -> None:
        dialog.user.setCurrentText(user)
        dialog.password.setText(password)
        dialog.accept()
    return act


def choose_file(path: Any) -> Callable[[Any], None]:
    """Answer Qt's file dialog (open or save) with ``path``, as typing it and pressing
    Enter does."""
    def act(dialog: Any) -> None:
        dialog.selectFile(str(path))
        dialog.accept()
    return act


def cancel(dialog: Any) -> None:
    dialog.reject()
