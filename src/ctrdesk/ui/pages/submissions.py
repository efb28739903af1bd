"""Submissions: packages received from the units, the package this unit sends upward,
and the consolidation dashboard with its charts and drill-down to each unit.

Importing packages and consolidating run off the UI thread (see :mod:`ctrdesk.ui.operations`);
the charts are painted from the consolidation's figures, nothing is recomputed here.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ctrdesk.core.changes import Changes, Entity
from ctrdesk.core.i18n import _, format_number, format_percent, format_share
from ctrdesk.core.safetext import shown
from ctrdesk.core.vocabulary import choice_label, submission_status_label
from ctrdesk.ui.keys import KeyForm, path_row
from ctrdesk.ui.operations import Task, operations_of

if TYPE_CHECKING:
    from ctrdesk.core.exchange.consolidation import Consolidation, UnitDetail
    from ctrdesk.core.exchange.importer import (  # noqa: F401 - base-class string
        FileOutcome,
        ReceivedSubmission,
    )
    from ctrdesk.core.store import Workspace
from ctrdesk.ui.models.submissions import ReceivedModel, UnitsModel, when
from ctrdesk.ui.widgets.charts import (
    AttainmentChart,
    SubmissionsChart,
)
from ctrdesk.ui.widgets.tables import row_table

PERIOD_HINT = "Quý I/2026, 6 tháng đầu năm 2026, 9 tháng đầu năm 2026, Năm 2026"




class ReceivedView(QWidget):
    """The packages received, with their history, and importing new ones."""

    imported = Signal(object)  # the list of FileOutcome of a batch

    def __init__(self, ws: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.period = QLineEdit(self)
        self.period.setObjectName("receivedPeriod")
        self.period.setPlaceholderText(_("all periods ({hint})").format(hint=PERIOD_HINT))
        self.period.editingFinished.connect(self.reload)
        self.history = QCheckBox(_("Show superseded packages"), self)
        self.history.setObjectName("showHistory")
        self.history.setChecked(True)
        self.history.toggled.connect(lambda _on: self.reload())
        import_button = QPushButton(_("Import packages…"), self)
        import_button.setObjectName("importPackagesButton")
        import_button.clicked.connect(self._choose_packages)
        top = QHBoxLayout()
        top.addWidget(self.period, 1)
        top.addWidget(self.history)
        top.addWidget(import_button)
        self.model = ReceivedModel(self)
        self.table = row_table(self.model, "receivedTable", self, single=False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.outcome = QTextBrowser(self)
        self.outcome.setObjectName("importOutcome")
        self.outcome.setMaximumHeight(140)
        self.outcome.setPlaceholderText(_(
            "Packages are checked before anything is stored: the signature, every file's "
            "hash, the sender and the period. Drop .ctrsub files here or use Import."))
        from ctrdesk.ui.protect import guard_all

        guard_all(ws, self, {import_button: "submission.import"})
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.outcome)
        self._loaded = False  # read when first shown, not while the window starts

    def showEvent(self, event: QShowEvent) -> None:
        if not self._loaded:
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        from ctrdesk.core.errors import CtrdeskError
        from ctrdesk.core.exchange.importer import received_submissions
        from ctrdesk.core.period import parse_period

        try:  # the period is parsed once, here where the user typed it
            period = parse_period(self.period.text()).code if self.period.text().strip() \
                else None
            rows = received_submissions(self.ws, period, history=self.history.isChecked())
        except CtrdeskError as exc:
            self.outcome.setPlainText(exc.message)
            return
        self._loaded = True
        self.model.set_rows(rows)

    def _choose_packages(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, _("Import submission packages"), str(Path.home()),
            _("Submission packages (*.ctrsub);;All files (*)"))
        if names:
            self.import_packages([Path(n) for n in names])

    def import_packages(self, paths: list[Path]) -> Task:
        """Verify and store the packages off the UI thread, with progress and cancel; when
        cancelled, every file's outcome is shown all the same."""
        from ctrdesk.core.exchange.importer import BatchCancelled, import_files

        ws = self.ws

        def work(progress: Callable[[float], None]) -> tuple[list[FileOutcome], bool]:
            try:
                return import_files(ws, paths, progress), False
            except BatchCancelled as exc:
                return exc.outcomes, True

        return operations_of(self, ws).run(
            work, self._show_outcomes,
            on_error=lambda exc: self.outcome.setPlainText(exc.message),
            label=_("Checking and importing {count} packages…").format(count=len(paths)),
            origin=self)

    def _show_outcomes(self, result: object) -> None:
        outcomes, cancelled = cast("tuple[list[FileOutcome], bool]", result)
        self.outcome.setHtml(outcomes_html(outcomes, cancelled))
        self.reload()
        self.imported.emit(outcomes)


