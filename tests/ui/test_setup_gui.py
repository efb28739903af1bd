"""A new secretary sets the workspace up through the window only: the committee and its
term, the members (by hand and from the unit's .xlsx list), secretary and deputy, the upper
level's certificate; and keeps the list of members on the members page."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWizard

from conftest import settle, shown_window
from ctrdesk.core.documents.terms import list_terms
from ctrdesk.core.i18n import _
from ctrdesk.core.organizations import own_organization
from ctrdesk.core.people.members import list_members
from ctrdesk.core.setup import get_setting, setup_status
from ctrdesk.core.trust import list_trust_roots
from ctrdesk.ui.main_window import PAGES
from pki import make_pki


def member_list(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH ĐẢNG VIÊN CHI BỘ VỤ 14"])
    sheet.append(["Họ và tên", "Ngày sinh", "Giới tính", "Ngày vào Đảng", "Chức vụ"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def add_by_hand(qtbot, page, name: str, born: str) -> None:
    dialog = page.add_member()
    dialog.full_name.setText(name)
    dialog.birth_date.setText(born)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=10000)


def test_a_new_secretary_sets_up_a_fresh_workspace_in_the_wizard(qtbot, workspace, qsettings,
                                                                 tmp_path):
    ws = workspace
    window = shown_window(qtbot, ws, qsettings)
    wizard = window.offer_setup()
    assert wizard is not None and wizard.isVisible()
    step = wizard.committee
    # Nothing given: Next stays on the step and says every missing field at once.
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(step.errors.isVisible, timeout=10000)
    assert "Tên" in step.errors.text() or "tên" in step.errors.text()
    assert wizard.currentPage() is step
    step.name.setText("Chi bộ Vụ 14")
    step.abbreviation.setText("CB")
    step.superior.setText("ĐẢNG BỘ VKSND TỐI CAO")
    step.place.setText("Hà Nội")
    step.term_start.setText("01/06/2025")
    step.term_end.setText("31/05/2030")
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.members, timeout=10000)
    assert own_organization(ws).name == "Chi bộ Vụ 14"
    assert get_setting(ws, "place") == "Hà Nội"
    assert [(t["start"], t["end"]) for t in list_terms(ws)] == [("2025-06-01", "2030-05-31")]

    page = wizard.members.members
    add_by_hand(qtbot, page, "Trần Minh Đức", "12/03/1975")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    # A list with two wrong rows: both are shown at once and nothing is stored.
    bad = member_list(tmp_path / "sai.xlsx", [["Lê Thị Hoa", "31/02/1980", "Nữ"],
                                             ["", "01/01/1990", "Nam"],
                                             ["Phạm Văn Nam", "05/05/1985", "Nam"]])
    page.import_list(bad)
    qtbot.waitUntil(lambda: getattr(page, "message_box", None) is not None, timeout=10000)
    text = page.message_box.text()
    assert "Dòng 3" in text and "Dòng 4" in text
    assert page.message_box.icon() == QMessageBox.Icon.Warning
    assert len(list_members(ws)) == 1
    page.message_box.close()
    good = member_list(tmp_path / "dang-vien.xlsx", [
        ["Lê Thị Hoa", "28/02/1980", "Nữ", "03/02/2005", "Phó Vụ trưởng"],
        ["Phạm Văn Nam", "05/05/1985", "Nam", "19/05/2010", "Kiểm sát viên"]])
    page.message_box = None
    page.import_list(good)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=10000)
    assert "2" in page.message_box.text()

    wizard.button(QWizard.WizardButton.NextButton).click()
    positions = wizard.positions
    assert wizard.currentPage() is positions
    positions.secretary.setCurrentIndex(positions.secretary.findText("Trần Minh Đức"))
    positions.deputy.setCurrentIndex(positions.deputy.findText("Lê Thị Hoa"))
    pki = make_pki(tmp_path / "pki", "CA Đảng bộ VKSND tối cao")
    positions.trust_file.setText(str(pki.ca_pem))
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted, timeout=10000)
    status = setup_status(ws)
    assert status.ready and status.members == 3
    assert status.missing == []
    roles = {m.full_name: m.role for m in list_members(ws)}
    assert roles["Trần Minh Đức"] == "secretary" and roles["Lê Thị Hoa"] == "deputy_secretary"
    assert "CA Đảng bộ VKSND tối cao" in list_trust_roots(ws)[0]["subject"]
    # Set up: the next start does not ask again; Settings still opens the wizard.
    assert window.offer_setup() is None
    window.show_page(PAGES.index("settings"))
    window.settings_page.setup_button.click()
    assert window.setup_wizard.isVisible()
    assert window.setup_wizard.committee.place.text() == "Hà Nội"
    window.setup_wizard.reject()


def test_the_members_page_lists_edits_transfers_and_exports(qtbot, workspace, qsettings,
                                                            tmp_path):
    from ctrdesk.core.setup import setup_committee

    ws = workspace
    setup_committee(ws, name="Chi bộ Vụ 14", kind="branch")
    window = shown_window(qtbot, ws, qsettings)
    window.show_page(PAGES.index("members"))
    page = window.members_page
    assert window.stack.currentWidget() is page
    assert page.empty_label.isVisible()
    add_by_hand(qtbot, page, "Trần Minh Đức", "12/03/1975")
    add_by_hand(qtbot, page, "Nguyễn Văn An", "01/01/1980")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert not page.empty_label.isVisible()
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(page.model.columnCount())]
    assert headers[:3] == ["Họ và tên", "Ngày sinh", "Giới tính"]
    # An impossible date is refused with the field named; the dialog stays open.
    page.select_member(next(m.id for m in page.model.members if m.full_name == "Nguyễn Văn An"))
    dialog = page.edit_selected()
    assert dialog.full_name.text() == "Nguyễn Văn An"
    dialog.birth_date.setText("31/02/1980")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.errors.isVisible, timeout=10000)
    assert "Ngày sinh" in dialog.errors.text() and dialog.isVisible()
    dialog.birth_date.setText("28/02/1980")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    assert next(m for m in list_members(ws) if m.full_name == "Nguyễn Văn An"
                ).birth_date.day == 28
    # Transferred out: gone from the list, kept for the records, shown when asked.
    page.select_member(next(m.id for m in page.model.members if m.full_name == "Nguyễn Văn An"))
    leave = page.leave_selected(archive=False)
    leave.to.setText("Chi bộ Cục 2")
    leave.accept()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10000)
    page.show_left.setChecked(True)
    assert page.model.rowCount() == 2
    gone = next(r for r, m in enumerate(page.model.members) if m.full_name == "Nguyễn Văn An")
    assert page.model.data(page.model.index(gone, 6)) == _("Transferred out")
    settle(qtbot, window)
    target = tmp_path / "ra.xlsx"
    page.export_list(target)
    qtbot.waitUntil(lambda: getattr(page, "last_export", None) == target, timeout=10000)
    from ctrdesk.core.people.table import read_member_list

    rows, _ignored = read_member_list(target)
    assert [r.values["full_name"] for r in rows] == ["Trần Minh Đức"]
