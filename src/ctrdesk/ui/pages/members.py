"""The members page (Đảng viên): the unit's Party members, added by hand or from a list.

Every action runs through the window's operations runner; a form refused by the core
stays open with every wrong field listed at once, an imported list with every wrong row.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ctrdesk.core.changes import Entity
from ctrdesk.core.errors import CtrdeskError
from ctrdesk.core.i18n import _, format_short_date
from ctrdesk.core.validation import label_of
from ctrdesk.ui.date_edit import DateLineEdit
from ctrdesk.ui.operations import operations_of
from ctrdesk.ui.protect import set_enabled
from ctrdesk.ui.widgets.buttons import button_row
from ctrdesk.ui.widgets.messages import error_label
from ctrdesk.ui.widgets.tables import row_table

if TYPE_CHECKING:
    from ctrdesk.core.changes import Changes
    from ctrdesk.core.people.members import Member
    from ctrdesk.core.store import Workspace

_Index = QModelIndex | QPersistentModelIndex


class MembersModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.members: list[Member] = []

    @staticmethod
    def headers() -> list[str]:
        return [_("Full name"), _("Date of birth"), _("Gender"), _("Position in the committee"),
                _("Post in the agency"), _("Date of admission to the Party"), _("Status")]

    def set_members(self, members: list[Member]) -> None:
        self.beginResetModel()
        self.members = list(members)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.members)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        from ctrdesk.core.people.members import MEMBERSHIP_LABELS, gender_label, role_label

        m = self.members[index.row()]
        if m.membership != "active":
            status = _(MEMBERSHIP_LABELS[m.membership])
        else:
            status = _("Probationary") if m.probationary else _("Official")
        return [m.full_name, format_short_date(m.birth_date), gender_label(m.gender),
                role_label(m.role), m.title, format_short_date(m.admitted_on),
                status][index.column()]


class MemberDialog(QDialog):
    """Add or edit a member; the core checks the whole form and lists what is wrong."""

    def __init__(self, ws: Workspace, parent: QWidget, member: Member | None = None, *,
                 transfer_in: bool = False):
        super().__init__(parent)
        from ctrdesk.core.people.members import GENDER_LABELS, ROLE_LABELS

        self.ws, self.member = ws, member
        self.setObjectName("memberDialog")
        self.setWindowTitle(_("Edit member") if member else _("Add member"))
        form = QFormLayout()
        self.full_name = QLineEdit(self)
        self.full_name.setObjectName("fullName")
        self.birth_date = DateLineEdit(self, field="birth_date", label=label_of("birth_date"))
        self.gender = QComboBox(self)
        self.gender.addItem("", "")
        for code, label in GENDER_LABELS.items():
            self.gender.addItem(_(label), code)
        self.role = QComboBox(self)
        self.role.setObjectName("role")
        for code, label in ROLE_LABELS.items():
            self.role.addItem(_(label), code)
        self.role.setCurrentIndex(self.role.findData("member"))
        self.title_edit = QLineEdit(self)
        self.admitted_on = DateLineEdit(self, field="admitted_on",
                                        label=label_of("admitted_on"))
        self.official_on = DateLineEdit(self, field="official_on",
                                        label=label_of("official_on"))
        self.retired = QCheckBox(label_of("retired"), self)
        self.joined_on = DateLineEdit(self, field="joined_on", label=label_of("joined_on"))
        self.joined_from = QLineEdit(self)
        self.note = QLineEdit(self)
        for name, widget in (("full_name", self.full_name), ("birth_date", self.birth_date),
                             ("gender", self.gender), ("role", self.role),
                             ("title", self.title_edit), ("admitted_on", self.admitted_on),
                             ("official_on", self.official_on), ("retired", self.retired)):
            label = _("Post in the agency") if name == "title" else label_of(name)
            form.addRow(label + ":" if name != "retired" else "", widget)
        self.transfer = transfer_in or bool(member and member.joined_on)
        if self.transfer:
            form.addRow(label_of("joined_on") + ":", self.joined_on)
            form.addRow(label_of("joined_from") + ":", self.joined_from)
        form.addRow(label_of("note") + ":", self.note)
        self.errors = error_label(self, "formErrors")
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveMember")
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors)
        layout.addWidget(buttons)
        self.saved_id: int | None = None
        if member is not None:
            self._fill(member)
        from ctrdesk.ui.protect import guard_all

        guard_all(ws, self, {self.save_button: "member.add" if member is None
                             else "member.update"})

    def _fill(self, m: Member) -> None:
        self.full_name.setText(m.full_name)
        self.birth_date.set_date(m.birth_date)
        self.gender.setCurrentIndex(max(0, self.gender.findData(m.gender)))
        self.role.setCurrentIndex(max(0, self.role.findData(m.role)))
        self.title_edit.setText(m.title)
        self.admitted_on.set_date(m.admitted_on)
        self.official_on.set_date(m.official_on)
        self.retired.setChecked(m.retired)
        self.joined_on.set_date(m.joined_on)
        self.joined_from.setText(m.joined_from)
        self.note.setText(m.note)

    def values(self) -> dict[str, Any]:
        """The form as typed: the core checks and converts it (dates as text)."""
        out: dict[str, Any] = {
            "full_name": self.full_name.text(), "birth_date": self.birth_date.text(),
            "gender": self.gender.currentData(), "role": self.role.currentData(),
            "title": self.title_edit.text(), "admitted_on": self.admitted_on.text(),
            "official_on": self.official_on.text(), "retired": self.retired.isChecked(),
            "note": self.note.text()}
        if self.transfer:
            out["joined_on"] = self.joined_on.text()
            out["joined_from"] = self.joined_from.text()
        return out

    def save(self) -> None:
        from ctrdesk.core.people.members import add_member, update_member

        ws, values, member = self.ws, self.values(), self.member
        self.save_button.setEnabled(False)

        def work(_progress: object) -> int:
            if member is None:
                return add_member(ws, **values)
            update_member(ws, member.id, **values)
            return member.id

        def done(member_id: object) -> None:
            self.saved_id = int(member_id)  # type: ignore[call-overload]
            self.accept()

        def refused(exc: CtrdeskError) -> None:
            set_enabled(self.save_button, True)
            self.errors.setText(exc.message)
            self.errors.show()

        operations_of(self, ws).run(work, done, on_error=refused, origin=self)


class LeaveDialog(QDialog):
    """Transfer out (to another unit) or archive a member: the day and where or why."""

    def __init__(self, member: Member, parent: QWidget, *, archive: bool = False):
        super().__init__(parent)
        self.setObjectName("leaveDialog")
        self.setWindowTitle((_("Archive {name}") if archive else _("Transfer out {name}"))
                            .format(name=member.full_name))
        form = QFormLayout(self)
        self.on = DateLineEdit(self, field="left_on", label=label_of("left_on"))
        self.on.set_date(date.today())
        self.to = QLineEdit(self)
        self.reason = QLineEdit(self)
        form.addRow(label_of("left_on") + ":", self.on)
        if not archive:
            form.addRow(label_of("left_to") + ":", self.to)
        form.addRow((_("Reason") if archive else label_of("note")) + ":", self.reason)
        buttons = QDialogButtonBox(self)
        ok = buttons.addButton(_("Archive") if archive else _("Transfer out"),
                               QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("confirmLeave")
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class MembersPage(QWidget):
    """The list of members with add, edit, transfer, archive, import and export."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.setObjectName("membersPage")
        self.model = MembersModel(self)
        self.table = row_table(self.model, "membersTable", self)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.setWordWrap(False)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.show_left = QCheckBox(_("Show members who left"), self)
        self.show_left.toggled.connect(lambda _c: self.reload())
        self.empty_label = QLabel(_("No member yet. Add them one by one or import a list "
                                    "(.xlsx or .csv)."), self)
        self.empty_label.setWordWrap(True)
        buttons, self.buttons = button_row(self, "members", (
            ("add", _("Add…"), self.add_member),
            ("transfer_in", _("Transferred in…"), lambda: self.add_member(transfer_in=True)),
            ("edit", _("Edit…"), self.edit_selected),
            ("transfer_out", _("Transfer out…"), lambda: self.leave_selected(archive=False)),
            ("archive", _("Archive…"), lambda: self.leave_selected(archive=True)),
            ("restore", _("Restore"), self.restore_selected),
            ("import", _("Import list…"), self.choose_import),
            ("export", _("Export list…"), self.choose_export),
        ))
        from ctrdesk.ui.protect import guard_all

        writes = {"add": "member.add", "transfer_in": "member.add", "edit": "member.update",
                  "transfer_out": "member.update", "archive": "member.update",
                  "restore": "member.restore", "import": "member.import"}
        guard_all(ws, self, {self.buttons[key]: write for key, write in writes.items()})
        self.count_label = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>" + _("Party members") + "</h2>", self))
        layout.addLayout(buttons)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.show_left)
        bottom.addStretch(1)
        bottom.addWidget(self.count_label)
        layout.addLayout(bottom)
        self.reload()

    # -- showing ---------------------------------------------------------------------
    def reload(self) -> None:
        from ctrdesk.core.organizations import own_organization
        from ctrdesk.core.people.members import list_members

        if own_organization(self.ws) is None:
            self.model.set_members([])
            self.empty_label.setText(_("Choose the committee first (Settings → Set up the "
                                       "committee…)."))
        else:
            self.model.set_members(list_members(self.ws, include_left=self.show_left.isChecked()))
            self.empty_label.setText(_("No member yet. Add them one by one or import a list "
                                       "(.xlsx or .csv)."))
        active = sum(1 for m in self.model.members if m.membership == "active")
        self.empty_label.setVisible(not self.model.members)
        self.count_label.setText(_("{count} members in the unit").format(count=active))

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(Entity.PERSON, Entity.ORGANIZATION):
            self.reload()

    def selected(self) -> Member | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.members[rows[0].row()] if rows else None

    def select_member(self, member_id: int) -> None:
        for row, m in enumerate(self.model.members):
            if m.id == member_id:
                self.table.selectRow(row)

    # -- actions ------------------------------------------------------------------------
    def _after(self, dialog: MemberDialog) -> None:
        dialog.accepted.connect(self.reload)
        dialog.accepted.connect(lambda: self.select_member(dialog.saved_id or 0))
        dialog.open()

    def add_member(self, transfer_in: bool = False) -> MemberDialog:
        dialog = MemberDialog(self.ws, self, transfer_in=transfer_in)
        self._after(dialog)
        return dialog

    def edit_selected(self) -> MemberDialog | None:
        member = self.selected()
        if member is None:
            return None
        dialog = MemberDialog(self.ws, self, member)
        self._after(dialog)
        return dialog

    def leave_selected(self, archive: bool) -> LeaveDialog | None:
        from ctrdesk.core.people.members import archive_member, transfer_out

        member = self.selected()
        if member is None:
            return None
        dialog = LeaveDialog(member, self, archive=archive)
        ws = self.ws

        def go() -> None:
            on, to, reason = dialog.on.text(), dialog.to.text(), dialog.reason.text()
            if archive:
                work = lambda _p: archive_member(ws, member.id, on, reason)  # noqa: E731
            else:
                work = lambda _p: transfer_out(ws, member.id, on, to, reason)  # noqa: E731
            operations_of(self, ws).run(work, lambda _r: self.reload(), origin=self)

        dialog.accepted.connect(go)
        dialog.open()
        return dialog

    def restore_selected(self) -> None:
        from ctrdesk.core.people.members import restore_member

        member = self.selected()
        if member is None or member.membership == "active":
            return
        ws = self.ws
        operations_of(self, ws).run(lambda _p: restore_member(ws, member.id),
                                    lambda _r: self.reload(), origin=self)

    def choose_import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import a list of members"), str(Path.home()),
            _("Member lists (*.xlsx *.csv);;All files (*)"))
        if path:
            self.import_list(Path(path))

    def import_list(self, path: Path) -> None:
        """Import a list; every wrong row is shown at once and nothing is stored."""
        from ctrdesk.core.people.table import import_members

        ws = self.ws

        def done(result: Any) -> None:
            self.reload()
            self.last_import = result
            text = _("{added} members added, {updated} updated.").format(
                added=len(result.added), updated=len(result.updated))
            if result.ignored_columns:
                text += "\n" + _("Columns not used: {columns}").format(
                    columns=", ".join(result.ignored_columns))
            self._message(_("Import a list of members"), text, QMessageBox.Icon.Information)

        def refused(exc: CtrdeskError) -> None:
            self._message(_("The list was not imported"),
                          _("Nothing was stored. Correct these rows and import again:")
                          + "\n\n" + exc.message, QMessageBox.Icon.Warning)

        operations_of(self, ws).run(lambda _p: import_members(ws, path), done,
                                    on_error=refused, origin=self)

    def _message(self, title: str, text: str, icon: QMessageBox.Icon) -> None:
        box = QMessageBox(icon, title, text, parent=self)
        box.setObjectName("importResultBox")
        box.addButton(_("OK"), QMessageBox.ButtonRole.AcceptRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message_box = box
        box.open()

    def choose_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export the list of members"), str(Path.home() / "dang-vien.xlsx"),
            _("Excel (*.xlsx);;CSV (*.csv)"))
        if path:
            self.export_list(Path(path))

    def export_list(self, path: Path) -> None:
        from ctrdesk.core.people.table import export_members

        ws = self.ws

        def done(count: object) -> None:
            self.last_export = path
            self._message(_("Export the list of members"),
                          _("{count} members written to {path}.").format(count=count,
                                                                          path=path),
                          QMessageBox.Icon.Information)

        operations_of(self, ws).run(lambda _p: export_members(ws, path), done, origin=self)
