"""Derive a unit's program: the proposed role of every parent item, changeable, then create."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ctrdesk.core.i18n import _
from ctrdesk.core.programs.derive import INCLUDED_ROLES, ROLES, Proposal, propose, role_label
from ctrdesk.core.store import Workspace
from ctrdesk.core.vocabulary import PARSED_KIND_LABELS

AnyIndex = QModelIndex | QPersistentModelIndex
ROLE_COLORS = {
    "lead": QColor(200, 230, 201),
    "coordinating": QColor(220, 237, 200),
    "implementing": QColor(232, 245, 233),
    "suggested": QColor(255, 243, 205),
}


class ProposalModel(QAbstractTableModel):
    COLUMNS = ("path", "kind", "text", "role", "evidence")

    def __init__(self, proposals: list[Proposal], parent: Any = None):
        super().__init__(parent)
        self.proposals = proposals
        self.proposed = {p.item_id: p.role for p in proposals}

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.proposals)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self.COLUMNS)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.COLUMNS[index.column()] == "role":
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        proposal = self.proposals[index.row()]
        key = self.COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if key == "path":
                return " › ".join(proposal.path)
            if key == "role":
                changed = proposal.role != self.proposed[proposal.item_id]
                return role_label(proposal.role) + (" *" if changed else "")
            if key == "kind":
                return _(PARSED_KIND_LABELS.get(proposal.kind, proposal.kind))
            value = getattr(proposal, key)
            return value if role == Qt.ItemDataRole.ToolTipRole else str(value)[:140]
        if role == Qt.ItemDataRole.EditRole and key == "role":
            return proposal.role
        if role == Qt.ItemDataRole.BackgroundRole and proposal.role in ROLE_COLORS:
            return QBrush(ROLE_COLORS[proposal.role])
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
                ) -> bool:
        if self.COLUMNS[index.column()] != "role" or value not in ROLES:
            return False
        self.proposals[index.row()].role = value
        self.dataChanged.emit(self.index(index.row(), 0),
                              self.index(index.row(), len(self.COLUMNS) - 1))
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [_("Place"), _("Kind"), _("Text"), _("Role"), _("Because of")][section]
        return None

    def changed_roles(self) -> dict[int, str]:
        return {p.item_id: p.role for p in self.proposals}


class RoleDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: Any, index: AnyIndex) -> QWidget:
        combo = QComboBox(parent)
        for role in ROLES:
            combo.addItem(role_label(role), role)
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData())


class DeriveDialog(QDialog):
    """Shows the proposal for one unit; ``accepted`` means: create the draft program."""

    def __init__(self, ws: Workspace, parent_program_id: int, unit_id: int,
                 parent: QWidget | None = None):
        super().__init__(parent)
        from ctrdesk.core.organizations import get_organization

        self.setObjectName("deriveDialog")
        self.ws, self.parent_program_id, self.unit_id = ws, parent_program_id, unit_id
        unit = get_organization(ws, unit_id)
        self.setWindowTitle(_("Derive the program of {unit}").format(unit=unit.name))
        from ctrdesk.ui.fit import fit_to_screen

        fit_to_screen(self, 1200, 750)
        self.model = ProposalModel(propose(ws, parent_program_id, unit_id), self)
        self.table = QTableView(self)
        self.table.setObjectName("proposalTable")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(3, RoleDelegate(self.table))
        self.table.verticalHeader().setVisible(False)
        self.table.setColumnWidth(0, 150)
        self.table.setColumnWidth(2, 520)
        self.table.setColumnWidth(3, 130)
        self.table.horizontalHeader().setStretchLastSection(True)  # "because of" wraps there
        counts = {role: sum(1 for p in self.model.proposals if p.role == role) for role in ROLES}
        summary = QLabel(_(
            "Proposed for {unit}: {lead} lead, {coordinating} coordinating, {implementing} "
            "implementing, {suggested} to decide (suggested). Change a role by double-clicking "
            "it; lead, coordinating and implementing items go into the draft program."
        ).format(unit=unit.name, **counts), self)
        summary.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.create_button = buttons.addButton(_("Create the draft program"),
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setObjectName("createButton")
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        from ctrdesk.ui.protect import guard_all

        guard_all(ws, self, {self.create_button: "program.derive"})

    def roles(self) -> dict[int, str]:
        return self.model.changed_roles()

    def included_count(self) -> int:
        return sum(1 for p in self.model.proposals if p.role in INCLUDED_ROLES)
