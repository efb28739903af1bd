"""The unit program editor: a tree table with the "05 rõ" columns, edited in place.

Every change is a QUndoCommand whose redo and undo each call one core service (one
transaction), so the workspace is always saved and every change can be undone.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    Qt,
)
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ctrdesk.core.changes import Changes, Entity
from ctrdesk.core.i18n import _, format_number, format_short_date
from ctrdesk.core.programs.derive import role_label
from ctrdesk.core.programs.editing import ItemRow, item_snapshot, load_rows
from ctrdesk.core.programs.edits import (
    AddItem,
    CopyFromParent,
    DeleteItem,
    DeleteReading,
    Edit,
    MoveItem,
    RecordProgress,
    RecordReading,
    RestoreItemState,
    RestoreReading,
    SetFields,
)
from ctrdesk.core.programs.execution import (
    RECURRENCES,
    attainment,
    check_program,
)
from ctrdesk.core.store import Workspace
from ctrdesk.ui.icons import style_toolbar, tool_icon
from ctrdesk.ui.models.unit_program import (
    COLUMN,
    COLUMNS,
    STATUS_LABELS,
    FieldDelegate,
    RowFilter,
    UnitProgramModel,
)
from ctrdesk.ui.operations import operations_of
from ctrdesk.ui.undo import EditHistory


class UnitProgramEditor(QWidget):
    def __init__(self, ws: Workspace, program_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("unitProgramEditor")
        self.ws = ws
        self.program_id = program_id
        self.loads = 0  # how often the whole program was read
        self.history = EditHistory(self, ws, self._applied)
        self.undo_stack = self.history.stack
        self.people = self._people()
        self.model = UnitProgramModel(self.people, self.edit_field, self)
        self.proxy = RowFilter(self)
        self.proxy.setSourceModel(self.model)
        self.tree = QTreeView(self)
        self.tree.setObjectName("unitProgramTree")
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)  # fast scrolling through thousands of rows
        self.tree.setAlternatingRowColors(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.tree.setItemDelegate(FieldDelegate(self))
        self.tree.setColumnWidth(COLUMN["number"], 90)
        self.tree.setColumnWidth(COLUMN["text"], 380)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        from ctrdesk.ui.dialogs.history import add_history_menu

        self.history_action = add_history_menu(self.tree, ws, self._history_target)

        toolbar = QToolBar(self)
        undo, redo = self.history.undo_action, self.history.redo_action
        style_toolbar(toolbar)
        toolbar.addAction(undo)
        toolbar.addAction(redo)
        tool_icon(undo, "undo")
        tool_icon(redo, "redo")
        toolbar.addSeparator()
        from ctrdesk.ui.protect import guard

        for label, handler, shortcut, write, icon_name in (
            (_("Add item"), self.add_after_current, "Ctrl+N", "item.add", "add"),
            (_("Add sub-item"), self.add_child, "Ctrl+Shift+N", "item.add", "add-child"),
            (_("Delete"), self.delete_current, "Ctrl+Delete", "item.delete", "delete"),
            (_("Move up"), lambda: self.move_current(-1), "Ctrl+Up", "item.move", "move-up"),
            (_("Move down"), lambda: self.move_current(1), "Ctrl+Down", "item.move",
             "move-down"),
            (_("Indent"), self.indent_current, "Ctrl+Right", "item.move", "indent"),
            (_("Outdent"), self.outdent_current, "Ctrl+Left", "item.move", "outdent"),
            (_("Copy from the parent program…"), self.copy_from_parent_dialog, "Ctrl+Shift+C",
             "item.copy_from_parent", "copy"),
            (_("Record progress…"), self.record_progress_dialog, "Ctrl+P", "item.progress",
             "progress"),
            (_("Record a reading…"), self.record_reading_dialog, "Ctrl+R", "target.reading",
             "reading"),
        ):
            action = toolbar.addAction(label)
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(handler)
            tool_icon(action, icon_name)
            guard(action, write)
        self.undo_action, self.redo_action = undo, redo

        self.role_filter = QComboBox(self)
        self.role_filter.setObjectName("roleFilter")
        self.role_filter.addItem(_("All roles"), "")
        for role in ("lead", "coordinating", "implementing"):
            self.role_filter.addItem(role_label(role), role)
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.addItem(_("All statuses"), "")
        for status, label in STATUS_LABELS.items():
            self.status_filter.addItem(_(label), status)
        self.person_filter = QComboBox(self)
        self.person_filter.setObjectName("personFilter")
        self.person_filter.addItem(_("Everyone"), None)
        for person_id, name in self.people.items():
            self.person_filter.addItem(name, person_id)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Search tasks…"))
        for widget in (self.role_filter, self.status_filter, self.person_filter):
            widget.currentIndexChanged.connect(self._filters_changed)
        self.search.textChanged.connect(self._filters_changed)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(_("Show:"), self))
        for control in (self.role_filter, self.status_filter, self.person_filter, self.search):
            filters.addWidget(control)

        self.parent_text = QPlainTextEdit(self)
        self.parent_text.setObjectName("parentText")
        self.parent_text.setReadOnly(True)
        self.evidence = QLabel(self)
        self.evidence.setWordWrap(True)
        self.findings = QListWidget(self)
        self.findings.setObjectName("findings")
        self.findings.itemActivated.connect(self._finding_chosen)
        self.findings.itemClicked.connect(self._finding_chosen)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel(_("In the parent program:"), self))
        side_layout.addWidget(self.parent_text, 2)
        side_layout.addWidget(self.evidence)
        self.check_label = QLabel(self)
        self.check_label.setObjectName("checkLabel")
        self.check_label.setWordWrap(True)
        side_layout.addWidget(self.check_label)
        side_layout.addWidget(self.findings, 3)
        splitter = QSplitter(self)
        splitter.addWidget(self.tree)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(toolbar)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        from ctrdesk.ui.protect import apply_roles

        apply_roles(ws, self)
        if not ws.may("item.update"):  # the cells are read only too
            self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.reload()

    # -- data --
    def _people(self) -> dict[int, str]:
        from ctrdesk.core.organizations import list_people
        from ctrdesk.core.programs.service import get_program_row

        program = get_program_row(self.ws, self.program_id)
        unit = program.issuer_id  # type: ignore[attr-defined]
        return {int(str(p["id"])): str(p["full_name"]) for p in list_people(self.ws, unit)} \
            if unit else {}

    def reload(self) -> None:
        self.loads += 1
        current = self.current_row()
        expanded = self._expanded_ids()
        self.model.set_rows(load_rows(self.ws, self.program_id))
        if expanded is None:
            self.tree.expandToDepth(1)
        else:
            for item_id in expanded:
                self.tree.expand(self.proxy.mapFromSource(self.model.index_of_id(item_id)))
        if current is not None:
            self.select(current.id)
        self.refresh_check()

    def on_changes(self, changes: Changes) -> None:
        """Another place changed items, targets or notes (a record's readings, the CLI
        through a reopened workspace, a parent update): show them. Own edits are shown as
        they succeed, so their echoes are skipped."""
        if changes.is_from(self):
            return
        if changes.touches(Entity.ITEM, Entity.TARGET, Entity.PROGRESS, Entity.PERSON):
            self.reload()

    def _expanded_ids(self) -> set[int] | None:
        if not self.model.roots:
            return None
        return {row.id for row in self.model.all_rows()
                if self.tree.isExpanded(self.proxy.mapFromSource(self.model.index_of_id(row.id)))}

    def refresh_check(self) -> None:
        findings = check_program(self.ws, self.program_id)
        self.findings.clear()
        for finding in findings:
            item = QListWidgetItem(f"{' › '.join(finding.path)}: {finding.message}")
            item.setData(Qt.ItemDataRole.UserRole, finding.item_id)
            self.findings.addItem(item)
        self.check_label.setText(
            _("05 rõ: complete — the program can be issued.") if not findings else
            _("05 rõ: {count} points missing before the program can be issued.").format(
                count=len(findings)))

    def _applied(self, edit: Edit, inverse: Edit) -> None:
        """Show what an edit (or its undo) did: fields in place, structure by reloading."""
        if isinstance(edit, SetFields | RestoreItemState):
            today = date.today()
            # Status follows progress in the core: show both as stored.
            stored = item_snapshot(self.ws, edit.item_id, {}).values
            for field, value in {**edit.fields, **stored}.items():
                shown = " ".join(str(value).split()) if field == "title" else value
                self.model.apply_field(edit.item_id, field, shown, today)
            self.refresh_check()
        elif isinstance(edit, RecordReading | DeleteReading | RestoreReading):
            self.show_attainment(edit.target)
            self.refresh_check()
        else:
            self.reload()
            for item_id in (edit.item_id, inverse.item_id):  # an added item: in the inverse
                if item_id is not None and item_id in self.model._by_id:
                    self.select(item_id)
                    break

    def show_error(self, message: str) -> None:
        operations_of(self, self.ws).show_error(message)

    # -- selection --
    def current_row(self) -> ItemRow | None:
        index = self.proxy.mapToSource(self.tree.currentIndex())
        return self.model.row_of(index)

    def _history_target(self) -> tuple[str, int, str] | None:
        row = self.current_row()
        return None if row is None else ("program_item", row.id,
                                         f"{row.number} {row.text}".strip()[:60])

    def select(self, item_id: int) -> None:
        index = self.proxy.mapFromSource(self.model.index_of_id(item_id))
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_of(self.proxy.mapToSource(current))
        if row is None:
            return
        self.parent_text.setPlainText(row.source_text or _("(added by the unit)"))
        self.evidence.setText(
            _("Role: {role} — from the words: “{evidence}”").format(
                role=role_label(row.role), evidence=row.evidence) if row.role else "")

    def _finding_chosen(self, item: QListWidgetItem) -> None:
        self.select(int(item.data(Qt.ItemDataRole.UserRole)))

    def _filters_changed(self) -> None:
        self.proxy.set_filters(self.role_filter.currentData() or "",
                               self.status_filter.currentData() or "",
                               self.person_filter.currentData(), self.search.text())

    # -- edits --
    def edit_field(self, item_id: int, field: str, value: Any) -> bool:
        """A cell edit: one core edit, undoable once it succeeded."""
        row = self.model._by_id.get(item_id)
        if row is None:
            return False
        old = row.responsible_person_id if field == "responsible_person" else (
            row.text if field == "title" else getattr(row, field))
        if value == old:
            return False
        title = next((t for _k, t, f in COLUMNS if f == field), field)
        self.history.perform(_("Edit {field}").format(field=_(title).lower()),
                             SetFields(item_id, {field: value}))
        return True

    def _insert(self, parent_id: int | None, position: int | None) -> None:
        self.history.perform(_("Add item"), AddItem(self.program_id, parent_id, position,
                                                    _("New task")))

    def add_after_current(self) -> None:
        row = self.current_row()
        if row is None:
            self._insert(None, None)
            return
        self._insert(row.parent_id, row.position + 1)

    def add_child(self) -> None:
        row = self.current_row()
        self._insert(row.id if row else None, None)

    def delete_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self.history.perform(_("Delete"), DeleteItem(row.id))

    def _move(self, row: ItemRow, parent_id: int | None, position: int, label: str) -> None:
        self.history.perform(label, MoveItem(row.id, parent_id, position))

    def move_current(self, step: int) -> None:
        row = self.current_row()
        if row is None:
            return
        siblings = self.model.siblings(self.model.parent_row(row))
        target = row.position + step
        if 0 <= target < len(siblings):
            self._move(row, row.parent_id, target, _("Move"))

    def indent_current(self) -> None:
        row = self.current_row()
        if row is None or row.position == 0:
            return
        above = self.model.siblings(self.model.parent_row(row))[row.position - 1]
        self._move(row, above.id, len(above.children), _("Indent"))

    def outdent_current(self) -> None:
        row = self.current_row()
        parent = self.model.parent_row(row) if row else None
        if row is None or parent is None:
            return
        self._move(row, parent.parent_id, parent.position + 1, _("Outdent"))

    def copy_from_parent_dialog(self) -> QDialog | None:
        from ctrdesk.core.programs.service import get_program_row

        parent_program = get_program_row(self.ws, self.program_id).parent_id  # type: ignore[attr-defined]
        if parent_program is None:
            self.show_error(_("This program has no parent program."))
            return None
        from ctrdesk.ui.dialogs.progress import ParentItemPicker

        dialog = ParentItemPicker(self.ws, parent_program, self)
        dialog.accepted.connect(lambda: self.copy_from_parent(dialog.chosen()))
        dialog.open()
        return dialog

    def copy_from_parent(self, parent_item_id: int | None) -> None:
        if parent_item_id is None:
            return
        current = self.current_row()
        under = current.parent_id if current else None
        self.history.perform(_("Copy from the parent program"),
                             CopyFromParent(self.program_id, parent_item_id, under))

    # -- carrying it out --
    def record_progress_dialog(self) -> QDialog | None:
        row = self.current_row()
        if row is None:
            return None
        from ctrdesk.ui.dialogs.progress import ProgressDialog

        dialog = ProgressDialog(row, self)
        dialog.accepted.connect(lambda: self.record_progress(
            row.id, dialog.status(), dialog.progress(), dialog.note(), dialog.noted_on(),
            dialog.attachments))
        dialog.open()
        return dialog

    def record_progress(self, item_id: int, status: str, progress: int, note: str,
                        noted_on: date, attachments: list[str] | None = None) -> None:
        self.history.perform(_("Record progress"), RecordProgress(
            item_id, status, progress, note, noted_on, tuple(attachments or ())))

    def record_reading_dialog(self) -> QDialog | None:
        row = self.current_row()
        if row is None or row.target_id is None:
            self.show_error(_("Choose a target to record a reading."))
            return None
        from ctrdesk.core.records.calendar import readings_from_records

        known = next((s for s in readings_from_records(self.ws, self.program_id,
                                                       date.today().year)
                      if s.target_id == row.target_id), None)
        from ctrdesk.ui.dialogs.progress import ReadingDialog

        dialog = ReadingDialog(row, self, known)
        dialog.accepted.connect(lambda: self.record_reading(row.target_id, dialog))
        dialog.open()
        return dialog

    def record_reading(self, target_id: int | None, dialog: Any) -> None:
        if target_id is None:
            return
        values = dialog.values()
        self.history.perform(_("Record a reading"), RecordReading(
            target_id, values["as_of"], values["numerator"], values["denominator"],
            values["count"]))

    def show_attainment(self, target_id: int) -> None:
        result = attainment(self.ws, target_id)
        if result.reading is not None:
            self.evidence.setText(_("Latest reading {reading} on {date}: {verdict}").format(
                reading=format_number(result.reading, 2), date=format_short_date(result.as_of),
                verdict=_("attained") if result.attained else _("not attained")))
        else:
            self.evidence.setText("")


__all__ = ["RECURRENCES", "UnitProgramEditor"]
