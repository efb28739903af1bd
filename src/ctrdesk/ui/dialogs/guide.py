"""Help → User guide: the Vietnamese guide from resources/guide in a browser window, with
its screenshots; links inside the guide move within it."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ctrdesk.core.i18n import _


class GuideDialog(QDialog):
    """The user guide; not modal, so the user can follow it while working."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        from ctrdesk.core.guide import guide_dir, guide_index
        from ctrdesk.ui.fit import fit_to_screen

        self.setObjectName("guideDialog")
        self.setWindowTitle(_("User guide"))
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guideBrowser")
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(guide_dir())])
        self.browser.setSource(QUrl.fromLocalFile(str(guide_index())))
        buttons = QDialogButtonBox(self)
        home = buttons.addButton(_("Contents"), QDialogButtonBox.ButtonRole.ActionRole)
        home.clicked.connect(self.browser.home)
        back = buttons.addButton(_("Back"), QDialogButtonBox.ButtonRole.ActionRole)
        back.clicked.connect(self.browser.backward)
        close = buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 1100, 800)


def open_guide(parent: QWidget) -> GuideDialog:
    dialog = GuideDialog(parent)
    dialog.show()
    dialog.raise_()
    return dialog
