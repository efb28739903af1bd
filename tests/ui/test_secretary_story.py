"""A new secretary does the whole job in the window, from an empty workspace to a signed
report: the setup wizard, the members (typed and imported from the unit's .xlsx list), the
parent program imported and reviewed, the unit's program derived and made concrete, a
meeting recorded, a quarter report drafted, issued and signed.

Only the window is driven: buttons are clicked, fields typed, dialogs (Qt's file dialogs
included) answered. The core is called only to check what the user would check.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pdfplumber
from openpyxl import Workbook
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QLineEdit,
    QWidget,
    QWizard,
)

from conftest import ACTION_PROGRAM, settle
from ctrdesk.core.documents.register import list_documents
from ctrdesk.core.organizations import own_organization
from ctrdesk.core.people.members import list_members
from ctrdesk.core.programs.editing import load_rows
from ctrdesk.core.programs.service import list_programs
from ctrdesk.core.records.service import get_record, list_records
from ctrdesk.core.setup import setup_status
from ctrdesk.core.signing import load_certificates, verify_pdf
from ctrdesk.ui.main_window import PAGES, MainWindow
from ctrdesk.ui.models.unit_program import COLUMN
from modal_support import Answers, choose_file, new_passphrase
from pki import make_pki

UNIT = "Chi bộ Vụ 14"
SECRETARY = "Trần Minh Đức"
PASSPHRASE = "chi bộ vụ 14 — 2026"


# -- the user's steps ---------------------------------------------------------------------
def start_ctrdesk_on_a_new_workspace(qtbot, qsettings, path: Path) -> MainWindow:
    """ctrdesk starts on a workspace that does not exist yet: the window shows, a
    passphrase is asked for the new workspace (typed twice), then the setup wizard opens
    (as ui.app.run_gui does)."""
    window = MainWindow(qsettings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    answers = Answers().then("newPassphraseDialog", new_passphrase(PASSPHRASE))
    assert window.open_workspace(path)
    assert answers.done
    window.offer_setup()
    return window


def wait_for(qtbot, name: str) -> QWidget:
    """The visible window or dialog called ``name``, once it shows."""
    found: list[QWidget] = []

    def shown() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets()
                    if w.objectName() == name and w.isVisible()]
        return bool(found)

    qtbot.waitUntil(shown, timeout=20000)
    return found[-1]


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot, edit: QWidget, text: str) -> None:
    """Key presses carrying each character (QTest's own only types Latin-1), over what
    the field held."""
    edit.setFocus()
    if isinstance(edit, QLineEdit):
        edit.selectAll()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(edit, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                   Qt.KeyboardModifier.NoModifier, char))


def choose(combo: QComboBox, text: str) -> None:
    """Pick the entry reading ``text`` (a person's entry may add their positions)."""
    index = combo.findText(text)
    if index < 0:
        index = combo.findText(f"{text} —", Qt.MatchFlag.MatchStartsWith)
    assert index >= 0, f"{text!r} is not among {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(index)


def set_up_the_committee(qtbot, window: MainWindow) -> QWizard:
    wizard = wait_for(qtbot, "setupWizard")
    step = wizard.committee
    type_into(qtbot, step.name, UNIT)
    choose(step.kind, "Chi bộ")
    type_into(qtbot, step.abbreviation, "CB")
    type_into(qtbot, step.superior, "Đảng bộ VKSND tối cao")
    type_into(qtbot, step.place, "Hà Nội")
    type_into(qtbot, step.term_start, "01/06/2025")
    type_into(qtbot, step.term_end, "31/05/2030")
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.members, timeout=20000)
    return wizard


def add_a_member_by_hand(qtbot, page, name: str, born: str, title: str = "") -> None:
    click(qtbot, page.buttons["add"])
    dialog = wait_for(qtbot, "memberDialog")
    type_into(qtbot, dialog.full_name, name)
    type_into(qtbot, dialog.birth_date, born)
    if title:
        type_into(qtbot, dialog.title_edit, title)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20000)
    assert dialog.saved_id is not None, dialog.errors.text()


