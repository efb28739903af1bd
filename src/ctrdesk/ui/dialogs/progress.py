"""The editor's dialogs: a progress note with evidence, a target reading, and choosing an
item of the parent program to copy."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QDate,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ctrdesk.core.i18n import _
from ctrdesk.core.programs.editing import ItemRow, load_rows
from ctrdesk.core.store import Workspace
from ctrdesk.ui.models.unit_program import COLUMN, STATUS_LABELS, UnitProgramModel


class ProgressDialog(QDialog):
    def __init__(self, row: ItemRow, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("progressNoteDialog")
        self.setWindowTitle(_("Record progress"))
        self.status_combo = QComboBox(self)
        for status, label in STATUS_LABELS.items():
            if status != "overdue":
                self.status_combo.addItem(_(label), status)
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(row.status)))
        self.progress_spin = QSpinBox(self)
        self.progress_spin.setRange(0, 100)
        self.progress_spin.setSuffix("%")
        self.progress_spin.setValue(row.progress)
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setDate(QDate.currentDate())
        self.date_edit.setMaximumDate(QDate.currentDate())
        self.note_edit = QPlainTextEdit(self)
        self.attachments: list[str] = []
        self.attach_label = QLabel(_("No file attached"), self)
        attach = QPushButton(_("Attach evidence…"), self)
        attach.clicked.connect(self._choose_files)
        attach_row = QHBoxLayout()
        attach_row.addWidget(self.attach_label, 1)
        attach_row.addWidget(attach)
        form = QFormLayout(self)
        form.addRow(QLabel(row.text[:120], self))
        form.addRow(_("Status:"), self.status_combo)
        form.addRow(_("Progress:"), self.progress_spin)
        form.addRow(_("Date:"), self.date_edit)
        form.addRow(_("What was done:"), self.note_edit)
        form.addRow(_("Evidence:"), attach_row)
        buttons = QDialogButtonBox(self)
        buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _choose_files(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        paths, _filter = QFileDialog.getOpenFileNames(self, _("Attach evidence"))
        self.add_attachments(paths)

    def add_attachments(self, paths: list[str]) -> None:
        self.attachments.extend(paths)
        names = ", ".join(os.path.basename(p) for p in self.attachments)
        self.attach_label.setText(names or _("No file attached"))

    def status(self) -> str:
        return str(self.status_combo.currentData())

    def progress(self) -> int:
        return self.progress_spin.value()

    def note(self) -> str:
        return self.note_edit.toPlainText()

    def noted_on(self) -> date:
        qdate = self.date_edit.date()
        return date(qdate.year(), qdate.month(), qdate.day())


class ReadingDialog(QDialog):
    """A dated reading; prefilled from the records when they already hold the figure."""

    def __init__(self, row: ItemRow, parent: QWidget | None = None, known: Any = None):
        super().__init__(parent)
        self.setObjectName("readingDialog")
        self.setWindowTitle(_("Record a reading"))
        self.percent = row.target_text.endswith("%")
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setDate(QDate.currentDate())
        self.date_edit.setMaximumDate(QDate.currentDate())
        self.numerator = QSpinBox(self)
        self.denominator = QSpinBox(self)
        self.count = QSpinBox(self)
        for spin in (self.numerator, self.denominator, self.count):
            spin.setRange(0, 1_000_000)
        self.denominator.setValue(1)
        form = QFormLayout(self)
        form.addRow(QLabel(f"{row.text[:100]} ({row.target_text})", self))
        form.addRow(_("As of:"), self.date_edit)
        if self.percent:
            form.addRow(_("Reached (numerator):"), self.numerator)
            form.addRow(_("Out of (denominator):"), self.denominator)
        else:
            form.addRow(_("Count:"), self.count)
        self.source = QLabel(self)
        self.source.setObjectName("readingSource")
        self.source.setWordWrap(True)
        if known is not None:
            self.numerator.setValue(known.numerator or 0)
            self.denominator.setValue(known.denominator or 1)
            self.count.setValue(known.count or 0)
            self.source.setText(_("Filled in from the records: {source}.").format(
                source=known.source))
        form.addRow(self.source)
        buttons = QDialogButtonBox(self)
        buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        qdate = self.date_edit.date()
        as_of = date(qdate.year(), qdate.month(), qdate.day())
        if self.percent:
            return {"as_of": as_of, "numerator": self.numerator.value(),
                    "denominator": self.denominator.value(), "count": None}
        return {"as_of": as_of, "numerator": None, "denominator": None,
                "count": self.count.value()}


class ParentItemPicker(QDialog):
    """Choose an item of the parent program to bring into the unit program."""

    def __init__(self, ws: Workspace, parent_program_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("parentItemPicker")
        self.setWindowTitle(_("Copy from the parent program"))
        from ctrdesk.ui.fit import fit_to_screen

        fit_to_screen(self, 900, 600)
        self.model = UnitProgramModel({}, lambda *_args: False, self)
        self.model.set_rows(load_rows(ws, parent_program_id))
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        for key in COLUMN:
            if key not in ("number", "text"):
                self.tree.hideColumn(COLUMN[key])
        self.tree.setColumnWidth(COLUMN["number"], 120)
        self.tree.expandToDepth(0)
        buttons = QDialogButtonBox(self)
        buttons.addButton(_("Copy"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)

    def choose(self, item_id: int) -> None:
        self.tree.setCurrentIndex(self.model.index_of_id(item_id))

    def chosen(self) -> int | None:
        row = self.model.row_of(self.tree.currentIndex())
        return row.id if row else None


