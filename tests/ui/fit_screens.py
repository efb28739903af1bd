"""Every page and dialog on a 1366×768 screen (run by test_fit_1366.py in a child process
whose offscreen screen is that size): dialogs and their buttons inside the screen, no
header text elided, a screenshot of each in $CTRDESK_SCREENS."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QHeaderView, QScrollArea, QWidget

from conftest import ACTION_PROGRAM, settle, shown_window
from ctrdesk.ui.main_window import PAGES

SCREEN = QRect(0, 0, 1366, 768)
SHOTS = Path(os.environ.get("CTRDESK_SCREENS", "screens"))


@pytest.fixture(autouse=True)
def _qt_in_vietnamese(qapp):
    """Qt's own words in Vietnamese, as the app installs them at start (run_gui): the
    screenshots (and the user guide made from them) show what the user sees."""
    from ctrdesk.ui.qt_translation import install_qt_translation

    assert install_qt_translation(qapp, "vi")
    yield
    install_qt_translation(qapp, "en")


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
    # The unit's program open in its tab, as the user guide shows it.
    from ctrdesk.core.programs.service import list_programs

    window.show_page(PAGES.index("programs"))
    unit_program = next(p.id for p in list_programs(demo_workspace) if p.kind == "unit_program")
    editor = window.programs_page.open_program(unit_program)
    settle(qtbot, window)
    editor.tree.setCurrentIndex(editor.proxy.index(0, 0))
    qtbot.wait(50)
    _shot(window, "program_unit")
    assert not problems, "\n".join(problems)


def _check_dialog(qtbot, dialog: QWidget, name: str, problems: list[str]) -> None:
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.wait(50)
    _shot(dialog, f"dialog_{name}")
    problems += _outside(dialog)
    dialog.close()


def every_dialog(ws, window) -> Iterator[tuple[str, QWidget]]:
    """Each dialog of the app on the demo workspace, made as the window makes it (not yet
    shown), with the name of its screenshot."""
    from ctrdesk.core.importing import parse_file
    from ctrdesk.core.organizations import own_organization
    from ctrdesk.core.people.members import list_members
    from ctrdesk.core.programs.editing import load_rows
    from ctrdesk.core.programs.service import list_programs
    from ctrdesk.core.records.service import kinds
    from ctrdesk.ui.dialogs.derive import DeriveDialog
    from ctrdesk.ui.dialogs.history import HistoryDialog
    from ctrdesk.ui.dialogs.passphrase import (
        NewPassphraseDialog,
        PassphraseDialog,
        SignInDialog,
    )
    from ctrdesk.ui.dialogs.progress import ParentItemPicker, ProgressDialog, ReadingDialog
    from ctrdesk.ui.dialogs.record_form import RatingListDialog
    from ctrdesk.ui.dialogs.review import ReviewDialog
    from ctrdesk.ui.dialogs.unit_keys import UnitKeysDialog
    from ctrdesk.ui.dialogs.verify import VerifyDialog
    from ctrdesk.ui.keys import KeyDialog
    from ctrdesk.ui.pages.members import LeaveDialog, MemberDialog, MembersPage
    from ctrdesk.ui.pages.records import RecordForm
    from ctrdesk.ui.setup_wizard import SetupWizard

    source, program = parse_file(ACTION_PROGRAM, lambda _f: None)
    yield "review", ReviewDialog(source, program, window)
    unit = own_organization(ws).id
    yield "derive", DeriveDialog(ws, 1, unit, window)
    for kind in kinds().values():
        name = "session" if kind.name == "session" else f"record_{kind.name}"
        yield name, RecordForm(ws, kind, None, window)
    yield "rating_list", RatingListDialog(ws, 2026, window)
    member = list_members(ws)[0]
    yield "member", MemberDialog(ws, window, member)
    yield "leave", LeaveDialog(member, window)
    yield "key", KeyDialog(window)
    yield "unit_keys", UnitKeysDialog(ws, window)
    yield "history", HistoryDialog(ws, window)
    yield "passphrase", PassphraseDialog("chi-bo.sqlite", window)
    yield "new_passphrase", NewPassphraseDialog(window, allow_clear=True)
    yield "sign_in", SignInDialog(["bithu", "vanthu"], window)
    unit_program = next(p.id for p in list_programs(ws) if p.kind == "unit_program")
    rows = [r for root in load_rows(ws, unit_program) for r in (root, *root.children)]
    task = next(r for r in rows if r.role)
    yield "progress", ProgressDialog(task, window)
    target = next((r for r in rows if r.target_id is not None), task)
    yield "reading", ReadingDialog(target, window)
    yield "parent_item", ParentItemPicker(ws, 1, window)
    yield "verify", VerifyDialog(Path("bao-cao.pdf"), None, window)
    from ctrdesk.ui.dialogs.guide import GuideDialog

    yield "guide", GuideDialog(window)
    yield "setup_committee", SetupWizard(ws, window)
    wizard = SetupWizard(ws, window)
    wizard.members.members = MembersPage(ws, wizard.members)  # the members step, filled
    wizard.members.layout_.addWidget(wizard.members.members)
    wizard.setStartId(wizard.pageIds()[1])
    wizard.restart()
    yield "setup_members", wizard


def test_every_dialog_fits_on_the_screen(qtbot, demo_workspace, qsettings):
    ws = demo_workspace
    window = shown_window(qtbot, ws, qsettings)
    window.setGeometry(0, 0, 1366, 728)
    problems: list[str] = []
    for name, dialog in every_dialog(ws, window):
        _check_dialog(qtbot, dialog, name, problems)
    settle(qtbot, window)
    assert not problems, "\n".join(problems)
