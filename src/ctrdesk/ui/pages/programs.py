"""The pages of the main window, built on the first turn of the event loop (see ui.app)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ctrdesk.core.changes import Entity
from ctrdesk.core.errors import CtrdeskError
from ctrdesk.core.i18n import _
from ctrdesk.ui.models.table import ProgramsModel
from ctrdesk.ui.widgets.tables import row_table

if TYPE_CHECKING:
    from ctrdesk.core.changes import Changes
    from ctrdesk.core.store import Workspace
    from ctrdesk.ui.main_window import MainWindow


class ProgramsPage(QWidget):
    """The list of programs; each program opens in a tab of its own."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self._window = window
        self.model = ProgramsModel(self)
        self.table = row_table(self.model, "programsTable", self)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        from ctrdesk.ui.fit import headers_fit

        headers_fit(self.table)
        self.table.doubleClicked.connect(lambda index: self.open_program(
            self.model.row_at(index.row()).id))
        self.empty_label = QLabel(
            _("No program yet. Use File → Import program to read the parent program."), self
        )
        self.empty_label.setWordWrap(True)
        list_tab = QWidget(self)
        list_layout = QVBoxLayout(list_tab)
        list_layout.addWidget(self.empty_label)
        list_layout.addWidget(self.table)
        hint = QLabel(_("Double-click a program to open it."), self)
        list_layout.addWidget(hint)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("programTabs")
        self.tabs.setTabsClosable(True)
        self.tabs.addTab(list_tab, _("All programs"))
        self.tabs.tabBar().setTabButton(0, self.tabs.tabBar().ButtonPosition.RightSide, None)
        self.tabs.tabCloseRequested.connect(self._close_tab)
        self.open_tabs: dict[int, QWidget] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>" + _("Programs") + "</h2>", self))
        layout.addWidget(self.tabs)

        self.reloads = 0  # how often the list was read (a cell edit must not)
        self.reload(window.ws)

    def reload(self, ws: Workspace | None = None) -> None:
        ws = ws or self._window.ws
        if ws is None:
            return
        self.reloads += 1
        self.model.reload(ws)
        self.empty_label.setVisible(self.model.rowCount() == 0)

    def on_changes(self, changes: Changes) -> None:
        """The list shows programs' own rows (and their item counts); open tabs follow."""
        if changes.touches(Entity.PROGRAM, Entity.ORGANIZATION):
            self.reload()
        for widget in list(self.open_tabs.values()):
            react = getattr(widget, "on_changes", None)
            if react is not None:
                react(changes)

    def open_program(self, program_id: int) -> QWidget:
        if program_id in self.open_tabs:
            self.tabs.setCurrentWidget(self.open_tabs[program_id])
            return self.open_tabs[program_id]
        ws = self._window.ws
        assert ws is not None
        summary = next(p for p in self.model._rows if p.id == program_id)
        widget: QWidget
        if summary.kind == "unit_program":
            from ctrdesk.ui.pages.unit_program import UnitProgramEditor

            widget = UnitProgramEditor(ws, program_id, self)
            title = _("Program of {unit}").format(unit=summary.issuer or "")
        else:
            widget = ParentProgramView(self._window, program_id, self)
            title = (summary.number or summary.doc_type or _("Program"))[:30]
        self.open_tabs[program_id] = widget
        self.tabs.addTab(widget, title)
        self.tabs.setCurrentWidget(widget)
        return widget

    def _close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        for program_id, opened in list(self.open_tabs.items()):
            if opened is widget:
                del self.open_tabs[program_id]
        self.tabs.removeTab(index)
        if widget is not None:
            widget.deleteLater()


