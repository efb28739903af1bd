"""What cannot be taken back is asked first: a filled form is not lost to Esc, a document
is issued only once the number it will take is shown, a unit's program is not derived a
second time without being offered the first one."""

from __future__ import annotations

from PySide6.QtCore import Qt

from conftest import settle, shown_window
from ctrdesk.core.documents.register import next_number
from ctrdesk.core.organizations import list_organizations
from ctrdesk.core.programs.derive import existing_unit_program
from ctrdesk.core.programs.service import list_programs
from ctrdesk.ui.main_window import PAGES


def _click(box, text: str) -> None:
    next(b for b in box.buttons() if text in b.text()).click()


def test_esc_on_a_filled_record_form_asks_before_discarding(qtbot, demo_workspace, qsettings):
    window = shown_window(qtbot, demo_workspace, qsettings)
    window.show_page(PAGES.index("records"))
    tab = window.records_page.by_kind["session"]
    window.records_page.tabs.setCurrentWidget(tab)
    qtbot.mouseClick(tab.findChild(object, "newRecord"), Qt.MouseButton.LeftButton)
    form = tab.form
    qtbot.waitExposed(form)
    form.fields["title"].widget.setText("Sinh hoạt chuyên đề quý IV")
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    box = form.property("confirmation")
    assert box is not None and box.isVisible() and form.isVisible()
    _click(box, "Tiếp tục sửa")  # keep editing: nothing lost
    assert form.isVisible()
    assert form.fields["title"].widget.text() == "Sinh hoạt chuyên đề quý IV"
    form.reject()
    box = form.property("confirmation")
    _click(box, "Bỏ")
    assert not form.isVisible()
    # An untouched form closes at once.
    qtbot.mouseClick(tab.findChild(object, "newRecord"), Qt.MouseButton.LeftButton)
    empty = tab.form
    qtbot.waitExposed(empty)
    qtbot.keyClick(empty, Qt.Key.Key_Escape)
    assert not empty.isVisible()


def test_issuing_shows_the_number_first(qtbot, demo_workspace, qsettings):
    window = shown_window(qtbot, demo_workspace, qsettings)
    window.show_page(PAGES.index("reports"))
    page = window.reports_page
    page.kind.setCurrentIndex(page.kind.findData("minutes"))
    settle(qtbot, page)
    assert page.record.count() > 0  # the sessions held
    page.record.setCurrentIndex(0)
    page.prepare()
    settle(qtbot, page)
    page.issue()
    settle(qtbot, page)
    box = page.property("confirmation")
    assert box is not None, page.status.text()
    number = next_number(demo_workspace, page.current_id())
    assert number.endswith("/CB") and number in box.text()
    _click(box, "Hủy")  # cancelled: still a draft, the number not taken
    settle(qtbot, page)
    assert number not in page.status.text()
    page.issue()
    settle(qtbot, page)
    _click(page.property("confirmation"), number)
    settle(qtbot, page)
    qtbot.waitUntil(lambda: number in page.status.text(), timeout=20000)  # the one shown


def test_deriving_again_offers_the_unit_program_already_made(qtbot, demo_workspace,
                                                              qsettings):
    ws = demo_workspace
    unit_id = next(o.id for o in list_organizations(ws) if o.name == "Chi bộ Vụ 14")
    first = existing_unit_program(ws, 1, unit_id)[0]  # the demo derived it already
    window = shown_window(qtbot, ws, qsettings)
    window.show_page(PAGES.index("programs"))
    view = window.programs_page.open_program(1)
    dialog = view.derive()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.property("confirmation") is not None, timeout=20000)
    box = view.property("confirmation")
    assert "Chi bộ Vụ 14" in box.text()
    count = len(list_programs(ws))
    _click(box, "Mở chương trình đó")
    settle(qtbot, window)
    assert len(list_programs(ws)) == count  # nothing made twice
    programs = window.programs_page
    assert programs.tabs.currentWidget() is programs.open_tabs[first]