def outcomes_html(outcomes: list[FileOutcome], cancelled: bool = False) -> str:
    """Every file's outcome, one line each; names and reasons from outside are shown
    escaped (control characters and markup), never interpreted."""
    refused = [o for o in outcomes if o.status == "refused"]
    summary = _("{stored} of {count} packages stored, {refused} refused.").format(
        stored=len(outcomes) - len(refused), count=len(outcomes), refused=len(refused))
    if cancelled:
        summary = _("The import was cancelled.") + " " + summary
    lines = [html.escape(summary)]
    for outcome in outcomes:
        text = shown(outcome.reason, 2000) if outcome.status == "refused" else \
            f"{shown(outcome.file)}: {shown(outcome.unit)}, {shown(outcome.period)} — " \
            f"{submission_status_label(outcome.status)}"
        colour = "#c62828" if outcome.status == "refused" else "#2e7d32"
        lines.append(f'<span style="color:{colour}">{html.escape(text)}</span>')
    return "<br>".join(lines)


class SendView(QWidget):
    """This unit's signed package for a period, to copy or e-mail to the upper level."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.period = QLineEdit(self)
        self.period.setObjectName("sendPeriod")
        self.period.setPlaceholderText(PERIOD_HINT)
        self.key = KeyForm(self)
        self.target, target_row = path_row(self, "sendTarget", self._choose_target)
        form = QFormLayout()
        form.addRow(_("Period:"), self.period)
        form.addRow(_("Signing key:"), self.key)
        form.addRow(_("Save the package as:"), target_row)
        create = QPushButton(_("Create the signed package"), self)
        create.setObjectName("createPackageButton")
        create.clicked.connect(self.create_package)
        from ctrdesk.ui.protect import guard_all

        guard_all(ws, self, {create: "submission.export"})
        self.status = QLabel(self)
        self.status.setObjectName("sendStatus")
        self.status.setWordWrap(True)
        explanation = QLabel(_(
            "The package holds this unit's program with item statuses and progress, target "
            "readings, the records of the period and the documents issued in it, with a "
            "manifest signed by the unit's key. A workspace that consolidates its own units "
            "adds its roll-up of them, so every level reports the same way."), self)
        explanation.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(create, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def _choose_target(self) -> None:
        suggested = f"{self.period.text().strip() or 'bao-cao'}.ctrsub"
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save the package"), str(Path.home() / suggested), "*.ctrsub")
        if name:
            self.target.setText(name)

    def create_package(self) -> None:
        from ctrdesk.core.errors import CtrdeskError
        from ctrdesk.core.exchange.package import write_submission
        from ctrdesk.core.period import parse_period

        period, target = self.period.text().strip(), self.target.text().strip()
        missing = self.key.missing()
        if missing or not (period and target):
            self.status.setText(missing or _("Give the period and where to save."))
            return
        try:
            period = parse_period(period).code
        except CtrdeskError as exc:
            self.status.setText(exc.message)
            return
        key = self.key.take_key()  # the password or PIN is not kept
        ws = self.ws
        operations_of(self, ws).run(
            lambda _progress: write_submission(ws, period, key, Path(target)),
            lambda path: self.status.setText(_("Saved as {path}.").format(path=path)),
            on_error=lambda exc: self.status.setText(exc.message),
            label=_("Signing the package…"), origin=self)


# --- charts --------------------------------------------------------------------------------



class DashboardView(QWidget):
    """The consolidation of a period: figures, charts, units, and one unit's data."""

    consolidated = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.data: Consolidation | None = None
        self.period = QLineEdit(self)
        self.period.setObjectName("dashboardPeriod")
        self.period.setPlaceholderText(PERIOD_HINT)
        self.period.returnPressed.connect(self.consolidate)
        run = QPushButton(_("Consolidate"), self)
        run.setObjectName("consolidateButton")
        run.clicked.connect(self.consolidate)
        self.export_button = QPushButton(_("Consolidated report (PDF)…"), self)
        self.export_button.setObjectName("exportConsolidatedButton")
        self.export_button.clicked.connect(self._choose_report_target)
        self.export_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Period:"), self))
        top.addWidget(self.period, 1)
        top.addWidget(run)
        top.addWidget(self.export_button)
        self.summary = QLabel(_("Choose a period and consolidate the units' submissions."),
                              self)
        self.summary.setObjectName("consolidationSummary")
        self.summary.setWordWrap(True)
        self.attainment = AttainmentChart(self)
        self.timeline = SubmissionsChart(self)
        charts = QTabWidget(self)
        charts.setObjectName("chartTabs")
        # Many targets make a tall chart: it scrolls rather than squeezing the units.
        attainment_scroll = QScrollArea(self)
        attainment_scroll.setWidgetResizable(True)
        attainment_scroll.setWidget(self.attainment)
        charts.addTab(attainment_scroll, _("Attainment per target"))
        charts.addTab(self.timeline, _("Submissions over time"))
        self.units = UnitsModel(self)
        self.units_table = row_table(self.units, "unitsTable", self)
        self.units_table.setSortingEnabled(False)
        header = self.units_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.units_table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.show_unit(current.row()))
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("unitDetail")
        self.detail.setPlaceholderText(_("Choose a unit to see its data."))
        lower = QSplitter(self)
        lower.addWidget(self.units_table)
        lower.addWidget(self.detail)
        lower.setSizes([450, 450])
        body = QSplitter(Qt.Orientation.Vertical, self)
        body.addWidget(charts)
        body.addWidget(lower)
        body.setSizes([300, 360])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(body, 1)

    def consolidate(self) -> None:
        from ctrdesk.core.errors import CtrdeskError
        from ctrdesk.core.exchange.consolidate import consolidate
        from ctrdesk.core.period import parse_period

        try:
            period = parse_period(self.period.text()).code
        except CtrdeskError as exc:
            self.summary.setText(exc.message)
            return
        ws = self.ws

        def work(progress: Callable[[float], None]) -> Consolidation:
            progress(0.0)
            return consolidate(ws, period)

        operations_of(self, ws).run(
            work, self.show_consolidation,
            on_error=lambda exc: self.summary.setText(exc.message),
            label=_("Consolidating {period}…").format(period=period), origin=self)

    def show_consolidation(self, result: object) -> None:
        from ctrdesk.core.exchange.consolidate import DAYS_ALLOWED
        from ctrdesk.core.exchange.consolidation import unit_standings
        from ctrdesk.core.period import parse_period

        data = cast("Consolidation", result)
        self.data = data
        s = data.submissions
        concerns = data.concerns
        self.summary.setText(_(
            "{label}: {submitted} of {units} units submitted ({share}), {on_time} on time, "
            "{late} late, {missing} not yet. Concerns: {answered} of {total} answered, "
            "{overdue} overdue. Inspections: {inspections}, violations: {violations}. "
            "Near-identical ideological issues: {pairs}.").format(
            label=data.label, submitted=s.submitted, units=s.units,
            share=format_share(s.share or 0), on_time=s.on_time, late=len(s.late),
            missing=len(s.missing), answered=concerns.answered,
            total=concerns.total, overdue=concerns.overdue,
            inspections=data.inspections.count,
            violations=data.inspections.violations,
            pairs=len(data.ideological_issues_near_identical)))
        self.attainment.set_targets(data.targets)
        self.timeline.set_submissions(
            s, parse_period(data.period).end + timedelta(days=DAYS_ALLOWED))
        self.units.set_rows(unit_standings(data))
        self.detail.clear()
        self.export_button.setEnabled(True)
        self.consolidated.emit()

    def show_unit(self, row: int) -> None:
        """The drill-down: everything the consolidation knows of the unit on ``row``."""
        from ctrdesk.core.exchange.consolidate import unit_detail

        if self.data is None or not 0 <= row < self.units.rowCount():
            return
        unit = self.units.row_at(row)
        detail = unit_detail(self.ws, self.data.period, unit.submission.id, self.data)
        self.detail.setHtml(unit_detail_html(detail))

    def _choose_report_target(self) -> None:
        if self.data is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save the consolidated report"),
            str(Path.home() / f"bao-cao-tong-hop-{self.data.period}.pdf"), "*.pdf")
        if name:
            self.export_report(Path(name))

    def export_report(self, target: Path) -> None:
        from ctrdesk.core.documents.layout import render
        from ctrdesk.core.exchange.consolidate import consolidated_report
        from ctrdesk.core.files import write_whole

        if self.data is None:
            return
        ws, period, data = self.ws, self.data.period, self.data

        def work(_progress: Callable[[float], None]) -> Path:
            pdf, _slot = render(consolidated_report(ws, period, data))
            return write_whole(target, pdf)

        operations_of(self, ws).run(
            work, lambda path: self.summary.setText(_("Saved as {path}.").format(path=path)),
            on_error=lambda exc: self.summary.setText(exc.message),
            label=_("Writing the consolidated report…"), origin=self)