def the_unit_member_list(path: Path) -> Path:
    """The unit's list as the office keeps it in Excel: a title row, then the columns by
    their Vietnamese names, dates typed as text."""
    book = Workbook()
    sheet = book.active
    sheet.append([f"DANH SÁCH ĐẢNG VIÊN {UNIT.upper()}"])
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Ngày vào Đảng",
                  "Ngày chính thức", "Chức vụ"])
    sheet.append([1, "Lê Thị Thu Hà", "28/02/1980", "Nữ", "03/02/2005", "03/02/2006",
                  "Phó Vụ trưởng"])
    sheet.append([2, "Phạm Quốc Khánh", "05/05/1985", "Nam", "19/05/2010", "19/05/2011",
                  "Kiểm sát viên"])
    sheet.append([3, "Nguyễn Thị Lan", "14/07/1990", "Nữ", "02/09/2015", "02/09/2016",
                  "Chuyên viên"])
    book.save(path)
    return path


def import_the_member_list(qtbot, page, path: Path) -> None:
    answers = Answers().then(QFileDialog, choose_file(path))
    click(qtbot, page.buttons["import"])
    qtbot.waitUntil(lambda: answers.done, timeout=20000)
    box = wait_for(qtbot, "importResultBox")
    assert "3" in box.text(), box.text()  # three members added
    click(qtbot, box.buttons()[0])


def choose_the_secretary_and_trust_the_upper_level(qtbot, wizard, ca_pem: Path) -> None:
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    positions = wizard.positions
    qtbot.waitUntil(lambda: wizard.currentPage() is positions)
    choose(positions.secretary, SECRETARY)
    choose(positions.deputy, "Lê Thị Thu Hà")
    type_into(qtbot, positions.trust_file, str(ca_pem))
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
    qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted, timeout=20000)


def go_to(qtbot, window: MainWindow, key: str) -> QWidget:
    """Click the page's entry in the navigation."""
    nav = window.nav
    item = nav.item(PAGES.index(key))
    click_at = nav.visualItemRect(item).center()
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=click_at)
    settle(qtbot, window)
    assert window.stack.currentWidget() is window.page(key)
    return window.page(key)


def import_the_parent_program(qtbot, window: MainWindow, source: Path) -> None:
    """File → Import program…, the seed document chosen, reviewed, accepted."""
    answers = Answers().then(QFileDialog, choose_file(source))
    window.import_action.trigger()
    qtbot.waitUntil(lambda: answers.done, timeout=20000)
    review = wait_for(qtbot, "reviewDialog")
    assert review.accept_button.isVisible()
    click(qtbot, review.accept_button)
    qtbot.waitUntil(lambda: not review.isVisible(), timeout=20000)
    settle(qtbot, window)


def double_click(qtbot, view, index) -> None:
    """Double-click a cell of a view (the press before it, as a mouse gives)."""
    view.scrollTo(index)
    rect = view.visualRect(index)
    assert rect.isValid(), "the cell is not in view"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def open_program_row(qtbot, page, row: int) -> QWidget:
    """Double-click a program in the list."""
    double_click(qtbot, page.table, page.table.model().index(row, 0))
    return page.tabs.currentWidget()


def derive_the_unit_program(qtbot, window: MainWindow, parent_view) -> QWidget:
    assert parent_view.unit_combo.currentText() == UNIT  # the workspace's own committee
    click(qtbot, parent_view.findChild(QWidget, "deriveButton"))
    dialog = wait_for(qtbot, "deriveDialog")
    assert dialog.included_count() > 0
    click(qtbot, dialog.create_button)
    page = window.programs_page
    qtbot.waitUntil(lambda: type(page.tabs.currentWidget()).__name__ == "UnitProgramEditor",
                    timeout=30000)
    settle(qtbot, window)
    return page.tabs.currentWidget()


def edit_cell(qtbot, editor, item_id: int, column: str, fill) -> QWidget:
    """Double-click the task's cell, change the editor that opens, press Enter."""
    source = editor.model.index_of_id(item_id)
    index = editor.proxy.mapFromSource(
        editor.model.index(source.row(), COLUMN[column], source.parent()))
    tree = editor.tree
    double_click(qtbot, tree, index)
    editors = [w for w in tree.viewport().findChildren(QWidget)
               if w.isVisible() and isinstance(w, QComboBox | QLineEdit)
               and not isinstance(w.parent(), QComboBox)]
    assert editors, f"no editor opened in the {column} cell"
    widget = editors[-1]
    fill(widget)
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not widget.isVisible())  # committed (queued by the delegate)
    settle(qtbot, editor)
    return widget


def fill_the_05_ro_of_a_task(qtbot, editor, item_id: int) -> None:
    edit_cell(qtbot, editor, item_id, "responsible_person", lambda c: choose(c, SECRETARY))
    edit_cell(qtbot, editor, item_id, "action",
              lambda e: type_into(qtbot, e, "Xây dựng kế hoạch học tập, quán triệt"))
    edit_cell(qtbot, editor, item_id, "deadline", lambda e: type_into(qtbot, e, "31/12/2026"))
    edit_cell(qtbot, editor, item_id, "resources",
              lambda e: type_into(qtbot, e, "Kinh phí hoạt động của chi bộ"))
    edit_cell(qtbot, editor, item_id, "accountable",
              lambda e: type_into(qtbot, e, "Bí thư chi bộ"))