class ParentProgramView(QWidget):
    """A stored program read-only as a tree, with "Derive for a unit…"."""

    def __init__(self, window: MainWindow, program_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        from ctrdesk.core.organizations import list_organizations, own_organization
        from ctrdesk.core.programs.service import load_program
        from ctrdesk.core.units import REPORTING_KINDS
        from ctrdesk.ui.models.program_tree import ProgramTreeModel

        self._window = window
        self.program_id = program_id
        ws = window.ws
        assert ws is not None
        self.model = ProgramTreeModel(load_program(ws, program_id).items, self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("parentProgramTree")
        self.tree.setModel(self.model)
        self.tree.setColumnWidth(0, 170)
        self.tree.setColumnWidth(2, 480)
        self.tree.expandToDepth(0)
        self.unit_combo = QComboBox(self)
        self.unit_combo.setObjectName("deriveUnitCombo")
        own = own_organization(ws)
        for org in list_organizations(ws):
            if org.kind in REPORTING_KINDS:
                self.unit_combo.addItem(org.name, org.id)
                if own and org.id == own.id:
                    self.unit_combo.setCurrentIndex(self.unit_combo.count() - 1)
        derive = QPushButton(_("Derive the program of this unit…"), self)
        derive.setObjectName("deriveButton")
        derive.clicked.connect(self.derive)
        package = QPushButton(_("Package for the units…"), self)
        package.setObjectName("exportProgramPackageButton")
        package.setToolTip(_("Save this program and the unit list as a package the units "
                             "import exactly, without reading a document."))
        package.clicked.connect(self._choose_package_target)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Unit:"), self))
        row.addWidget(self.unit_combo, 1)
        row.addWidget(derive)
        row.addWidget(package)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        self.changes_dialog: QDialog | None = None
        self._revision_banner(ws, layout)
        layout.addWidget(self.tree, 1)
        self.dialog: QDialog | None = None
        from ctrdesk.ui.protect import guard_all

        guard_all(ws, self, {derive: "program.derive", package: "program.package.sign"})

    def _choose_package_target(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from ctrdesk.ui.keys import KeyDialog

        dialog = KeyDialog(self)  # units accept only a program signed by this level
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        key = dialog.form.take_key()
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save the program package"),
            str(Path.home() / f"chuong-trinh-{self.program_id}.ctrprog"), "*.ctrprog")
        if name:
            self.export_package(Path(name), key)

    def export_package(self, target: Path, key: Any = None) -> bool:
        """Write the program package (``ctrdesk.program/1`` and the unit list), signed with
        ``key``; without it the signing key is asked for."""
        from ctrdesk.ui.program_package import export_signed

        ws = self._window.ws
        if ws is None:
            return False

        def saved(_result: object) -> None:
            self._window.statusBar().showMessage(
                _("Saved as {path}.").format(path=target), 8000)

        export_signed(self, ws, self.program_id, target, key, saved)
        return True

    def _revision_banner(self, ws: Workspace, layout: QVBoxLayout) -> None:
        """When this is a newer version of a program units derived from, offer the update."""
        from ctrdesk.core.programs.revisions import (
            previous_version,
            unit_programs_derived_from,
        )

        older = previous_version(ws, self.program_id)
        if older is None:
            return
        for unit_program_id, unit in unit_programs_derived_from(ws, older):
            button = QPushButton(_(
                "This is a newer version of program {old}: review what changes for the "
                "program of {unit}…").format(old=older, unit=unit), self)
            button.setObjectName("reviewChangesButton")
            from ctrdesk.ui.protect import guard

            guard(button, "program.update_parent")
            button.clicked.connect(lambda _c=False, o=older, u=unit_program_id:
                                   self.review_changes(o, u))
            layout.addWidget(button)

    def review_changes(self, older: int, unit_program_id: int) -> QDialog | None:
        from ctrdesk.ui.dialogs.parent_changes import ParentChangesDialog

        ws = self._window.ws
        if ws is None:
            return None
        dialog = ParentChangesDialog(ws, older, self.program_id, unit_program_id, self)
        dialog.accepted.connect(lambda: self._apply_changes(dialog))
        self.changes_dialog = dialog
        dialog.open()
        return dialog

    def _apply_changes(self, dialog: QDialog) -> None:
        from ctrdesk.core.programs.revisions import apply_changes
        from ctrdesk.ui.dialogs.parent_changes import ParentChangesDialog

        assert isinstance(dialog, ParentChangesDialog)
        ws = self._window.ws
        if ws is None:
            return
        keys = dialog.accepted_keys()
        self._window.operations.run(
            lambda _p: apply_changes(ws, dialog.unit_program_id, self.program_id, keys),
            lambda _r: self._window.statusBar().showMessage(
                _("The unit program now follows the new version."), 8000),
            origin=self)

    def derive(self) -> QDialog | None:
        from ctrdesk.ui.dialogs.derive import DeriveDialog

        ws = self._window.ws
        unit_id = self.unit_combo.currentData()
        if ws is None or unit_id is None:
            return None
        dialog = DeriveDialog(ws, self.program_id, unit_id, self)
        dialog.accepted.connect(lambda: self._create(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _create(self, dialog: QDialog) -> None:
        from ctrdesk.core.programs.derive import create_unit_program
        from ctrdesk.ui.dialogs.derive import DeriveDialog

        assert isinstance(dialog, DeriveDialog)
        ws = self._window.ws
        if ws is None:
            return
        unit_id, roles = dialog.unit_id, dialog.roles()

        def created(program_id: object) -> None:
            page = self._window.programs_page
            page.reload(ws)
            page.open_program(int(program_id))  # type: ignore[call-overload]

        def derive(again: bool) -> None:
            self._window.operations.run(
                lambda _p: create_unit_program(ws, self.program_id, unit_id, roles,
                                               again=again),
                created, on_error=refused, label=_("Deriving the program…"), origin=self)

        def refused(exc: CtrdeskError) -> None:
            from ctrdesk.core.errors import AlreadyDerivedError
            from ctrdesk.ui.confirm import confirm_derive_again

            if not isinstance(exc, AlreadyDerivedError):
                self._window.show_error(exc.message)
                return
            confirm_derive_again(self, exc.message, lambda: created(exc.program_id),
                                 lambda: derive(True))

        derive(False)