def unit_detail_html(detail: UnitDetail) -> str:
    """The drill-down of one unit as the detail panel shows it."""
    def e(text: str) -> str:  # texts from the units' packages: never markup, no controls
        return html.escape(shown(text, 2000))

    def heading(text: str) -> str:
        return f"<h4>{e(text)}</h4>"

    parts = [f"<h3>{e(detail.unit)} — {e(detail.period)}</h3>"]
    if not detail.submitted or detail.created is None:
        parts.append("<p><b>" + e(_("No package received for this period.")) + "</b></p>")
    else:
        made = datetime.fromisoformat(detail.created)
        parts.append("<p>" + e(_("Package made on {when}, {timeliness}.").format(
            when=when(made), timeliness=_("on time") if detail.on_time else _("late")))
            + "</p>")
    if detail.targets:
        parts.append(heading(_("Targets")) + "<ul>")
        for target in detail.targets:
            reading = "—" if target.reading is None else (
                format_percent(target.reading, 2) if target.measure == "percent"
                else format_number(target.reading, 2))
            verdict = "" if target.attained is None else (
                _("attained") if target.attained else _("not attained"))
            parts.append(f"<li>{e(target.target[:140])}: <b>{e(reading)}</b> {e(verdict)}"
                         "</li>")
        parts.append("</ul>")
    if detail.item_statuses:
        statuses = ", ".join(f"{e(choice_label(k))}: {v}"
                             for k, v in sorted(detail.item_statuses.items()))
        parts.append(heading(_("Program items")) + f"<p>{statuses}</p>")
    if detail.overdue_items:
        parts.append(heading(_("Overdue items")) + "<ul>")
        for item in detail.overdue_items:
            parts.append(f"<li>{e(item.number or '')} {e(item.task[:140])} "
                         f"({e(item.deadline or '')}, {format_percent(item.progress, 0)})</li>")
        parts.append("</ul>")
    if detail.thematic_by_head is not None:
        parts.append("<p>" + e(_("Thematic sessions chaired by the head this year: {n}.")
                               .format(n=detail.thematic_by_head)) + "</p>")
    if detail.inspections:
        parts.append(heading(_("Inspections")) + "<ul>")
        parts += [f"<li>{e(i.subject)}: {i.violations}</li>" for i in detail.inspections]
        parts.append("</ul>")
    if detail.ratings:
        counts = ", ".join(f"{e(choice_label(k))}: {v}"
                           for k, v in detail.ratings.counts.items())
        parts.append(heading(_("Ratings")) + f"<p>{counts}</p>")
    for pair in detail.near_identical_issues:
        parts.append("<p style='color:#c62828'>" + e(_(
            "Ideological issue near-identical ({score:.0%}) between {first} and {second}.")
            .format(score=pair.score, first=pair.units[0], second=pair.units[1])) + "</p>")
    rollup = detail.rollup
    if rollup:
        lower = rollup["submissions"]  # as the unit sent it: received JSON
        parts.append(heading(_("Units below it")) + "<p>" + e(_(
            "{submitted} of {units} submitted; not yet: {missing}.").format(
            submitted=lower["submitted"], units=lower["units"],
            missing=", ".join(lower["missing"]) or "—")) + "</p>")
    if len(detail.packages) > 1:
        parts.append(heading(_("Packages")) + "<ul>")
        parts += [f"<li>{e(p['created'])}: {e(submission_status_label(p['status']))}</li>"
                  for p in detail.packages]
        parts.append("</ul>")
    return "".join(parts)


