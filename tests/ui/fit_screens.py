"""Every page and dialog on a 1366×768 screen (run by test_fit_1366.py in a child process
whose offscreen screen is that size): dialogs and their buttons inside the screen, no
header text elided, a screenshot of each in $CTRDESK_SCREENS."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QHeaderView, QScrollArea, QWidget

from conftest import ACTION_PROGRAM, settle, shown_window
from ctrdesk.ui.main_window import PAGES

SCREEN = QRect(0, 0, 1366, 768)
SHOTS = Path(os.environ.get("CTRDESK_SCREENS", "screens"))


def _shot(widget: QWidget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(SHOTS / f"{name}.png"))


def _elided_headers(widget: QWidget) -> list[str]:
    out = []
    for header in widget.findChildren(QHeaderView):
        if not header.isVisible() or header.orientation() != Qt.Orientation.Horizontal:
            continue
        model = header.model()
        if model is None:
            continue
        metrics = header.fontMetrics()
        for section in range(header.count()):
            if header.isSectionHidden(section):
                continue
            text = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
            if not text:
                continue
            # Multi-line headers need their longest line only.
            needed = max(metrics.horizontalAdvance(line) for line in text.split("\n")) + 8
            if header.sectionSize(section) < needed:
                out.append(f"{header.parent().objectName() or type(header.parent()).__name__}"
                           f": {text!r} ({header.sectionSize(section)} < {needed})")
    return out


def _scrolls(widget: QWidget, dialog: QWidget) -> bool:
    """Inside a scroll area: reached by scrolling, not cut off."""
    parent = widget.parentWidget()
    while parent is not None and parent is not dialog:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _outside(dialog: QWidget) -> list[str]:
    out = []
    frame = dialog.frameGeometry()
    if not SCREEN.contains(frame):
        out.append(f"{dialog.objectName()}: {frame} is larger than the screen")
    for button in dialog.findChildren(QAbstractButton):
        if not button.isVisible() or _scrolls(button, dialog):
            continue
        top_left = button.mapToGlobal(button.rect().topLeft())
        rect = QRect(top_left, button.size())
        if not SCREEN.contains(rect):
            out.append(f"{dialog.objectName()}: button {button.text()!r} at {rect}")
    return out


def test_every_page_fits_and_no_header_is_cut(qtbot, demo_workspace, qsettings):
    assert QGuiApplication.primaryScreen().availableGeometry().size() == SCREEN.size()
    window = shown_window(qtbot, demo_workspace, qsettings)
    window.setGeometry(0, 0, 1366, 768 - 40)
    problems: list[str] = []
    for row, key in enumerate(PAGES):
        window.show_page(row)
        settle(qtbot, window)
        qtbot.wait(50)
        _shot(window, f"page_{row:02d}_{key}")
        problems += _elided_headers(window.stack.currentWidget())
    assert not problems, "\n".join(problems)


def _check_dialog(qtbot, dialog: QWidget, name: str, problems: list[str]) -> None:
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.wait(50)
    _shot(dialog, f"dialog_{name}")
    problems += _outside(dialog)
    dialog.close()


def test_every_dialog_fits_on_the_screen(qtbot, demo_workspace, qsettings):
    from ctrdesk.core.importing import parse_file
    from ctrdesk.ui.dialogs.derive import DeriveDialog
    from ctrdesk.ui.dialogs.review import ReviewDialog
    from ctrdesk.ui.keys import KeyDialog
    from ctrdesk.ui.pages.members import LeaveDialog, MemberDialog
    from ctrdesk.ui.pages.records import RecordForm
    from ctrdesk.ui.setup_wizard import SetupWizard

    ws = demo_workspace
    window = shown_window(qtbot, ws, qsettings)
    window.setGeometry(0, 0, 1366, 728)
    problems: list[str] = []
    source, program = parse_file(ACTION_PROGRAM, lambda _f: None)
    _check_dialog(qtbot, ReviewDialog(source, program, window), "review", problems)
    from ctrdesk.core.organizations import own_organization
    from ctrdesk.core.people.members import list_members
    from ctrdesk.core.records.service import kinds

    unit = own_organization(ws).id
    _check_dialog(qtbot, DeriveDialog(ws, 1, unit, window), "derive", problems)
    _check_dialog(qtbot, RecordForm(ws, kinds()["session"], None, window), "session", problems)
    member = list_members(ws)[0]
    _check_dialog(qtbot, MemberDialog(ws, window, member), "member", problems)
    _check_dialog(qtbot, LeaveDialog(member, window), "leave", problems)
    _check_dialog(qtbot, KeyDialog(window), "key", problems)
    wizard = SetupWizard(ws, window)
    _check_dialog(qtbot, wizard, "setup_committee", problems)
    from ctrdesk.ui.pages.members import MembersPage

    wizard = SetupWizard(ws, window)
    wizard.members.members = MembersPage(ws, wizard.members)  # the members step, filled
    wizard.members.layout_.addWidget(wizard.members.members)
    wizard.setStartId(wizard.pageIds()[1])
    wizard.restart()
    _check_dialog(qtbot, wizard, "setup_members", problems)
    settle(qtbot, window)
    assert not problems, "\n".join(problems)
