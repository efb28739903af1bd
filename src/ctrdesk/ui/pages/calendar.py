"""The Calendar: what is due, overdue first, computed off the UI thread."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ctrdesk.core.changes import Changes, Entity
from ctrdesk.core.i18n import _, format_short_date
from ctrdesk.core.store import Workspace
from ctrdesk.ui.operations import operations_of
from ctrdesk.ui.pages.following import FollowingPage


class CalendarPage(FollowingPage):
    """What is due: planned meetings, deadlines, answers, recommendations; overdue first.

    Computed off the UI thread (it reads every program and record): a placeholder shows
    meanwhile, and a newer computation makes an older one's result stale."""

    computed = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.list = QListWidget(self)
        self.list.setObjectName("dueList")
        self.summary = QLabel(self)
        self.summary.setObjectName("calendarSummary")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>" + _("Calendar") + "</h2>", self))
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        self._generation = 0
        self.reload()

    def on_changes(self, changes: Changes) -> None:
        """What is due follows programs, items and records; while hidden, only noted."""
        self.follow(changes.touches(Entity.PROGRAM, Entity.ITEM, Entity.RECORD,
                                    Entity.ORGANIZATION, Entity.SETTING))

    def reload(self) -> None:
        from ctrdesk.core.records.calendar import due

        self._generation += 1
        generation = self._generation
        if not self.list.count():
            self.summary.setText(_("Looking for what is due…"))

        def show(entries: object) -> None:
            if generation == self._generation:
                self._show(entries)  # type: ignore[arg-type]

        operations_of(self, self.ws).run(lambda _p: due(self.ws), show, origin=self)

    def _show(self, entries: list[Any]) -> None:
        self.list.clear()
        labels = {"meeting": _("Meeting"), "item": _("Task deadline"),
                  "concern": _("Answer a concern"), "recommendation": _("Recommendation"),
                  "follow_up": _("Follow-up")}
        for entry in entries:
            item = QListWidgetItem(f"{format_short_date(entry.due)}  ·  "
                                   f"{labels.get(entry.kind, entry.kind)}  ·  {entry.text}")
            if entry.overdue:
                item.setBackground(QBrush(QColor(248, 215, 218)))
            self.list.addItem(item)
        overdue = sum(1 for e in entries if e.overdue)
        self.summary.setText(_("{overdue} overdue, {coming} due in the coming weeks.").format(
            overdue=overdue, coming=len(entries) - overdue))
        self.computed.emit()


