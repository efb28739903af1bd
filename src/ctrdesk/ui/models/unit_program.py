"""The unit program as a Qt tree model with its "05 rõ" columns, the delegate that edits a cell
in place, and the filter above it (role, status with overdue computed, person, words)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QSpinBox,
    QStyledItemDelegate,
    QWidget,
)

from ctrdesk.core.errors import CtrdeskError
from ctrdesk.core.i18n import N_, _, format_short_date
from ctrdesk.core.programs.derive import role_label
from ctrdesk.core.programs.editing import ItemRow
from ctrdesk.core.programs.execution import (
    effective_status,
)
from ctrdesk.core.vocabulary import ITEM_STATUS_LABELS, RECURRENCE_LABELS

if TYPE_CHECKING:
    from ctrdesk.ui.pages.unit_program import UnitProgramEditor


AnyIndex = QModelIndex | QPersistentModelIndex

STATUS_LABELS = ITEM_STATUS_LABELS  # the vocabulary's words, under this page's name
# (key, title, editable field name or None)
COLUMNS: list[tuple[str, str, str | None]] = [
    ("number", N_("No."), None),
    ("text", N_("Task"), "title"),
    ("role", N_("Role"), "role"),
    ("responsible_person", N_("Person"), "responsible_person"),
    ("action", N_("Concrete action"), "action"),
    ("deadline", N_("Deadline"), "deadline"),
    ("recurrence", N_("Check-in"), "recurrence"),
    ("resources", N_("Resources"), "resources"),
    ("accountable", N_("Accountable"), "accountable"),
    ("status", N_("Status"), "status"),
    ("progress", N_("Progress"), "progress"),
    ("target", N_("Target"), None),
]
COLUMN = {key: index for index, (key, _t, _f) in enumerate(COLUMNS)}
OVERDUE = QColor(248, 215, 218)


class UnitProgramModel(QAbstractItemModel):
    def __init__(self, people: dict[int, str],
                 on_edit: Callable[[int, str, Any], bool], parent: Any = None):
        super().__init__(parent)
        self.roots: list[ItemRow] = []
        self.people = people
        self.on_edit = on_edit  # the editor turns an edit into an undoable command
        self._parents: dict[int, ItemRow | None] = {}
        self._by_id: dict[int, ItemRow] = {}

    def set_rows(self, roots: list[ItemRow]) -> None:
        self.beginResetModel()
        self.roots = roots
        self._parents, self._by_id = {}, {}
        stack: list[tuple[ItemRow, ItemRow | None]] = [(r, None) for r in roots]
        while stack:
            row, parent = stack.pop()
            self._parents[row.id] = parent
            self._by_id[row.id] = row
            stack.extend((child, row) for child in row.children)
        self.endResetModel()

    def row_of(self, index: AnyIndex) -> ItemRow | None:
        return index.internalPointer() if index.isValid() else None

    def siblings(self, parent: ItemRow | None) -> list[ItemRow]:
        return self.roots if parent is None else parent.children

    def index_of_id(self, item_id: int, column: int = 0) -> QModelIndex:
        row = self._by_id.get(item_id)
        if row is None:
            return QModelIndex()
        parent = self._parents.get(item_id)
        return self.createIndex(self.siblings(parent).index(row), column, row)

    def parent_row(self, row: ItemRow) -> ItemRow | None:
        return self._parents.get(row.id)

    def all_rows(self) -> list[ItemRow]:
        return list(self._by_id.values())

    # -- model --
    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        rows = self.siblings(self.row_of(parent))
        if 0 <= row < len(rows) and 0 <= column < len(COLUMNS):
            return self.createIndex(row, column, rows[row])
        return QModelIndex()

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        row = self.row_of(index)
        if row is None:
            return QModelIndex()
        parent = self._parents.get(row.id)
        if parent is None:
            return QModelIndex()
        grand = self._parents.get(parent.id)
        return self.createIndex(self.siblings(grand).index(parent), 0, parent)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.siblings(self.row_of(parent)))

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        row = self.row_of(index)
        if row is not None and COLUMNS[index.column()][2] is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def display(self, row: ItemRow, key: str) -> str:
        if key == "text":
            return row.text
        if key == "role":
            return role_label(row.role)
        if key == "deadline":
            return format_short_date(row.deadline) or row.deadline_text
        if key == "recurrence":
            return _(RECURRENCE_LABELS.get(row.recurrence, row.recurrence)) if row.recurrence \
                else ""
        if key == "status":
            return _(STATUS_LABELS.get(row.shown_status, row.shown_status))
        if key == "progress":
            return f"{row.progress}%" if row.role else ""
        if key == "target":
            return row.target_text
        return str(getattr(row, key) or "")

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_of(index)
        if row is None:
            return None
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            text = self.display(row, key)
            return text[:200] if key == "text" else text
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.display(row, key)
        if role == Qt.ItemDataRole.EditRole:
            if key == "responsible_person":
                return row.responsible_person_id
            if key == "text":
                return row.text
            return getattr(row, key) if hasattr(row, key) else None
        if role == Qt.ItemDataRole.BackgroundRole and row.shown_status == "overdue":
            return QBrush(OVERDUE)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section][1])
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
                ) -> bool:
        row = self.row_of(index)
        field = COLUMNS[index.column()][2]
        if row is None or field is None or role != Qt.ItemDataRole.EditRole:
            return False
        return self.on_edit(row.id, field, value)

    def apply_field(self, item_id: int, field: str, value: Any, today: date) -> None:
        """Show a changed field without reloading the whole program."""
        row = self._by_id.get(item_id)
        if row is None:
            return
        if field == "responsible_person":
            row.responsible_person_id = value
            row.responsible_person = self.people.get(value, "") if value else ""
        elif field == "title":
            row.text = value
        else:
            setattr(row, field, value)
        row.shown_status = effective_status(row.status, row.deadline, today)
        first, last = self.index_of_id(item_id, 0), self.index_of_id(item_id, len(COLUMNS) - 1)
        self.dataChanged.emit(first, last)


class FieldDelegate(QStyledItemDelegate):
    """Editors that fit each column: people, check-in periods, statuses, dates, percents."""

    def __init__(self, editor: UnitProgramEditor):
        super().__init__(editor)
        self.editor = editor

    def createEditor(self, parent: QWidget, option: Any, index: AnyIndex) -> QWidget:
        key = COLUMNS[index.column()][0]
        if key == "responsible_person":
            combo = QComboBox(parent)
            combo.addItem(_("(nobody)"), None)
            for person_id, name in self.editor.people.items():
                combo.addItem(name, person_id)
            return combo
        if key in ("recurrence", "status", "role"):
            combo = QComboBox(parent)
            choices: dict[str, str] = {
                "recurrence": RECURRENCE_LABELS,
                "status": {k: v for k, v in STATUS_LABELS.items() if k != "overdue"},
                "role": {r: role_label(r) for r in ("lead", "coordinating", "implementing")},
            }[key]
            for value, label in choices.items():
                combo.addItem(_(label) if key != "role" else label, value)
            return combo
        if key == "deadline":
            from ctrdesk.ui.date_edit import DateLineEdit

            return DateLineEdit(parent, field="deadline", label=_("Deadline"))
        if key == "progress":
            spin = QSpinBox(parent)
            spin.setRange(0, 100)
            spin.setSuffix("%")
            return spin
        return QLineEdit(parent)

    def setEditorData(self, widget: QWidget, index: AnyIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        from ctrdesk.ui.date_edit import DateLineEdit

        if isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(0, widget.findData(value)))
        elif isinstance(widget, DateLineEdit):
            widget.set_date(value)
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value or 0))
        elif isinstance(widget, QLineEdit):
            widget.setText("" if value is None else str(value))

    def setModelData(self, widget: QWidget, model: Any, index: AnyIndex) -> None:
        from ctrdesk.ui.date_edit import DateLineEdit

        value: Any
        if isinstance(widget, QComboBox):
            value = widget.currentData()
        elif isinstance(widget, DateLineEdit):
            try:
                value = widget.date_value()
            except CtrdeskError as exc:
                self.editor.show_error(exc.message)  # refused: the deadline stays as it was
                return
        elif isinstance(widget, QSpinBox):
            value = widget.value()
        else:
            value = widget.text()  # type: ignore[attr-defined]
        model.setData(index, value)  # the filter proxy passes it on to the source model


class RowFilter(QSortFilterProxyModel):
    """Filters by role, status (overdue computed), responsible person and words."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.role = ""
        self.status = ""
        self.person: int | None = None
        self.words = ""

    def set_filters(self, role: str, status: str, person: int | None, words: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+: the documented way
            self.beginFilterChange()
        self.role, self.status, self.person = role, status, person
        self.words = words.casefold()
        if hasattr(self, "endFilterChange"):
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, UnitProgramModel)
        row = model.row_of(model.index(source_row, 0, source_parent))
        if row is None:
            return False
        if self.role and row.role != self.role:
            return False
        if self.status and row.shown_status != self.status:
            return False
        if self.person is not None and row.responsible_person_id != self.person:
            return False
        return not (self.words and self.words not in row.text.casefold())
