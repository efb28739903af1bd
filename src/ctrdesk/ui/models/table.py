"""Qt item models over core service results."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ctrdesk.core.i18n import _, format_short_date
from ctrdesk.core.vocabulary import PROGRAM_KIND_LABELS

if TYPE_CHECKING:  # the store (peewee) is loaded after the window shows: see ui.app
    from ctrdesk.core.programs.service import ProgramSummary  # noqa: F401 - base-class string
    from ctrdesk.core.store import Workspace

Row = TypeVar("Row")
AnyIndex = QModelIndex | QPersistentModelIndex


class Column(Generic[Row]):
    def __init__(self, title: str, value: Callable[[Row], Any]):
        self.title = title
        self.value = value


class ListTableModel(QAbstractTableModel, Generic[Row]):
    """A read-only table over a list of rows produced by a core service."""

    def __init__(self, columns: Sequence[Column[Row]], parent: Any = None):
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = self._columns[index.column()].value(self._rows[index.row()])
            return "" if value is None else str(value)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].title
        return None




class ProgramsModel(ListTableModel["ProgramSummary"]):
    def __init__(self, parent: Any = None):
        super().__init__(
            [
                Column(_("Number"), lambda p: p.number),
                Column(_("Kind"), lambda p: _(PROGRAM_KIND_LABELS.get(p.kind, p.kind))),
                Column(_("Title"), lambda p: " ".join(x for x in (p.doc_type, p.summary) if x)),
                Column(_("Issued by"), lambda p: p.issuer),
                Column(_("Date"), lambda p: format_short_date(p.issued_on)),
                Column(_("Items"), lambda p: p.item_count),
                Column(_("Status"), lambda p: _("Issued") if p.status == "issued" else _("Draft")),
            ],
            parent,
        )

    def reload(self, ws: Workspace) -> None:
        from ctrdesk.core.programs.service import list_programs

        self.set_rows(list_programs(ws))
