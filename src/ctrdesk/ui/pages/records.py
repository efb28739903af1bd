"""Records in the window: a list per kind with year and word filters and the selected
record's figures; the forms are in :mod:`ctrdesk.ui.dialogs.record_form`."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ctrdesk.core.changes import Changes, Entity
from ctrdesk.core.i18n import _, format_number
from ctrdesk.core.records.spec import Kind
from ctrdesk.core.store import Workspace
from ctrdesk.core.vocabulary import choice_label
from ctrdesk.ui.dialogs.record_form import (
    RatingListDialog,
    RecordForm,
    show_date,
)
from ctrdesk.ui.operations import operations_of
from ctrdesk.ui.pages.following import FollowingPage


class RecordsTab(QWidget):
    """One kind: a list filtered by year and words, the selected record's figures."""

    def __init__(self, ws: Workspace, kind: Kind, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"recordsTab_{kind.name}")
        self.ws, self.kind = ws, kind
        self.year = QComboBox(self)
        self.year.setObjectName("yearFilter")
        self.year.addItem(_("All years"), None)
        for year in range(date.today().year + 1, date.today().year - 6, -1):
            self.year.addItem(str(year), year)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Search…"))
        self.year.currentIndexChanged.connect(self.reload)
        self.search.textChanged.connect(self.reload)
        new = QPushButton(_("New…"), self)
        new.setObjectName("newRecord")
        new.clicked.connect(lambda: self.open_form(None))
        edit = QPushButton(_("Open…"), self)
        edit.clicked.connect(self.open_current)
        remove = QPushButton(_("Delete"), self)
        remove.setObjectName("deleteRecord")
        remove.clicked.connect(self.delete_current)
        attach = QPushButton(_("Attach a file…"), self)
        attach.setObjectName("attachFile")
        attach.clicked.connect(self.attach_file)
        top = QHBoxLayout()
        for widget in (QLabel(_("Year:"), self), self.year, self.search, new, edit, remove,
                       attach):
            top.addWidget(widget)
        if kind.name == "rating":
            rate = QPushButton(_("Rate the members…"), self)
            rate.setObjectName("rateMembers")
            rate.clicked.connect(self.open_rating_list)
            top.addWidget(rate)
            from ctrdesk.ui.protect import guard

            guard(rate, "record.rating.save_many")
        self.columns = [f for f in kind.fields if f.in_list or f.name == kind.title_field]
        self.table = QTableWidget(0, len(self.columns), self)
        self.table.setObjectName("recordsTable")
        self.table.setHorizontalHeaderLabels([_(f.label) for f in self.columns])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        # The title (what the record is) gets the room; else the last column does.
        title = next((i for i, f in enumerate(self.columns) if f.name == kind.title_field),
                     None)
        if title is not None:
            self.table.horizontalHeader().setSectionResizeMode(
                title, QHeaderView.ResizeMode.Stretch)
        else:
            self.table.horizontalHeader().setStretchLastSection(True)
        from ctrdesk.ui.fit import headers_fit

        headers_fit(self.table)
        self.table.cellDoubleClicked.connect(lambda *_a: self.open_current())
        self.table.currentCellChanged.connect(lambda *_a: self.show_figures())
        from ctrdesk.ui.dialogs.history import add_history_menu
        from ctrdesk.ui.protect import guard

        self.history_action = add_history_menu(self.table, ws, self._history_target)
        for button, action in ((new, f"record.{kind.name}.save"),
                               (remove, f"record.{kind.name}.delete"),
                               (attach, "attachment.add")):
            guard(button, action)
        self.figures = QLabel(self)
        self.figures.setObjectName("figuresLabel")
        self.figures.setWordWrap(True)
        self.year_summary = QLabel(self)
        self.year_summary.setObjectName("yearSummary")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.year_summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.figures)
        self.ids: list[int] = []
        self.form: RecordForm | None = None
        self.reload()

    def reload(self) -> None:
        from ctrdesk.core.records.service import list_records

        rows = list_records(self.ws, self.kind.name, year=self.year.currentData(),
                            search=self.search.text() or None, with_figures=False)
        self.ids = [r["id"] for r in rows]
        if self.kind.name == "session":
            from ctrdesk.core.organizations import own_organization
            from ctrdesk.core.records.calendar import thematic_sessions_by_head

            year = self.year.currentData() or date.today().year
            own = own_organization(self.ws)
            count = thematic_sessions_by_head(self.ws, year, own.id if own else None)
            self.year_summary.setText(_(
                "Thematic sessions chaired by the head in {year}: {count} (at least 1 a year)."
            ).format(year=year, count=count))
        self.table.setRowCount(len(rows))
        for row, record in enumerate(rows):
            for column, spec in enumerate(self.columns):
                value = record.get(spec.name)
                if spec.type == "date":
                    text = show_date(value)
                elif spec.type == "choice":
                    text = choice_label(value or "")
                elif spec.type == "bool":
                    text = "✓" if value else ""
                else:
                    text = "" if value is None else str(value)
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.show_figures()

    def current_id(self) -> int | None:
        row = self.table.currentRow()
        return self.ids[row] if 0 <= row < len(self.ids) else None

    def _history_target(self) -> tuple[str, int, str] | None:
        record_id = self.current_id()
        return None if record_id is None else (self.kind.table, record_id,
                                               f"{_(self.kind.label)} #{record_id}")

    def show_figures(self) -> None:
        from ctrdesk.core.records.service import get_record

        record_id = self.current_id()
        if record_id is None or self.kind.figures is None:
            self.figures.setText("")
            return
        figures = get_record(self.ws, self.kind.name, record_id)["figures"]
        self.figures.setText(describe_figures(self.kind.name, figures))

    def open_form(self, record_id: int | None) -> RecordForm:
        form = RecordForm(self.ws, self.kind, record_id, self)
        self.form = form
        form.open()
        return form

    def open_current(self) -> RecordForm | None:
        record_id = self.current_id()
        return self.open_form(record_id) if record_id is not None else None

    def delete_current(self) -> None:
        from ctrdesk.core.records.service import delete_record

        record_id, kind = self.current_id(), self.kind.name
        if record_id is not None:
            operations_of(self, self.ws).run(
                lambda _p: delete_record(self.ws, kind, record_id), origin=self)

    def attach_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from ctrdesk.core.attachments import attach

        record_id = self.current_id()
        if record_id is None:
            return
        path, _filter = QFileDialog.getOpenFileName(self, _("Attach a file"))
        if path:
            table = self.kind.table
            operations_of(self, self.ws).run(
                lambda _p: attach(self.ws, table, record_id, path),
                lambda _r: self.show_figures(), label=_("Attaching the file…"), origin=self)

    def open_rating_list(self) -> QDialog:
        dialog = RatingListDialog(self.ws, self.year.currentData() or date.today().year, self)
        dialog.open()
        return dialog


