"""The cover over every window and the dialog that asks for the secret while ctrdesk is
locked (see :class:`ctrdesk.ui.lock.IdleLock`); imported when the window is first locked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ctrdesk.core.i18n import _
from ctrdesk.ui.lock import lock_secret
from ctrdesk.ui.widgets.messages import error_label

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QCloseEvent, QKeyEvent

    from ctrdesk.ui.lock import IdleLock


class Cover(QWidget):
    """An opaque sheet over a whole window (its menus included)."""

    def __init__(self, window: QWidget):
        from PySide6.QtCore import Qt

        super().__init__(window)
        self.setObjectName("lockCover")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#lockCover { background: palette(window); }")
        label = QLabel(_("ctrdesk is locked."), self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        from PySide6.QtCore import QEvent

        parent = self.parentWidget()
        if parent is not None and watched is parent and event.type() == QEvent.Type.Resize:
            self.setGeometry(parent.rect())
            self.raise_()
        return False


class UnlockDialog(QDialog):
    """Asks for the secret again; it cannot be closed without it."""

    def __init__(self, lock: IdleLock, parent: QWidget):
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QFormLayout, QLineEdit, QPushButton

        super().__init__(parent)
        self.lock = lock
        self.setObjectName("unlockDialog")
        self.setWindowTitle(_("ctrdesk is locked"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        ws = getattr(lock.window, "ws", None)
        if lock_secret(ws) == "password" and ws is not None:
            intro = _("The window was locked after a time without use. Type the password "
                      "of {user} to go on.").format(user=ws.user)
            label = _("Password:")
        else:
            intro = _("The window was locked after a time without use. Type the workspace's "
                      "passphrase to go on.")
            label = _("Passphrase:")
        self.intro = text = QLabel(intro, self)
        text.setWordWrap(True)
        self.message = error_label(self, "message")
        self.secret = QLineEdit(self)
        self.secret.setObjectName("unlockSecret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.returnPressed.connect(self.try_unlock)
        button = QPushButton(_("Unlock"), self)
        button.setObjectName("unlockButton")
        button.setDefault(True)
        button.clicked.connect(self.try_unlock)
        form = QFormLayout()
        form.addRow(label, self.secret)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addLayout(row)
        from ctrdesk.ui.dialogs.passphrase import MIN_WIDTH

        self.setMinimumWidth(MIN_WIDTH)

    def try_unlock(self) -> None:
        problem = self.lock.unlock(self.secret.text())
        self.secret.clear()
        if problem:
            self.message.setText(problem)
            self.message.show()
            self.adjustSize()  # room for the message: the intro is not squeezed

    def reject(self) -> None:  # Escape does not unlock
        pass

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt

        if event.key() == Qt.Key.Key_Escape:
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.lock.locked:
            event.ignore()
        else:
            super().closeEvent(event)
