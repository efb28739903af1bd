"""What the signed-in role may not do is greyed out in the window, with the reason in the
tooltip: the clerk cannot issue, sign, send upward or send a signed program down; the
viewer cannot write anything; the secretary may do it all. (The core refuses anyway:
tests/test_security_roles.py.)"""

from __future__ import annotations

import pytest

from conftest import shown_window
from ctrdesk.core.security.accounts import add_account, sign_in
from ctrdesk.ui.main_window import PAGES

PASSWORDS = {"bithu": "mật khẩu bí thư", "vanthu": "mật khẩu văn thư",
             "thanhtra": "mật khẩu thanh tra"}

# What each button or action starts, found by name on its page.
REPORTS = ("prepareButton", "saveButton", "issueButton", "signButton")
SUBMISSIONS = ("importPackagesButton", "createPackageButton")
PROGRAM = ("deriveButton", "exportProgramPackageButton")
RECORDS = ("newRecord", "deleteRecord", "attachFile")
SETTINGS = ("saveSettings", "addTrustRoot", "enrollCertificate", "addTerm",
            "chooseBackupFolder", "openSetupWizard", "ownUnitCombo")
MEMBERS = ("members_add", "members_edit", "members_archive", "members_import")

# The clerk drafts and records but may not issue, sign, send upward or sign a program.
CLERK_REFUSED = {"issueButton": "ban hành văn bản", "signButton": "ký văn bản",
                 "createPackageButton": "gửi gói báo cáo lên cấp trên",
                 "exportProgramPackageButton": "ký văn bản"}


@pytest.fixture
def office(demo_workspace):
    ws = demo_workspace
    for name, role in (("bithu", "secretary"), ("vanthu", "clerk"), ("thanhtra", "viewer")):
        add_account(ws, name, role, PASSWORDS[name])
    return ws


def _buttons(qtbot, window) -> dict[str, object]:
    """Every guarded control of the pages, by name, each page shown once."""
    found: dict[str, object] = {}
    for page, names in (("reports", REPORTS), ("submissions", SUBMISSIONS),
                        ("records", RECORDS), ("settings", SETTINGS), ("members", MEMBERS)):
        window.show_page(PAGES.index(page))
        widget = window.page(page)
        for name in names:
            found[name] = widget.findChild(object, name)
            assert found[name] is not None, name
    window.show_page(PAGES.index("programs"))
    view = window.programs_page.open_program(1)  # the upper level's action program
    for name in PROGRAM:
        found[name] = view.findChild(object, name)
    found["importProgram"] = window.import_action
    found["restoreBackup"] = window.protection.restore_action
    return found


def _signed_in_window(qtbot, ws, qsettings, user: str):
    sign_in(ws, user, lambda: PASSWORDS[user])
    return shown_window(qtbot, ws, qsettings)


def test_the_clerk_sees_issue_sign_and_send_upward_greyed_with_the_reason(
        qtbot, office, qsettings):
    window = _signed_in_window(qtbot, office, qsettings, "vanthu")
    buttons = _buttons(qtbot, window)
    for name, what in CLERK_REFUSED.items():
        button = buttons[name]
        assert not button.isEnabled(), name
        assert button.toolTip() == f"vanthu (văn thư) không được phép {what}.", name
    # What the clerk does stays open: drafting, records, programs, settings.
    for name in set(buttons) - set(CLERK_REFUSED) - {"restoreBackup"}:
        assert buttons[name].isEnabled(), name
    assert not buttons["restoreBackup"].isEnabled()


def test_the_viewer_sees_every_write_greyed_with_the_reason(qtbot, office, qsettings):
    window = _signed_in_window(qtbot, office, qsettings, "thanhtra")
    buttons = _buttons(qtbot, window)
    for name, button in buttons.items():
        assert not button.isEnabled(), name
        assert button.toolTip().startswith("thanhtra (người xem (chỉ đọc)) không được "
                                           "phép "), name
    # Reading stays open: exporting and verifying a document, consolidating, History.
    reports = window.reports_page
    for name in ("pdfButton", "docxButton", "verifyButton"):
        assert reports.findChild(object, name).isEnabled(), name
    assert window.submissions_page.findChild(object, "consolidateButton").isEnabled()
    assert window.protection.history_action.isEnabled()
    # The program editor's tools are greyed too and its cells are not editable.
    from PySide6.QtWidgets import QAbstractItemView

    from ctrdesk.core.programs.service import list_programs

    unit_program = next(p.id for p in list_programs(office) if p.kind == "unit_program")
    editor = window.programs_page.open_program(unit_program)
    tools = {a.text(): a for a in editor.findChildren(type(window.import_action))
             if a.property("ctrdeskAction")}
    assert {"Thêm nhiệm vụ", "Xóa", "Ghi tiến độ…"} <= set(tools)
    assert not any(a.isEnabled() for a in tools.values())
    assert editor.tree.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    # A record opened to read cannot be saved.
    records = window.records_page.by_kind["session"]
    records.reload()
    records.table.setCurrentCell(0, 0)
    form = records.open_current()
    assert form is not None and not form.save_button.isEnabled()
    assert "thanhtra" in form.save_button.toolTip()
    form.done(0)


def test_the_secretary_may_use_every_button_and_keeps_their_own_tooltips(
        qtbot, office, qsettings):
    window = _signed_in_window(qtbot, office, qsettings, "bithu")
    buttons = _buttons(qtbot, window)
    for name, button in buttons.items():
        assert button.isEnabled(), name
        assert "không được phép" not in button.toolTip(), name
    assert buttons["exportProgramPackageButton"].toolTip().startswith("Lưu chương trình")
