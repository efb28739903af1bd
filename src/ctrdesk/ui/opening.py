"""Opening a workspace in the window: its passphrase when it is encrypted, signing in
when it has several accounts, and a passphrase (typed twice) for a new one.

Every check is the core's (a wrong passphrase leaves the file untouched and repeated
wrong tries are slowed down there); this module only asks again with the core's message.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication

from ctrdesk.core.errors import PassphraseRequiredError, WrongPassphraseError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ctrdesk.core.store import Workspace


# Opening a clear workspace file smaller than this takes a few tens of milliseconds: no
# wait cursor then (its shape is one of the enums of Qt's namespace, which PySide builds
# whole, for tens of milliseconds, at their first use).
QUICK_TO_OPEN_BYTES = 4 * 1024 * 1024


class _Busy:
    """A wait cursor while the core derives a key or waits after wrong tries, or checks,
    migrates or builds a workspace (``active``: when that may take noticeable time)."""

    def __init__(self, active: bool = True) -> None:
        self.active = active

    def __enter__(self) -> None:
        if self.active:
            from PySide6.QtCore import Qt

            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *exc: object) -> None:
        if self.active:
            QGuiApplication.restoreOverrideCursor()


def is_new(path: Path) -> bool:
    return not path.exists() or path.stat().st_size == 0


def slow_to_open(path: Path, passphrase: str | None) -> bool:
    """Whether opening may take noticeable time: a key to derive, a workspace to create
    (or the demo to build), or a large file to check."""
    return passphrase is not None or is_new(path) or path.stat().st_size > QUICK_TO_OPEN_BYTES


def open_interactively(parent: QWidget | None, path: Path, *, demo: bool = False,
                       new_passphrase: str | None = None,
                       ask_new: bool = True) -> Workspace | None:
    """The workspace at ``path`` opened and signed in to, or None when the user cancelled.

    A new workspace (not the demo) is encrypted unless the user opts out. Errors other
    than a wrong passphrase are raised as the core's typed errors.
    """
    from ctrdesk.core.demo import open_for_use

    passphrase = new_passphrase
    if not demo and passphrase is None and ask_new and is_new(path):
        from PySide6.QtWidgets import QDialog  # the dialogs' classes: made when asked

        from ctrdesk.ui.dialogs.passphrase import NewPassphraseDialog

        dialog = NewPassphraseDialog(parent, allow_clear=True)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        passphrase = dialog.value()
    try:
        with _Busy(slow_to_open(path, passphrase)):
            ws = open_for_use(path, demo=demo, passphrase=passphrase)
    except PassphraseRequiredError:
        opened = _ask_passphrase(parent, path)
        if opened is None:
            return None
        ws = opened
    if not sign_in_interactively(parent, ws):
        ws.close()
        return None
    return ws


def _ask_passphrase(parent: QWidget | None, path: Path) -> Workspace | None:
    from PySide6.QtWidgets import QDialog

    from ctrdesk.core.demo import open_for_use
    from ctrdesk.core.store.workspace import Tries
    from ctrdesk.ui.dialogs.passphrase import PassphraseDialog

    message = ""
    while True:
        dialog = PassphraseDialog(path.name, parent, message=message,
                                  wait_seconds=Tries(path).delay())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        try:
            with _Busy():
                return open_for_use(path, passphrase=dialog.value())
        except WrongPassphraseError as exc:
            message = exc.message


def active_names(ws: Workspace) -> list[str]:
    from ctrdesk.core.security.accounts import list_accounts

    return [a.name for a in list_accounts(ws) if a.active]


def sign_in_interactively(parent: QWidget | None, ws: Workspace) -> bool:
    """With several accounts, ask who signs in (their password checked by the core);
    False when the user cancelled. With none or one there is nothing to ask."""
    from ctrdesk.core.security.accounts import SignInError, sign_in

    names = active_names(ws)
    if len(names) <= 1:
        return True
    from PySide6.QtWidgets import QDialog

    from ctrdesk.ui.dialogs.passphrase import SignInDialog

    message = ""
    user: str | None = None
    while True:
        dialog = SignInDialog(names, parent, message=message, user=user,
                              file_name=ws.path.name)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        user, password = dialog.value()
        try:
            with _Busy():
                sign_in(ws, user, lambda typed=password: typed)  # type: ignore[misc]
            return True
        except SignInError as exc:
            message = exc.message
