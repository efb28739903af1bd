"""Asking for secrets: a workspace's passphrase, a new passphrase (typed twice), and
signing in with an account's name and password.

The dialogs only collect what is typed; the core checks it (and slows down repeated wrong
tries). A message from the last refusal is shown above the fields.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ctrdesk.core.i18n import _
from ctrdesk.ui.widgets.messages import error_label


def _secret_field(parent: QWidget, name: str) -> QLineEdit:
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(dialog)
    buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


# Wide enough that a sentence or two wraps into few lines, narrow enough for any screen.
MIN_WIDTH = 460


class PassphraseDialog(QDialog):
    """The passphrase of an encrypted workspace."""

    def __init__(self, file_name: str, parent: QWidget | None = None, *,
                 message: str = "", wait_seconds: float = 0.0):
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.setWindowTitle(_("Encrypted workspace"))
        intro = QLabel(_("{name} is encrypted. Type its passphrase to open it.").format(
            name=file_name), self)
        intro.setWordWrap(True)
        self.message = error_label(self, "message")
        if message:
            self.message.setText(message)
            self.message.show()
        self.wait_note = QLabel(self)
        self.wait_note.setObjectName("waitNote")
        self.wait_note.setWordWrap(True)
        if wait_seconds > 0:
            self.wait_note.setText(_(
                "After several wrong tries, ctrdesk waits {seconds:g} seconds before checking "
                "the next one.").format(seconds=wait_seconds))
        else:
            self.wait_note.hide()
        self.passphrase = _secret_field(self, "passphraseField")
        form = QFormLayout()
        form.addRow(_("Passphrase:"), self.passphrase)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.message)
        layout.addWidget(self.wait_note)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, _("Open the workspace")))
        self.setMinimumWidth(MIN_WIDTH)

    def value(self) -> str:
        return self.passphrase.text()


class NewPassphraseDialog(QDialog):
    """A new passphrase, typed twice; for a new workspace, the user may opt out of
    encryption (``allow_clear``)."""

    def __init__(self, parent: QWidget | None = None, *, allow_clear: bool = False,
                 title: str = "", intro: str = "", min_length: int = 8):
        super().__init__(parent)
        self.setObjectName("newPassphraseDialog")
        self.setWindowTitle(title or _("Protect the workspace"))
        self.min_length = min_length
        label = QLabel(intro or _(
            "The workspace will be encrypted: without its passphrase nobody can read it. "
            "Keep the passphrase safe: it cannot be recovered."), self)
        label.setWordWrap(True)
        self.message = error_label(self, "message")
        self.first = _secret_field(self, "newPassphrase")
        self.second = _secret_field(self, "repeatPassphrase")
        form = QFormLayout()
        form.addRow(_("Passphrase:"), self.first)
        form.addRow(_("Again:"), self.second)
        self.clear_box = QCheckBox(_("Do not encrypt this workspace"), self)
        self.clear_box.setObjectName("doNotEncrypt")
        self.clear_box.toggled.connect(self._clear_toggled)
        self.clear_box.setVisible(allow_clear)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(self.clear_box)
        layout.addWidget(_buttons(self, _("OK")))
        self.setMinimumWidth(MIN_WIDTH)

    def _clear_toggled(self, clear: bool) -> None:
        self.first.setEnabled(not clear)
        self.second.setEnabled(not clear)

    def problem(self) -> str:
        """Why what was typed cannot be used (empty when it can)."""
        if self.clear_box.isChecked():
            return ""
        if len(self.first.text()) < self.min_length:
            return _("A passphrase needs at least {n} characters.").format(n=self.min_length)
        if self.first.text() != self.second.text():
            return _("The two passphrases differ: type the same one twice.")
        return ""

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.message.setText(problem)
            self.message.show()
            self.adjustSize()  # room for the message, nothing squeezed
            self.second.clear()
            self.first.setFocus()
            return
        super().accept()

    def value(self) -> str | None:
        """The new passphrase, or None when the user chose not to encrypt."""
        return None if self.clear_box.isChecked() else self.first.text()


class SignInDialog(QDialog):
    """Signing in to a workspace with several accounts."""

    def __init__(self, names: list[str], parent: QWidget | None = None, *,
                 message: str = "", user: str | None = None, fixed_user: bool = False,
                 file_name: str = ""):
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setWindowTitle(_("Sign in"))
        self.intro = QLabel(_("{name} has several accounts: sign in with your account "
                              "name and password.").format(name=file_name) if file_name
                            else _("Sign in with your account name and password."), self)
        self.intro.setObjectName("signInIntro")
        self.intro.setWordWrap(True)
        self.message = error_label(self, "message")
        if message:
            self.message.setText(message)
            self.message.show()
        self.user = QComboBox(self)
        self.user.setObjectName("userField")
        self.user.addItems(names)
        if user is not None and user in names:
            self.user.setCurrentText(user)
        self.user.setEnabled(not fixed_user)
        self.password = _secret_field(self, "passwordField")
        form = QFormLayout()
        form.addRow(_("User:"), self.user)
        form.addRow(_("Password:"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, _("Sign in")))
        self.setMinimumWidth(MIN_WIDTH)
        self.password.setFocus()

    def value(self) -> tuple[str, str]:
        return self.user.currentText(), self.password.text()
