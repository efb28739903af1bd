"""The record forms: one form per kind, built from the kinds' descriptions (the same ones
the core validates and the CLI reads), and the year's rating list. Saving runs off the UI
thread; a refusal is shown in the form, beside the field at fault."""
from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ctrdesk.core.errors import CtrdeskError, ValidationError
from ctrdesk.core.i18n import N_, _, format_short_date
from ctrdesk.core.people.members import Member
from ctrdesk.core.records.spec import Child, Field, Kind
from ctrdesk.core.store import Workspace
from ctrdesk.ui.operations import operations_of
from ctrdesk.ui.protect import set_enabled
from ctrdesk.ui.widgets.person_picker import PersonPicker, members_for_picking, position_of

ERROR_STYLE = "background: #f8d7da"
HINT_STYLE = "color: #555; font-style: italic"
# Text fields that name someone who may be a guest rather than a member of the unit: the
# members are offered, and another name is kept as written.
GUEST_FIELDS = ("preparer_text", "answerer", "owner_text")
CHOICE_LABELS = {  # the words users see for stored choices
    "regular": N_("Regular"), "thematic": N_("Thematic"), "standing": N_("Standing committee"),
    "extraordinary": N_("Extraordinary"), "planned": N_("Planned"), "held": N_("Held"),
    "cancelled": N_("Cancelled"), "open": N_("Open"), "done": N_("Done"),
    "dropped": N_("Dropped"), "inspection": N_("Inspection"), "supervision": N_("Supervision"),
    "signs_of_violation": N_("On signs of violation"), "in_progress": N_("In progress"),
    "concluded": N_("Concluded"), "reprimand": N_("Reprimand"), "warning": N_("Warning"),
    "dismissal": N_("Dismissal"), "expulsion": N_("Expulsion"), "member": N_("Member"),
    "organization": N_("Organization"), "leader": N_("Leader"), "excellent": N_("Excellent"),
    "good": N_("Good"), "complete": N_("Complete"), "incomplete": N_("Incomplete"),
    "year": N_("Year"), "work": N_("Work"), "policy": N_("Policy"),
    "discipline": N_("Discipline"), "welfare": N_("Welfare"), "other": N_("Other"), "": "",
}
# The quarters a leader is rated for, written the Vietnamese way ("Quý I"), not as codes.
CHOICE_LABELS.update({"Q1": N_("Quarter I"), "Q2": N_("Quarter II"), "Q3": N_("Quarter III"),
                      "Q4": N_("Quarter IV")})


def choice_label(value: str) -> str:
    label = CHOICE_LABELS.get(value)
    return _(label) if label else value


def parse_date(text: str) -> str | None:
    """dd/mm/yyyy (as users type) or ISO, to ISO; None when empty."""
    text = text.strip()
    if not text:
        return None
    if "/" in text:
        try:
            day, month, year = (int(p) for p in text.split("/"))
            return date(year, month, day).isoformat()
        except ValueError:
            return text  # the core refuses it, naming the field
    return text


def show_date(value: Any) -> str:
    return format_short_date(date.fromisoformat(value)) if value else ""


def _picker(spec: Field, members: list[Member], parent: QWidget) -> PersonPicker | None:
    """A person picker for a person field (members only) or a guest field."""
    if spec.type == "person":
        return PersonPicker(members, parent)
    if spec.name in GUEST_FIELDS:
        return PersonPicker(members, parent, guests=True)
    return None


def _picked(picker: PersonPicker, spec: Field) -> Any:
    """A member's id for a person field, a name (member's or guest's) for a text field."""
    if spec.type == "person":
        return picker.person()
    return picker.name() or None