def record_a_meeting_with_attendance(qtbot, window: MainWindow, present: dict[str, bool]):
    page = go_to(qtbot, window, "records")
    tab = page.by_kind["session"]
    page.tabs.setCurrentWidget(tab)
    click(qtbot, tab.findChild(QWidget, "newRecord"))
    form = wait_for(qtbot, "recordForm_session")
    form.fields["kind"].widget.setCurrentIndex(form.fields["kind"].widget.findData("regular"))
    type_into(qtbot, form.fields["title"].widget, "Sinh hoạt chi bộ thường kỳ tháng 11")
    type_into(qtbot, form.fields["planned_start"].widget, "10/11/2026")
    type_into(qtbot, form.fields["held_on"].widget, "10/11/2026")
    choose(form.fields["chair"].widget, SECRETARY)
    attendance = form.child_tables["attendance"]
    for name, here in present.items():
        click(qtbot, attendance.findChild(QWidget, "add_attendance"))
        row = attendance.table.rowCount() - 1
        choose(attendance.table.cellWidget(row, 0), name)
        attendance.table.item(row, 1).setCheckState(
            Qt.CheckState.Checked if here else Qt.CheckState.Unchecked)
    click(qtbot, form.save_button)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=20000)
    assert form.saved_id is not None, form.error_label.text()
    return form.saved_id


def draft_the_quarter_report(qtbot, window: MainWindow, period: str):
    page = go_to(qtbot, window, "reports")
    page.kind.setCurrentIndex(page.kind.findData("report"))
    type_into(qtbot, page.period, period)
    with qtbot.waitSignal(page.preview.rendered, timeout=60000):
        click(qtbot, page.findChild(QWidget, "prepareButton"))
    for key, text in {
            "situation": "Chi bộ có 4 đảng viên; sinh hoạt đều đặn, đúng nguyên tắc.",
            "assessment": "Đã cụ thể hóa chương trình hành động của Đảng ủy cấp trên.",
            "directions": "Hoàn thành các nhiệm vụ còn lại của năm 2026.",
            "proposals": "Không có."}.items():
        type_into(qtbot, page.narratives[key], text)
    click(qtbot, page.buttons["save"])
    settle(qtbot, window)
    return page


def issue_the_report(qtbot, window: MainWindow, page) -> str:
    """Issue: the number it will take is shown first and answered."""
    click(qtbot, page.buttons["issue"])
    box = wait_for(qtbot, "issueBox")
    button = next(b for b in box.buttons() if "-BC/" in b.text())
    number = next(w for w in button.text().split() if "-BC/" in w)
    assert number in box.text()
    click(qtbot, button)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: number in page.status.text(), timeout=30000)
    return number


def sign_the_report(qtbot, window: MainWindow, page, key_file: Path, password: str,
                    target: Path) -> None:
    """Sign…: the key file and its password, then where to save the signed PDF."""

    def key(dialog) -> None:
        type_into(qtbot, dialog.form.key_file, str(key_file))
        type_into(qtbot, dialog.form.password, password)
        ok = next(b for b in dialog.findChildren(QWidget)
                  if b.metaObject().className() == "QPushButton"
                  and b.property("text") in ("Đồng ý", "OK", "&OK"))
        click(qtbot, ok)

    answers = Answers().then("keyDialog", key).then(QFileDialog, choose_file(target))
    click(qtbot, page.buttons["sign"])
    qtbot.waitUntil(lambda: answers.done, timeout=20000)
    settle(qtbot, window)
    qtbot.waitUntil(target.exists, timeout=30000)


