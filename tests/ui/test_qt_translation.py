"""Qt's own words in Vietnamese: what a secretary reads in file dialogs, standard buttons,
context menus and undo texts is not English."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTextEdit,
    QToolButton,
    QTreeView,
)

from ctrdesk.ui.qt_translation import install_qt_translation

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


@pytest.fixture
def vietnamese_qt(qapp):
    assert install_qt_translation(qapp, "vi")
    yield qapp
    install_qt_translation(qapp, "en")


def _texts(menu) -> list[str]:
    return [a.text().split("\t")[0] for a in menu.actions() if not a.isSeparator()]


def test_standard_buttons_speak_vietnamese(vietnamese_qt, qtbot):
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel
                           | QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(box)
    texts = sorted(b.text().replace("&", "") for b in box.buttons())
    assert texts == ["Hủy", "Lưu", "Đồng ý"]


def test_the_file_dialog_speaks_vietnamese(vietnamese_qt, qtbot):
    dialog = QFileDialog(None, "Chọn danh sách đảng viên", "", "Excel (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = {w.text().replace("&", "") for w in dialog.findChildren(QLabel)}
    assert {"Tìm trong:", "Loại tệp:", "Tên tệp:"} <= labels
    buttons = {b.text().replace("&", "") for b in dialog.findChildren(QPushButton)}
    assert {"Mở", "Hủy"} <= buttons
    assert not {"Open", "Cancel", "Look in:", "Files of type:"} & (labels | buttons)
    tips = {b.toolTip() for b in dialog.findChildren(QToolButton)}
    assert {"Quay lại", "Thư mục cha", "Tạo thư mục mới"} <= tips
    header = dialog.findChild(QTreeView).model()
    assert [header.headerData(i, Qt.Orientation.Horizontal) for i in range(4)] == [
        "Tên", "Kích thước", "Loại", "Ngày sửa"]
    dialog.close()


def test_context_menus_undo_texts_and_message_boxes_speak_vietnamese(vietnamese_qt, qtbot):
    line = QLineEdit("Chi bộ Vụ 14")
    text = QTextEdit("Báo cáo quý I")
    qtbot.addWidget(line)
    qtbot.addWidget(text)
    line_menu = _texts(line.createStandardContextMenu())
    assert {"&Hoàn tác", "&Sao chép", "&Dán", "Chọn tất cả"} <= set(line_menu)
    text_menu = _texts(text.createStandardContextMenu())
    assert {"&Hoàn tác", "&Sao chép", "&Dán", "Chọn tất cả"} <= set(text_menu)
    stack = QUndoStack()
    stack.push(QUndoCommand("Sửa thời hạn"))
    assert stack.createUndoAction(stack).text() == "Hoàn tác: Sửa thời hạn"
    box = QMessageBox(QMessageBox.Icon.Warning, "ctrdesk", "Không đọc được tệp.",
                      QMessageBox.StandardButton.Ok)
    box.setDetailedText("chi tiết")
    qtbot.addWidget(box)
    box.show()
    texts = {b.text() for b in box.findChildren(QPushButton)}
    assert "Xem chi tiết..." in texts and "Đồng ý" in texts


def test_english_leaves_qt_as_it_is(qapp, qtbot):
    assert not install_qt_translation(qapp, "en")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.buttons()[0].text().replace("&", "") == "Cancel"


def test_the_shipped_qm_is_the_compiled_ts(tmp_path):
    """translations/qtbase_vi.qm is what tools/qt_translations.sh makes of the .ts."""
    lrelease = shutil.which("pyside6-lrelease") or str(
        Path(sys.executable).parent / "pyside6-lrelease")
    if not Path(lrelease).exists():
        pytest.skip("pyside6-lrelease is not installed")
    out = tmp_path / "qtbase_vi.qm"
    subprocess.run([lrelease, "-silent", str(TRANSLATIONS / "qtbase_vi.ts"), "-qm", str(out)],
                   check=True)
    assert out.read_bytes() == (TRANSLATIONS / "qtbase_vi.qm").read_bytes(), \
        "run tools/qt_translations.sh"
