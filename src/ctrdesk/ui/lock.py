"""Locking the window after a chosen idle time.

When nobody has touched the keyboard or the mouse for the chosen minutes (a setting,
10 by default, 0 for never), every window of ctrdesk is covered by an opaque sheet and a
dialog asks again for the signed-in user's password (or, for a workspace opened with its
passphrase alone, the passphrase). Nothing of the workspace is visible until it is
typed. Forms left open stay as they were underneath.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from ctrdesk.core.i18n import _

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QMainWindow

    from ctrdesk.core.store import Workspace
    from ctrdesk.ui.dialogs.unlock import Cover, UnlockDialog

SETTING = "security/lock_minutes"
DEFAULT_MINUTES = 10


def _input_events() -> frozenset[object]:
    """The events that count as use (QEvent is made when first imported: not at start)."""
    from PySide6.QtCore import QEvent

    return frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                      QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin})


def lock_secret(ws: Workspace | None) -> str | None:
    """What unlocks the window: ``"password"`` (the signed-in account's), ``"passphrase"``
    (the workspace's), or None when there is nothing to ask (a clear workspace without
    accounts: locking it would protect nothing)."""
    if ws is None:
        return None
    from ctrdesk.ui.opening import active_names

    if ws.user is not None and (len(active_names(ws)) > 1 or not ws.encrypted):
        return "password"
    return "passphrase" if ws.encrypted else None


def check_unlock(ws: Workspace, typed: str) -> str:
    """An empty string when ``typed`` unlocks, else why not. Wrong tries are counted and
    slowed down like wrong passphrases at opening."""
    import hmac

    from ctrdesk.core.security.accounts import SignInError, sign_in
    from ctrdesk.core.store.workspace import Tries

    if lock_secret(ws) == "password":
        try:
            sign_in(ws, ws.user, lambda: typed, check_password=True)
        except SignInError as exc:
            return exc.message
        return ""
    tries = Tries(ws.path, ".unlock-tries")
    time.sleep(tries.delay())
    if hmac.compare_digest((ws.db.passphrase or "").encode(), typed.encode()):
        tries.succeeded()
        return ""
    tries.failed()
    return _("Wrong passphrase: the window stays locked.")


class IdleLock(QObject):
    """Watches the application's input and locks ``window`` after the idle time.

    The input is watched (an event filter on the whole application) only while there is
    something to lock with, see :meth:`watch`: a Python filter on every event of every
    widget costs a lot at start-up (PySide wraps each object that receives an event).
    """

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window  # the main window (its ``ws`` and ``settings``)
        self.covers: list[Cover] = []
        self.dialog: UnlockDialog | None = None
        self.watching = False
        self.input_events: frozenset[object] = frozenset()  # known once watching
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.timer.setInterval(self.minutes() * 60_000)

    @property
    def locked(self) -> bool:
        return self.dialog is not None

    def minutes(self) -> int:
        value = self.window.settings.value(SETTING, DEFAULT_MINUTES)  # type: ignore[attr-defined]
        try:
            return max(0, int(value))
        except (TypeError, ValueError):
            return DEFAULT_MINUTES

    def set_minutes(self, minutes: int) -> None:
        """Lock after ``minutes`` without use (0: never); remembered in the settings."""
        self.window.settings.setValue(SETTING, minutes)  # type: ignore[attr-defined]
        self.set_interval_ms(minutes * 60_000)

    def set_interval_ms(self, msecs: int) -> None:
        self.timer.stop()
        self.timer.setInterval(msecs)
        if msecs > 0 and self.watching and not self.locked:
            self.timer.start()

    def watch(self) -> None:
        """Watch the input (and count the idle time) while the window's workspace has a
        secret to unlock with; called whenever the workspace or who is signed in changes."""
        watching = lock_secret(getattr(self.window, "ws", None)) is not None
        app = QApplication.instance()
        if watching != self.watching and app is not None:
            if watching:
                self.input_events = self.input_events or _input_events()
                app.installEventFilter(self)
            else:
                app.removeEventFilter(self)
        self.watching = watching
        self.set_interval_ms(self.timer.interval())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self.input_events and not self.locked and self.timer.interval() > 0:
            self.timer.start()
        return False

    def lock(self) -> bool:
        """Cover every window and ask for the secret; False when there is none to ask."""
        ws = getattr(self.window, "ws", None)
        if self.locked or lock_secret(ws) is None:
            return self.locked
        from ctrdesk.ui.dialogs.unlock import Cover, UnlockDialog  # made when first locked

        self.timer.stop()
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and not isinstance(widget, (UnlockDialog, Cover)) \
                    and widget.isWindow() and widget.objectName() != "unlockDialog":
                self.covers.append(Cover(widget))
        self.dialog = UnlockDialog(self, self.window)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return True

    def unlock(self, typed: str) -> str:
        """Unlock with ``typed``; the reason it does not, or an empty string."""
        ws = getattr(self.window, "ws", None)
        problem = "" if ws is None else check_unlock(ws, typed)
        if problem:
            return problem
        from shiboken6 import isValid

        for cover in self.covers:
            if isValid(cover):  # a covered dialog closed meanwhile takes its cover along
                cover.hide()
                cover.deleteLater()
        self.covers = []
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.hide()
            dialog.deleteLater()
        if self.timer.interval() > 0 and self.watching:
            self.timer.start()
        return ""