# -- the story ----------------------------------------------------------------------------
def test_a_new_secretary_goes_from_an_empty_workspace_to_a_signed_report(qtbot, qsettings,
                                                                          tmp_path):
    pki = make_pki(tmp_path / "pki", "CA Đảng bộ VKSND tối cao")
    window = start_ctrdesk_on_a_new_workspace(qtbot, qsettings, tmp_path / "chi-bo.sqlite")
    ws = window.ws
    assert ws is not None and ws.encrypted

    # The setup wizard: the committee, the members (typed and imported), the secretary.
    wizard = set_up_the_committee(qtbot, window)
    assert own_organization(ws).name == UNIT
    members_step = wizard.members.members
    add_a_member_by_hand(qtbot, members_step, SECRETARY, "12/03/1975", "Vụ trưởng")
    import_the_member_list(qtbot, members_step, the_unit_member_list(tmp_path / "dv.xlsx"))
    assert members_step.model.rowCount() == 4
    choose_the_secretary_and_trust_the_upper_level(qtbot, wizard, pki.ca_pem)
    assert setup_status(ws).ready
    roles = {m.full_name: m.role for m in list_members(ws)}
    assert roles[SECRETARY] == "secretary" and roles["Lê Thị Thu Hà"] == "deputy_secretary"

    # A member who arrives later is added on the Members page.
    members = go_to(qtbot, window, "members")
    add_a_member_by_hand(qtbot, members, "Đỗ Văn Minh", "20/10/1992", "Kiểm tra viên")
    qtbot.waitUntil(lambda: members.model.rowCount() == 5)
    assert len(list_members(ws)) == 5

    # The parent program (the seed document), reviewed and stored.
    import_the_parent_program(qtbot, window, ACTION_PROGRAM)
    [parent] = list_programs(ws)
    programs = go_to(qtbot, window, "programs")
    parent_view = open_program_row(qtbot, programs, 0)

    # The unit's own program, derived, one task made concrete ("05 rõ").
    editor = derive_the_unit_program(qtbot, window, parent_view)
    unit_program = next(p for p in list_programs(ws) if p.id != parent.id)
    task = next(r for r in editor.model.all_rows() if r.role == "lead" and not r.children)
    fill_the_05_ro_of_a_task(qtbot, editor, task.id)
    shown = editor.model.row_of(editor.model.index_of_id(task.id))
    assert editor.model.display(shown, "deadline") == "31/12/2026"  # kept as typed
    stored = next(r for r in _flat(load_rows(ws, unit_program.id)) if r.id == task.id)
    assert (stored.responsible_person, stored.action) == (
        SECRETARY, "Xây dựng kế hoạch học tập, quán triệt")
    assert stored.deadline.isoformat() == "2026-12-31"
    assert stored.resources and stored.accountable == "Bí thư chi bộ"

    # A meeting held, with who attended.
    session_id = record_a_meeting_with_attendance(qtbot, window, {
        SECRETARY: True, "Lê Thị Thu Hà": True, "Phạm Quốc Khánh": True,
        "Nguyễn Thị Lan": False})
    session = get_record(ws, "session", session_id)
    assert [a["present"] for a in session["attendance"]] == [True, True, True, False]
    assert len(list_records(ws, "session", with_figures=False)) == 1

    # The quarter report: drafted, issued (the number confirmed), signed.
    page = draft_the_quarter_report(qtbot, window, "Quý IV/2026")
    number = issue_the_report(qtbot, window, page)
    key_file = pki.pkcs12(SECRETARY, b"mat-khau-ky")
    signed = tmp_path / "bao-cao-quy-IV.pdf"
    sign_the_report(qtbot, window, page, key_file, "mat-khau-ky", signed)
    [document] = [d for d in list_documents(ws) if d["number"] == number]
    assert document["signed"]

    # What the secretary checks in the PDF: the unit, the period, the number, the name.
    data = signed.read_bytes()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    assert UNIT.upper() in text  # the issuing committee in the header
    assert "ĐẢNG BỘ VKSND TỐI CAO" in text  # the superior, in capitals in the header
    assert "Đảng ủy VKSND tối cao (để báo cáo)" in text  # and written as a name below
    assert "quý IV năm 2026" in text  # the period, as a document writes "Quý IV/2026"
    assert "Sinh hoạt chi bộ thường kỳ tháng 11 10/11/2026 3/4" in text  # who attended
    assert f"Số {number}" in text
    assert SECRETARY in text.split("BÍ THƯ")[-1]  # the name under the signature block
    # The signature holds here and for an independent verifier (poppler's pdfsig).
    report = verify_pdf(data, load_certificates([pki.ca_pem]))
    assert report.ok and SECRETARY in report.signatures[0].signer
    nss = pki.nss_db()
    out = subprocess.run(["pdfsig", "-nssdir", f"sql:{nss}", str(signed)],
                         capture_output=True, text=True).stdout
    assert "Signature is Valid." in out and "Certificate is Trusted." in out, out
    assert SECRETARY in out
    window.close()
    ws.close()


def _flat(rows):
    for row in rows:
        yield row
        yield from _flat(row.children)

