"""The overview page (Tổng quan), the first page: what to do now, each with the button
that goes where to do it. Computed off the UI thread through the operations runner."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ctrdesk.core.i18n import _, format_short_date
from ctrdesk.ui.operations import operations_of
from ctrdesk.ui.pages.following import FollowingPage
from ctrdesk.ui.widgets.buttons import button_row

if TYPE_CHECKING:
    from ctrdesk.core.changes import Changes
    from ctrdesk.core.overview import Overview
    from ctrdesk.ui.main_window import MainWindow

SHOWN_DUE = 5
SHOWN_TARGETS = 5


class HomePage(FollowingPage):
    computed = Signal()

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self._window = window
        self.setObjectName("homePage")
        self.body = QWidget(self)
        self.body_layout = QVBoxLayout(self.body)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>" + _("Overview") + "</h2>", self))
        self.status = QLabel(_("Looking for what is due…"), self)
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)
        self.buttons: dict[str, QPushButton] = {}
        self.view: Overview | None = None
        self._generation = 0
        self.reload()

    # -- computing -----------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        self.follow(bool(changes))

    def reload(self) -> None:
        ws = self._window.ws
        if ws is None:
            return
        self._generation += 1
        generation = self._generation

        def show(view: object) -> None:
            if generation == self._generation:
                self._show(view)  # type: ignore[arg-type]

        def compute(_progress: object) -> object:
            from ctrdesk.core.overview import overview  # imported off the UI thread too

            return overview(ws)

        operations_of(self, ws).run(compute, show, origin=self)

    # -- showing -------------------------------------------------------------------
    def _clear(self) -> None:
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons = {}

    def _section(self, title: str, lines: list[str],
                 actions: Sequence[tuple[str, str, Callable[[], object]]],
                 *, rich: bool = False) -> QGroupBox:
        box = QGroupBox(title, self.body)
        layout = QVBoxLayout(box)
        for line in lines:
            label = _label(line, box, rich=rich)
            label.setWordWrap(True)
            layout.addWidget(label)
        row, buttons = button_row(box, "home", actions)
        self.buttons.update(buttons)
        layout.addLayout(row)
        self.body_layout.addWidget(box)
        return box

    def _go(self, key: str) -> Callable[[], None]:
        from ctrdesk.ui.main_window import PAGES

        return lambda: self._window.show_page(PAGES.index(key))

    def _open_program(self, program_id: int) -> Callable[[], None]:
        def go() -> None:
            self._go("programs")()
            self._window.programs_page.open_program(program_id)

        return go

    def _show(self, view: Overview) -> None:
        self.view = view
        self._clear()
        self.status.setText(_("Today is {day}.").format(day=format_short_date(view.today)))
        required = [m for m in view.missing if m.required]
        if required:
            self._section(_("The workspace is not set up yet"),
                          [m.message for m in required],
                          [("setup", _("Set up the committee…"),
                            self._window.open_setup_wizard)])
        self._due_section(view)
        self._programs_section(view)
        meeting = view.next_meeting
        self._section(
            _("Next meeting"),
            [_("{title}, {day}").format(title=meeting[1], day=format_short_date(meeting[2]))]
            if meeting else [_("No meeting planned. Plan the next one in the records.")],
            [("records", _("Open the records"), self._go("records"))])
        self._targets_section(view)
        report = view.last_report
        submission = view.last_submission
        lines = [_("Last report issued: {number}, {day}.").format(
            number=report[1], day=format_short_date(report[2])) if report
            else _("No report issued yet. Prepare one on the Reports page.")]
        if submission:
            lines.append(_("Last package received: {unit}, {period}.").format(
                unit=submission[1], period=submission[2]))
        self._section(_("Reports and submissions"), lines,
                      [("reports", _("Open the reports"), self._go("reports")),
                       ("submissions", _("Open the submissions"), self._go("submissions"))])
        advised = [m for m in view.missing if not m.required]
        if advised and not required:
            self._section(_("Advised"), [m.message for m in advised],
                          [("settings", _("Open the settings"), self._go("settings"))])
        self.body_layout.addStretch(1)
        from ctrdesk.ui.protect import guard_all

        guard_all(self._window.ws, self, {self.buttons[key]: write for key, write in (
            ("setup", "setup.committee"), ("import", "program.import")) if key in self.buttons})
        self.computed.emit()

    def _due_section(self, view: Overview) -> None:
        entries = view.overdue + view.due_soon
        lines = [_("{overdue} overdue, {coming} due in the coming weeks.").format(
            overdue=len(view.overdue), coming=len(view.due_soon))]
        for entry in entries[:SHOWN_DUE]:
            mark = _("overdue") if entry.overdue else _("due soon")
            lines.append(f"• {format_short_date(entry.due)} ({mark}): {entry.text}")
        if not entries:
            lines = [_("Nothing is due in the coming weeks.")]
        self._section(_("Due"), lines, [("calendar", _("Open the calendar"),
                                         self._go("calendar"))])

    def _programs_section(self, view: Overview) -> None:
        if not view.programs:
            if view.parent_programs:
                text = _("The upper level's program is imported: derive the unit's program "
                         "from it.")
                actions = [("programs", _("Open the programs"), self._go("programs"))]
            else:
                text = _("No program yet: import the upper level's program (.docx, .pdf or "
                         "package).")
                actions = [("import", _("Import program…"),
                            self._window.import_action.trigger)]
            self._section(_("Programs"), [text], actions)
            return
        for program in view.programs:
            lines = [_("{done} of {items} tasks done, average progress {progress}%.").format(
                done=program.done, items=program.items, progress=program.progress)]
            if program.unclear:
                lines.append(_("{count} tasks without a complete “05 rõ” (who, what, by "
                               "when, with what, who answers).").format(
                                   count=len(program.unclear)))
            self._section(program.title or _("Unit program"), lines,
                          [(f"program_{program.id}", _("Open the program"),
                            self._open_program(program.id))])

    def _targets_section(self, view: Overview) -> None:
        """Each target at risk with why, in words; a button to each program concerned."""
        risks = view.targets_at_risk
        if not risks:
            return
        lines = [escape(_("{count} targets at risk: record where they stand or act on "
                          "them.").format(count=len(risks)))]
        for risk in risks[:SHOWN_TARGETS]:  # why, in bold, after the target
            lines.append(f"• {escape(risk.text)}: <b>{escape(risk.describe())}</b>")
        if len(risks) > SHOWN_TARGETS:
            lines.append(escape(_("… and {count} more.").format(
                count=len(risks) - SHOWN_TARGETS)))
        titles = {p.id: p.title for p in view.programs}
        programs = list(dict.fromkeys(r.program_id for r in risks))
        actions = [(f"targets_{pid}", _("Open the program") if len(programs) == 1 else
                    _("Open {program}").format(program=_shorten(titles.get(pid, ""))),
                    self._open_program(pid)) for pid in programs[:3]]
        box = self._section(_("Targets at risk"), lines, actions, rich=True)
        box.setObjectName("targetsAtRisk")
        for pid in programs[:3]:
            self.buttons[f"targets_{pid}"].setToolTip(titles.get(pid, ""))


def escape(text: str) -> str:
    """``html.escape``, without loading the html package (its table of entities comes
    with it) before the overview is in view."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#x27;"))


def _label(text: str, parent: QWidget, *, rich: bool) -> QLabel:
    """A label showing ``text`` as rich text or as plain text.

    Qt's automatic format reads a line as rich text when a tag (or "&lt;") comes before
    its first line break: a rich line is opened with a ``<span>`` (which draws nothing)
    and a plain line without "<" or "&" is plain either way, so the format is set only
    for the other plain lines. Setting it needs Qt's namespace, whose ~100 enums PySide
    builds whole (tens of milliseconds) at its first use: the overview is in view
    sooner without it.
    """
    if rich:
        return QLabel(f"<span>{text}</span>", parent)
    label = QLabel(text, parent)
    if "<" in text or "&" in text:
        from PySide6.QtCore import Qt

        label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