class SubmissionsPage(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("submissionsPage")
        self.dashboard = DashboardView(ws, self)
        self.received = ReceivedView(ws, self)
        self.send = SendView(ws, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("submissionTabs")
        self.tabs.addTab(self.dashboard, _("Consolidation"))
        self.tabs.addTab(self.received, _("Packages received"))
        self.tabs.addTab(self.send, _("Send upward"))
        keys = QPushButton(_("Units and keys…"), self)
        keys.setObjectName("unitKeysButton")
        keys.setToolTip(_("Who may sign for each unit, trusted authorities and revocation "
                          "lists"))
        keys.clicked.connect(lambda: self.open_unit_keys(ws))
        header = QHBoxLayout()
        header.addWidget(QLabel("<h2>" + _("Submissions") + "</h2>", self), 1)
        header.addWidget(keys)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs)
        self.unit_keys: QWidget | None = None

    def open_unit_keys(self, ws: Workspace) -> None:
        from ctrdesk.ui.dialogs.unit_keys import open_unit_keys

        self.unit_keys = open_unit_keys(self, ws)

    def import_packages(self, paths: list[Path]) -> None:
        self.tabs.setCurrentWidget(self.received)
        self.received.import_packages(paths)

    def on_changes(self, changes: Changes) -> None:
        """Packages received (from a drop, the command line or this page) and trust."""
        if changes.touches(Entity.SUBMISSION, Entity.TRUST, Entity.ORGANIZATION) \
                and not changes.is_from(self.received) and self.received._loaded:
            self.received.reload()
