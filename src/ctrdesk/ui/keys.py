"""Choosing the signing key: a PKCS#12 key file or a USB token (PKCS#11).

The password or PIN is read from the field when the key is made and the field is then
cleared: ctrdesk never keeps it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ctrdesk.core.i18n import _

if TYPE_CHECKING:
    from ctrdesk.core.signing import Pkcs12Key, TokenKey

# Where the PKCS#11 modules of common tokens are installed; the first one present is
# offered, any other can be chosen.
TOKEN_LIBRARIES = (
    r"C:\Windows\System32\eTPKCS11.dll",  # SafeNet eToken
    r"C:\Windows\System32\opensc-pkcs11.dll",
    "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
    "/usr/lib/softhsm/libsofthsm2.so",
)


def path_row(parent: QWidget, name: str, choose: Callable[[], None]
             ) -> tuple[QLineEdit, QHBoxLayout]:
    """A path field with its "Choose…" button."""
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    button = QPushButton(_("Choose…"), parent)
    button.clicked.connect(choose)
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(button)
    return edit, row


def default_token_library() -> str:
    present = [p for p in TOKEN_LIBRARIES if Path(p).exists()]
    if present:
        return present[0]
    return TOKEN_LIBRARIES[0] if sys.platform == "win32" else ""


class KeyForm(QWidget):
    """The fields of one signing key, file or token."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.use_file = QRadioButton(_("Key file (PKCS#12)"), self)
        self.use_file.setObjectName("useKeyFile")
        self.use_token = QRadioButton(_("USB token (PKCS#11)"), self)
        self.use_token.setObjectName("useToken")
        self.use_file.setChecked(True)
        choice = QHBoxLayout()
        choice.addWidget(self.use_file)
        choice.addWidget(self.use_token)
        choice.addStretch(1)

        self.key_file, file_row = path_row(self, "keyFile", self._choose_key_file)
        self.password = QLineEdit(self)
        self.password.setObjectName("keyPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        file_page = QWidget(self)
        file_form = QFormLayout(file_page)
        file_form.setContentsMargins(0, 0, 0, 0)
        file_form.addRow(_("Key file:"), file_row)
        file_form.addRow(_("Password:"), self.password)

        self.library = QLineEdit(default_token_library(), self)
        self.library.setObjectName("tokenLibrary")
        self.token_label = QLineEdit(self)
        self.token_label.setObjectName("tokenLabel")
        self.key_label = QLineEdit(self)
        self.key_label.setObjectName("tokenKeyLabel")
        self.pin = QLineEdit(self)
        self.pin.setObjectName("tokenPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        token_page = QWidget(self)
        token_form = QFormLayout(token_page)
        token_form.setContentsMargins(0, 0, 0, 0)
        token_form.addRow(_("Token library:"), self.library)
        token_form.addRow(_("Token label:"), self.token_label)
        token_form.addRow(_("Key label:"), self.key_label)
        token_form.addRow(_("PIN:"), self.pin)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(file_page)
        self.pages.addWidget(token_page)
        self.use_token.toggled.connect(lambda on: self.pages.setCurrentIndex(int(on)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(choice)
        layout.addWidget(self.pages)

    def _choose_key_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Key file"), str(Path.home()), _("PKCS#12 keys (*.p12 *.pfx)"))
        if name:
            self.key_file.setText(name)

    def missing(self) -> str | None:
        """What must still be filled in, or None."""
        if self.use_token.isChecked():
            if not (self.library.text().strip() and self.token_label.text().strip()
                    and self.key_label.text().strip()):
                return _("Give the token library, the token label and the key label.")
        elif not self.key_file.text().strip():
            return _("Choose the key file.")
        return None

    def take_key(self) -> Pkcs12Key | TokenKey:
        """The key, with its secret taken out of the form."""
        from ctrdesk.core.signing import Pkcs12Key, TokenKey

        if self.use_token.isChecked():
            pin = self.pin.text()
            self.pin.clear()
            return TokenKey(self.library.text().strip(), self.token_label.text().strip(),
                            self.key_label.text().strip(), pin)
        password = self.password.text().encode()
        self.password.clear()
        return Pkcs12Key(Path(self.key_file.text().strip()), password)


class KeyDialog(QDialog):
    """Asks for the signing key before signing."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("keyDialog")
        self.setWindowTitle(_("Signing key"))
        self.form = KeyForm(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept_if_complete)
        buttons.rejected.connect(self.reject)
        self.message = QLineEdit(self)
        self.message.setReadOnly(True)
        self.message.setFrame(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _accept_if_complete(self) -> None:
        missing = self.form.missing()
        if missing:
            self.message.setText(missing)
            return
        self.accept()
