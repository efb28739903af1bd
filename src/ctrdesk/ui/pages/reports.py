"""Reports in the window: the register, drafts with their narratives, a page preview with zoom
and page navigation, issuing, export to PDF or .docx, signing and verifying."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ctrdesk.core.changes import Changes, Entity
from ctrdesk.core.documents.actions import NARRATIVES
from ctrdesk.core.documents.report import REQUIRED_SECTIONS
from ctrdesk.core.errors import CtrdeskError
from ctrdesk.core.i18n import _
from ctrdesk.core.signing import Pkcs12Key, TokenKey
from ctrdesk.core.store import Workspace
from ctrdesk.core.vocabulary import DOCUMENT_KIND_LABELS
from ctrdesk.ui.dialogs.verify import VerifyDialog
from ctrdesk.ui.operations import operations_of
from ctrdesk.ui.widgets.preview import Preview

KIND_LABELS = DOCUMENT_KIND_LABELS


def warm_up_signing() -> bool:
    """Load the signing libraries in the background when the page opens (see
    :func:`ctrdesk.core.signing.prepare_signing`)."""
    from ctrdesk.core.signing import prepare_signing

    prepare_signing()
    return True


class ReportsPage(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reportsPage")
        self.ws = ws
        self.kind = QComboBox(self)
        self.kind.setObjectName("documentKind")
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(_(label), kind)
        self.period = QLineEdit(self)
        self.period.setObjectName("documentPeriod")
        self.period.setPlaceholderText(_("period, e.g. {examples}").format(
            examples="Quý I/2026, 6 tháng đầu năm 2026, Năm 2026"))
        self.record = QComboBox(self)
        self.record.setObjectName("documentRecord")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        prepare = QPushButton(_("Prepare a draft"), self)
        prepare.setObjectName("prepareButton")
        prepare.clicked.connect(self.prepare)
        top = QHBoxLayout()
        for widget in (self.kind, self.period, self.record, prepare):
            top.addWidget(widget)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("registerTable")
        self.table.setHorizontalHeaderLabels([_("Number"), _("Kind"), _("Title"),
                                              _("Status")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(  # the title gets the room
            2, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda *_a: self.select())
        self.narratives: dict[str, QPlainTextEdit] = {}
        narrative_form = QFormLayout()
        for key, title in NARRATIVES.items():
            edit = QPlainTextEdit(self)
            edit.setObjectName(f"narrative_{key}")
            edit.setMaximumHeight(60)
            self.narratives[key] = edit
            # The section's own title in the document, without its numeral.
            label = title.split(". ", 1)[-1]
            if key in REQUIRED_SECTIONS:
                edit.setPlaceholderText(_("Required before issuing. Paragraphs separated "
                                          "by a blank line."))
            else:
                label = _("{section} (optional)").format(section=label)
                edit.setPlaceholderText(_("Optional: when written, the assessment is "
                                          "split into strengths and shortcomings."))
            narrative_form.addRow(label + ":", edit)
        actions = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, text, handler in (
            ("save", _("Save the draft"), self.save_draft),
            ("issue", _("Issue (give the number)"), self.issue),
            ("pdf", _("Export PDF…"), lambda: self.export(".pdf")),
            ("docx", _("Export .docx…"), lambda: self.export(".docx")),
            ("sign", _("Sign…"), self.sign_dialog),
            ("verify", _("Verify a PDF…"), self.verify_dialog),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"{name}Button")
            button.clicked.connect(handler)
            actions.addWidget(button)
            self.buttons[name] = button
        from ctrdesk.ui.protect import guard_all

        guard_all(ws, self, {prepare: "document.draft", self.buttons["save"]: "document.sections",
                             self.buttons["issue"]: "document.issue",
                             self.buttons["sign"]: "document.sign"})
        self.preview = Preview(self)
        self.preview.draft_button.clicked.connect(self.draft_report)
        self.status = QLabel(self)
        self.status.setObjectName("documentStatus")
        self.status.setWordWrap(True)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(narrative_form)
        left_layout.addLayout(actions)
        left_layout.addWidget(self.status)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setSizes([500, 600])
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>" + _("Reports") + "</h2>", self))
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.ids: list[int] = []
        self.kinds: dict[int, str] = {}
        self.verify_result: VerifyDialog | None = None
        self.last_pdf: bytes = b""  # what the preview shows
        self._generation = 0
        self._kind_changed()
        self.reload()
        self.signing_ready = False
        operations_of(self, ws).compute(warm_up_signing, self._signing_ready)

    def _signing_ready(self, _ready: object) -> None:
        self.signing_ready = True

    # -- register --
    def on_changes(self, changes: Changes) -> None:
        """The register follows documents; the meeting and inspection lists follow records."""
        if changes.is_from(self):
            return  # this page shows the results of its own actions itself
        if changes.touches(Entity.DOCUMENT):
            self.reload()
        if changes.touches(Entity.RECORD):
            self._kind_changed()

    def reload(self) -> None:
        from ctrdesk.core.documents.register import list_documents

        current = self.current_id()
        rows = list_documents(self.ws)
        self.ids = [r["id"] for r in rows]
        self.kinds = {r["id"]: r["kind"] for r in rows}
        self.table.setRowCount(len(rows))
        for row, document in enumerate(rows):
            values = [document["number"] or _("(draft)"),
                      _(KIND_LABELS.get(document["kind"], document["kind"])),
                      document["title"],
                      _("Draft") if document["status"] != "issued" else
                      _("Issued, signed") if document["signed"] else _("Issued")]
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.preview.set_empty_text(has_documents=bool(rows))
        if current in self.ids:
            self.table.blockSignals(True)
            self.table.setCurrentCell(self.ids.index(current), 0)
            self.table.blockSignals(False)

    def current_id(self) -> int | None:
        row = self.table.currentRow()
        return self.ids[row] if 0 <= row < len(self.ids) else None

    def _kind_changed(self) -> None:
        from ctrdesk.core.records.service import list_records

        kind = self.kind.currentData()
        chosen = self.record.currentData()
        self.period.setVisible(kind == "report")
        self.record.setVisible(kind in ("minutes", "notice"))
        self.record.clear()
        if kind in ("minutes", "notice"):
            records = list_records(self.ws, "session" if kind == "minutes" else "inspection",
                                   with_figures=False)
            for record in records:
                if kind == "minutes" and not record.get("held_on"):
                    continue
                label = record.get("title") or record.get("subject") or str(record["id"])
                self.record.addItem(str(label)[:80], record["id"])
            if chosen is not None:
                self.record.setCurrentIndex(max(0, self.record.findData(chosen)))

    def _run(self, work: Callable[[Callable[[float], None]], Any],
             done: Callable[[Any], None], label: str | None = None) -> None:
        """A document action: off the UI thread; a refusal is shown under the buttons."""
        operations_of(self, self.ws).run(
            work, done, on_error=lambda exc: self.status.setText(exc.message), label=label,
            origin=self)

    def prepare(self) -> None:
        from ctrdesk.core.documents.register import create_draft
        from ctrdesk.core.period import parse_period

        kind = self.kind.currentData()
        try:  # parsed once, where the user typed it; the code goes on
            period = parse_period(self.period.text()).code \
                if kind == "report" and self.period.text().strip() else None
        except CtrdeskError as exc:
            self.status.setText(exc.message)
            return
        record = self.record.currentData() if kind in ("minutes", "notice") else None
        self._run(lambda _p: create_draft(self.ws, kind, period=period, record=record),
                  self._show_document, _("Preparing the draft…"))

    def draft_report(self) -> None:
        """The empty preview's button: a report for the period typed, else this quarter."""
        from datetime import date

        from ctrdesk.core.overview import current_period

        self.kind.setCurrentIndex(self.kind.findData("report"))
        if not self.period.text().strip():
            self.period.setText(current_period(date.today()).display)
        self.prepare()

    def _show_document(self, document_id: object) -> None:
        self.reload()
        if document_id in self.ids:
            self.table.setCurrentCell(self.ids.index(int(document_id)), 0)
        self.select()

    def select(self) -> None:
        from ctrdesk.core.documents.actions import narratives_of
        from ctrdesk.core.documents.register import load, render_pdf

        document_id = self.current_id()
        if document_id is None:
            self.last_pdf = b""
            self.preview.show_pdf(b"")  # back to saying what to do
            return
        number = load(self.ws, document_id).number
        report = self.kinds.get(document_id) == "report"
        texts = narratives_of(self.ws, document_id) if report else {}
        for key, edit in self.narratives.items():
            edit.setPlainText(texts.get(key, ""))
            edit.setEnabled(report and number is None)
        self.status.setText(_("Document {number} — issued and frozen.").format(
            number=number) if number else _("Draft: not yet numbered."))
        # Laying out a long report takes a moment: off the UI thread, newest wins.
        self._generation += 1
        generation, ws = self._generation, self.ws

        def done(pdf: object) -> None:
            if generation == self._generation:
                self.last_pdf = pdf  # type: ignore[assignment]
                self.preview.show_pdf(self.last_pdf)

        self._run(lambda _p: render_pdf(ws, document_id)[0], done)

    def _texts(self) -> dict[str, str]:
        """The narrative sections as typed (a report's; other documents have none)."""
        if self.kinds.get(self.current_id() or 0) != "report":
            return {}
        return {key: edit.toPlainText().strip() for key, edit in self.narratives.items()}

    def save_draft(self) -> None:
        from ctrdesk.core.documents.actions import save_narratives

        document_id = self.current_id()
        if document_id is None:
            return
        texts = self._texts()
        if not texts:
            return
        self._run(lambda _p: save_narratives(self.ws, document_id, texts),
                  lambda _r: self.select())

    def issue(self) -> None:
        """Save the narratives and give the number, in one transaction."""
        from ctrdesk.core.documents.actions import save_narratives
        from ctrdesk.core.documents.register import issue, next_number, unfinished_sections
        from ctrdesk.core.errors import ValidationError

        document_id = self.current_id()
        if document_id is None:
            return
        texts = self._texts()

        def work(_progress: Callable[[float], None]) -> str:
            with self.ws.writing("document.issue"):
                if texts:
                    save_narratives(self.ws, document_id, texts)
                return issue(self.ws, document_id)

        def confirm(number: object) -> None:
            from ctrdesk.ui.confirm import confirm_issue

            confirm_issue(self, str(number), lambda: self._run(
                work, lambda _number: self._show_document(document_id),
                _("Issuing the document…")))

        def prepare(_progress: Callable[[float], None]) -> str:
            # The narratives are saved and checked first: what would refuse the issue is
            # said before the number is offered.
            save_narratives(self.ws, document_id, texts)
            missing = unfinished_sections(self.ws, document_id)
            if missing:
                raise ValidationError(_("The report cannot be issued while these sections "
                                        "are empty: {sections}.").format(
                                            sections="; ".join(missing)), field="sections")
            return next_number(self.ws, document_id)

        self._run(prepare, confirm)

    def export(self, suffix: str, target: str | None = None) -> None:
        from ctrdesk.core.documents.actions import export_document

        document_id = self.current_id()
        if document_id is None:
            return
        if target is None:
            target, _filter = QFileDialog.getSaveFileName(
                self, _("Export"), str(Path.home() / f"van-ban{suffix}"), f"*{suffix}")
            if not target:
                return
        chosen = target
        self._run(lambda _p: export_document(self.ws, document_id, chosen),
                  lambda path: self.status.setText(_("Saved as {path}.").format(path=path)),
                  _("Exporting…"))

    # -- signatures --
    def sign_dialog(self) -> None:
        from ctrdesk.ui.keys import KeyDialog

        dialog = KeyDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        key = dialog.form.take_key()
        target, _filter = QFileDialog.getSaveFileName(self, _("Save the signed PDF"),
                                                      str(Path.home() / "da-ky.pdf"), "*.pdf")
        if target:
            self.sign(key, Path(target))

    def sign(self, key: Pkcs12Key | TokenKey, target: Path) -> None:
        """Sign the shown (issued) document in its signature block with a key file or a
        token, off the UI thread (a token may take seconds); it is kept signed. A
        certificate of somebody other than the person the block names is asked about
        first. The secret is not kept."""
        from ctrdesk.core.documents.actions import other_signer_warning, sign_document

        document_id = self.current_id()
        if document_id is None:
            return

        def signed(_result: object) -> None:
            self.reload()
            self.status.setText(_("Signed and saved as {path}.").format(path=target))

        def sign(allow_other_signer: bool) -> None:
            self._run(lambda _p: sign_document(self.ws, document_id, key, target,
                                               allow_other_signer=allow_other_signer),
                      signed, _("Signing…"))

        def checked(warning: object) -> None:
            if not warning:
                sign(False)
                return
            from ctrdesk.ui.confirm import confirm_other_signer

            self.status.setText(_("Not signed yet: the certificate is not the "
                                  "signatory's."))
            confirm_other_signer(self, str(warning), lambda: sign(True))

        self._run(lambda _p: other_signer_warning(self.ws, document_id, key), checked,
                  _("Reading the certificate…"))

    def verify_dialog(self, path: str | None = None) -> None:
        """Verify a signed PDF off the UI thread, then show who signed and whether it holds."""
        from ctrdesk.core.signing import verify_pdf
        from ctrdesk.core.trust import trust_roots

        if not path:  # a button's click passes False
            path, _filter = QFileDialog.getOpenFileName(self, _("Verify a PDF"),
                                                        str(Path.home()), "*.pdf")
            if not path:
                return
        chosen = Path(path)

        def work(_progress: Callable[[float], None]) -> Any:
            try:
                data = chosen.read_bytes()
            except OSError as exc:
                raise CtrdeskError(_("{name} cannot be read: {error}").format(
                    name=chosen.name, error=exc.strerror or exc)) from exc
            return verify_pdf(data, trust_roots(self.ws))

        def show(report: object) -> None:
            self.verify_result = VerifyDialog(chosen, report, self)
            self.verify_result.open()

        self._run(work, show, _("Verifying the signatures…"))