class FieldWidget:
    """One form field: the widget, and reading/writing its value as the core expects."""

    def __init__(self, spec: Field, members: list[Member], parent: QWidget):
        self.spec = spec
        self.widget: QWidget
        self.hint_label: QLabel | None = None
        picker = _picker(spec, members, parent)
        if picker is not None:
            self.widget = picker
            self.hint_label = QLabel(parent)
            self.hint_label.setObjectName(f"hint_{spec.name}")
            self.hint_label.setWordWrap(True)
            self.hint_label.setStyleSheet(HINT_STYLE)
            self.hint_label.hide()
            picker.hint_changed.connect(self._show_hint)
        elif spec.type == "longtext":
            self.widget = QPlainTextEdit(parent)
            self.widget.setMaximumHeight(90)
        elif spec.type == "bool":
            self.widget = QCheckBox(parent)
        elif spec.type == "choice":
            combo = QComboBox(parent)
            for choice in spec.choices:
                combo.addItem(choice_label(choice), choice)
            self.widget = combo
        elif spec.type in ("int", "year"):
            spin = QSpinBox(parent)
            spin.setRange(0 if spec.type == "int" else 1945, 100000 if spec.type == "int"
                          else 2100)
            if spec.type == "year":
                spin.setValue(date.today().year)
            self.widget = spin
        else:
            edit = QLineEdit(parent)
            if spec.type == "date":
                edit.setPlaceholderText(_("dd/mm/yyyy"))
            self.widget = edit
        self.widget.setObjectName(f"field_{spec.name}")

    def _show_hint(self, hint: str) -> None:
        assert self.hint_label is not None
        self.hint_label.setText(hint)
        self.hint_label.setVisible(bool(hint))

    def set(self, value: Any) -> None:
        widget = self.widget
        if isinstance(widget, PersonPicker):
            widget.set_person(value)
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value or "")
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QComboBox):
            index = widget.findData(value if value is not None else
                                    (self.spec.default if self.spec.type == "choice" else None))
            widget.setCurrentIndex(max(0, index))
        elif isinstance(widget, QSpinBox):
            if value is not None:
                widget.setValue(int(value))
        elif isinstance(widget, QLineEdit):
            widget.setText(show_date(value) if self.spec.type == "date" else (value or ""))

    def get(self) -> Any:
        widget = self.widget
        if isinstance(widget, PersonPicker):
            return _picked(widget, self.spec) if self.spec.type == "person" \
                else widget.name()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QSpinBox):
            return widget.value()
        assert isinstance(widget, QLineEdit)
        return parse_date(widget.text()) if self.spec.type == "date" else widget.text()

    def mark(self, error: bool) -> None:
        self.widget.setStyleSheet(ERROR_STYLE if error else "")


