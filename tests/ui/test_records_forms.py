"""Each record form filled and saved through its real widgets; refusals shown in place."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from conftest import settle
from ctrdesk.core.records.service import get_record, list_records


def _records_tab(qtbot, ws, qsettings, kind):
    from ctrdesk.ui.main_window import MainWindow

    window = MainWindow(qsettings, ws)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(3)  # Records
    tab = window.records_page.by_kind[kind]
    window.records_page.tabs.setCurrentWidget(tab)
    return window, tab


def _new_form(qtbot, tab):
    qtbot.mouseClick(tab.findChild(object, "newRecord"), Qt.MouseButton.LeftButton)
    form = tab.form
    qtbot.waitExposed(form)
    return form


def _save(qtbot, form):
    """Press Save and wait for the save (off the UI thread) and the lists to follow."""
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, form)


def _type(qtbot, form, name, text):
    widget = form.fields[name].widget
    widget.setFocus()
    widget.selectAll()
    widget.insert(text)  # as typing does: replaces the selection


def _choose(form, name, value):
    combo = form.fields[name].widget
    combo.setCurrentIndex(combo.findData(value))


def _cell(table_widget, row, column, text):
    from PySide6.QtWidgets import QTableWidgetItem

    table_widget.setItem(row, column, QTableWidgetItem(text))


def test_a_session_form_with_attendance_agenda_and_a_refused_date(qtbot, demo_workspace,
                                                                  qsettings):
    ws = demo_workspace
    _window, tab = _records_tab(qtbot, ws, qsettings, "session")
    before = len(list_records(ws, "session", with_figures=False))
    form = _new_form(qtbot, tab)
    _choose(form, "kind", "thematic")
    _type(qtbot, form, "title", "Sinh hoạt chuyên đề quý IV")
    _type(qtbot, form, "planned_start", "01/10/2026")
    _type(qtbot, form, "held_on", "15/09/2025")  # before the planned year: refused
    form.fields["chair"].widget.setEditText("Trần Minh Đức")  # typed whole: the member
    form.fields["chair_is_head"].widget.setChecked(True)
    form.fields["membership"].widget.setValue(7)
    attendance = form.child_tables["attendance"]
    for name, present in (("Trần Minh Đức", True), ("Lê Thị Thu Hà", True),
                          ("Phạm Quốc Khánh", False)):
        row = attendance.add_row({})
        combo = attendance.table.cellWidget(row, 0)
        assert isinstance(combo, QComboBox)
        combo.setEditText(name)
        attendance.table.item(row, 1).setCheckState(
            Qt.CheckState.Checked if present else Qt.CheckState.Unchecked)
    _cell(attendance.table, 2, 2, "Đi công tác")
    links = form.links
    assert links.count() > 10  # the unit program's items
    links.item(0).setCheckState(Qt.CheckState.Checked)
    agenda = form.child_tables["agenda"]
    agenda.add_row({})
    _cell(agenda.table, 0, 0, "1")
    _cell(agenda.table, 0, 1, "Báo cáo chuyên đề")
    _save(qtbot, form)
    assert form.error_label.text().startswith("Ngày họp: ")  # the field as the form names it
    assert "held_on" not in form.error_label.text()
    assert form.fields["held_on"].widget.styleSheet()  # marked beside the field
    assert len(list_records(ws, "session", with_figures=False)) == before  # nothing saved
    _type(qtbot, form, "held_on", "12/10/2026")
    _save(qtbot, form)
    assert not form.isVisible()
    saved = get_record(ws, "session", form.saved_id)
    assert saved["held_on"] == "2026-10-12" and saved["status"] == "held"
    assert [a["present"] for a in saved["attendance"]] == [True, True, False]
    assert saved["attendance"][2]["reason"] == "Đi công tác"
    assert saved["agenda"][0]["text"] == "Báo cáo chuyên đề"
    assert saved["program_items"] == [links.item(0).data(Qt.ItemDataRole.UserRole)]
    assert "2026: 2" in tab.year_summary.text() or ": 2 " in tab.year_summary.text()
    assert tab.table.rowCount() == before + 1
    tab.table.setCurrentCell(tab.ids.index(form.saved_id), 0)
    assert "2" in tab.figures.text()  # present 2 of 7


def test_a_dialogue_form_refuses_an_answer_before_the_concern(qtbot, demo_workspace, qsettings):
    ws = demo_workspace
    _window, tab = _records_tab(qtbot, ws, qsettings, "dialogue")
    form = _new_form(qtbot, tab)
    _type(qtbot, form, "held_on", "10/11/2026")
    _type(qtbot, form, "title", "Đối thoại quý IV")
    concerns = form.child_tables["concerns"]
    concerns.add_row({})
    _cell(concerns.table, 0, 0, "Đề nghị bổ sung máy tính")
    _cell(concerns.table, 0, 6, "Đã trang bị")
    _cell(concerns.table, 0, 7, "01/11/2026")
    _save(qtbot, form)
    assert form.error_label.text().startswith(
        "Các phản ánh, kiến nghị, dòng 1: Ngày trả lời: trả lời ngày 01/11/2026, trước")
    _cell(concerns.table, 0, 7, "11/11/2026")
    _save(qtbot, form)
    figures = get_record(ws, "dialogue", form.saved_id)["figures"]
    assert figures["days_to_answer"] == [1]


def test_an_inspection_form_with_a_measure_and_recommendation(qtbot, demo_workspace,
                                                              qsettings):
    ws = demo_workspace
    _window, tab = _records_tab(qtbot, ws, qsettings, "inspection")
    form = _new_form(qtbot, tab)
    form.fields["year"].widget.setValue(2026)
    _choose(form, "mode", "supervision")
    _type(qtbot, form, "subject", "Tổ đảng Phòng 2")
    _type(qtbot, form, "concluded_on", "20/10/2026")
    form.fields["conclusion"].widget.setPlainText("Thực hiện tốt")
    form.fields["violations"].widget.setValue(1)
    measures = form.child_tables["measures"]
    measures.add_row({})
    _cell(measures.table, 0, 1, "Đảng viên C")
    combo = measures.table.cellWidget(0, 2)
    combo.setCurrentIndex(combo.findData("reprimand"))
    recommendations = form.child_tables["recommendations"]
    recommendations.add_row({})
    _cell(recommendations.table, 0, 0, "Khắc phục hạn chế")
    _cell(recommendations.table, 0, 2, "30/11/2026")
    _save(qtbot, form)
    record = get_record(ws, "inspection", form.saved_id)
    assert record["status"] == "concluded" and record["measures"][0]["measure"] == "reprimand"
    assert record["recommendations"][0]["deadline"] == "2026-11-30"


def test_an_ideological_issue_form_shows_the_similarity_warning(qtbot, demo_workspace,
                                                                qsettings):
    ws = demo_workspace
    _window, tab = _records_tab(qtbot, ws, qsettings, "ideological-issue")
    form = _new_form(qtbot, tab)
    form.fields["year"].widget.setValue(2027)
    _type(qtbot, form, "title", "Áp lực khối lượng thẩm định văn bản tăng cao")
    form.fields["description"].widget.setPlainText(
        "Đảng viên trẻ chịu áp lực khi số dự án luật cần thẩm định tăng nhanh.")
    _save(qtbot, form)
    assert form.isVisible() and "%" in form.warning_label.text()  # shown, with the score
    _save(qtbot, form)  # keep it anyway
    assert not form.isVisible()
    assert len(list_records(ws, "ideological-issue", year=2027)) == 1


def test_the_rating_list_enforces_the_quota_and_a_single_rating_form(qtbot, demo_workspace,
                                                                     qsettings):
    ws = demo_workspace
    _window, tab = _records_tab(qtbot, ws, qsettings, "rating")
    tab.year.setCurrentIndex(tab.year.findData(2026))
    dialog = tab.open_rating_list()
    dialog.combos[0].setCurrentIndex(dialog.combos[0].findData("excellent"))
    dialog.combos[1].setCurrentIndex(dialog.combos[1].findData("excellent"))
    assert not dialog.save_button.isEnabled()  # 2 of 7: over the 20% quota
    assert "1" in dialog.summary.text()
    dialog.combos[1].setCurrentIndex(dialog.combos[1].findData("good"))
    assert dialog.save_button.isEnabled()
    _save(qtbot, dialog)
    rows = [r for r in list_records(ws, "rating", year=2026) if r["subject_kind"] == "member"]
    assert sorted(r["level"] for r in rows) == ["excellent"] + ["good"] * 6
    form = _new_form(qtbot, tab)
    form.fields["year"].widget.setValue(2026)
    _choose(form, "subject_kind", "organization")
    _type(qtbot, form, "subject", "Chi bộ Vụ 14")
    _choose(form, "level", "good")
    _save(qtbot, form)
    assert not form.isVisible()
