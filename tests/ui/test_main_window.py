"""The real main window on the demo workspace, driven with pytest-qt."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QLabel

from conftest import settle, shown_window
from ctrdesk.core.organizations import list_organizations


def test_the_main_window_shows_the_unit_workspace_and_navigation(qtbot, demo_workspace, qsettings):
    window = shown_window(qtbot, demo_workspace, qsettings, active=True)
    assert "Chi bộ Vụ 14" in window.windowTitle()
    assert demo_workspace.path.name in window.windowTitle()
    nav = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert nav == ["Tổng quan", "Lịch công việc", "Chương trình", "Sổ ghi chép", "Báo cáo",
                   "Gửi báo cáo", "Đảng viên", "Cài đặt"]
    # The overview is what the secretary sees first: computed off the UI thread.
    assert window.stack.currentWidget() is window.home_page
    settle(qtbot, window)
    assert window.home_page.view is not None and window.home_page.view.overdue
    window.show_page(1)
    settle(qtbot, window)
    assert window.calendar_page.list.count() > 0
    status_texts = [w.text() for w in window.statusBar().findChildren(QLabel)]
    assert "Đơn vị: Chi bộ Vụ 14" in status_texts
    assert any(str(demo_workspace.path) in t for t in status_texts)
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&Tệp", "&Xem", "Tệp &dữ liệu", "Trợ &giúp"]


def test_programs_view_lists_programs_from_the_store(qtbot, demo_workspace, qsettings):
    from ctrdesk.core.programs.service import list_programs

    window = shown_window(qtbot, demo_workspace, qsettings, active=True)
    model = window.programs_page.table.model()
    assert model.rowCount() == len(list_programs(demo_workspace))
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Số, ký hiệu"


def test_keyboard_shortcuts_switch_between_pages(qtbot, demo_workspace, qsettings):
    window = shown_window(qtbot, demo_workspace, qsettings, active=True)
    qtbot.keyClick(window.nav, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.settings_page
    qtbot.keyClick(window.nav, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.programs_page
    qtbot.keyClick(window.nav, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.records_page


def test_choosing_the_workspace_unit_in_settings_updates_the_title(qtbot, demo_workspace,
                                                                    qsettings):
    window = shown_window(qtbot, demo_workspace, qsettings, active=True)
    combo = window.settings_page.unit_combo
    target = next(o for o in list_organizations(demo_workspace) if o.name == "Chi bộ Cục 2")
    index = combo.findData(target.id)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    qtbot.waitUntil(lambda: "Chi bộ Cục 2" in window.windowTitle())


def test_window_geometry_is_remembered(qtbot, demo_workspace, qsettings):
    window = shown_window(qtbot, demo_workspace, qsettings, active=True)
    window.resize(720, 530)
    window.close()
    saved = qsettings.value("main_window/geometry")
    assert isinstance(saved, QByteArray) and not saved.isEmpty()
    again = shown_window(qtbot, demo_workspace, qsettings, active=True)
    assert (again.width(), again.height()) == (720, 530)


def test_opening_a_bad_file_as_workspace_shows_a_message_and_keeps_the_current_one(
        qtbot, demo_workspace, qsettings, tmp_path):
    window = shown_window(qtbot, demo_workspace, qsettings, active=True)
    bad = tmp_path / "bad.sqlite"
    bad.write_text("x", encoding="utf-8")
    assert not window.open_workspace(bad)
    assert window.ws is demo_workspace
    box = window.findChild(object, "errorBox")
    assert box is not None and "không phải tệp dữ liệu" in box.text()
