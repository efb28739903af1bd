"""The settings page: the workspace (file, unit, language), the committee's settings that
documents and checks use (core.setup.SETTINGS), the terms, the certificates trusted and
enrolled, the backups folder. Every change is stored through the operations runner; a
refused value is shown beside the form, all of them at once."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ctrdesk.core.changes import Entity
from ctrdesk.core.i18n import _, current_language, format_short_date
from ctrdesk.core.vocabulary import DOCUMENT_KIND_PLURALS
from ctrdesk.ui.date_edit import DateLineEdit
from ctrdesk.ui.widgets.messages import error_label

if TYPE_CHECKING:
    from ctrdesk.core.changes import Changes
    from ctrdesk.core.store import Workspace
    from ctrdesk.ui.main_window import MainWindow

KIND_NAMES = DOCUMENT_KIND_PLURALS


class CommitteeSettings(QWidget):
    """The settings of core.setup, one field each, saved together."""

    def __init__(self, window: MainWindow, parent: QWidget):
        super().__init__(parent)
        from ctrdesk.core.setup import DOCUMENT_KINDS, SETTINGS

        self._window = window
        self.fields: dict[str, Any] = {}
        general = QFormLayout()
        per_kind = {kind: QFormLayout() for kind in DOCUMENT_KINDS}
        for spec in SETTINGS:
            if spec.kind == "date":
                widget: Any = DateLineEdit(self, field=spec.key, label=_(spec.label))
            elif spec.kind == "member":
                widget = QComboBox(self)
            elif spec.kind == "lines":
                widget = QPlainTextEdit(self)
                widget.setPlaceholderText(_("One recipient a line"))
                widget.setMaximumHeight(90)
            else:
                widget = QLineEdit(self)
            widget.setObjectName("setting_" + spec.key.replace(".", "_"))
            self.fields[spec.key] = widget
            kind = spec.key.split(".", 1)[1] if spec.kind in ("member", "lines") else None
            (per_kind[kind] if kind else general).addRow(_(spec.label) + ":", widget)
        layout = QVBoxLayout(self)
        layout.addLayout(general)
        for kind, form in per_kind.items():
            box = QGroupBox(_(KIND_NAMES[kind]), self)
            box.setLayout(form)
            layout.addWidget(box)
        self.errors = error_label(self, "settingsErrors")
        layout.addWidget(self.errors)
        row = QHBoxLayout()
        self.save_button = QPushButton(_("Save the settings"), self)
        self.save_button.setObjectName("saveSettings")
        self.save_button.clicked.connect(lambda _c=False: self.save())
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout.addLayout(row)

    def reload(self, ws: Workspace) -> None:
        from ctrdesk.core.people.members import list_members
        from ctrdesk.core.setup import SETTINGS, all_settings

        try:
            members = list_members(ws)
        except Exception:  # no committee chosen yet: nobody to choose
            members = []
        values = all_settings(ws)
        for spec in SETTINGS:
            widget, value = self.fields[spec.key], values.get(spec.key)
            if spec.kind == "date":
                widget.set_date(date.fromisoformat(value) if value else None)
            elif spec.kind == "member":
                widget.clear()
                widget.addItem(_("(the secretary)"), 0)
                for m in members:
                    widget.addItem(m.full_name, m.id)
                widget.setCurrentIndex(max(0, widget.findData(value or 0)))
            elif spec.kind == "lines":
                widget.setPlainText("\n".join(value or []))
            elif spec.kind == "share":
                widget.setText(f"{float(value or 0) * 100:g}".replace(".", ",") + " %")
            else:
                widget.setText(str(value or ""))

    def values(self) -> dict[str, Any]:
        from ctrdesk.core.setup import SETTINGS

        out: dict[str, Any] = {}
        for spec in SETTINGS:
            widget = self.fields[spec.key]
            if spec.kind == "member":
                out[spec.key] = widget.currentData() or ""
            elif spec.kind == "lines":
                out[spec.key] = widget.toPlainText()
            else:
                out[spec.key] = widget.text()
        return out

    def save(self) -> None:
        from ctrdesk.core.setup import set_settings

        ws, values = self._window.ws, self.values()
        if ws is None:
            return
        self.errors.hide()

        def refused(exc: Any) -> None:
            self.errors.setText(exc.message)
            self.errors.show()

        self._window.operations.run(
            lambda _p: set_settings(ws, values),
            lambda _r: self._window.statusBar().showMessage(_("Settings saved."), 5000),
            on_error=refused, origin=self)


class CertificatesSettings(QWidget):
    """Trusted roots (the upper level) and the certificates enrolled for units."""

    def __init__(self, window: MainWindow, parent: QWidget):
        super().__init__(parent)
        self._window = window
        self.roots = QListWidget(self)
        self.roots.setObjectName("trustRoots")
        self.enrolled = QListWidget(self)
        self.enrolled.setObjectName("unitCertificates")
        self.unit = QComboBox(self)
        self.unit.setObjectName("enrollUnit")
        add_root = QPushButton(_("Trust a certificate…"), self)
        add_root.setObjectName("addTrustRoot")
        add_root.clicked.connect(lambda _c=False: self.choose_root())
        enroll = QPushButton(_("Enroll a unit's certificate…"), self)
        enroll.setObjectName("enrollCertificate")
        enroll.clicked.connect(lambda _c=False: self.choose_enrollment())
        retire = QPushButton(_("Retire the chosen certificate"), self)
        retire.setObjectName("retireCertificate")
        retire.clicked.connect(lambda _c=False: self.retire_selected())
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Trusted roots (the upper level's certificates):"), self))
        layout.addWidget(self.roots)
        layout.addWidget(add_root)
        layout.addWidget(QLabel(_("Certificates of the units reporting here:"), self))
        layout.addWidget(self.enrolled)
        row = QHBoxLayout()
        row.addWidget(self.unit, 1)
        row.addWidget(enroll)
        row.addWidget(retire)
        layout.addLayout(row)

    def reload(self, ws: Workspace) -> None:
        from ctrdesk.core.organizations import list_organizations
        from ctrdesk.core.trust import list_trust_roots, list_unit_certificates

        self.roots.clear()
        for root in list_trust_roots(ws):
            self.roots.addItem(str(root["subject"]))
        self.enrolled.clear()
        for cert in list_unit_certificates(ws):
            state = (_("retired {day}").format(day=format_short_date(cert.retired_on))
                     if cert.retired_on else _("in use"))
            self.enrolled.addItem(f"{cert.unit} — {cert.subject} ({state})")
            item = self.enrolled.item(self.enrolled.count() - 1)
            item.setData(256, cert.sha256)
        self.unit.clear()
        for org in list_organizations(ws):
            self.unit.addItem("    " * org.depth + org.name, org.id)

    def _run(self, work: Any) -> None:
        ws = self._window.ws
        if ws is not None:
            self._window.operations.run(lambda _p: work(ws), lambda _r: self.reload(ws),
                                        origin=self)

    def add_root(self, path: Path) -> None:
        from ctrdesk.core.trust import add_trust_root

        self._run(lambda ws: add_trust_root(ws, path))

    def enroll(self, unit_id: int, path: Path) -> None:
        from ctrdesk.core.trust import enroll_certificate

        self._run(lambda ws: enroll_certificate(ws, unit_id, path))

    def retire_selected(self) -> None:
        from ctrdesk.core.trust import retire_certificate

        item = self.enrolled.currentItem()
        if item is not None:
            sha = str(item.data(256))
            self._run(lambda ws: retire_certificate(ws, sha))

    def _choose(self) -> Path | None:
        path, _f = QFileDialog.getOpenFileName(
            self, _("Choose a certificate"), str(Path.home()),
            _("Certificates (*.pem *.crt *.cer *.der);;All files (*)"))
        return Path(path) if path else None

    def choose_root(self) -> None:
        path = self._choose()
        if path:
            self.add_root(path)

    def choose_enrollment(self) -> None:
        path = self._choose()
        unit = self.unit.currentData()
        if path and unit is not None:
            self.enroll(int(unit), path)


class TermsAndBackups(QWidget):
    """The committee's terms (document numbers restart with each) and the backups folder."""

    def __init__(self, window: MainWindow, parent: QWidget):
        super().__init__(parent)
        self._window = window
        self.terms = QListWidget(self)
        self.terms.setObjectName("termsList")
        self.term_start = DateLineEdit(self, field="start", label=_("Term from"))
        self.term_end = DateLineEdit(self, field="end", label=_("Term to"))
        add = QPushButton(_("Add the term"), self)
        add.setObjectName("addTerm")
        add.clicked.connect(lambda _c=False: self.add_term())
        self.folder = QLineEdit(self)
        self.folder.setObjectName("backupFolder")
        self.folder.setReadOnly(True)
        choose = QPushButton(_("Choose…"), self)
        choose.setObjectName("chooseBackupFolder")
        choose.clicked.connect(lambda _c=False: self.choose_folder())
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Terms of the committee (document numbers restart at 01 "
                                  "with each term):"), self))
        layout.addWidget(self.terms)
        row = QHBoxLayout()
        row.addWidget(self.term_start)
        row.addWidget(QLabel("–", self))
        row.addWidget(self.term_end)
        row.addWidget(add)
        layout.addLayout(row)
        layout.addWidget(QLabel(_("Folder of automatic backups (e.g. a USB stick):"), self))
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        layout.addLayout(row)
        layout.addStretch(1)

    def reload(self, ws: Workspace) -> None:
        from ctrdesk.core.documents.terms import list_terms
        from ctrdesk.core.organizations import own_organization
        from ctrdesk.core.security.backup import backup_folder

        self.terms.clear()
        own = own_organization(ws)
        for term in list_terms(ws, own.id if own else None):
            self.terms.addItem("{name}: {start} – {end}".format(
                name=term["name"], start=format_short_date(date.fromisoformat(term["start"])),
                end=format_short_date(date.fromisoformat(term["end"]))))
        folder = backup_folder(ws)
        self.folder.setText(str(folder) if folder else "")

    def add_term(self) -> None:
        from ctrdesk.core.documents.terms import add_term
        from ctrdesk.core.errors import ValidationError

        ws = self._window.ws
        if ws is None:
            return
        try:
            start, end = self.term_start.date_value(), self.term_end.date_value()
        except ValidationError as exc:
            self._window.show_error(exc.message)
            return
        if start is None or end is None:
            self._window.show_error(_("Give the first and the last day of the term."))
            return
        self._window.operations.run(lambda _p: add_term(ws, start, end),
                                    lambda _r: self.reload(ws), origin=self)

    def set_folder(self, folder: str) -> None:
        from ctrdesk.core.security.backup import configure

        ws = self._window.ws
        if ws is not None:
            self._window.operations.run(lambda _p: configure(ws, folder),
                                        lambda _r: self.reload(ws), origin=self)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Folder of automatic backups"),
                                                  self.folder.text() or str(Path.home()))
        if folder:
            self.set_folder(folder)


