"""The main window: navigation between the parts of the work, the workspace in view.

The window is shown before the workspace is opened (see :func:`ctrdesk.ui.app.run_gui`),
so this module does not import the store at load time: core services are imported
where they are called.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QByteArray, QSettings, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from ctrdesk.core.errors import CtrdeskError
from ctrdesk.core.i18n import _
from ctrdesk.ui.icons import nav_icon, style_navigation
from ctrdesk.ui.operations import Operations

if TYPE_CHECKING:
    # PySide makes each class the first time it is imported (a millisecond or two with
    # its enums): the dialogs the window opens later are imported where they are used.
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QMessageBox

    from ctrdesk.core.changes import Changes
    from ctrdesk.core.importing.parsed import ParsedProgram
    from ctrdesk.core.importing.reading import SourceDocument
    from ctrdesk.core.store import Workspace
    from ctrdesk.ui.dialogs.review import ReviewDialog

PAGES = ("home", "calendar", "programs", "records", "reports", "submissions", "members", "settings")


def _page_title(key: str) -> str:
    return {
        "home": _("Overview"),
        "calendar": _("Calendar"),
        "programs": _("Programs"),
        "records": _("Records"),
        "reports": _("Reports"),
        "submissions": _("Submissions"),
        "members": _("Party members"),
        "settings": _("Settings"),
    }[key]


PROGRAM_PACKAGE = ".ctrprog"
IMPORTABLE = (".txt", ".docx", ".pdf", PROGRAM_PACKAGE)
PACKAGES = (".ctrsub",)


class MainWindow(QMainWindow):
    """The main window; ``ws`` may be attached later with :meth:`attach_workspace`."""

    # Workspace listeners run in the thread that wrote: changes reach the pages through a
    # queued signal, on the UI thread.
    workspace_changed = Signal(object)

    def __init__(
        self, settings: QSettings, ws: Workspace | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.ws: Workspace | None = None
        self.settings = settings
        self.setObjectName("mainWindow")
        self.setMinimumSize(640, 480)
        self.setAcceptDrops(True)
        self.operations = Operations(self)
        self.workspace_changed.connect(self._dispatch_changes)
        self.review_dialog: ReviewDialog | None = None
        self.program_issued_box: QMessageBox | None = None
        self.unit_keys_dialog: QWidget | None = None

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.stack = QStackedWidget(self)
        self.pages: dict[str, QWidget] = {}  # built when first shown
        for key in PAGES:
            self.nav.addItem(QListWidgetItem(nav_icon(key), _page_title(key)))
            placeholder = QWidget(self.stack)  # the page replaces it when first shown
            placeholder.setObjectName(f"placeholder_{key}")
            self.stack.addWidget(placeholder)
        style_navigation(self.nav)
        self.nav.currentRowChanged.connect(self._page_chosen)
        self.nav.setFocus()  # keyboard users start on the navigation

        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)  # as wide as its names need (style_navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.workspace_label = QLabel(self)
        self.unit_label = QLabel(self)
        self.statusBar().addWidget(self.unit_label)
        self.statusBar().addPermanentWidget(self.workspace_label)
        self._build_menus()
        from ctrdesk.ui.protect import WindowProtection

        self.protection = WindowProtection(self)  # backups, encryption, roles, the lock
        self._restore_geometry()
        self.setWindowTitle("ctrdesk")
        self.unit_label.setText(_("Opening the workspace…"))
        if ws is not None:
            self.attach_workspace(ws)

    # -- menus -------------------------------------------------------------------
    def _build_menus(self) -> None:
        # Shortcuts are set with setShortcuts(), and the splitter is made without a parent:
        # the overloads of setShortcut() and QSplitter(parent) make PySide build the enums
        # of the whole Qt namespace (~30 ms) before the window is shown.
        file_menu = self.menuBar().addMenu(_("&File"))
        self.open_action = QAction(_("&Open workspace…"), self)
        self.open_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Open)])
        self.open_action.triggered.connect(self._choose_workspace)
        file_menu.addAction(self.open_action)
        self.import_action = QAction(_("&Import program…"), self)
        self.import_action.setShortcuts([QKeySequence("Ctrl+I")])
        self.import_action.triggered.connect(self._choose_program_file)
        file_menu.addAction(self.import_action)
        self.unit_keys_action = QAction(_("Units and &keys…"), self)
        self.unit_keys_action.triggered.connect(self.open_unit_keys)
        file_menu.addAction(self.unit_keys_action)
        file_menu.addSeparator()
        quit_action = QAction(_("&Quit"), self)
        quit_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Quit)])
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.file_menu = file_menu

        view_menu = self.menuBar().addMenu(_("&View"))
        for number, key in enumerate(PAGES, start=1):
            action = QAction(_page_title(key), self)
            action.setShortcuts([QKeySequence(f"Ctrl+{number}")])
            action.triggered.connect(lambda _checked=False, row=number - 1: self.show_page(row))
            view_menu.addAction(action)

        help_menu = self.menuBar().addMenu(_("&Help"))
        self.guide_action = QAction(_("&User guide"), self)
        self.guide_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.HelpContents)])
        self.guide_action.triggered.connect(self.open_guide)
        help_menu.addAction(self.guide_action)
        about = QAction(_("&About ctrdesk"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def open_guide(self) -> QWidget:
        """Help → User guide, beside the window (one at a time)."""
        from ctrdesk.ui.dialogs.guide import open_guide

        guide = getattr(self, "guide_dialog", None)
        if guide is not None and guide.isVisible():
            guide.raise_()
            guide.activateWindow()
            return guide
        self.guide_dialog = open_guide(self)
        return self.guide_dialog

    def open_unit_keys(self) -> None:
        """Units and keys: the units' enrolled certificates, trusted roots and CRLs."""
        from ctrdesk.ui.dialogs.unit_keys import open_unit_keys

        if self.ws is None:
            self.show_error(_("Open a workspace first."))
            return
        self.unit_keys_dialog = open_unit_keys(self, self.ws)

    def show_page(self, row: int) -> None:
        self.nav.setCurrentRow(row)

    def _page_chosen(self, row: int) -> None:
        if self.ws is not None and 0 <= row < len(PAGES):
            self.page(PAGES[row])
        self.stack.setCurrentIndex(max(0, row))

    def page(self, key: str) -> QWidget:
        """The page ``key``, built the first time it is asked for."""
        found = self.pages.get(key)
        if found is not None:
            return found
        assert self.ws is not None, "pages exist only with a workspace"
        widget = self._make_page(key)
        self.pages[key] = widget
        self._put_in_stack(key, widget)
        return widget

    def _put_in_stack(self, key: str, widget: QWidget) -> None:
        index = PAGES.index(key)
        current = self.stack.currentIndex()
        old = self.stack.widget(index)
        self.stack.insertWidget(index, widget)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        self.stack.setCurrentIndex(current)

    def _make_page(self, key: str) -> QWidget:
        assert self.ws is not None
        if key == "home":
            from ctrdesk.ui.pages.home import HomePage

            return HomePage(self)
        if key == "calendar":
            from ctrdesk.ui.pages.calendar import CalendarPage

            return CalendarPage(self.ws, self)
        if key == "programs":
            from ctrdesk.ui.pages.programs import ProgramsPage

            return ProgramsPage(self)
        if key == "records":
            from ctrdesk.ui.pages.records import RecordsPage

            return RecordsPage(self.ws, self)
        if key == "reports":
            from ctrdesk.ui.pages.reports import ReportsPage

            return ReportsPage(self.ws, self)
        if key == "submissions":
            from ctrdesk.ui.pages.submissions import SubmissionsPage

            return SubmissionsPage(self.ws, self)
        if key == "members":
            from ctrdesk.ui.pages.members import MembersPage

            return MembersPage(self.ws, self)
        from ctrdesk.ui.pages.settings import SettingsPage

        return SettingsPage(self)

    @property
    def home_page(self) -> Any:
        return self.page("home")

    @property
    def calendar_page(self) -> Any:
        return self.page("calendar")

    @property
    def programs_page(self) -> Any:
        return self.page("programs")

    @property
    def records_page(self) -> Any:
        return self.page("records")

    @property
    def reports_page(self) -> Any:
        return self.page("reports")

    @property
    def submissions_page(self) -> Any:
        return self.page("submissions")

    @property
    def members_page(self) -> Any:
        return self.page("members")

    @property
    def settings_page(self) -> Any:
        return self.page("settings")

    def _drop_pages(self) -> None:
        for key in list(self.pages):
            placeholder = QWidget(self.stack)
            placeholder.setObjectName(f"placeholder_{key}")
            self._put_in_stack(key, placeholder)
        self.pages = {}

    def _about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from ctrdesk import __version__

        QMessageBox.about(
            self, _("About ctrdesk"),
            _("ctrdesk {version}\nImplementing programs, records and signed reports "
              "of Party committees of the People's Procuracy.").format(version=__version__),
        )

    # -- workspace ---------------------------------------------------------------
    def attach_workspace(self, ws: Workspace) -> None:
        if self.ws is not None:
            self.operations.wait_for_done()
            self.ws.unsubscribe(self._workspace_changed)
            self.ws.close()
        self.ws = ws
        self.operations.ws = ws
        ws.subscribe(self._workspace_changed)
        self._drop_pages()
        self._show_unit()
        if self.nav.currentRow() < 0:
            self.nav.setCurrentRow(0)
        else:
            self._page_chosen(self.nav.currentRow())
        self.protection.workspace_attached()

    def open_workspace(self, path: Path, *, demo: bool = False) -> bool:
        """Open the workspace at ``path`` (building the demo if asked) and show it: its
        passphrase and a sign-in are asked when needed, a new one is encrypted unless the
        user opts out."""
        from ctrdesk.ui.opening import open_interactively

        try:
            ws = open_interactively(self, path, demo=demo)
        except CtrdeskError as exc:
            ws = None
            self.show_error(exc.message)
        if ws is None:
            if self.ws is None:
                self.unit_label.setText(_("No workspace open"))
            return False
        self.attach_workspace(ws)
        return True

    def offer_setup(self) -> QWidget | None:
        """Open the setup wizard when the workspace is not set up yet (at start)."""
        from ctrdesk.core.setup import setup_status

        if self.ws is None or setup_status(self.ws).ready:
            return None
        return self.open_setup_wizard()

    def open_setup_wizard(self) -> QWidget:
        from ctrdesk.ui.setup_wizard import SetupWizard

        assert self.ws is not None
        wizard = SetupWizard(self.ws, self, self.settings)
        self.setup_wizard = wizard
        wizard.open()
        return wizard

    def _workspace_changed(self, changes: Changes) -> None:
        self.workspace_changed.emit(changes)

    def _dispatch_changes(self, changes: Changes) -> None:
        """Each built page reloads what it shows of ``changes`` (and skips its echoes)."""
        from ctrdesk.core.changes import Entity

        if self.ws is None or not changes:
            return
        if changes.touches(Entity.ORGANIZATION, Entity.SETTING):
            self._show_unit()
        for page in list(self.pages.values()):
            react = getattr(page, "on_changes", None)
            if react is not None:
                react(changes)

    def _show_unit(self) -> None:
        from ctrdesk.core.organizations import own_organization

        if self.ws is None:
            return
        own = own_organization(self.ws)
        unit = own.name if own else _("no unit chosen")
        self.setWindowTitle(f"ctrdesk — {unit} — {self.ws.path.name}")
        self.unit_label.setText(_("Unit: {unit}").format(unit=unit))
        self.workspace_label.setText(_("Workspace: {path}").format(path=self.ws.path))

    def _choose_workspace(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        start = str(self.ws.path.parent) if self.ws else str(Path.home())
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Open workspace"), start,
            _("ctrdesk workspaces (*.sqlite *.db);;All files (*)"),
        )
        if path:
            self.open_workspace(Path(path))

    # -- importing a program ---------------------------------------------------
    def _choose_program_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import a program"), str(Path.home()),
            _("Program documents and packages (*.docx *.pdf *.txt *.ctrprog);;"
              "All files (*)"),
        )
        if path:
            self.import_program_file(Path(path))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if urls and all(u.isLocalFile() and u.toLocalFile().lower().endswith(
                IMPORTABLE + PACKAGES) for u in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """A program document opens the review; submission packages are imported."""
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls()]
        packages = [p for p in paths if p.suffix.lower() in PACKAGES]
        if packages and self.ws is not None:
            self.show_page(PAGES.index("submissions"))
            self.submissions_page.import_packages(packages)
        elif paths:
            self.import_program_file(paths[0])
        event.acceptProposedAction()

    def import_program_file(self, path: Path) -> None:
        """Parse off the UI thread, then open the review screen; store only on accept."""
        from ctrdesk.core.importing import parse_file

        if self.ws is None:
            self.show_error(_("Open a workspace first."))
            return
        if path.suffix.lower() == PROGRAM_PACKAGE:
            self.import_program_package(path)
            return
        self.operations.run(lambda progress: parse_file(path, progress), self._review_parsed,
                            label=_("Reading {name}…").format(name=path.name),
                            uses_workspace=False)

    def import_program_package(self, path: Path) -> None:
        """A parent's program package is stored exactly as the parent holds it, once its
        signature is checked: nothing is parsed, so there is nothing to review; the user
        is told who issued and who signed it."""
        from ctrdesk.ui.program_package import import_signed, show_issued

        if self.ws is None:
            return

        def done(result: Any) -> None:
            self.statusBar().showMessage(
                _("Program {id} stored.").format(id=result.program_id), 8000)
            self.show_page(PAGES.index("programs"))
            self.program_issued_box = show_issued(self, result)

        import_signed(self, self.ws, path, done)

    def _store_in_background(self, store: Callable[[Callable[[float], None]], int]) -> None:
        """Store a program off the UI thread, then show it among the programs."""

        def done(program_id: object) -> None:
            self.statusBar().showMessage(_("Program {id} stored.").format(id=program_id), 8000)
            self.show_page(PAGES.index("programs"))

        self.operations.run(store, done, label=_("Storing the program…"))

    def _review_parsed(self, result: object) -> None:
        from ctrdesk.ui.dialogs.review import ReviewDialog

        source, program = cast("tuple[SourceDocument, ParsedProgram]", result)
        dialog = ReviewDialog(source, program, self)
        from ctrdesk.ui.protect import guard_all

        guard_all(self.ws, dialog, {dialog.accept_button: "program.import"})
        dialog.accepted.connect(lambda: self._store_reviewed(dialog))
        self.review_dialog = dialog
        dialog.open()

    def _store_reviewed(self, dialog: ReviewDialog, allow_duplicate: bool = False) -> None:
        """Store the reviewed tree; a document imported before is stored only if confirmed."""
        from ctrdesk.core.programs.service import find_by_source, store_program

        ws = self.ws
        if ws is None:
            return
        source, program = dialog.source, dialog.reviewed_program()
        existing = find_by_source(ws, source.sha256)
        if existing is not None and not allow_duplicate:
            self._confirm_duplicate(dialog, source.filename, existing)
            return

        def store(_progress: Callable[[float], None]) -> int:
            return store_program(ws, program, source_filename=source.filename,
                                 source_sha256=source.sha256, allow_duplicate=allow_duplicate)

        self._store_in_background(store)

    def _confirm_duplicate(self, dialog: ReviewDialog, filename: str, existing: int) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, "ctrdesk", _(
            "This document ({name}) was already imported as program {id}. "
            "Import it again as a new program?").format(name=filename, id=existing),
            parent=self)
        box.setObjectName("duplicateBox")
        again = box.addButton(_("Import again"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)

        def answered(_result: int) -> None:
            if box.clickedButton() is again:
                self._store_reviewed(dialog, allow_duplicate=True)

        box.finished.connect(answered)
        box.open()

    def show_error(self, message: str) -> None:
        self.operations.show_error(message)

    # -- geometry ----------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 700)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("main_window/geometry", self.saveGeometry())
        self.settings.sync()
        self.operations.wait_for_done()
        if self.ws is not None:
            self.ws.unsubscribe(self._workspace_changed)
        super().closeEvent(event)
