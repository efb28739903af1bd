"""Settings → Accounts: the secretary adds the accounts of the office, changes a role,
sets a new password, disables an account (asked first) and takes a change back with
Undo; the clerk only changes her own password. Passwords are stored as argon2id hashes."""

from __future__ import annotations

import sqlite3

from argon2 import PasswordHasher
from argon2.exceptions import VerifyMismatchError

from conftest import settle, shown_window
from ctrdesk.core.security.accounts import add_account, list_accounts, sign_in
from ctrdesk.core.store import open_workspace
from ctrdesk.ui.main_window import PAGES


def _panel(window):
    window.show_page(PAGES.index("settings"))
    page = window.settings_page
    page.tabs.setCurrentWidget(page.accounts)
    return page.accounts


def _fill(dialog, **fields: str) -> None:
    for name, value in fields.items():
        getattr(dialog, name).setText(value)


def _stored_hash(path, name: str) -> str:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT password_hash FROM account WHERE name = ?",
                            (name,)).fetchone()[0]
    finally:
        conn.close()


def _password_is(path, name: str, password: str) -> bool:
    stored = _stored_hash(path, name)
    assert stored.startswith("$argon2id$")
    try:
        return PasswordHasher().verify(stored, password)
    except VerifyMismatchError:
        return False


def _accounts(ws) -> dict[str, tuple[str, bool]]:
    return {a.name: (a.role, a.active) for a in list_accounts(ws)}


def _rows(panel) -> list[list[str]]:
    table = panel.table
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_the_secretary_sets_up_the_offices_accounts_in_the_window(qtbot, qsettings, tmp_path):
    path = tmp_path / "chibo.sqlite"
    ws = open_workspace(path)
    window = shown_window(qtbot, ws, qsettings)
    panel = _panel(window)
    assert "chưa có tài khoản" in panel.intro.text()
    assert not panel.buttons["own"].isEnabled()  # no account: no own password yet

    # The first account is the secretary's: the role is fixed.
    dialog = panel.ask_add()
    assert not dialog.role.isEnabled() and dialog.role.currentData() == "secretary"
    assert dialog.name.isVisible() and not dialog.current.isVisible()  # only what is asked
    _fill(dialog, name="bithu", full_name="Trần Minh Đức", password="mật khẩu bí thư",
          again="mật khẩu khác")
    dialog.ok_button.click()
    assert "không khớp" in dialog.message.text() and dialog.isVisible()
    _fill(dialog, again="mật khẩu bí thư")
    dialog.ok_button.click()
    settle(qtbot, window)
    assert not dialog.isVisible()
    assert _accounts(ws) == {"bithu": ("secretary", True)}
    assert ws.user == "bithu" and _password_is(path, "bithu", "mật khẩu bí thư")
    assert "Đang đăng nhập: bithu (bí thư)" in panel.intro.text()
    assert panel.buttons["own"].isEnabled()

    dialog = panel.ask_add()
    assert dialog.role.isEnabled()
    _fill(dialog, name="vanthu", full_name="Lê Thị Hoa", password="mật khẩu văn thư",
          again="mật khẩu văn thư")
    dialog.role.setCurrentIndex(dialog.role.findData("clerk"))
    dialog.ok_button.click()
    settle(qtbot, window)
    assert _accounts(ws)["vanthu"] == ("clerk", True)
    assert _rows(panel)[1] == ["vanthu", "Lê Thị Hoa", "văn thư", "đang dùng"]
    # The core refuses a name already taken; the dialog says why and stays open.
    dialog = panel.ask_add()
    _fill(dialog, name="vanthu", password="mật khẩu nào đó", again="mật khẩu nào đó")
    dialog.ok_button.click()
    settle(qtbot, window)
    assert dialog.isVisible() and "vanthu" in dialog.message.text()
    dialog.reject()
    assert len(list_accounts(ws)) == 2

    # A role changed, then taken back with Undo and done again with Redo.
    panel.select("vanthu")
    dialog = panel.ask_role()
    dialog.role.setCurrentIndex(dialog.role.findData("viewer"))
    dialog.ok_button.click()
    settle(qtbot, window)
    assert _accounts(ws)["vanthu"] == ("viewer", True)
    assert "người xem" in _rows(panel)[1][2]
    panel.history.undo_action.trigger()
    settle(qtbot, window)
    assert _accounts(ws)["vanthu"] == ("clerk", True)
    panel.history.redo_action.trigger()
    settle(qtbot, window)
    assert _accounts(ws)["vanthu"] == ("viewer", True)

    # A new password for someone who forgot theirs.
    panel.select("vanthu")
    dialog = panel.ask_reset()
    _fill(dialog, password="mật khẩu mới 2026", again="mật khẩu mới 2026")
    dialog.ok_button.click()
    settle(qtbot, window)
    assert _password_is(path, "vanthu", "mật khẩu mới 2026")
    assert not _password_is(path, "vanthu", "mật khẩu văn thư")

    # Disabling is asked first; "Cancel" keeps the account, "Khóa" disables it.
    panel.select("vanthu")
    panel.toggle_selected()
    box = panel.property("confirmation")
    assert box.objectName() == "disableAccountBox" and "vanthu" in box.text()
    box.reject()
    settle(qtbot, window)
    assert _accounts(ws)["vanthu"] == ("viewer", True)
    panel.toggle_selected()
    box = panel.property("confirmation")
    next(b for b in box.buttons() if b.text() == "Khóa").click()
    settle(qtbot, window)
    assert _accounts(ws)["vanthu"] == ("viewer", False)
    assert _rows(panel)[1][3] == "đã khóa"
    assert panel.buttons["toggle"].text() == "Mở lại"
    panel.history.undo_action.trigger()
    settle(qtbot, window)
    assert _accounts(ws)["vanthu"] == ("viewer", True)

    # The only secretary cannot be disabled: the core's reason in the one error display.
    panel.select("bithu")
    panel.set_active("bithu", False)
    settle(qtbot, window)
    box = window.findChild(object, "errorBox")
    assert box is not None and "bithu" in box.text()
    assert _accounts(ws)["bithu"] == ("secretary", True)

    # The secretary's own password: the current one first.
    dialog = panel.ask_own()
    assert dialog.current.isVisible() and not dialog.name.isVisible()
    _fill(dialog, current="không đúng đâu", password="bí thư mới 2026",
          again="bí thư mới 2026")
    dialog.ok_button.click()
    settle(qtbot, window)
    assert dialog.isVisible() and "Sai mật khẩu" in dialog.message.text()
    assert _password_is(path, "bithu", "mật khẩu bí thư")
    _fill(dialog, current="mật khẩu bí thư", again="bí thư mới 2026")
    dialog.ok_button.click()
    settle(qtbot, window)
    assert not dialog.isVisible() and _password_is(path, "bithu", "bí thư mới 2026")
    ws.close()