class WorkspaceSettings(QWidget):
    """The workspace itself: its file, schema, own unit and language."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self._window = window
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>" + _("Settings") + "</h2>", self))
        form = QFormLayout()
        self.path_label = QLabel(self)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.schema_label = QLabel(self)
        self.unit_combo = QComboBox(self)
        self.unit_combo.setObjectName("ownUnitCombo")
        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("languageCombo")
        self.language_combo.addItem("Tiếng Việt", "vi")
        self.language_combo.addItem("English", "en")
        form.addRow(_("Workspace file:"), self.path_label)
        form.addRow(_("Schema version:"), self.schema_label)
        form.addRow(_("This workspace belongs to:"), self.unit_combo)
        form.addRow(_("Language (applies at next start):"), self.language_combo)
        layout.addLayout(form)
        self.setup_button = QPushButton(_("Set up the committee…"), self)
        self.setup_button.setObjectName("openSetupWizard")
        self.setup_button.clicked.connect(lambda _c=False: window.open_setup_wizard())
        layout.addWidget(self.setup_button)
        layout.addStretch(1)
        self.unit_combo.activated.connect(self._unit_chosen)
        self.language_combo.activated.connect(self._language_chosen)
        if window.ws is not None:
            self.reload(window.ws)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(Entity.ORGANIZATION, Entity.SETTING) and self._window.ws:
            self.reload(self._window.ws)

    def reload(self, ws: Workspace) -> None:
        from ctrdesk.core.organizations import list_organizations, own_organization

        self.path_label.setText(str(ws.path))
        self.schema_label.setText(str(ws.schema_version))
        own = own_organization(ws)
        self.unit_combo.clear()
        self.unit_combo.addItem(_("(not chosen)"), None)
        for org in list_organizations(ws):
            self.unit_combo.addItem("    " * org.depth + org.name, org.id)
            if own and org.id == own.id:
                self.unit_combo.setCurrentIndex(self.unit_combo.count() - 1)
        saved = self._window.settings.value("language") or current_language()
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(saved)))

    def _unit_chosen(self, index: int) -> None:
        from ctrdesk.core.organizations import set_own_organization

        org_id = self.unit_combo.itemData(index)
        ws = self._window.ws
        if org_id is not None and ws is not None:
            self._window.operations.run(lambda _p: set_own_organization(ws, org_id),
                                        origin=self)

    def _language_chosen(self, index: int) -> None:
        self._window.settings.setValue("language", self.language_combo.itemData(index))


class SettingsPage(WorkspaceSettings):
    """The workspace's settings, then the committee's in tabs."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("settingsTabs")
        self.committee = CommitteeSettings(window, self)
        self.certificates = CertificatesSettings(window, self)
        self.terms_backups = TermsAndBackups(window, self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.committee)
        self.tabs.addTab(scroll, _("Documents and checks"))
        self.tabs.addTab(self.terms_backups, _("Terms and backups"))
        self.tabs.addTab(self.certificates, _("Certificates"))
        from ctrdesk.ui.dialogs.accounts import AccountsPanel

        self.accounts = AccountsPanel(window, self)
        self.tabs.addTab(self.accounts, _("Accounts"))
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.takeAt(layout.count() - 1)  # the page's stretch: the tabs take the room
        layout.addWidget(self.tabs, 1)
        from ctrdesk.ui.protect import guard_all

        guard_all(window.ws, self, {self.findChild(QWidget, name): action for name, action in (
            ("saveSettings", "settings"), ("addTrustRoot", "trust.add"),
            ("enrollCertificate", "unit.cert.add"), ("retireCertificate", "unit.cert.retire"),
            ("addTerm", "term.add"), ("chooseBackupFolder", "backup.settings"),
            ("openSetupWizard", "setup.committee"), ("ownUnitCombo", "setting"))})
        if window.ws is not None:
            self.reload(window.ws)

    def reload(self, ws: Workspace) -> None:
        super().reload(ws)
        for part in ("committee", "certificates", "terms_backups", "accounts"):
            widget = getattr(self, part, None)
            if widget is not None:
                widget.reload(ws)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(Entity.ORGANIZATION, Entity.SETTING, Entity.PERSON,
                                   Entity.TRUST) \
                and self._window.ws:
            self.reload(self._window.ws)