class ChildTable(QWidget):
    """A child list (attendance, concerns, measures…) as an editable table."""

    def __init__(self, child: Child, members: list[Member], parent: QWidget):
        super().__init__(parent)
        self.child, self.members = child, members
        self.table = QTableWidget(0, len(child.fields), self)
        self.table.setObjectName(f"table_{child.name}")
        self.table.setHorizontalHeaderLabels([_(f.label) for f in child.fields])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setMinimumHeight(120)
        for column, spec in enumerate(child.fields):
            if spec.type == "person" or spec.name in GUEST_FIELDS:
                self.table.setColumnWidth(column, 300)  # a name and its position
        self.hint_label = QLabel(self)  # what a typed name is, row by row
        self.hint_label.setObjectName(f"hint_{child.name}")
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet(HINT_STYLE)
        self.hint_label.hide()
        add = QPushButton(_("Add a row"), self)
        add.setObjectName(f"add_{child.name}")
        add.clicked.connect(lambda: self.add_row({}))
        remove = QPushButton(_("Remove the row"), self)
        remove.clicked.connect(self.remove_current)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(self.hint_label)
        layout.addLayout(buttons)
        self._children: dict[int, list[dict[str, Any]]] = {}  # sub-items kept as they are

    def add_row(self, values: dict[str, Any]) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, spec in enumerate(self.child.fields):
            value = values.get(spec.name)
            picker = _picker(spec, self.members, self.table)
            if picker is not None:
                picker.setObjectName(f"{self.child.name}_{spec.name}")
                picker.set_person(value)
                picker.hint_changed.connect(lambda _hint: self._show_hints())
                self.table.setCellWidget(row, column, picker)
            elif spec.type == "choice":
                combo = QComboBox(self.table)
                for choice in spec.choices:
                    combo.addItem(choice_label(choice), choice)
                combo.setCurrentIndex(max(0, combo.findData(
                    value if value is not None else spec.default)))
                self.table.setCellWidget(row, column, combo)
            elif spec.type == "bool":
                item = QTableWidgetItem()
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = spec.default if value is None else value
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.table.setItem(row, column, item)
            else:
                text = show_date(value) if spec.type == "date" else ("" if value is None
                                                                      else str(value))
                self.table.setItem(row, column, QTableWidgetItem(text))
        if values.get("children"):
            self._children[row] = values["children"]
        self._show_hints()
        return row

    def _show_hints(self) -> None:
        hints = []
        for row in range(self.table.rowCount()):
            for column in range(self.table.columnCount()):
                widget = self.table.cellWidget(row, column)
                if isinstance(widget, PersonPicker) and widget.hint:
                    hints.append(_("Row {row}: {hint}").format(row=row + 1, hint=widget.hint))
        self.hint_label.setText("\n".join(hints))
        self.hint_label.setVisible(bool(hints))

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._show_hints()

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.table.setRowCount(0)
        self._children.clear()
        for values in rows:
            self.add_row(values)

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for row in range(self.table.rowCount()):
            values: dict[str, Any] = {}
            for column, spec in enumerate(self.child.fields):
                widget = self.table.cellWidget(row, column)
                if isinstance(widget, PersonPicker):
                    values[spec.name] = _picked(widget, spec)
                    continue
                if isinstance(widget, QComboBox):
                    values[spec.name] = widget.currentData()
                    continue
                item = self.table.item(row, column)
                if spec.type == "bool":
                    values[spec.name] = bool(item and item.checkState() == Qt.CheckState.Checked)
                else:
                    text = item.text().strip() if item else ""
                    if spec.type == "date":
                        values[spec.name] = parse_date(text)
                    elif spec.type == "int":
                        values[spec.name] = int(text) if text.isdigit() else (text or None)
                    else:
                        values[spec.name] = text or None
            if row in self._children:
                values["children"] = self._children[row]
            out.append(values)
        return out

    def mark(self, row: int | None, field: str | None) -> None:
        self.table.setStyleSheet("")
        for r in range(self.table.rowCount()):
            for c in range(self.table.columnCount()):
                item = self.table.item(r, c)
                if item is not None:
                    item.setBackground(QBrush())
        if row is None:
            return
        if field is None:
            self.table.setStyleSheet(ERROR_STYLE)
            return
        column = next((i for i, f in enumerate(self.child.fields) if f.name == field), None)
        if column is not None and row < self.table.rowCount():
            widget = self.table.cellWidget(row, column)
            if isinstance(widget, PersonPicker):
                widget.setStyleSheet(ERROR_STYLE)
                self.table.setCurrentCell(row, column)
                return
            item = self.table.item(row, column)
            if item is None:
                item = QTableWidgetItem()
                self.table.setItem(row, column, item)
            item.setBackground(QBrush(QColor(248, 215, 218)))
            self.table.setCurrentCell(row, column)


