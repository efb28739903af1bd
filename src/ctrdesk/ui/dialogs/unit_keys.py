"""Units and keys: who may sign for each subordinate unit, and what this workspace trusts.

- For each unit below: the certificates enrolled to sign its packages (holder, validity,
  fingerprint, retired on), added from a certificate file or from the unit's enrollment
  file, retired with a date at a key rollover.
- The trusted root certificates and the revocation lists (CRLs) carried in by hand.
- On the unit's side: its own enrollment file, made from its signing key, to give the
  upper level.

Every change runs through the window's runner (:mod:`ctrdesk.ui.operations`); names read
from certificates are shown with control characters escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ctrdesk.core.errors import CtrdeskError
from ctrdesk.core.i18n import _, format_short_date
from ctrdesk.core.safetext import shown
from ctrdesk.ui.date_edit import DateLineEdit
from ctrdesk.ui.keys import KeyForm
from ctrdesk.ui.models.table import Column, ListTableModel
from ctrdesk.ui.operations import operations_of

if TYPE_CHECKING:
    from ctrdesk.core.store import Workspace
    from ctrdesk.core.trust import Enrolled  # noqa: F401 - base-class string


def _day(value: datetime | date | None) -> str:
    if value is None:
        return ""
    return format_short_date(value.date() if isinstance(value, datetime) else value)


def _fingerprint(sha256: str) -> str:
    """The SHA-256 fingerprint in groups, as certificate viewers show it."""
    text = sha256.upper()
    return ":".join(text[i:i + 2] for i in range(0, min(len(text), 32), 2)) + "…"


class CertificatesModel(ListTableModel["Enrolled"]):
    def __init__(self, parent: Any = None):
        super().__init__([
            Column(_("Holder"), lambda c: shown(c.subject)),
            Column(_("Valid from"), lambda c: _day(c.not_before)),
            Column(_("Valid until"), lambda c: _day(c.not_after)),
            Column(_("Fingerprint (SHA-256)"), lambda c: _fingerprint(c.sha256)),
            Column(_("Retired on"), lambda c: _day(c.retired_on)),
        ], parent)


class TrustModel(ListTableModel[dict[str, Any]]):
    def __init__(self, columns: list[Column[dict[str, Any]]], parent: Any = None):
        super().__init__(columns, parent)


def _table(parent: QWidget, name: str, model: Any) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


class UnitKeysDialog(QDialog):
    """Settings → Units and keys."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.setObjectName("unitKeysDialog")
        self.setWindowTitle(_("Units and keys"))
        self.resize(820, 520)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._units_tab(), _("Units' certificates"))
        self.tabs.addTab(self._trust_tab(), _("Trusted authorities"))
        self.tabs.addTab(self._enrollment_tab(), _("This unit's enrollment"))
        self.status = QLabel(self)
        self.status.setObjectName("unitKeysStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        from ctrdesk.ui.protect import guard_all

        guard_all(ws, self, {self.findChild(QWidget, name): action for name, action in (
            ("addUnitCertificateButton", "unit.cert.add"),
            ("retireCertificateButton", "unit.cert.retire"),
            ("addTrustRootButton", "trust.add"), ("addCrlButton", "trust.crl.add"))})
        self.reload()

    # -- building ---------------------------------------------------------------------
    def _units_tab(self) -> QWidget:
        page = QWidget(self)
        self.unit = QComboBox(page)
        self.unit.setObjectName("unitKeysUnit")
        self.unit.currentIndexChanged.connect(lambda _i: self.reload_certificates())
        self.certificates = CertificatesModel(self)
        self.certificates_table = _table(page, "unitCertificatesTable", self.certificates)
        add = QPushButton(_("Add from a certificate or enrollment file…"), page)
        add.setObjectName("addUnitCertificateButton")
        add.clicked.connect(self._choose_certificate)
        self.retire_on = DateLineEdit(page, field="retired_on", label=_("Retire on"))
        self.retire_on.setObjectName("retireOn")
        self.retire_on.set_date(date.today())
        retire = QPushButton(_("Retire the selected certificate"), page)
        retire.setObjectName("retireCertificateButton")
        retire.clicked.connect(lambda: self.retire_selected())
        explanation = QLabel(_(
            "A package is accepted only when it is signed with a certificate enrolled for "
            "the unit it names, not retired on the day it was made. At a key rollover, "
            "enroll the new certificate, then retire the old one from the day it stops."),
            page)
        explanation.setWordWrap(True)
        top = QFormLayout()
        top.addRow(_("Unit:"), self.unit)
        actions = QHBoxLayout()
        actions.addWidget(add)
        actions.addStretch(1)
        actions.addWidget(QLabel(_("Retire on:"), page))
        actions.addWidget(self.retire_on)
        actions.addWidget(retire)
        layout = QVBoxLayout(page)
        layout.addWidget(explanation)
        layout.addLayout(top)
        layout.addWidget(self.certificates_table, 1)
        layout.addLayout(actions)
        return page

    def _trust_tab(self) -> QWidget:
        page = QWidget(self)
        self.roots = TrustModel([
            Column(_("Authority"), lambda r: shown(r["subject"])),
            Column(_("Fingerprint (SHA-256)"), lambda r: _fingerprint(str(r["sha256"]))),
        ], self)
        self.crls = TrustModel([
            Column(_("Issued by"), lambda r: shown(r["issuer"])),
            Column(_("Issued on"), lambda r: _day(datetime.fromisoformat(
                str(r["this_update"])))),
            Column(_("Fingerprint (SHA-256)"), lambda r: _fingerprint(str(r["sha256"]))),
        ], self)
        add_root = QPushButton(_("Add a root certificate…"), page)
        add_root.setObjectName("addTrustRootButton")
        add_root.clicked.connect(lambda: self._choose_file(
            _("Root certificate"), _("Certificates (*.pem *.crt *.cer *.der);;All files (*)"),
            self.add_root))
        add_crl = QPushButton(_("Add a revocation list (CRL)…"), page)
        add_crl.setObjectName("addCrlButton")
        add_crl.clicked.connect(lambda: self._choose_file(
            _("Certificate revocation list"), _("Revocation lists (*.crl *.pem *.der);;"
                                                "All files (*)"), self.add_crl))
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(_("Root certificates signatures are checked against:"), page))
        layout.addWidget(_table(page, "trustRootsTable", self.roots), 1)
        layout.addWidget(add_root, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(QLabel(_("Revocation lists carried in by hand:"), page))
        layout.addWidget(_table(page, "crlTable", self.crls), 1)
        layout.addWidget(add_crl, 0, Qt.AlignmentFlag.AlignLeft)
        return page

    def _enrollment_tab(self) -> QWidget:
        page = QWidget(self)
        self.key = KeyForm(page)
        export = QPushButton(_("Export my enrollment file…"), page)
        export.setObjectName("exportEnrollmentButton")
        export.clicked.connect(self._choose_enrollment_target)
        explanation = QLabel(_(
            "The enrollment file names this unit and holds the certificate of the key it "
            "signs its packages with. Give it to the upper level, which enrolls it under "
            "Units and keys; only the certificate leaves, never the key."), page)
        explanation.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Signing key:"), self.key)
        layout = QVBoxLayout(page)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(export, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return page

    # -- reading ------------------------------------------------------------------------
    def reload(self) -> None:
        from ctrdesk.core.organizations import list_organizations, own_organization
        from ctrdesk.core.trust import list_crls, list_trust_roots

        own = own_organization(self.ws)
        chosen = self.unit.currentData()
        self.unit.blockSignals(True)
        self.unit.clear()
        for org in list_organizations(self.ws):
            if own is None or org.id != own.id:
                self.unit.addItem(shown(org.name), org.id)
        index = self.unit.findData(chosen)
        self.unit.setCurrentIndex(max(index, 0))
        self.unit.blockSignals(False)
        self.reload_certificates()
        self.roots.set_rows(list_trust_roots(self.ws))
        self.crls.set_rows(list_crls(self.ws))

    def reload_certificates(self) -> None:
        from ctrdesk.core.trust import list_unit_certificates

        unit_id = self.unit.currentData()
        self.certificates.set_rows(
            [] if unit_id is None else list_unit_certificates(self.ws, int(unit_id)))

    def choose_unit(self, name: str) -> None:
        self.unit.setCurrentIndex(self.unit.findText(name))

    # -- changing ----------------------------------------------------------------------
    def _run(self, work: Callable[[], Any], done: Callable[[Any], str]) -> None:
        def finished(result: Any) -> None:
            self.reload()
            self.status.setText(done(result))

        operations_of(self, self.ws).run(
            lambda _progress: work(), finished,
            on_error=lambda exc: self.status.setText(exc.message), origin=self)

    def _choose_file(self, title: str, filters: str, then: Callable[[Path], None]) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, title, str(Path.home()), filters)
        if name:
            then(Path(name))

    def _choose_certificate(self) -> None:
        self._choose_file(_("Certificate or enrollment file"),
                          _("Certificates and enrollment files (*.pem *.crt *.cer *.der "
                            "*.json);;All files (*)"), self.add_certificate)

    def add_certificate(self, path: Path) -> None:
        """Enroll the certificate of ``path`` (certificate or enrollment file) for the
        unit chosen."""
        from ctrdesk.core.trust import enroll_certificate

        unit_id = self.unit.currentData()
        if unit_id is None:
            self.status.setText(_("There is no unit below this one to enroll a key for."))
            return
        unit = self.unit.currentText()
        self._run(lambda: enroll_certificate(self.ws, int(unit_id), path),
                  lambda _id: _("The certificate of {file} is enrolled for {unit}.").format(
                      file=shown(path.name), unit=unit))

    def retire_selected(self, on: date | None = None) -> None:
        """Retire the selected certificate from ``on`` (the date typed by default)."""
        from ctrdesk.core.trust import retire_certificate

        rows = self.certificates_table.selectionModel().selectedRows()
        if not rows:
            self.status.setText(_("Select the certificate to retire."))
            return
        if on is None:
            try:
                on = self.retire_on.date_value()
            except CtrdeskError as exc:
                self.status.setText(exc.message)
                return
            if on is None:
                self.status.setText(_("Give the date from which it is retired."))
                return
        certificate = self.certificates.row_at(rows[0].row())
        day = on
        self._run(lambda: retire_certificate(self.ws, str(certificate.id), day),
                  lambda _id: _("Retired from {date}: packages made from that day with "
                                "this certificate are refused.").format(
                      date=format_short_date(day)))

    def add_root(self, path: Path) -> None:
        from ctrdesk.core.trust import add_trust_root

        self._run(lambda: add_trust_root(self.ws, path),
                  lambda _id: _("{file} is trusted.").format(file=shown(path.name)))

    def add_crl(self, path: Path) -> None:
        from ctrdesk.core.trust import add_crl

        self._run(lambda: add_crl(self.ws, path),
                  lambda _id: _("The revocation list {file} is kept.").format(
                      file=shown(path.name)))

    def _choose_enrollment_target(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save the enrollment file"), str(Path.home() / "dang-ky-khoa.json"),
            _("Enrollment files (*.json)"))
        if name:
            self.export_enrollment(Path(name))

    def export_enrollment(self, target: Path) -> None:
        """This unit's enrollment file, from the certificate of the key in the form."""
        from ctrdesk.core.files import write_whole
        from ctrdesk.core.trust import enrollment_file, key_certificate

        missing = self.key.missing()
        if missing:
            self.status.setText(missing)
            return
        key = self.key.take_key()  # the password or PIN is not kept
        ws = self.ws
        self._run(lambda: write_whole(target, enrollment_file(ws, key_certificate(key))),
                  lambda path: _("Saved as {path}. Give it to the upper level.").format(
                      path=path))


def open_unit_keys(parent: QWidget, ws: Workspace) -> UnitKeysDialog:
    """Open Units and keys over ``parent`` (Settings, the Submissions page, the menu)."""
    dialog = UnitKeysDialog(ws, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
