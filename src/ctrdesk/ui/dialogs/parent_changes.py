"""A newer version of a parent program: the changes, what they mean, and taking them in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ctrdesk.core.i18n import N_, _
from ctrdesk.core.programs.revisions import Change, compare_versions
from ctrdesk.core.store import Workspace

CHANGE_LABELS = {
    "added": N_("Added"),
    "removed": N_("Removed"),
    "reworded": N_("Reworded"),
    "deadline": N_("New deadline"),
}


class ParentChangesDialog(QDialog):
    """Lists the changes with a tick for each; ``accepted`` means: apply the ticked ones."""

    def __init__(self, ws: Workspace, old_id: int, new_id: int, unit_program_id: int,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("parentChangesDialog")
        self.setWindowTitle(_("Changes in the new version of the parent program"))
        from ctrdesk.ui.fit import fit_to_screen

        fit_to_screen(self, 1100, 650)
        self.unit_program_id, self.new_id = unit_program_id, new_id
        self.changes: list[Change] = compare_versions(ws, old_id, new_id, unit_program_id)
        self.table = QTableWidget(len(self.changes), 5, self)
        self.table.setObjectName("changesTable")
        self.table.setHorizontalHeaderLabels([_("Change"), _("Place"), _("Before"), _("After"),
                                              _("For our program")])
        for row, change in enumerate(self.changes):
            kind = QTableWidgetItem(_(CHANGE_LABELS[change.kind]))
            relevant = bool(change.affects) or change.concerns_unit
            kind.setFlags(kind.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            kind.setCheckState(Qt.CheckState.Checked if relevant else Qt.CheckState.Unchecked)
            self.table.setItem(row, 0, kind)
            self.table.setItem(row, 1, QTableWidgetItem(" › ".join(change.path)))
            self.table.setItem(row, 2, QTableWidgetItem(change.old_time or change.old_text))
            self.table.setItem(row, 3, QTableWidgetItem(change.new_time or change.new_text))
            if change.affects:
                meaning = _("changes {count} of our items").format(count=len(change.affects))
            elif change.concerns_unit:
                meaning = _("concerns our unit: it will be added")
            else:
                meaning = _("does not concern our unit")
            self.table.setItem(row, 4, QTableWidgetItem(meaning))
        self.table.setColumnWidth(1, 150)
        self.table.setColumnWidth(2, 330)
        self.table.setColumnWidth(3, 330)
        summary = QLabel(_("{count} changes. Ticked changes are taken into our program; the "
                           "05-rõ fields and progress already recorded stay.").format(
            count=len(self.changes)), self)
        summary.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.apply_button = buttons.addButton(_("Take the ticked changes in"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        from ctrdesk.ui.protect import guard_all

        guard_all(ws, self, {self.apply_button: "program.update_parent"})

    def accepted_keys(self) -> set[str]:
        keys = set()
        for row, change in enumerate(self.changes):
            tick = self.table.item(row, 0)
            if tick is not None and tick.checkState() == Qt.CheckState.Checked:
                keys.add(change.key)
        return keys
