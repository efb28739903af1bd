"""The parsed parent program as a Qt tree model (number, kind, text, units), coloured by how
its numbering was recognised; shown in the import review and the parent program view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import (
    QColor,
)

from ctrdesk.core.i18n import N_, _
from ctrdesk.core.importing.parsed import Node

AnyIndex = QModelIndex | QPersistentModelIndex
Path = tuple[int, ...]  # child positions from the top of the tree

KIND_LABELS = {
    "section": N_("Section"),
    "appendix": N_("Appendix"),
    "item": N_("Item"),
    "target": N_("Target"),
    "meeting": N_("Meeting"),
    "agenda": N_("Agenda item"),
    "paragraph": N_("Paragraph"),
}
STATUS_COLORS = {
    "understood": QColor(220, 242, 220),
    "paragraph": QColor(255, 243, 205),
    "ignored": QColor(230, 230, 230),
    None: QColor(248, 215, 218),  # a line the parser could not place
}


def _units(node: Node) -> str:
    parts = []
    if node.lead:
        parts.append(_("lead: {units}").format(units="; ".join(node.lead)))
    if node.coordinating:
        parts.append(_("with: {units}").format(units="; ".join(node.coordinating)))
    if node.implementing:
        parts.append("; ".join(node.implementing))
    return " · ".join(parts)


class ProgramTreeModel(QAbstractItemModel):
    COLUMNS = (N_("Kind"), N_("No."), N_("Text"), N_("Units"), N_("Time"), N_("Target"))

    def __init__(self, items: list[Node], parent: Any = None):
        super().__init__(parent)
        self.items = items
        self._parents: dict[int, Node | None] = {}
        self._index_parents()

    def _index_parents(self) -> None:
        self._parents = {}

        def walk(nodes: list[Node], parent: Node | None) -> None:
            for node in nodes:
                self._parents[id(node)] = parent
                walk(node.children, node)

        walk(self.items, None)

    def set_items(self, items: list[Node]) -> None:
        self.beginResetModel()
        self.items = items
        self._index_parents()
        self.endResetModel()

    def siblings(self, parent: Node | None) -> list[Node]:
        return self.items if parent is None else parent.children

    def node(self, index: AnyIndex) -> Node | None:
        return index.internalPointer() if index.isValid() else None

    def path_of(self, index: AnyIndex) -> Path:
        path: list[int] = []
        while index.isValid():
            path.insert(0, index.row())
            index = index.parent()
        return tuple(path)

    def index_of(self, path: Path) -> QModelIndex:
        index = QModelIndex()
        for row in path:
            if row >= self.rowCount(index):
                break
            index = self.index(row, 0, index)
        return index

    # -- QAbstractItemModel --
    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        nodes = self.siblings(self.node(parent))
        if 0 <= row < len(nodes) and 0 <= column < len(self.COLUMNS):
            return self.createIndex(row, column, nodes[row])
        return QModelIndex()

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self.node(index)
        if node is None:
            return QModelIndex()
        parent = self._parents.get(id(node))
        if parent is None:
            return QModelIndex()
        grand = self._parents.get(id(parent))
        return self.createIndex(self.siblings(grand).index(parent), 0, parent)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.siblings(self.node(parent)))

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self.COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node(index)
        if node is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            column = index.column()
            if column == 0:
                return _(KIND_LABELS.get(node.kind, node.kind))
            if column == 1:
                return node.number
            if column == 2:
                text = node.title or node.text
                return text if role == Qt.ItemDataRole.ToolTipRole else text[:160]
            if column == 3:
                return _units(node)
            if column == 4:
                return node.time.text if node.time else ""
            if column == 5:
                return node.threshold.describe() if node.threshold else ""
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.COLUMNS[section])
        return None
