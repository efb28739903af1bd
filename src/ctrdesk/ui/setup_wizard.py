"""First-run setup: the committee, its term, its members, secretary and deputy, the upper
level's certificate. Shown at start while the workspace is not set up (core.setup says
what is missing) and from Settings at any time.

Each step is stored when the user goes on (through the operations runner): a wizard left
half-way keeps what was given, and shows it again the next time.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ctrdesk.core.errors import CtrdeskError
from ctrdesk.core.i18n import _
from ctrdesk.core.validation import label_of
from ctrdesk.core.vocabulary import ORGANIZATION_KIND_LABELS
from ctrdesk.ui.date_edit import DateLineEdit
from ctrdesk.ui.operations import operations_of
from ctrdesk.ui.widgets.messages import error_label

if TYPE_CHECKING:
    from ctrdesk.core.store import Workspace

KIND_LABELS = ORGANIZATION_KIND_LABELS
NEW = -1


class _StoredStep(QWizardPage):
    """A step stored when the user goes on: Next waits for the core, errors stay here."""

    def __init__(self, wizard: SetupWizard):
        super().__init__(wizard)
        self.setup_wizard = wizard
        self.errors = error_label(self, "stepErrors")
        self._stored = False

    def work(self) -> Any:
        """What to store (a callable taking progress); None: nothing; False: refused here."""
        return None

    def validatePage(self) -> bool:
        if self._stored:
            self._stored = False
            return True
        work = self.work()
        if work is None or work is False:
            return work is None
        self.errors.hide()

        def done(_result: object) -> None:
            self._stored = True
            if self.setup_wizard.currentPage() is self:
                if self.isFinalPage():
                    self.setup_wizard.accept()
                else:
                    self.setup_wizard.next()

        def refused(exc: CtrdeskError) -> None:
            self.errors.setText(exc.message)
            self.errors.show()

        operations_of(self, self.setup_wizard.ws).run(work, done, on_error=refused,
                                                      origin=self.setup_wizard)
        return False


class CommitteeStep(_StoredStep):
    def __init__(self, wizard: SetupWizard):
        super().__init__(wizard)
        self.setTitle(_("The committee"))
        self.setSubTitle(_("Choose the committee this workspace belongs to from the "
                           "organization tree, or create it."))
        self.existing = QComboBox(self)
        self.existing.setObjectName("existingCommittee")
        self.name = QLineEdit(self)
        self.name.setObjectName("committeeName")
        self.kind = QComboBox(self)
        self.kind.setObjectName("committeeKind")
        for code, label in KIND_LABELS.items():
            self.kind.addItem(_(label), code)
        self.abbreviation = QLineEdit(self)
        self.abbreviation.setObjectName("abbreviation")
        self.abbreviation.setPlaceholderText(_("e.g. CB"))
        self.superior = QLineEdit(self)
        self.superior.setObjectName("superiorName")
        self.superior.setPlaceholderText(
            _("e.g. Đảng bộ VKSND tối cao (the header prints it in capitals)"))
        self.place = QLineEdit(self)
        self.place.setObjectName("placeName")
        self.place.setPlaceholderText(_("e.g. Hà Nội"))
        self.term_start = DateLineEdit(self, field="term_start", label=_("Term from"))
        self.term_start.setObjectName("termStart")
        self.term_end = DateLineEdit(self, field="term_end", label=_("Term to"))
        self.term_end.setObjectName("termEnd")
        form = QFormLayout()
        form.addRow(_("From the tree:"), self.existing)
        form.addRow(_("Committee name:"), self.name)
        form.addRow(label_of("kind") + ":", self.kind)
        form.addRow(label_of("abbreviation") + ":", self.abbreviation)
        form.addRow(_("Superior body as printed:"), self.superior)
        form.addRow(label_of("place") + ":", self.place)
        term = QHBoxLayout()
        term.addWidget(self.term_start)
        term.addWidget(QLabel("–", self))
        term.addWidget(self.term_end)
        form.addRow(_("Term (from – to):"), term)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors)
        self.existing.currentIndexChanged.connect(self._chosen)
        self._fill()

    def _fill(self) -> None:
        from ctrdesk.core.organizations import list_organizations, own_organization
        from ctrdesk.core.setup import get_setting

        ws = self.setup_wizard.ws
        own = own_organization(ws)
        self.existing.addItem(_("(create a new committee)"), NEW)
        for org in list_organizations(ws):
            if org.kind in ("group", "advisory_body"):
                continue
            self.existing.addItem("    " * org.depth + org.name, org.id)
        if own is not None:
            self.existing.setCurrentIndex(max(0, self.existing.findData(own.id)))
            self.abbreviation.setText(own.abbreviation)
        self.superior.setText(get_setting(ws, "superior_name"))
        self.place.setText(get_setting(ws, "place"))
        from datetime import date

        from ctrdesk.core.documents.terms import list_terms

        terms = list_terms(ws, own.id) if own is not None else []
        if terms:  # the latest term of the committee
            self.term_start.set_date(date.fromisoformat(terms[-1]["start"]))
            self.term_end.set_date(date.fromisoformat(terms[-1]["end"]))
        self._chosen()

    def _chosen(self, _index: int = 0) -> None:
        new = self.existing.currentData() == NEW
        self.name.setEnabled(new)
        self.kind.setEnabled(new)

    def work(self) -> Any:
        from ctrdesk.core.setup import setup_committee

        ws = self.setup_wizard.ws
        chosen = self.existing.currentData()
        values: dict[str, Any] = {
            "abbreviation": self.abbreviation.text(), "superior_name": self.superior.text(),
            "place": self.place.text(), "term_start": self.term_start.text(),
            "term_end": self.term_end.text()}
        if chosen == NEW:
            values.update(name=self.name.text(), kind=self.kind.currentData())
        else:
            values["organization"] = chosen

        def store(_progress: object) -> int:
            # The term given becomes the committee's numbering term (core.setup).
            return setup_committee(ws, **values)

        return store


class MembersStep(QWizardPage):
    def __init__(self, wizard: SetupWizard):
        super().__init__(wizard)
        self.setup_wizard = wizard
        self.setTitle(_("The members"))
        self.setSubTitle(_("Enter the unit's Party members by hand, or import the list "
                           "(.xlsx or .csv) kept by the unit."))
        self.layout_ = QVBoxLayout(self)
        self.members: Any = None

    def initializePage(self) -> None:
        from ctrdesk.ui.pages.members import MembersPage

        if self.members is None:
            self.members = MembersPage(self.setup_wizard.ws, self)
            self.layout_.addWidget(self.members)
        self.members.reload()


class PositionsStep(_StoredStep):
    def __init__(self, wizard: SetupWizard):
        super().__init__(wizard)
        self.setTitle(_("Secretary, deputy and certificates"))
        self.setSubTitle(_("Documents are signed in the secretary's name. The upper "
                           "level's certificate checks the programs and packages it sends."))
        self.secretary = QComboBox(self)
        self.secretary.setObjectName("secretary")
        self.deputy = QComboBox(self)
        self.deputy.setObjectName("deputy")
        self.key_file = QLineEdit(self)
        self.key_file.setObjectName("signingKeyFile")
        self.trust_file = QLineEdit(self)
        self.trust_file.setObjectName("trustFile")
        form = QFormLayout()
        form.addRow(_("Secretary:"), self.secretary)
        form.addRow(_("Deputy secretary:"), self.deputy)
        form.addRow(_("Signing key file (optional):"),
                    self._with_browse(self.key_file, _("Key files (*.p12 *.pfx);;All files (*)")))
        form.addRow(_("Upper level's certificate (optional):"),
                    self._with_browse(self.trust_file,
                                      _("Certificates (*.pem *.crt *.cer *.der);;All files (*)")))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors)

    def _with_browse(self, edit: QLineEdit, filters: str) -> QWidget:
        row = QWidget(self)
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(edit, 1)
        button = QPushButton(_("Choose…"), row)

        def choose() -> None:
            path, _f = QFileDialog.getOpenFileName(self, _("Choose a file"), str(Path.home()),
                                                   filters)
            if path:
                edit.setText(path)

        button.clicked.connect(choose)
        box.addWidget(button)
        return row

    def initializePage(self) -> None:
        from ctrdesk.core.people.members import list_members

        members = list_members(self.setup_wizard.ws)
        for combo, role in ((self.secretary, "secretary"), (self.deputy, "deputy_secretary")):
            combo.clear()
            combo.addItem(_("(not chosen)"), None)
            for m in members:
                combo.addItem(m.full_name, m.id)
                if m.role == role:
                    combo.setCurrentIndex(combo.count() - 1)
        settings = self.setup_wizard.app_settings
        if settings is not None and not self.key_file.text():
            self.key_file.setText(str(settings.value("signing/key_file") or ""))

    def work(self) -> Any:
        from ctrdesk.core.errors import ValidationError
        from ctrdesk.core.setup import set_committee_position, trust_upper_level

        ws = self.setup_wizard.ws
        secretary, deputy = self.secretary.currentData(), self.deputy.currentData()
        trust = self.trust_file.text().strip()
        key = self.key_file.text().strip()
        if key and not Path(key).is_file():
            self.errors.setText(_("The signing key file {path} does not exist.").format(
                path=key))
            self.errors.show()
            return False
        settings = self.setup_wizard.app_settings
        if settings is not None:
            settings.setValue("signing/key_file", key)

        def store(_progress: object) -> None:
            if secretary is not None and secretary == deputy:
                raise ValidationError(_("The secretary and the deputy are two different "
                                        "members."), field="deputy")
            if secretary is not None:
                set_committee_position(ws, secretary, "secretary")
            if deputy is not None:
                set_committee_position(ws, deputy, "deputy_secretary")
            if trust:
                trust_upper_level(ws, trust)

        return store


class SetupWizard(QWizard):
    """Setting up the committee; ``accepted`` once every step is stored."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None, app_settings: Any = None):
        super().__init__(parent)
        self.ws = ws
        self.app_settings = app_settings
        self.setObjectName("setupWizard")
        self.setWindowTitle(_("Set up the committee"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setButtonText(QWizard.WizardButton.NextButton, _("Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("< Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Finish"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Later"))
        self.committee = CommitteeStep(self)
        self.members = MembersStep(self)
        self.positions = PositionsStep(self)
        for page in (self.committee, self.members, self.positions):
            self.addPage(page)
        self.resize(760, 560)

    def missing(self) -> list[str]:
        from ctrdesk.core.setup import setup_status

        return [m.message for m in setup_status(self.ws).missing if m.required]
