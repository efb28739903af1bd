"""Importing a program through the window: parse off the UI thread, review, correct, accept."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from conftest import ACTION_PROGRAM, WORK_PROGRAM, shown_window
from ctrdesk.core.importing import parse_file
from ctrdesk.core.programs.service import list_programs, load_program
from ctrdesk.ui.dialogs.review import ReviewDialog
from ctrdesk.ui.models.program_tree import STATUS_COLORS


def _select(dialog: ReviewDialog, *path: int) -> None:
    dialog.tree.setCurrentIndex(dialog.model.index_of(path))


def test_import_correct_undo_and_accept_stores_the_reviewed_program(qtbot, workspace,
                                                                   qsettings):
    window = shown_window(qtbot, workspace, qsettings)
    window.import_program_file(WORK_PROGRAM)
    qtbot.waitUntil(lambda: window.review_dialog is not None and
                    window.review_dialog.isVisible(), timeout=20000)
    dialog = window.review_dialog
    assert list_programs(workspace) == []  # nothing stored while reviewing

    # The source is shown beside the tree, its lines marked.
    assert "CHƯƠNG TRÌNH" in dialog.source_view.toPlainText()
    non_blank = [n for n, line in enumerate(dialog.program.source_lines, 1) if line.strip()]
    assert len(dialog._line_marks) == len(non_blank)
    colors = {mark.cursor.blockNumber() + 1: mark.format.background().color()
              for mark in dialog._line_marks}
    assert colors[9] == STATUS_COLORS["understood"]  # "I. MỤC ĐÍCH, YÊU CẦU"
    assert colors[161] == STATUS_COLORS["paragraph"]  # the closing paragraph, kept as is

    # Correct focus task 2.2's threshold-less text: change its number and time.
    _select(dialog, 1, 1, 1)  # II > 2 > 2.2
    assert dialog.number_edit.text() == "2.2"
    dialog.time_edit.setText("Quý II/2026")
    assert dialog.apply_fields()
    node = dialog.current_node()
    assert node.time.kind == "quarter"
    # Undo brings the original back; redo reapplies.
    dialog.undo_action.trigger()
    assert dialog.current_node().time.kind == "regular"
    dialog.redo_action.trigger()
    assert dialog.current_node().time.kind == "quarter"
    # A wrong threshold is refused beside the field, nothing changes.
    dialog.threshold_edit.setText("nhiều")
    assert not dialog.apply_fields()
    assert dialog.undo_stack.count() == 1

    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(list_programs(workspace)) == 1, timeout=20000)
    stored = load_program(workspace, list_programs(workspace)[0].id)
    focus = stored.items[1].children[1].children
    assert focus[1].number == "2.2" and focus[1].time.kind == "quarter"
    qtbot.waitUntil(lambda: window.programs_page.model.rowCount() == 1)


def test_cancelling_the_review_stores_nothing(qtbot, workspace, qsettings):
    window = shown_window(qtbot, workspace, qsettings)
    window.import_program_file(ACTION_PROGRAM)
    qtbot.waitUntil(lambda: window.review_dialog is not None and
                    window.review_dialog.isVisible(), timeout=20000)
    window.review_dialog.findChild(object, "cancelButton").click()
    qtbot.wait(200)
    assert list_programs(workspace) == []


def test_tree_edits_move_indent_merge_split_delete_and_undo_all(qtbot):
    source, program = parse_file(WORK_PROGRAM)
    dialog = ReviewDialog(source, program)
    qtbot.addWidget(dialog)
    original = [n.number for n in program.items]
    _select(dialog, 1)  # section II
    assert dialog.move_up()
    assert [n.number for n in dialog.program.items][:2] == ["II", "I"]
    assert dialog.indent() is False  # first row: nothing above to indent under
    _select(dialog, 1)  # section I now
    assert dialog.indent()
    assert dialog.program.items[0].number == "II"
    assert dialog.program.items[0].children[-1].number == "I"
    assert dialog.outdent()
    _select(dialog, 2, 0)  # III > meeting 1
    before = len(dialog.program.items[2].children)
    assert dialog.merge_with_next()
    assert len(dialog.program.items[2].children) == before - 1
    assert "tháng 02/2026" in dialog.program.items[2].children[0].title
    dialog.text_edit.setPlainText("Hội nghị thường kỳ tháng 01/2026 và tháng 02/2026")
    cursor = dialog.text_edit.textCursor()
    cursor.setPosition(len("Hội nghị thường kỳ tháng 01/2026"))
    dialog.text_edit.setTextCursor(cursor)
    assert dialog.split_at_cursor()
    assert dialog.program.items[2].children[1].title == "và tháng 02/2026"
    assert dialog.delete_current()
    while dialog.undo_stack.canUndo():
        dialog.undo_stack.undo()
    assert [n.number for n in dialog.program.items] == original
    assert len(dialog.program.items[2].children) == 12


def test_a_file_dropped_on_the_window_is_imported(qtbot, workspace, qsettings):
    window = shown_window(qtbot, workspace, qsettings)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(WORK_PROGRAM))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.review_dialog is not None and
                    window.review_dialog.isVisible(), timeout=20000)


def test_a_bad_file_shows_the_reason_and_stores_nothing(qtbot, workspace, qsettings,
                                                        tmp_path):
    window = shown_window(qtbot, workspace, qsettings)
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    window.import_program_file(empty)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorBox") is not None,
                    timeout=20000)
    assert "tệp rỗng" in window.findChild(QMessageBox, "errorBox").text()
    assert list_programs(workspace) == []


def test_importing_the_same_document_again_asks_first(qtbot, workspace, qsettings):
    from ctrdesk.core.programs.service import store_program

    source, program = parse_file(WORK_PROGRAM)
    store_program(workspace, program, source_filename=source.filename,
                  source_sha256=source.sha256)
    window = shown_window(qtbot, workspace, qsettings)
    window.import_program_file(WORK_PROGRAM)
    qtbot.waitUntil(lambda: window.review_dialog is not None and
                    window.review_dialog.isVisible(), timeout=20000)
    window.review_dialog.accept()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "duplicateBox") is not None)
    box = window.findChild(QMessageBox, "duplicateBox")
    assert "đã được nhập" in box.text()
    box.buttons()[0].click()  # "Import again"
    qtbot.waitUntil(lambda: len(list_programs(workspace)) == 2, timeout=20000)


def test_review_shows_the_source_words_of_each_recovered_field(qtbot):
    """A reviewer sees where each field came from: the header's number beside "Số 12-CTr/ĐU",
    an item's time beside the words it was read from; a typed "Quý II" takes the
    document's year."""
    from pathlib import Path

    from PySide6.QtWidgets import QLabel, QLineEdit

    corpus = Path(__file__).parent.parent / "corpus" / "files"
    source, program = parse_file(corpus / "01_tinh_chuong_trinh_hanh_dong.docx")
    dialog = ReviewDialog(source, program)
    qtbot.addWidget(dialog)
    number = dialog.findChild(QLineEdit, "headerNumberEdit")
    assert number.text() == "12-CTr/ĐU"
    assert "Số 12-CTr/ĐU" in number.toolTip()
    assert "Số 12-CTr/ĐU" in dialog.findChild(QLabel, "headerNumberSource").text()
    assert "Nghệ An, ngày 20 tháng 01 năm 2026" in \
        dialog.findChild(QLabel, "headerDateSource").text()
    assert "Trần Văn Hùng" in dialog.findChild(QLabel, "headerSignatureSource").text()

    timed = next(i for i, n in enumerate(program.walk()) if n.time is not None)
    node = list(program.walk())[timed]
    path = _path_to(program.items, node)
    _select(dialog, *path)
    assert node.time.text in dialog.item_source_label.text()
    assert node.time.text in dialog.time_edit.toolTip()

    dialog.time_edit.setText("Quý II")
    assert dialog.apply_fields()
    assert dialog.current_node().time.kind == "quarter"
    assert dialog.current_node().time.start.isoformat() == "2026-04-01"


def _path_to(items, target, prefix=()):
    for row, node in enumerate(items):
        if node is target:
            return (*prefix, row)
        found = _path_to(node.children, target, (*prefix, row))
        if found:
            return found
    return None