def describe_figures(kind: str, figures: dict[str, Any]) -> str:
    if kind == "session":
        quorum = _("quorum met") if figures["quorum_met"] else _("NO QUORUM")
        return _("Present {present} of {members} (needed {needed}): {quorum}. Follow-ups: "
                 "{open} open, {overdue} overdue.").format(
            present=figures["present"], members=figures["membership"],
            needed=figures["quorum_needed"], quorum=quorum, open=figures["follow_ups_open"],
            overdue=figures["follow_ups_overdue"])
    if kind == "dialogue":
        days = ", ".join("—" if d is None else str(d) for d in figures["days_to_answer"])
        return _("{count} concerns: {answered} answered, {open} open, {overdue} overdue. Days to "
                 "answer: {days} (average {average}).").format(
            count=figures["concerns"], answered=figures["answered"], open=figures["open"],
            overdue=figures["overdue"], days=days or "—",
            average=format_number(figures["average_days_to_answer"])
            if figures["average_days_to_answer"] is not None else "—")
    if kind == "inspection":
        measures = ", ".join(f"{choice_label(m)}: {n}" for m, n in figures["measures"].items()
                             if n) or "—"
        return _("Violations: {violations}. Discipline: {measures}. Recommendations: {total}, "
                 "{done} done, {overdue} overdue. {announced}").format(
            violations=figures["violations"], measures=measures,
            total=figures["recommendations"], done=figures["recommendations_done"],
            overdue=figures["recommendations_overdue"],
            announced=_("Announced internally.") if figures["announced"] else
            _("Not yet announced."))
    if kind == "ideological-issue":
        if figures.get("similarity"):
            return _("Near-identical ({score:.0%}) to {other}.").format(
                score=figures["similarity"], other=figures["similar_to"])
        return _("Not similar to earlier years' or other units' issues.")
    return ""


class RecordsPage(FollowingPage):
    def __init__(self, ws: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        from ctrdesk.core.records.service import kinds

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("recordsTabs")
        self.by_kind: dict[str, RecordsTab] = {}
        for name, kind in kinds().items():
            tab = RecordsTab(ws, kind, self)
            self.by_kind[name] = tab
            self.tabs.addTab(tab, _(kind.label))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>" + _("Records") + "</h2>", self))
        layout.addWidget(self.tabs)

    def reload(self) -> None:
        for tab in self.by_kind.values():
            tab.reload()

    def on_changes(self, changes: Changes) -> None:
        """Records, their attachments and the people they name: the lists follow (a hidden
        page when it is shown again)."""
        self.follow(changes.touches(Entity.RECORD, Entity.ATTACHMENT, Entity.PERSON,
                                    Entity.ORGANIZATION))



__all__ = ["RecordForm", "RecordsPage", "choice_label"]
