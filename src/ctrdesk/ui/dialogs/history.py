"""The History of an item, a record or the whole workspace: the audit trail's entries
that changed it (who, when, through which action, what), exportable to CSV."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ctrdesk.core.i18n import _
from ctrdesk.core.vocabulary import (
    AUDIT_ENTITY_LABELS,
    AUDIT_OPERATION_LABELS,
    action_label,
)

if TYPE_CHECKING:
    from ctrdesk.core.security.audit import Entry
    from ctrdesk.core.store import Workspace

COLUMNS = ("when", "who", "action", "what")


def local_time(at: str) -> str:
    """An entry's UTC time as the user reads it: dd/MM/yyyy HH:mm:ss, local time."""
    try:
        moment = datetime.fromisoformat(at).replace(tzinfo=UTC).astimezone()
    except ValueError:
        return at
    return moment.strftime("%d/%m/%Y %H:%M:%S")


def summary_label(entry: Entry) -> str:
    """How many rows of which kinds were added, changed or deleted, in the user's words."""
    counts: dict[tuple[str, str], int] = {}
    for change in entry.changes:
        key = (str(change.get("op", "")), str(change.get("entity", "")))
        counts[key] = counts.get(key, 0) + 1
    parts = []
    for (op, entity), n in counts.items():
        what = _(AUDIT_ENTITY_LABELS[entity]) if entity in AUDIT_ENTITY_LABELS else entity
        done = _(AUDIT_OPERATION_LABELS[op]) if op in AUDIT_OPERATION_LABELS else op
        parts.append(_("{what} {done}").format(what=what, done=done)
                     + (f" ×{n}" if n > 1 else ""))
    return ", ".join(parts)


def _who(entry: Entry) -> str:
    from ctrdesk.core.security.roles import ROLE_LABELS

    role = _(ROLE_LABELS[entry.role]) if entry.role in ROLE_LABELS else entry.role
    user = entry.user or _("(the one user)")
    return f"{user} — {role}" if role else user


class HistoryDialog(QDialog):
    """The entries that changed ``entity`` (a table, e.g. ``meeting``) row ``entity_id``;
    without ``entity``, the whole trail."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None, *,
                 entity: str | None = None, entity_id: int | None = None, title: str = ""):
        super().__init__(parent)
        from ctrdesk.core.security.audit import entries

        self.setObjectName("historyDialog")
        self.setWindowTitle(_("History") + (f" — {title}" if title else ""))
        self.ws, self.entity, self.entity_id = ws, entity, entity_id
        self.entries = list(reversed(entries(ws, entity, entity_id)))  # newest first
        self.table = QTableWidget(len(self.entries), len(COLUMNS), self)
        self.table.setObjectName("historyTable")
        self.table.setHorizontalHeaderLabels([_("When"), _("Who"), _("Action"), _("What")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        for row, entry in enumerate(self.entries):
            for column, text in enumerate((local_time(entry.at), _who(entry),
                                           action_label(entry.action), summary_label(entry))):
                item = QTableWidgetItem(text)
                item.setToolTip(entry.action if column == 2 else text)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.empty = QLabel(_("Nothing was recorded yet."), self)
        self.empty.setObjectName("historyEmpty")
        self.empty.setVisible(not self.entries)
        export = QPushButton(_("Export to CSV…"), self)
        export.setObjectName("exportCsv")
        export.clicked.connect(self.choose_export)
        close = QPushButton(_("Close"), self)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(export)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(820, 420)

    def rows(self) -> list[list[str]]:
        """What the table shows, row by row."""
        rows = []
        for r in range(self.table.rowCount()):
            items = [self.table.item(r, c) for c in range(self.table.columnCount())]
            rows.append([item.text() if item is not None else "" for item in items])
        return rows

    def choose_export(self) -> None:
        name = f"{self.entity or 'workspace'}-{self.entity_id or 'all'}-history.csv"
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export the history"), str(self.ws.path.with_name(name)),
            _("CSV files (*.csv)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        from ctrdesk.core.security.audit import to_csv
        from ctrdesk.core.store.workspace import create_private

        try:
            if not path.exists():
                create_private(path)
            path.write_bytes(to_csv(list(reversed(self.entries))))
        except OSError as exc:
            from ctrdesk.ui.operations import operations_of

            operations_of(self, self.ws).show_error(_("{path} cannot be written: {error}").format(
                path=path, error=exc.strerror or exc))


def add_history_menu(view: QAbstractItemView, ws: Workspace,
                     current: Callable[[], tuple[str, int, str] | None]) -> QAction:
    """A "History…" entry in ``view``'s context menu (and on Ctrl+H): ``current()`` names
    the row under the cursor as (entity, id, title), or None."""
    action = QAction(_("History…"), view)
    action.setObjectName("historyAction")
    action.setShortcut("Ctrl+H")
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    view.addAction(action)

    def show() -> HistoryDialog | None:
        found = current()
        if found is None:
            return None
        entity, entity_id, title = found
        dialog = HistoryDialog(ws, view.window(), entity=entity, entity_id=entity_id,
                               title=title)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        view.setProperty("historyDialogOpen", True)
        view.history_dialog = dialog  # type: ignore[attr-defined]
        return dialog

    action.triggered.connect(show)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def menu_at(point: QPoint) -> None:
        index = view.indexAt(point)
        if index.isValid():
            view.setCurrentIndex(index)
        menu = QMenu(view)
        menu.addAction(action)
        action.setEnabled(current() is not None)
        menu.popup(view.viewport().mapToGlobal(point))

    view.customContextMenuRequested.connect(menu_at)
    return action
