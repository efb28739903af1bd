"""In Vietnamese, the window reads Vietnamese: every page (each of its tabs), the program
tabs, every dialog, the menus, Qt's own file dialog, message boxes and context menus are
walked, and every visible text is judged (visible_texts.py). One English word fails."""

from __future__ import annotations

import fit_screens
import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox, QTabWidget, QWidget
from visible_texts import english_words, judge, visible_texts

from conftest import settle, shown_window
from ctrdesk.ui.main_window import PAGES
from ctrdesk.ui.qt_translation import install_qt_translation
from modal_support import Answers


@pytest.fixture
def vietnamese_qt(qapp):
    """Qt's own strings in Vietnamese, as the app installs them at start."""
    locale = QLocale()
    assert install_qt_translation(qapp, "vi")
    yield qapp
    install_qt_translation(qapp, "en")
    QLocale.setDefault(locale)


class Reading:
    """What the user reads, and what of it is not Vietnamese."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.count = 0

    def read(self, widget: QWidget, where: str) -> None:
        for place, text in visible_texts(widget, where):
            self.count += 1
            problem = judge(place, text)
            if problem and problem not in self.problems:
                self.problems.append(problem)

    def read_with_tabs(self, qtbot, window, widget: QWidget, where: str) -> None:
        """The widget, and each tab of its tab widgets in turn."""
        self.read(widget, where)
        for tabs in widget.findChildren(QTabWidget):
            if not tabs.isVisibleTo(widget):
                continue  # another page's: read when that page is shown
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                settle(qtbot, window)
                self.read(tabs.widget(index), f"{where} › {tabs.tabText(index)}")


def test_the_judge_finds_english_and_leaves_vietnamese_alone():
    assert english_words("&Open workspace…") == ["Open", "workspace"]
    assert english_words("Kind: section/item/target") == ["Kind", "section", "item", "target"]
    assert english_words("Hoàn tác Sửa action/deadline") == ["action"]
    assert english_words("Danh sách đảng viên (*.xlsx *.csv)") == []
    assert english_words("Không có, do chưa đến hạn; in báo cáo") == []
    assert judge("x", "Cancel") and judge("x", "Choose a file")
    assert judge("x", "Chi bộ Vụ 14") is None
    assert judge("x", "Q1") and judge("x", "Kỳ 2026-Q3") and judge("x", "2026-H1")
    assert judge("x", "Quý III/2026") is None and judge("x", "01-BC/CB") is None


def test_every_visible_text_in_the_vietnamese_window_is_vietnamese(
        qtbot, vietnamese_qt, demo_workspace, qsettings):
    ws = demo_workspace
    window = shown_window(qtbot, ws, qsettings)
    reading = Reading()
    for row, key in enumerate(PAGES):
        window.show_page(row)
        settle(qtbot, window)
        reading.read_with_tabs(qtbot, window, window, f"page {key}")

    # The programs in their tabs: the parent program and the unit's, after one edit (the
    # undo action then names it).
    window.show_page(PAGES.index("programs"))
    programs = window.programs_page
    reading.read(programs.open_program(1), "parent program")
    from ctrdesk.core.programs.service import list_programs

    unit_program = next(p.id for p in list_programs(ws) if p.kind == "unit_program")
    editor = programs.open_program(unit_program)
    row = next(r for r in editor.model.all_rows() if r.role)
    editor.edit_field(row.id, "action", "Phân công cụ thể")
    settle(qtbot, window)
    editor.select(row.id)
    reading.read(editor, "unit program")
    assert "Phân công" not in editor.undo_action.text()  # the field is named, not the value
    reading.problems += [p for p in [judge("undo", editor.undo_action.text())] if p]

    for name, dialog in fit_screens.every_dialog(ws, window):
        dialog.show()
        qtbot.waitExposed(dialog)
        reading.read_with_tabs(qtbot, window, dialog, f"dialog {name}")
        dialog.close()

    # Qt's own windows as the app opens them: the file dialog of File → Import program…,
    # the About box, a line edit's context menu, a question before issuing.
    def read_and_close(dialog) -> None:
        reading.read(dialog, type(dialog).__name__)
        dialog.reject()

    answers = Answers().then(QFileDialog, read_and_close)
    window.import_action.trigger()
    qtbot.waitUntil(lambda: answers.done, timeout=10000)
    answers = Answers().then(QMessageBox, read_and_close)
    next(a for a in window.menuBar().actions()[-1].menu().actions()
         if "ctrdesk" in a.text()).trigger()
    qtbot.waitUntil(lambda: answers.done, timeout=10000)
    menu = window.findChild(QLineEdit).createStandardContextMenu()
    reading.read(menu, "context menu")
    from ctrdesk.ui.confirm import confirm_issue

    box = confirm_issue(window, "05-BC/CB", lambda: None)
    reading.read(box, "issue question")
    box.reject()
    settle(qtbot, window)

    assert reading.count > 1000, "too little was read to judge"
    assert not reading.problems, f"{len(reading.problems)} texts are not Vietnamese:\n" + \
        "\n".join(reading.problems)