class RecordForm(QDialog):
    """Create or edit one record; saving is one transaction, refused input stays here."""

    def __init__(self, ws: Workspace, kind: Kind, record_id: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"recordForm_{kind.name}")
        self.ws, self.kind, self.record_id = ws, kind, record_id
        self.setWindowTitle(_(kind.label))
        from ctrdesk.ui.fit import fit_to_screen

        fit_to_screen(self, 900, 720)
        members = members_for_picking(ws)
        self.fields = {spec.name: FieldWidget(spec, members, self) for spec in kind.fields}
        self.child_tables = {child.name: ChildTable(child, members, self)
                             for child in kind.children}
        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #a00")
        self.warning_label = QLabel(self)
        self.warning_label.setObjectName("warningLabel")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #8a6d00")
        form = QFormLayout()
        for spec in kind.fields:
            label = _(spec.label) + (" *" if spec.required else "")
            form.addRow(label + ":", self.fields[spec.name].widget)
            hint = self.fields[spec.name].hint_label
            if hint is not None:
                form.addRow("", hint)
        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(form)
        for child in kind.children:
            body_layout.addWidget(QLabel(f"<b>{_(child.label)}</b>", self))
            body_layout.addWidget(self.child_tables[child.name])
        body_layout.addWidget(QLabel("<b>" + _("Serves the program items") + "</b>", self))
        self.links = QListWidget(self)
        self.links.setObjectName("linkedItems")
        self.links.setMaximumHeight(140)
        body_layout.addWidget(self.links)
        self._fill_links()
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveButton")
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.warning_label)
        layout.addWidget(buttons)
        self.saved_id: int | None = None
        self.info: dict[str, Any] = {}
        from ctrdesk.ui.protect import guard_all

        guard_all(ws, self, {self.save_button: f"record.{kind.name}.save"})
        if record_id is not None:
            self.load(record_id)
        self._as_opened = self._snapshot()

    def _snapshot(self) -> str:
        try:
            return repr(self.data())
        except Exception:  # a field that cannot be read yet counts as changed
            return ""

    def reject(self) -> None:
        """Esc or Cancel: a form with something typed asks before it is discarded."""
        if self.saved_id is None and self._snapshot() != self._as_opened:
            from ctrdesk.ui.confirm import confirm_discard

            confirm_discard(self, super().reject)
            return
        super().reject()

    def _fill_links(self) -> None:
        """The items of the unit's programs, each with a tick: what this record serves."""
        from ctrdesk.core.records.service import linkable_items

        for item_id, text in linkable_items(self.ws):
            entry = QListWidgetItem(text[:140])
            entry.setData(Qt.ItemDataRole.UserRole, item_id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
            self.links.addItem(entry)

    def set_links(self, item_ids: list[int]) -> None:
        for row in range(self.links.count()):
            entry = self.links.item(row)
            entry.setCheckState(Qt.CheckState.Checked
                                if entry.data(Qt.ItemDataRole.UserRole) in item_ids
                                else Qt.CheckState.Unchecked)

    def linked(self) -> list[int]:
        return [int(self.links.item(row).data(Qt.ItemDataRole.UserRole))
                for row in range(self.links.count())
                if self.links.item(row).checkState() == Qt.CheckState.Checked]

    def load(self, record_id: int) -> None:
        from ctrdesk.core.records.service import get_record

        data = get_record(self.ws, self.kind.name, record_id)
        for name, widget in self.fields.items():
            widget.set(data.get(name))
        for name, table in self.child_tables.items():
            table.set_rows(data.get(name) or [])
        self.set_links(data.get("program_items") or [])

    def data(self) -> dict[str, Any]:
        values: dict[str, Any] = {name: widget.get() for name, widget in self.fields.items()}
        for name, table in self.child_tables.items():
            values[name] = table.rows()
        values["program_items"] = self.linked()
        return values

    def save(self) -> None:
        """Save off the UI thread; a refusal is shown here, beside the field at fault."""
        from ctrdesk.core.records.service import save_record

        for widget in self.fields.values():
            widget.mark(False)
        for table in self.child_tables.values():
            table.mark(None, None)
        self.error_label.setText("")
        data, record_id, kind = self.data(), self.record_id, self.kind.name
        self.save_button.setEnabled(False)
        operations_of(self, self.ws).run(
            lambda _p: save_record(self.ws, kind, data, record_id), self._saved,
            on_error=self._refused, origin=self)

    def _refused(self, exc: CtrdeskError) -> None:
        set_enabled(self.save_button, True)
        self.error_label.setText(exc.message)
        if isinstance(exc, ValidationError):
            self._mark(exc.field or "")

    def _saved(self, result: object) -> None:
        set_enabled(self.save_button, True)
        self.saved_id, self.info = result  # type: ignore[misc]
        warnings = self.info.get("warnings") or []
        if warnings and self.warning_label.text() != "\n".join(warnings):
            # Show the warning once; saving again keeps the record as it is.
            self.warning_label.setText("\n".join(warnings))
            self.record_id = self.saved_id
            return
        self.accept()

    def _mark(self, field: str) -> None:
        """'attendance[2].person' -> the cell of row 2; 'held_on' -> that widget."""
        import re

        match = re.match(r"^([a-z_]+)(?:\[(\d+)\](?:\.([a-z_]+))?)?", field)
        if not match:
            return
        name, row, sub = match.group(1), match.group(2), match.group(3)
        if name in self.fields:
            self.fields[name].mark(True)
        elif name in self.child_tables:
            self.child_tables[name].mark(int(row) - 1 if row else 0, sub)


class RatingListDialog(QDialog):
    """The year's member ratings as one list, checked as a whole (the excellent quota)."""

    def __init__(self, ws: Workspace, year: int, parent: QWidget | None = None):
        super().__init__(parent)
        from ctrdesk.core.records.kinds import RATING_LEVELS

        self.setObjectName("ratingListDialog")
        self.ws, self.year = ws, year
        self.setWindowTitle(_("Member ratings {year}").format(year=year))
        self.members = members_for_picking(ws)
        self.people = [m.full_name for m in self.members]
        self.table = QTableWidget(len(self.members), 3, self)
        self.table.setObjectName("ratingTable")
        self.table.setHorizontalHeaderLabels([_("Member"), _("Position"), _("Level")])
        self.combos: list[QComboBox] = []
        for row, member in enumerate(self.members):
            self.table.setItem(row, 0, QTableWidgetItem(member.full_name))
            self.table.setItem(row, 1, QTableWidgetItem(position_of(member)))
            combo = QComboBox(self.table)
            for level in RATING_LEVELS:
                combo.addItem(choice_label(level), level)
            combo.setCurrentIndex(1)
            self.table.setCellWidget(row, 2, combo)
            self.combos.append(combo)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel(self)
        self.summary.setObjectName("ratingSummary")
        self.summary.setWordWrap(True)
        for combo in self.combos:
            combo.currentIndexChanged.connect(self.update_summary)
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color: #a00")
        self.error_label.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(_("Save the ratings"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        from ctrdesk.ui.protect import guard_all

        guard_all(ws, self, {self.save_button: "record.rating.save_many"})
        self.update_summary()

    def levels(self) -> list[str]:
        return [str(combo.currentData()) for combo in self.combos]

    def update_summary(self) -> None:
        from ctrdesk.core.records.kinds import rating_distribution

        check = rating_distribution(self.levels())
        self.summary.setText(_(
            "Excellent {excellent} (at most {allowed} allowed), good {good}, complete "
            "{complete}, incomplete {incomplete}. Good or better: {share:.0%} (target 99%).")
            .format(allowed=check["excellent_allowed"],
                    share=check["good_or_better_share"] or 0, **check["counts"]))
        set_enabled(self.save_button, bool(check["quota_ok"]))

    def save(self) -> None:
        from ctrdesk.core.records.service import save_many

        records = [{"year": self.year, "person": member.id, "subject_kind": "member",
                    "level": level} for member, level in zip(self.members, self.levels(),
                                                             strict=True)]
        operations_of(self, self.ws).run(
            lambda _p: save_many(self.ws, "rating", records), lambda _r: self.accept(),
            on_error=lambda exc: self.error_label.setText(exc.message), origin=self)