def test_the_clerk_sees_account_management_greyed_and_changes_her_own_password(
        qtbot, qsettings, tmp_path):
    path = tmp_path / "chibo.sqlite"
    ws = open_workspace(path)
    add_account(ws, "bithu", "secretary", "mật khẩu bí thư")
    add_account(ws, "vanthu", "clerk", "mật khẩu văn thư")
    add_account(ws, "thanhtra", "viewer", "mật khẩu thanh tra")
    sign_in(ws, "vanthu", lambda: "mật khẩu văn thư")
    window = shown_window(qtbot, ws, qsettings)
    panel = _panel(window)
    panel.select("bithu")
    for key in ("add", "role", "reset", "toggle"):
        button = panel.buttons[key]
        assert not button.isEnabled(), key
        assert button.toolTip() == "vanthu (văn thư) không được phép quản lý tài khoản.", key
    assert panel.buttons["own"].isEnabled()
    assert [row[0] for row in _rows(panel)] == ["bithu", "vanthu", "thanhtra"]
    dialog = panel.ask_own()
    _fill(dialog, current="mật khẩu văn thư", password="văn thư mới 2026",
          again="văn thư mới 2026")
    dialog.ok_button.click()
    settle(qtbot, window)
    assert not dialog.isVisible() and _password_is(path, "vanthu", "văn thư mới 2026")
    # Asked anyway, the core refuses the clerk and nothing changes.
    panel.change_role("vanthu", "secretary")
    settle(qtbot, window)
    box = window.findChild(object, "errorBox")
    assert box is not None and "quản lý tài khoản" in box.text()
    assert _accounts(ws)["vanthu"] == ("clerk", True)
    ws.close()


def test_the_secretary_may_manage_accounts_the_deputy_may_not(qtbot, qsettings, tmp_path):
    ws = open_workspace(tmp_path / "chibo.sqlite")
    add_account(ws, "bithu", "secretary", "mật khẩu bí thư")
    add_account(ws, "phobithu", "deputy", "mật khẩu phó bí thư")
    sign_in(ws, "phobithu", lambda: "mật khẩu phó bí thư")
    window = shown_window(qtbot, ws, qsettings)
    panel = _panel(window)
    assert not panel.buttons["add"].isEnabled()
    assert "phobithu (phó bí thư)" in panel.buttons["add"].toolTip()
    ws.close()
