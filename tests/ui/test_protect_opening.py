"""Opening a protected workspace in the window: its passphrase, signing in, a new
workspace encrypted unless the user opts out, and what each role may do."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from conftest import settle
from ctrdesk.core.security.accounts import add_account
from ctrdesk.core.store import open_workspace
from ctrdesk.core.store.workspace import Tries, is_encrypted_file
from ctrdesk.ui.main_window import PAGES, MainWindow
from modal_support import Answers, cancel, new_passphrase, sign_in, type_passphrase
from security_support import PASSPHRASE


def _empty_window(qtbot, qsettings: QSettings) -> MainWindow:
    window = MainWindow(qsettings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _encrypted_workspace(path: Path) -> Path:
    ws = open_workspace(path, passphrase=PASSPHRASE)
    ws.set_setting("note", "Đồng chí Nguyễn Văn An")
    ws.close()
    return path


def test_a_wrong_passphrase_is_refused_clearly_and_the_file_is_untouched(
        qtbot, qsettings, tmp_path):
    path = _encrypted_workspace(tmp_path / "chibo.sqlite")
    before = path.read_bytes()
    window = _empty_window(qtbot, qsettings)
    shown: list[str] = []
    answers = (Answers().then("passphraseDialog", type_passphrase("sai mật khẩu"))
               .then("passphraseDialog", lambda d: (shown.append(d.message.text()), cancel(d))))
    assert not window.open_workspace(path)
    assert answers.done and not answers.errors
    assert "không mở được" in shown[0] and "Không có gì bị thay đổi" in shown[0]
    assert window.ws is None
    assert path.read_bytes() == before
    assert Tries(path).count() == 1

    Answers().then("passphraseDialog", type_passphrase(PASSPHRASE))
    assert window.open_workspace(path)
    assert window.ws is not None and window.ws.encrypted
    assert window.ws.get_setting("note") == "Đồng chí Nguyễn Văn An"
    assert Tries(path).count() == 0  # the right one resets the count
    assert window.protection.encrypt_action.isEnabled() is False
    assert window.protection.passphrase_action.isEnabled()


def test_after_five_wrong_tries_the_dialog_says_it_will_wait(qtbot, qsettings, tmp_path):
    path = _encrypted_workspace(tmp_path / "chibo.sqlite")
    for _ in range(5):
        Tries(path).failed()
    window = _empty_window(qtbot, qsettings)
    notes: list[str] = []
    Answers().then("passphraseDialog",
                   lambda d: (notes.append(d.wait_note.text()), cancel(d)))
    assert not window.open_workspace(path)
    assert "chờ 1 giây" in notes[0]


def test_several_accounts_sign_in_and_the_clerk_sees_what_she_may_not_do(
        qtbot, qsettings, tmp_path):
    ws = open_workspace(tmp_path / "chibo.sqlite")
    add_account(ws, "bithu", "secretary", "mật khẩu bí thư")
    add_account(ws, "vanthu", "clerk", "mật khẩu văn thư")
    ws.close()
    window = _empty_window(qtbot, qsettings)
    messages: list[str] = []
    answers = (Answers().then("signInDialog", sign_in("vanthu", "sai rồi sai rồi"))
               .then("signInDialog", lambda d: (messages.append(d.message.text()),
                                                sign_in("vanthu", "mật khẩu văn thư")(d))))
    assert window.open_workspace(tmp_path / "chibo.sqlite")
    assert answers.done and not answers.errors
    assert "Sai mật khẩu" in messages[0]
    assert (window.ws.user, window.ws.role) == ("vanthu", "clerk")
    protection = window.protection
    assert not protection.restore_action.isEnabled()
    assert "vanthu" in protection.restore_action.toolTip()
    assert "khôi phục" in protection.restore_action.toolTip()
    assert not protection.encrypt_action.isEnabled()
    assert protection.backup_action.isEnabled() and window.import_action.isEnabled()
    # The records page's buttons follow the role too: the clerk records.
    window.show_page(PAGES.index("records"))
    new = window.records_page.by_kind["session"].findChild(object, "newRecord")
    assert new.isEnabled()


def test_a_viewer_cannot_write_and_a_refusal_shows_in_the_one_error_display(
        qtbot, qsettings, tmp_path):
    ws = open_workspace(tmp_path / "chibo.sqlite")
    add_account(ws, "bithu", "secretary", "mật khẩu bí thư")
    add_account(ws, "thanhtra", "viewer", "mật khẩu thanh tra")
    ws.close()
    window = _empty_window(qtbot, qsettings)
    Answers().then("signInDialog", sign_in("thanhtra", "mật khẩu thanh tra"))
    assert window.open_workspace(tmp_path / "chibo.sqlite")
    assert window.ws.role == "viewer"
    assert not window.import_action.isEnabled()
    assert "thanhtra" in window.import_action.toolTip()
    window.show_page(PAGES.index("records"))
    new = window.records_page.by_kind["session"].findChild(object, "newRecord")
    assert not new.isEnabled() and "thanhtra" in new.toolTip()
    # Asked anyway (a shortcut, a script), the core refuses and nothing is written.
    out = tmp_path / "sao-luu.ctrbak"
    window.protection.back_up_to(out)
    settle(qtbot, window)
    box = window.findChild(object, "errorBox")
    assert box is not None and "thanhtra" in box.text() and "sao lưu" in box.text()
    assert not out.exists()


def test_cancelling_the_sign_in_opens_nothing(qtbot, qsettings, tmp_path):
    ws = open_workspace(tmp_path / "chibo.sqlite")
    add_account(ws, "bithu", "secretary", "mật khẩu bí thư")
    add_account(ws, "vanthu", "clerk", "mật khẩu văn thư")
    ws.close()
    window = _empty_window(qtbot, qsettings)
    Answers().then("signInDialog", cancel)
    assert not window.open_workspace(tmp_path / "chibo.sqlite")
    assert window.ws is None
    # The workspace was closed again: it can be opened (its lock released).
    open_workspace(tmp_path / "chibo.sqlite").close()


def test_a_new_workspace_is_encrypted_unless_the_user_opts_out(qtbot, qsettings, tmp_path):
    window = _empty_window(qtbot, qsettings)
    messages: list[str] = []

    def mismatched_then_right(dialog) -> None:
        new_passphrase(PASSPHRASE, "khác hẳn đi rồi")(dialog)
        messages.append(dialog.message.text())
        assert dialog.isVisible()  # refused: asked again
        new_passphrase(PASSPHRASE)(dialog)

    Answers().then("newPassphraseDialog", mismatched_then_right)
    new = tmp_path / "moi.sqlite"
    assert window.open_workspace(new)
    assert "khác nhau" in messages[0]
    assert window.ws.encrypted and is_encrypted_file(new)

    Answers().then("newPassphraseDialog", new_passphrase("", clear=True))
    clear = tmp_path / "khong-ma-hoa.sqlite"
    assert window.open_workspace(clear)
    assert not window.ws.encrypted and not is_encrypted_file(clear)
    assert window.protection.encrypt_action.isEnabled()
    assert not window.protection.passphrase_action.isEnabled()
