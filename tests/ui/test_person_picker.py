"""People in the record forms are picked from the unit's Party members: found by typing part
of a name (accents optional), shown with their position; the saved record points to the
member. A guest's name is kept as written only where a guest can be named, and the form
says so; elsewhere a name that is not a member is flagged and refused."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from conftest import settle
from ctrdesk.core.people.members import add_member
from ctrdesk.core.records.kinds import KINDS
from ctrdesk.core.records.service import get_record
from ctrdesk.core.store.models import AgendaItem, Attendance, Meeting, Rating
from ctrdesk.ui.dialogs.record_form import RecordForm
from ctrdesk.ui.widgets.person_picker import PersonPicker


def _session_form(qtbot, ws, qsettings):
    """The main window, on the Records page, with a new session's form open."""
    from ctrdesk.ui.main_window import PAGES, MainWindow

    window = MainWindow(qsettings, ws)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(PAGES.index("records"))
    tab = window.records_page.by_kind["session"]
    window.records_page.tabs.setCurrentWidget(tab)
    qtbot.mouseClick(tab.findChild(object, "newRecord"), Qt.MouseButton.LeftButton)
    qtbot.waitExposed(tab.form)
    return window, tab, tab.form


def _type(qtbot, picker: PersonPicker, text: str) -> None:
    """Key by key; Qt's test keyboard knows only ASCII, so other text goes in as typing does
    (replacing the selection)."""
    line = picker.lineEdit()
    line.setFocus()
    line.selectAll()
    if text.isascii():
        qtbot.keyClicks(line, text)
    else:
        line.insert(text)


def _labels(picker: PersonPicker) -> list[str]:
    return [picker.itemText(row) for row in range(1, picker.count())]


# The completion popup asks for the keyboard, which the headless test screen cannot give.
@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_members_are_picked_by_name_and_the_record_points_to_them(qtbot, demo_workspace,
                                                                  qsettings):
    ws = demo_workspace
    newcomer = add_member(ws, full_name="Ngô Bảo Châu", gender="male",
                          birth_date=date(1990, 3, 2), admitted_on=date(2019, 5, 19),
                          official_on=date(2020, 5, 19), title="Chuyên viên")
    window, _tab, form = _session_form(qtbot, ws, qsettings)
    chair = form.fields["chair"].widget
    assert isinstance(chair, PersonPicker)
    # Every member is offered, with the position in the committee and in the agency.
    assert "Trần Minh Đức — Bí thư, Vụ trưởng" in _labels(chair)
    assert "Ngô Bảo Châu — Chuyên viên" in _labels(chair)

    # Part of the name, without accents, finds the member; choosing it picks the member.
    _type(qtbot, chair, "chau")
    completer = chair.completer()
    found = [completer.completionModel().index(row, 0).data()
             for row in range(completer.completionModel().rowCount())]
    assert found == ["Ngô Bảo Châu — Chuyên viên"]
    popup = completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=5000)
    popup.setCurrentIndex(completer.completionModel().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert chair.currentData() == newcomer and chair.hint == ""

    # A name that is not a member, where only a member may be named: flagged at once.
    recorder = form.fields["recorder"].widget
    _type(qtbot, recorder, "Nguyễn Văn Ngoài")
    qtbot.keyClick(recorder.lineEdit(), Qt.Key.Key_Return)
    hint = form.fields["recorder"].hint_label
    assert hint.isVisibleTo(form)
    assert hint.text() == "“Nguyễn Văn Ngoài” không có trong danh sách đảng viên của chi bộ: " \
        "hãy chọn trong danh sách."
    form.fields["title"].widget.setText("Sinh hoạt chi bộ tháng 11/2026")
    form.fields["held_on"].widget.setText("20/11/2026")
    attendance = form.child_tables["attendance"]
    for name in ("Trần Minh Đức", "Ngo Bao Chau"):  # typed, the second without accents
        row = attendance.add_row({})
        _type(qtbot, attendance.table.cellWidget(row, 0), name)
    typed = attendance.table.cellWidget(1, 0)
    qtbot.keyClick(typed.lineEdit(), Qt.Key.Key_Return)
    assert typed.currentText() == "Ngô Bảo Châu — Chuyên viên"  # the member, as written
    agenda = form.child_tables["agenda"]
    agenda.add_row({"number": "1", "text": "Thông báo thời sự"})
    prepared_by = agenda.table.cellWidget(0, 2)
    assert isinstance(prepared_by, PersonPicker) and prepared_by.guests
    # A guest may prepare an agenda item: kept as written, and the form says so.
    _type(qtbot, prepared_by, "Đồng chí Lê Văn Khách, Vụ 7")
    qtbot.keyClick(prepared_by.lineEdit(), Qt.Key.Key_Return)
    assert agenda.hint_label.text() == "Dòng 1: “Đồng chí Lê Văn Khách, Vụ 7” không có trong " \
        "danh sách đảng viên của chi bộ: giữ nguyên như đã nhập (khách mời)."
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, form)
    assert form.isVisible() and "Nguyễn Văn Ngoài" in form.error_label.text()  # refused

    _type(qtbot, recorder, "le thi thu")
    popup = recorder.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=5000)
    popup.setCurrentIndex(recorder.completer().completionModel().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert not hint.isVisibleTo(form)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, form)
    assert not form.isVisible(), form.error_label.text()

    with ws.reading():
        meeting = Meeting.get_by_id(form.saved_id)
        assert meeting.chair_id == newcomer
        assert meeting.recorder.full_name == "Lê Thị Thu Hà"
        present = {a.person.full_name: a.person_id for a in
                   Attendance.select().where(Attendance.meeting == meeting.id)}
        assert present["Ngô Bảo Châu"] == newcomer and "Trần Minh Đức" in present
        assert AgendaItem.get(AgendaItem.meeting == meeting.id).preparer_text == \
            "Đồng chí Lê Văn Khách, Vụ 7"

    assert get_record(ws, "session", form.saved_id)["chair"] == "Ngô Bảo Châu"
    # Opened again, the form shows the members it names, with their positions.
    again = RecordForm(ws, KINDS["session"], form.saved_id, window)
    assert again.fields["chair"].widget.currentText() == "Ngô Bảo Châu — Chuyên viên"
    assert again.fields["recorder"].widget.currentText() == \
        "Lê Thị Thu Hà — Phó Bí thư, Phó Vụ trưởng"
    assert again.fields["chair"].widget.currentData() == newcomer
    again.deleteLater()
    settle(qtbot, window)


def test_the_rating_list_names_each_member_with_the_position(qtbot, demo_workspace, qsettings):
    from ctrdesk.ui.dialogs.record_form import RatingListDialog

    ws = demo_workspace
    dialog = RatingListDialog(ws, 2026)
    qtbot.addWidget(dialog)
    rows = {dialog.table.item(r, 0).text(): dialog.table.item(r, 1).text()
            for r in range(dialog.table.rowCount())}
    assert rows["Trần Minh Đức"] == "Bí thư, Vụ trưởng"
    assert rows["Nguyễn Thị Lan"] == "Kiểm sát viên cao cấp"
    dialog.save()
    settle(qtbot, dialog)
    with ws.reading():
        rated = {r.person.full_name for r in Rating.select().where(
            (Rating.year == 2026) & Rating.person.is_null(False))}
    assert rated == set(rows)
    QApplication.processEvents()
