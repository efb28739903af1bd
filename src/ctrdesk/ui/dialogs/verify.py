"""What checking a signed PDF found, in the user's words: each signature, whether the file
was changed after it, and whether its certificate is trusted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ctrdesk.core.i18n import _


class VerifyDialog(QDialog):
    """Who signed, when, and whether each signature is intact, valid, trusted, unchanged."""

    def __init__(self, path: Path, report: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("verifyDialog")
        self.setWindowTitle(_("Signatures of {name}").format(name=path.name))
        self.resize(760, 320)
        layout = QVBoxLayout(self)
        self.report = report
        if self.report is not None:
            verdict = QLabel(_("All signatures are intact, valid and trusted, and nothing was "
                               "changed after signing.") if self.report.ok else
                             _("Warning: at least one signature is not in order."), self)
            verdict.setObjectName("verdict")
            verdict.setStyleSheet("font-weight: bold; color: %s" % (
                "#1b5e20" if self.report.ok else "#a00"))
            layout.addWidget(verdict)
            table = QTableWidget(len(self.report.signatures), 6, self)
            table.setObjectName("signaturesTable")
            table.setHorizontalHeaderLabels([_("Signed by"), _("When"), _("Intact"),
                                             _("Valid"), _("Trusted"),
                                             _("Changed after")])
            yes, no = _("yes"), _("no")
            for row, signature in enumerate(self.report.signatures):
                values = [signature.signer, signature.signed_at.strftime("%d/%m/%Y %H:%M")
                          if signature.signed_at else "",
                          yes if signature.intact else no, yes if signature.valid else no,
                          yes if signature.trusted else no,
                          yes if signature.modified_after else no]
                for column, value in enumerate(values):
                    table.setItem(row, column, QTableWidgetItem(value))
            table.horizontalHeader().setStretchLastSection(True)
            layout.addWidget(table)
        buttons = QDialogButtonBox(self)
        buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
